# -*- coding: utf-8 -*-
"""Shop-to-books latency (`make bench`, scripts/bench.sh): how long a paid shop order takes to be a paid
invoice in OpenERP, with the default schedule and the server's cron workers doing the pulls.

    python bench_latency.py -c CONF -d DB --url OPENERP_URL --shop EXPORT_URL --token TOKEN --tax-rules FILE
                            --shop-data DIR --server-log FILE [--orders 20] [--over 300] [--seed 1]
                            [--wait 300] --out FILE

DB is a fresh database served at OPENERP_URL by a server with cron workers (bench.sh starts it as
scripts/oe.sh does). This configures a backend as bench.py does (booking policies: confirm, invoice,
pay), sets its change feeds at the shop's present (what the bench store held before is not pulled;
the customers and products of the new orders come with them) and starts its scheduled pulls, as an
administrator clicks Start Scheduled Pulls. Once the first scheduled pull ran (empty: its duration is
the cost of a pull that finds nothing), --orders paid orders are placed in the store at random moments
over --over seconds (the store's place_paid_order command: checkout's models, one transaction), and
OpenERP is polled over XML-RPC every second for each order's sale order and a paid invoice of it.
Latency = the first poll that saw the invoice paid - the commit of the order in the shop. Writes the
median, the 95th percentile (nearest rank) against the 90 s target, every order's figures, the
scheduled action's interval and the scheduled pulls the server log shows (their start, duration, the
gaps between them).
"""
import argparse
import datetime
import json
import math
import os
import random
import re
import subprocess
import threading
import time
import xmlrpclib

from bench import ROOT, Bench

TARGET_P95 = 90.0
PULL_LINE = re.compile(r'^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),(\d{3}) .*Satchmo backend (.+): changes pull (\w+) '
                       r'in ([\d.]+) s')
RESOURCES = ('countries', 'categories', 'products', 'contacts', 'orders')


def median(values):
    values = sorted(values)
    n = len(values)
    return None if not n else values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2.0


def percentile(values, p):
    """Nearest rank: the smallest value with at least p% of the values at or below it."""
    values = sorted(values)
    return values[max(0, int(math.ceil(p / 100.0 * len(values))) - 1)] if values else None


def utc_epoch(stamp):
    """A server timestamp (UTC, 'YYYY-mm-dd HH:MM:SS[,mmm]') as Unix time."""
    moment = datetime.datetime.strptime(stamp[:19], '%Y-%m-%d %H:%M:%S')
    return (moment - datetime.datetime(1970, 1, 1)).total_seconds() + (int(stamp[20:23]) / 1000.0 if
                                                                         len(stamp) > 20 else 0)


def scheduled_pulls(path, backend_name):
    """[(end, seconds, state)] of the backend's scheduled 'changes' pulls in the server log (OpenERP logs in UTC:
    openerp sets TZ=UTC)."""
    pulls = []
    with open(path) as f:
        for line in f:
            match = PULL_LINE.match(line)
            if match and match.group(3) == backend_name:
                pulls.append((utc_epoch('%s,%s' % match.group(1, 2)), float(match.group(5)), match.group(4)))
    return pulls


