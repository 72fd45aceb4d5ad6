# -*- coding: utf-8 -*-
"""A shop with orders of past years: the start date (Import Orders From) and the deliveries of orders
the shop shipped long ago, for a shop that ships itself and one whose warehouse is OpenERP's."""
import datetime

from .common import ShopTestCase, objects

YEAR = datetime.date.today().year
LAST_YEAR = YEAR - 1
OLD = '%d-03-10T10:15:00.000' % LAST_YEAR        # orders 1 (Shipped) and 4 (In Process) were placed then
OLD_SHIPPED = '%d-04-12T16:30:00.000' % LAST_YEAR
OLD_SHIPPED_UTC = '%d-04-12 20:30:00' % LAST_YEAR  # the shop's time zone is America/New_York (EDT then)


class test_history(ShopTestCase):

    def setUp(self):
        super(test_history, self).setUp()
        for order in self.shop.listings['orders']:
            if order['id'] in (1, 4):
                order['time_stamp'] = OLD
                for status in order['status_history']:
                    status['time_stamp'] = OLD_SHIPPED if status['status'] == 'Shipped' else OLD

    def set(self, **vals):
        self.backend_obj.write(self.cr, self.uid, [self.backend_id], vals)

    def sale_order_ids(self, shop_id):
        return self.registry('sale.order').search(self.cr, self.uid, [('client_order_ref', '=', str(shop_id))])

    def pending_pickings(self, so):
        return [p.name for p in so.picking_ids if p.state not in ('done', 'cancel')]

    # -- the start date ------------------------------------------------------

    def test_orders_before_the_start_date_are_skipped_until_it_moves_earlier(self):
        self.set(import_orders_from='%d-01-01' % YEAR)
        log = self.pull()
        self.assertEqual(log.state, 'done', log.message)
        counts = self.counts(log)
        self.assertEqual(counts['orders'], {'created': 2, 'updated': 0, 'unchanged': 0, 'failed': 0, 'skipped': 3})
        self.assertEqual((counts['contacts']['created'], counts['products']['created']),
                         (len(objects('contacts')), len(objects('products'))),
                         'customers and products are imported whole')
        for shop_id in (1, 4):
            state, so = self.bound('orders', shop_id)
            self.assertEqual((state.state, so), ('skipped', None))
            self.assertIn("Placed on %d-03-10, before the backend's Import Orders From (%d-01-01): not imported"
                          % (LAST_YEAR, YEAR), state.error)
            self.assertIn('set an earlier date (or none) on the backend, tab Orders, then run a Full Re-scan',
                          state.error)
            self.assertEqual(self.sale_order_ids(shop_id), [])
        self.assertEqual(self.bound('orders', 2)[0].state, 'synced')
        # the change feed brings nothing new; the date moved earlier, the next full re-scan brings them in
        self.assertEqual(self.counts(self.pull('changes'))['orders']['created'], 0)
        self.set(import_orders_from='%d-01-01' % LAST_YEAR)
        log = self.pull()
        self.assertEqual(log.state, 'done', log.message)
        self.assertEqual(self.counts(log)['orders'], {'created': 2, 'updated': 0, 'unchanged': 2, 'failed': 0,
                                                      'skipped': 1})
        for shop_id in (1, 4):
            state, so = self.bound('orders', shop_id)
            self.assertEqual((state.state, state.error), ('synced', False))
            self.assertEqual((so.date_order, so.invoice_ids[0].date_invoice), ('%d-03-10' % LAST_YEAR,) * 2)
        # a later date leaves the orders booked alone
        self.set(import_orders_from=(datetime.date.today() + datetime.timedelta(days=1)).isoformat())
        log = self.pull()
        self.assertEqual(self.counts(log)['orders'], {'created': 0, 'updated': 0, 'unchanged': 4, 'failed': 0,
                                                      'skipped': 1})
        self.assertEqual(len(self.sale_order_ids(2)), 1)

    def test_the_health_check_does_not_ask_for_orders_before_the_start_date(self):
        self.set(import_orders_from='%d-01-01' % YEAR)
        self.pull()
        self.assertEqual(self.bound('orders', 1)[0].state, 'skipped')
        [result] = self.backend_obj.health_check(self.cr, self.uid, [self.backend_id], commit=False)
        self.assertEqual((result['state'], result['differences']), ('done', 0))

    def test_test_connection_checks_the_periods_from_the_start_date_on(self):
        self.cr.execute("UPDATE account_period SET state = 'done' WHERE date_start <= %s AND date_stop >= %s",
                        (OLD[:10],) * 2)
        problems = self.backend_obj.check_configuration(self.cr, self.uid, self.backend_id)[1]
        self.assertTrue([p for p in problems if 'is closed' in p and OLD[:10] in p], problems)
        self.set(import_orders_from='%d-01-01' % YEAR)
        problems = self.backend_obj.check_configuration(self.cr, self.uid, self.backend_id)[1]
        self.assertFalse([p for p in problems if 'period' in p], problems)

    # -- deliveries ----------------------------------------------------------

    def test_a_shop_that_ships_gets_its_shipped_orders_delivered_on_the_shop_date(self):
        backend = self.backend_obj.browse(self.cr, self.uid, self.backend_id)
        self.assertEqual((backend.delivery_policy, backend.deliver_shipped), ('shop', True), 'the default')
        self.assertFalse(backend.import_orders_from)
        log = self.pull()
        self.assertEqual(log.state, 'done', log.message)
        self.assertEqual(self.counts(log)['orders']['created'], 4, 'no start date: every order')
        _, shipped = self.bound('orders', 1)       # Shipped in the shop last year
        self.assertEqual(self.pending_pickings(shipped), [], 'nothing left to do in the warehouse')
        [picking] = shipped.picking_ids
        self.assertEqual((picking.state, picking.date_done), ('done', OLD_SHIPPED_UTC))
        self.assertEqual(set((m.state, m.date) for m in picking.move_lines), set([('done', OLD_SHIPPED_UTC)]))
        self.assertTrue(shipped.shipped, 'the sale order says Delivered')
        self.assertEqual(shipped.state, 'done', 'delivered and paid: the sale order is done')
        for shop_id in (2, 4):                     # New, In Process: the shop has not shipped them yet
            _, waiting = self.bound('orders', shop_id)
            self.assertEqual([p.state for p in waiting.picking_ids], ['confirmed'])
        # the shop ships order 2 later: the next pull delivers it
        order = self.shop.record('orders', 2)
        order['status'] = 'Shipped'
        order['status_history'].append({'id': 99, 'notes': 'UPS 1Z123', 'status': 'Shipped',
                                        'time_stamp': '%d-01-05T09:00:00.000' % (YEAR + 1)})
        log = self.pull()
        self.assertEqual(self.counts(log)['orders']['updated'], 1)
        _, second = self.bound('orders', 2)
        self.assertEqual([(p.state, p.date_done) for p in second.picking_ids],
                         [('done', '%d-01-05 14:00:00' % (YEAR + 1))])

    def test_a_shop_whose_warehouse_is_openerp_keeps_every_delivery_to_do(self):
        self.set(delivery_policy='openerp')
        self.assertFalse(self.backend_obj.read(self.cr, self.uid, self.backend_id, ['deliver_shipped'])
                         ['deliver_shipped'])
        log = self.pull()
        self.assertEqual(log.state, 'done', log.message)
        for shop_id in (1, 2, 4):
            _, so = self.bound('orders', shop_id)
            self.assertEqual([p.state for p in so.picking_ids], ['confirmed'], 'order %s' % shop_id)
            self.assertFalse(so.shipped)
        # the shop takes over shipping: the next full re-scan delivers what it shipped
        self.set(delivery_policy='shop')
        log = self.pull()
        self.assertEqual(self.counts(log)['orders']['updated'], 4, 'the policy is in every order\'s digest')
        self.assertEqual([p.state for p in self.bound('orders', 1)[1].picking_ids], ['done'])
        self.assertEqual([p.state for p in self.bound('orders', 2)[1].picking_ids], ['confirmed'])

    def test_scripts_writing_deliver_shipped_still_choose_the_deliveries(self):
        self.set(deliver_shipped=False)
        self.assertEqual(self.backend_obj.browse(self.cr, self.uid, self.backend_id).delivery_policy, 'openerp')
        self.set(deliver_shipped=True)
        self.assertEqual(self.backend_obj.browse(self.cr, self.uid, self.backend_id).delivery_policy, 'shop')
        other = self.backend_obj.copy(self.cr, self.uid, self.backend_id, {'name': 'Another shop',
                                                                           'deliver_shipped': False})
        self.assertEqual(self.backend_obj.read(self.cr, self.uid, other, ['delivery_policy'])['delivery_policy'],
                         'openerp')


