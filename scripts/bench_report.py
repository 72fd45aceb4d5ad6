# -*- coding: utf-8 -*-
"""`make bench`'s report: the per-scale results of scripts/bench.py (and of the store's bench_store and
bench_export commands) as one JSON, a chart and a table.

    python bench_report.py BENCH_DIR SCALE...   ->  BENCH_DIR/bench.json, BENCH_DIR/bench.png, a table on stdout

With BENCH_LATENCY_ONLY set, the shop-to-books latency (scripts/bench_latency.py) alone.
"""
import json
import os
import platform
import sys
import time

import matplotlib
matplotlib.use('Agg')
import matplotlib.pyplot as plt  # noqa: E402 (after the backend is chosen)


def load(path):
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def ratio(a, b):
    return round(float(a) / b, 2) if a and b else None


def summarize(scale, result):
    ours, bare, push = result['ours'], result['bare'], result.get('push') or {}
    ours_order = ours['orders'].get('ms_per_booked_order', ours['orders']['ms_per_record'])
    row = {
        'scale': scale,
        'products_per_second': ours['products']['per_second'],
        'contacts_per_second': ours['contacts']['per_second'],
        'orders_per_minute': ours['orders']['orders_per_minute'],
        'ms_per_product': ours['products']['ms_per_record'],
        'ms_per_contact': ours['contacts']['ms_per_record'],
        'ms_per_order': ours['orders'].get('ms_per_booked_order', ours['orders']['ms_per_record']),
        'queries_per_product': ours['products']['queries_per_record'],
        'queries_per_contact': ours['contacts']['queries_per_record'],
        'queries_per_order': ours['orders'].get('queries_per_booked_order', ours['orders']['queries_per_record']),
        'bare_ms_per_product': bare['products']['ms_per_record'],
        'bare_queries_per_product': bare['products']['queries_per_record'],
        'bare_ms_per_contact': bare['contacts']['ms_per_record'],
        'bare_queries_per_contact': bare['contacts']['queries_per_record'],
        'bare_ms_per_order': bare['orders']['ms_per_order'],
        'bare_queries_per_order': bare['orders']['queries_per_order'],
        'push_ms_per_order': push.get('ms_per_order'),
        'ours_vs_push_order': ratio(ours_order, push.get('ms_per_order')),
        'ours_vs_bare_order': ratio(ours_order, bare['orders']['ms_per_order']),
        'ours_vs_bare_product': ratio(ours['products']['ms_per_record'], bare['products']['ms_per_record']),
        'ours_vs_bare_contact': ratio(ours['contacts']['ms_per_record'], bare['contacts']['ms_per_record']),
        'noop_seconds': result['noop']['seconds'],
        'noop_requests': result['noop']['requests'],
        'changed_records': result['changed']['changed_in_shop'],
        'changed_seconds': result['changed']['seconds'],
        'changed_requests': result['changed']['requests'],
    }
    health, preview = result.get('health') or {}, result.get('preview') or {}
    row.update(health_seconds=health.get('seconds'), health_records=health.get('records'),
               health_ms_per_record=health.get('ms_per_record'), health_requests=health.get('requests'),
               preview_seconds=preview.get('seconds'), preview_records=preview.get('records'),
               preview_vs_health=ratio(preview.get('seconds'), health.get('seconds')))   # the goal: <= 3
    for step, figures in (ours['orders'].get('steps') or {}).items():   # where an order's time goes
        key = step.replace(' ', '_')
        row['order_step_ms_%s' % key] = figures['ms_per_order']
        row['order_step_queries_%s' % key] = figures['queries_per_order']
    return row


def parallel(directory, routes, workers, runs):
    """Per payment route: its parallel-import runs, each with its speed-up over the one-worker run of the
    same round, and each worker count's smallest speed-up."""
    result = {}
    for route in routes:
        rounds = []
        for n in range(1, runs + 1):
            found = [r for r in (load(os.path.join(directory, 'parallel-%s-%s-%d.json' % (route, k, n)))
                                 for k in workers) if r]
            single = [r['wall_seconds'] for r in found if r['workers'] == 1]
            for run in found:
                run.update(run=n, speedup=ratio(single[0], run['wall_seconds']) if single else None)
            rounds.extend(found)
        if rounds:
            result[route] = {'runs': rounds, 'min_speedup': dict(
                (str(k), min(r['speedup'] for r in rounds if r['workers'] == int(k)) if k != '1' else 1.0)
                for k in workers if [r for r in rounds if r['workers'] == int(k) and r['speedup']])}
    return result