class Latency(object):

    def __init__(self, args):
        self.args = args
        self.bench = Bench(args)
        self.rpc = xmlrpclib.ServerProxy(args.url + '/xmlrpc/object', allow_none=True)
        self.uid = xmlrpclib.ServerProxy(args.url + '/xmlrpc/common').login(args.db, 'admin', 'admin')
        self.placed = []   # {order_id, placed, ...} as place_paid_order printed them
        self.errors = []

    def execute(self, model, method, *args):
        return self.rpc.execute(self.args.db, self.uid, 'admin', model, method, *args)

    def configure(self):
        """bench.py's backend, booking orders through to paid invoices, its change feeds at the shop's present,
        its scheduled pulls started. The name of the backend."""
        bench = self.bench
        bench.configure()
        bench.call('satchmo.backend', 'write', [bench.backend], {
            'confirm_orders': True, 'invoice_orders': True, 'pay_orders': True})
        for resource in RESOURCES:
            head = bench.shop(resource + '/', page_size=1)['meta']['changes_cursor']
            cursors = bench.call('satchmo.backend.cursor', 'search', [('backend_id', '=', bench.backend),
                                                                      ('resource', '=', resource)])
            bench.call('satchmo.backend.cursor', 'write', cursors, {'changes_cursor': head})
        bench.call('satchmo.backend', 'action_start_schedule', [bench.backend])
        return bench.call('satchmo.backend', 'read', bench.backend, ['name'])['name']

    def schedule(self):
        """The scheduled pull's interval, as the database has it."""
        cron_id = self.execute('ir.model.data', 'get_object_reference', 'oesync_pull',
                               'ir_cron_pull_satchmo_changes')[1]
        cron = self.execute('ir.cron', 'read', [cron_id], ['interval_number', 'interval_type', 'active'])[0]
        return '%s %s%s' % (cron['interval_number'], cron['interval_type'], '' if cron['active'] else ' (inactive)')

    def wait_for_pull(self, backend_name, after, timeout):
        """The first scheduled pull of the backend logged after Unix time `after`, or None."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            pulls = [p for p in scheduled_pulls(self.args.server_log, backend_name) if p[0] > after]
            if pulls:
                return pulls[0]
            time.sleep(1)
        return None

    def place_orders(self, moments, start):
        """Each order at its moment (seconds after `start`), one after the other."""
        env = dict(os.environ, OESYNC_SHOP_DATA=self.args.shop_data)
        for n, moment in enumerate(moments):
            time.sleep(max(0, start + moment - time.time()))
            command = subprocess.Popen(['bash', os.path.join(ROOT, 'scripts', 'shop.sh'), 'manage', 'place_paid_order',
                                        '--seed', '%s-%d' % (self.args.seed, n)], env=env, stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE)
            out, err = command.communicate()   # err: Satchmo's mail logger has no handler in a command
            try:
                self.placed.append(dict(json.loads(out.strip().splitlines()[-1]), moment=round(moment, 1)))
            except (IndexError, ValueError):
                self.errors.append('order %d not placed (exit code %s): %s' % (n, command.returncode,
                                                                                (err or out).strip()[-500:]))

    def poll(self, found):
        """Record, for each placed order not yet found paid, the first moment its invoice is paid in OpenERP."""
        waiting = [str(o['order_id']) for o in list(self.placed) if o['order_id'] not in found]
        if not waiting:
            return
        now = time.time()
        orders = self.execute('sale.order', 'read', self.execute(
            'sale.order', 'search', [('client_order_ref', 'in', waiting)]),
            ['client_order_ref', 'invoice_ids', 'create_date'])
        invoices = dict((i['id'], i['state']) for i in self.execute(
            'account.invoice', 'read', sum((o['invoice_ids'] for o in orders), []), ['state']))
        for so in orders:
            if any(invoices.get(i) == 'paid' for i in so['invoice_ids']):
                found[int(so['client_order_ref'])] = {'paid': now, 'created': utc_epoch(so['create_date'])}

    def run(self):
        args = self.args
        backend_name = self.configure()
        started = time.time()
        first = self.wait_for_pull(backend_name, started - 1, 180)   # cron workers poll about once a minute
        rng = random.Random(args.seed)
        moments = sorted(rng.uniform(0, args.over) for _ in range(args.orders))
        placing = threading.Thread(target=self.place_orders, args=(moments, time.time()))
        placing.start()
        found = {}
        deadline = None
        while True:
            self.poll(found)
            if not placing.is_alive():
                deadline = deadline or time.time() + args.wait
                if len(found) >= len(self.placed) or time.time() > deadline:
                    break
            time.sleep(1)
        self.poll(found)
        return self.result(backend_name, first, found, started)

    def result(self, backend_name, first, found, started):
        orders, latencies = [], []
        for order in self.placed:
            seen = found.get(order['order_id'])
            row = dict(order, latency=round(seen['paid'] - order['placed'], 1) if seen else None,
                       # until the transaction of the pull that booked it began: the wait for a scheduled pull
                       pull_wait=round(seen['created'] - order['placed'], 1) if seen else None)
            orders.append(row)
            if seen:
                latencies.append(row['latency'])
        pulls = [p for p in scheduled_pulls(self.args.server_log, backend_name) if p[0] >= started - 1]
        starts = [end - seconds for end, seconds, _ in pulls]
        gaps = [round(b - a, 1) for a, b in zip(starts, starts[1:])]
        logs = self.execute('satchmo.sync.log', 'search', [('backend_id', '=', self.bench.backend),
                                                          ('trigger', '=', 'cron')])
        p95 = percentile(latencies, 95)
        unpaid = [o['order_id'] for o in orders if o['latency'] is None]
        return {
            'orders': len(orders), 'paid': len(latencies), 'unpaid': unpaid, 'errors': self.errors,
            'over_seconds': self.args.over, 'schedule': self.schedule(), 'server': self.args.server_options,
            'median_seconds': median(latencies), 'p95_seconds': p95,
            'min_seconds': min(latencies) if latencies else None, 'max_seconds': max(latencies) if latencies else None,
            'target_p95_seconds': TARGET_P95,
            'target_met': bool(latencies) and not unpaid and not self.errors and p95 <= TARGET_P95,
            'first_pull_seconds': first and first[1],   # empty: the feeds start at the shop's present
            'scheduled_pulls': len(pulls), 'pull_logs': len(logs),
            'pull_gap_median_seconds': median(gaps), 'pull_gap_max_seconds': max(gaps) if gaps else None,
            'pull_seconds_max': max(p[1] for p in pulls) if pulls else None,
            'per_order': sorted(orders, key=lambda o: o['placed'])}


def main():
    p = argparse.ArgumentParser()
    p.add_argument('-c', dest='conf', required=True)
    p.add_argument('-d', dest='db', required=True)
    for name in ('--url', '--shop', '--token', '--tax-rules', '--shop-data', '--server-log', '--out'):
        p.add_argument(name, required=True)
    p.add_argument('--orders', type=int, default=20)
    p.add_argument('--over', type=float, default=300, help='seconds over which the orders are placed')
    p.add_argument('--wait', type=float, default=300, help='seconds to wait for the last orders once all are placed')
    p.add_argument('--seed', default='1')
    p.add_argument('--server-options', default='', help="how the server runs (recorded with the figures)")
    p.add_argument('--payment-route', choices=('voucher', 'move'), default='voucher')
    p.add_argument('--delivery-policy', choices=('shop', 'openerp'), default='shop')
    args = p.parse_args()
    result = Latency(args).run()
    with open(args.out, 'w') as f:
        json.dump(result, f, indent=1, sort_keys=True)
    print(json.dumps(dict((k, v) for k, v in result.items() if k != 'per_order'), indent=1, sort_keys=True))


if __name__ == '__main__':
    main()
