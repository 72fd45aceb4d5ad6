# -*- coding: utf-8 -*-
"""What a Deliveries policy and a payment route cost a shipped order, measured offline (the recorded
shop, in-process).

    scripts/template.sh clone NAME
    python bench_deliveries.py -c CONF -d NAME --policy shop|openerp [--payment-route voucher|move] [--orders N]

NAME: a throwaway clone of the shop template, one per run: the pull commits as a real one does (each
page, each booking step; one transaction for everything would slow PostgreSQL down with its
subtransactions). N copies of the recorded Shipped order (3 items, shipping, 2 payments) are pulled
and fully booked after their customer and products (untimed), the first one (OpenERP's caches) not
counted; prints the time and SQL queries per order of each booking step, as make bench's time_steps
counts them, and of the whole order.
"""
import argparse
import copy
import json
import sys
import time

import unittest2

from bench import QUERIES, STEPS, count_queries, time_steps   # make bench's counters, the same way

RESULTS = {}


def measured(policy, route, orders):
    from openerp.addons.oesync_pull.tests.common import ShopTestCase

    class bench(ShopTestCase):
        def pull(self, mode='full', resources=None, **kwargs):
            log_id = self.backend_obj.run_import(self.cr, self.uid, self.backend_id, mode, resources=resources,
                                                 commit=True)
            return self.log_obj.browse(self.cr, self.uid, log_id)

        def runTest(self):
            self.backend_obj.write(self.cr, self.uid, [self.backend_id], {'delivery_policy': policy,
                                                                          'payment_route': route})
            self.cr.commit()   # the pulls' own cursors see the backend
            self.pull(resources=['countries', 'categories', 'products', 'contacts'])
            shipped = self.shop.record('orders', 1)
            self.assertEqual(shipped['status'], 'Shipped')
            copies = []
            for n in range(1, orders + 2):
                record = copy.deepcopy(shipped)
                record['id'] = 1000 + n
                for i, payment in enumerate(record['payments']):
                    payment['id'] = 1000 * n + i
                copies.append(record)
            self.shop.listings['orders'] = copies[:1]
            self.pull(resources=['orders'])          # the first one warms OpenERP's caches: not counted
            STEPS.clear()
            self.shop.listings['orders'] = copies
            t0, q0 = time.time(), QUERIES[0]
            log = self.pull(resources=['orders'])
            RESULTS[policy] = {'seconds': time.time() - t0, 'queries': QUERIES[0] - q0, 'steps': dict(STEPS),
                               'created': self.counts(log)['orders']['created']}
            self.assertEqual(RESULTS[policy]['created'], orders)
            pickings = [p.state for n in range(2, orders + 2) for p in self.bound('orders', 1000 + n)[1].picking_ids]
            self.assertEqual(set(pickings), set(['done' if policy == 'shop' else 'confirmed']))
    return bench()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-c', dest='conf', required=True)
    parser.add_argument('-d', dest='db', required=True)
    parser.add_argument('--policy', choices=('shop', 'openerp'), required=True)
    parser.add_argument('--payment-route', choices=('voucher', 'move'), default='voucher')
    parser.add_argument('--orders', type=int, default=20)
    args = parser.parse_args()
    import openerp
    openerp.tools.config.parse_config(['-c', args.conf, '-d', args.db, '--log-level=warn'])
    openerp.modules.registry.RegistryManager.get(args.db)
    count_queries()
    time_steps(extra=('import_record',))
    if not unittest2.TextTestRunner(verbosity=1).run(measured(args.policy, args.payment_route, args.orders)).wasSuccessful():
        sys.exit(1)
    n, result = float(args.orders), RESULTS[args.policy]
    print('Deliveries %r, payments as %r, per shipped order (%d orders):' % (args.policy, args.payment_route,
                                                                             args.orders))
    print('    %-22s %6.0f ms %6.0f SQL queries' % ('the whole pull', 1000 * result['seconds'] / n,
                                                    result['queries'] / n))
    for name, (calls, seconds, queries) in sorted(result['steps'].items()):
        print('    %-22s %6.0f ms %6.0f SQL queries' % (name, 1000 * seconds / n, queries / n))
    print(json.dumps(dict(result, policy=args.policy, payment_route=args.payment_route, orders=args.orders),
                     sort_keys=True))


if __name__ == '__main__':
    main()