def policies(directory, scale, names, main, push):
    """Per booking policy (payment route/deliveries): the cost of a booked order and of its steps, against
    the push's, and its books against the push's."""
    result = {}
    for n, name in enumerate(names):
        run = main if n == 0 else load(os.path.join(directory, 'result-%s-%s.json' % (scale, name.replace('/', '-'))))
        if not run:
            continue
        orders = run['ours']['orders']
        result[name] = {
            'ms_per_order': orders.get('ms_per_booked_order'), 'queries_per_order': orders.get('queries_per_booked_order'),
            'booked': orders.get('booked'), 'vs_push': ratio(orders.get('ms_per_booked_order'), push.get('ms_per_order')),
            'steps': orders.get('steps'), 'books': dict((k, v) for k, v in (run.get('books') or {}).items())}
    return result


def chart(rows, runs, path):
    scales = [str(r['scale']) for r in rows]
    fig, axes = plt.subplots(1, 3 if runs else 2, figsize=(16 if runs else 11, 4))
    width = 0.25
    for i, (key, label) in enumerate((('ms_per_product', 'product'), ('ms_per_contact', 'contact'))):
        axes[0].bar([x + i * width for x in range(len(rows))], [r[key] or 0 for r in rows], width, label='ours: ' + label)
        axes[0].bar([x + (i + 2) * width for x in range(len(rows))], [r['bare_' + key] or 0 for r in rows], width,
                    label='bare ORM: ' + label)
    axes[0].set_xticks([x + 1.5 * width for x in range(len(rows))])
    axes[0].set_xticklabels(scales)
    axes[0].set_xlabel('records of each kind in the shop')
    axes[0].set_ylabel('ms per record')
    axes[0].legend(fontsize=8)
    axes[0].set_title('Catalog and customers')
    for i, (key, label) in enumerate((('ms_per_order', 'ours'), ('bare_ms_per_order', 'bare ORM chain'),
                                      ('push_ms_per_order', 'push over XML-RPC'))):
        axes[1].bar([x + i * width for x in range(len(rows))], [r[key] or 0 for r in rows], width, label=label)
    axes[1].set_xticks([x + width for x in range(len(rows))])
    axes[1].set_xticklabels(scales)
    axes[1].set_xlabel('orders in the shop')
    axes[1].set_ylabel('ms per fully booked order')
    axes[1].legend(fontsize=8)
    axes[1].set_title('Orders (order, invoice, payment)')
    if runs:
        axes[2].bar(range(len(runs)), [r['speedup'] or 0 for r in runs], 0.5)
        axes[2].set_xticks(range(len(runs)))
        axes[2].set_xticklabels([str(r['workers']) for r in runs])
        axes[2].set_xlabel('cron workers')
        axes[2].set_ylabel('speed-up over one cron worker')
        axes[2].set_title('Parallel first import')
    fig.tight_layout()
    fig.savefig(path, dpi=90)


def print_latency(latency):
    """The shop-to-books latency run: its percentiles against the target, and each order."""
    print('\nShop-to-books latency: %(orders)s paid orders placed over %(over_seconds)s s, scheduled pull every '
          '%(schedule)s, server %(server)s' % latency)
    print('| median s | p95 s | max s | target p95 s | met | unpaid | scheduled pulls | gap between pulls s '
          '(median, max) | empty pull s |')
    print('| --- | --- | --- | --- | --- | --- | --- | --- | --- |')
    print('| %(median_seconds)s | %(p95_seconds)s | %(max_seconds)s | %(target_p95_seconds)s | %(target_met)s | '
          '%(unpaid)s | %(scheduled_pulls)s | %(pull_gap_median_seconds)s, %(pull_gap_max_seconds)s | '
          '%(first_pull_seconds)s |' % dict(latency, unpaid=len(latency['unpaid'])))
    print('per order (shop id: s to paid, s waiting for its pull): %s' % ', '.join(
        '%s: %s, %s' % (o['order_id'], o['latency'], o['pull_wait']) for o in latency['per_order']))
    for error in latency['errors']:
        print('  %s' % error)