class test_payment_routes(ShopTestCase):
    """Payments booked as journal entries (payment_route 'move') make the same books as vouchers: the
    recorded Shipped order (81.54) copied with several kinds of payments, booked each way, compared journal
    item by journal item (books.py)."""

    PAYMENTS = {   # case: [(method, amount)]
        'part, then the balance': [('DUMMY', '25'), ('DUMMY', '56.54')],
        'in full, cash journal': [('PURCHASEORDER', '81.54')],
        'a cent over (written off)': [('DUMMY', '81.55')],
        'over by more (the customer\'s credit)': [('DUMMY', '90')],
        'part only': [('PURCHASEORDER', '50')],
    }

    def orders(self, first_id):
        order = self.shipped
        copies = {}
        for n, (case, payments) in enumerate(sorted(self.PAYMENTS.items())):
            record = dict(order, id=first_id + n, payments=[
                dict(order['payments'][0], id=(first_id + n) * 10 + i, method=method, amount=value)
                for i, (method, value) in enumerate(payments)])
            copies[case] = record
        return copies

    def book(self, route, first_id):
        self.backend_obj.write(self.cr, self.uid, [self.backend_id], {'payment_route': route})
        orders = self.orders(first_id)
        self.shop.listings['orders'] = [o for o in self.shop.listings['orders'] if o['id'] >= 100] + orders.values()
        log = self.pull(resources=['orders'])
        self.assertEqual(log.state, 'done', [f.message for f in log.failure_ids] or log.message)
        invoices = {}
        for case, record in orders.items():
            _, so = self.bound('orders', record['id'])
            [invoices[case]] = [i.id for i in so.invoice_ids]
            models = set(self.bound('payments', p['id'])[0].res_model for p in record['payments'])
            self.assertEqual(models, set(['account.voucher' if route == 'voucher' else 'account.move']), case)
        return invoices

    def test_journal_entries_make_the_books_vouchers_make(self):
        from openerp.addons.oesync_pull.tests.books import differences, journal_items
        self.shipped = self.shop.record('orders', 1)
        self.pull(resources=['countries', 'categories', 'products', 'contacts'])
        vouchers = self.book('voucher', 100)
        voucher_count = self.registry('account.voucher').search(self.cr, self.uid, [], count=True)
        moves = self.book('move', 200)
        self.assertEqual(self.registry('account.voucher').search(self.cr, self.uid, [], count=True), voucher_count,
                         'no voucher for payments booked as journal entries')
        by_voucher = journal_items(self.cr, vouchers.values())
        by_move = journal_items(self.cr, moves.values())
        for case in self.PAYMENTS:
            rows = by_move[moves[case]]
            found = differences(by_voucher[vouchers[case]], rows)
            self.assertEqual(found, [], '%s:\n%s' % (case, '\n'.join(found)))
            self.assertEqual(len([r for r in rows if r[0].startswith('payment')]) > 0, True, case)
        self.assertIn(('invoice state', 'paid'), by_move[moves['a cent over (written off)']])
        self.assertIn(('invoice state', 'open'), by_move[moves['part only']])
        # and the comparison sees a difference: an amount changed on one side
        rows = list(by_move[moves['part only']])
        rows[0] = rows[0][:4] + ('%.2f' % (float(rows[0][4]) + 0.01),) + rows[0][5:]
        self.assertEqual(len(differences(by_voucher[vouchers['part only']], rows)), 2)
        # the same payments again change nothing
        log = self.pull(resources=['orders'])
        self.assertEqual((log.created, log.updated, log.failed), (0, 0, 0))
