# -*- coding: utf-8 -*-
"""The parallel first import's speed-up (`make bench`, scripts/bench.sh): one run per cron-worker count.

    python bench_parallel.py -c CONF -d DB --shop EXPORT_URL --token TOKEN --tax-rules FILE
                             --workers K [--limit N] [--chunk-size N] [--payment-route voucher|move] --out FILE

DB is a fresh database served by an OpenERP server started with `--workers 1 --max-cron-threads K`
(bench.sh). This configures a backend as bench.py does, starts `parallel_import` on the first --limit
records of each listing, waits for the cron workers to end its log, and writes the run's wall time
(first chunk's start to last chunk's end: the cron workers' first poll is not counted), the time the
workers spent on chunks, the records per resource, and the collisions the server log shows (a record
tried again because another worker held a row it needed).
"""
import argparse
import datetime
import json
import time

from bench import Bench


def stamp(value):
    return datetime.datetime.strptime(value, '%Y-%m-%d %H:%M:%S')


def main():
    p = argparse.ArgumentParser()
    for name in ('conf', 'db'):
        p.add_argument('-' + name[0], dest=name, required=True)
    for name in ('--shop', '--token', '--tax-rules', '--out'):
        p.add_argument(name, required=True)
    p.add_argument('--workers', type=int, required=True)
    p.add_argument('--limit', type=int, default=60)
    p.add_argument('--chunk-size', type=int, default=5)
    p.add_argument('--payment-route', choices=('voucher', 'move'), default='voucher')
    p.add_argument('--delivery-policy', choices=('shop', 'openerp'), default='shop')
    p.add_argument('--server-log', help="the server's log: its 'bad query' lines are the workers' collisions")
    args = p.parse_args()
    bench = Bench(args)
    bench.configure()
    bench.call('satchmo.backend', 'write', [bench.backend], {'chunk_size': args.chunk_size})
    log_id = bench.call('satchmo.backend', 'parallel_import', [bench.backend], {
        'satchmo_split_limit': args.limit, 'satchmo_workers': args.workers})[0]
    deadline = time.time() + 3600
    while bench.call('satchmo.sync.log', 'read', log_id, ['state'])['state'] == 'running':
        if time.time() > deadline:
            raise SystemExit('the cron workers did not end the parallel import within an hour')
        time.sleep(2)
    log = bench.call('satchmo.sync.log', 'read', log_id, ['state', 'message', 'chunk_ids', 'failed'])
    chunks = bench.call('satchmo.import.chunk', 'read', log['chunk_ids'], [
        'resource', 'state', 'worker', 'date_start', 'date_end', 'duration', 'created', 'updated', 'failed'])
    wall = (max(stamp(c['date_end']) for c in chunks) - min(stamp(c['date_start']) for c in chunks)).total_seconds()
    records = {}
    for c in chunks:
        records[c['resource']] = records.get(c['resource'], 0) + c['created'] + c['updated']
    result = {'workers': args.workers, 'payment_route': args.payment_route, 'state': log['state'],
              'failed': log['failed'], 'chunks': len(chunks),
              'chunk_size': args.chunk_size, 'records': records, 'wall_seconds': wall,
              'busy_seconds': round(sum(c['duration'] for c in chunks), 1),
              'workers_seen': len(set(c['worker'] for c in chunks)),
              'records_per_second': round(sum(records.values()) / wall, 2) if wall else None}
    if args.server_log:
        with open(args.server_log) as f:
            result['collisions'] = sum(1 for line in f if 'bad query' in line)
    with open(args.out, 'w') as f:
        json.dump(result, f, indent=1, sort_keys=True)
    print(json.dumps(result, indent=1, sort_keys=True))


if __name__ == '__main__':
    main()