def main(directory, scales):
    rows, report = [], {'machine': '%s, %s, %d cores' % (platform.platform(), platform.python_version(),
                                                           os.sysconf('SC_NPROCESSORS_ONLN')),
                        'date': time.strftime('%Y-%m-%d %H:%M'), 'scales': {},
                        'latency': load(os.path.join(directory, 'latency.json'))}
    if os.environ.get('BENCH_LATENCY_ONLY'):
        if not report['latency']:
            sys.exit('no latency result: see %s/bench-%s.log' % (directory, scales[0]))
        with open(os.path.join(directory, 'bench.json'), 'w') as f:
            json.dump(report, f, indent=1, sort_keys=True)
        print_latency(report['latency'])
        print('\n%s; figures in %s/bench.json' % (report['machine'], directory))
        return
    for scale in scales:
        result = load(os.path.join(directory, 'result-%s.json' % scale))
        if result is None:
            sys.exit('no result for scale %s: see %s/bench-%s.log' % (scale, directory, scale))
        row = summarize(scale, result)
        latency = report['latency'] if scale == scales[0] else None   # run at the first scale
        if latency:
            row.update(latency_median_seconds=latency['median_seconds'], latency_p95_seconds=latency['p95_seconds'])
        export = load(os.path.join(directory, 'export-%s.json' % scale)) or {}
        row.update(openerp_peak_rss_mb=result.get('peak_rss_mb'), shop_peak_rss_mb=export.get('peak_rss_mb'))
        rows.append(row)
        report['scales'][scale] = {'summary': row, 'pull': result,
                                   'store': load(os.path.join(directory, 'store-%s.json' % scale)),
                                   'export': load(os.path.join(directory, 'export-%s.json' % scale))}
    first = report['scales'][scales[0]]['pull']
    report['policies'] = policies(directory, scales[0], os.environ.get('BENCH_POLICIES', 'voucher/shop').split(),
                                  first, first.get('push') or {})
    report['parallel'] = parallel(directory, os.environ.get('BENCH_PARALLEL_ROUTES', 'voucher').split(),
                                  os.environ.get('BENCH_WORKERS', '1 2').split(), int(os.environ.get('BENCH_RUNS', 3)))
    with open(os.path.join(directory, 'bench.json'), 'w') as f:
        json.dump(report, f, indent=1, sort_keys=True)
    first_route = report['parallel'].get(sorted(report['parallel'])[-1]) if report['parallel'] else None
    chart(rows, [r for r in (first_route or {}).get('runs', []) if r['run'] == 1], os.path.join(directory, 'bench.png'))
    keys = sorted(set(k for r in rows for k in r if k != 'scale'))
    print('| %s | %s |' % ('measure', ' | '.join('scale %s' % r['scale'] for r in rows)))
    print('| --- |%s' % (' --- |' * len(rows)))
    for key in keys:
        print('| %s | %s |' % (key, ' | '.join(str(r.get(key)) for r in rows)))
    if report['policies']:
        print('\nPolicies at scale %s (payment route/deliveries; push: %s ms per order, no deliveries)'
              % (scales[0], (first.get('push') or {}).get('ms_per_order')))
        steps = sorted(set(k for p in report['policies'].values() for k in (p['steps'] or {})))
        print('| policy | ms/order | queries/order | vs push | %s | books vs push |' % ' | '.join(steps))
        print('| --- |%s' % (' --- |' * (len(steps) + 4)))
        for name, p in sorted(report['policies'].items()):
            print('| %s | %s | %s | %s | %s | %s |' % (
                name, p['ms_per_order'], p['queries_per_order'], p['vs_push'],
                ' | '.join(str((p['steps'].get(k) or {}).get('ms_per_order')) for k in steps),
                '%s (%s orders, %s journal items)' % (p['books'].get('verdict'), p['books'].get('orders'),
                                                      p['books'].get('journal_items'))))
            for shop_id, lines in sorted((p['books'].get('differences') or {}).items()):
                print('    order %s: %s' % (shop_id, '; '.join(lines)))
    for route, figures in sorted(report['parallel'].items()):
        print('\nParallel import, payments as %s: smallest speed-up %s' % (route, figures['min_speedup']))
        print('| run | cron workers | wall s | records/s | speed-up | chunks | workers seen | collisions | state |')
        print('| --- | --- | --- | --- | --- | --- | --- | --- | --- |')
        for run in figures['runs']:
            print('| %(run)s | %(workers)s | %(wall_seconds)s | %(records_per_second)s | %(speedup)s | %(chunks)s | '
                  '%(workers_seen)s | %(collisions)s | %(state)s |' % dict({'collisions': None}, **run))
    if report['latency']:
        print_latency(report['latency'])
    print('\n%s; figures in %s/bench.json, chart %s/bench.png' % (report['machine'], directory, directory))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2:])
