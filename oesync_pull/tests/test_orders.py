# -*- coding: utf-8 -*-
"""Orders, invoices and payments from recorded export payloads."""
from decimal import Decimal

import mock

from openerp.addons.oesync_pull.mapper import shop_amounts
from openerp.addons.oesync_pull.booking import OrderBooking
from openerp.addons.oesync_pull.order_mapping import allocate

from .common import ShopTestCase, objects


class test_orders(ShopTestCase):

    def order(self, shop_id):
        return self.bound('orders', shop_id)

    def test_orders_are_booked_to_the_shop_totals(self):
        log = self.pull()
        self.assertEqual(log.state, 'done', log.message)
        self.assertEqual(self.counts(log)['orders'], {
            'created': len([o for o in self.shop.listings['orders'] if o['status'] != 'Cancelled']),
            'updated': 0, 'unchanged': 0, 'failed': 0,
            'skipped': len([o for o in self.shop.listings['orders'] if o['status'] == 'Cancelled'])})
        for record in objects('orders'):
            if record['status'] == 'Cancelled':
                state, _ = self.bound('orders', record['id'])
                self.assertEqual(state.state, 'skipped')
                self.assertIn('Cancelled in the shop before it was imported', state.error)
                continue
            _, so = self.order(record['id'])
            untaxed, tax, total = shop_amounts(record)
            self.assertEqual((so.amount_untaxed, so.amount_tax, so.amount_total),
                             (float(untaxed), float(tax), float(total)), 'order %s' % record['id'])
            self.assertEqual((so.client_order_ref, so.origin, so.state), (str(record['id']), str(record['id']),
                             'done' if record['status'] == 'Shipped' else 'progress'), 'shipped by the shop: delivered')
            self.assertEqual((so.satchmo_status, so.satchmo_total, so.satchmo_totals_differ),
                             (record['status'], float(total), False))
            [invoice] = so.invoice_ids
            self.assertEqual((invoice.amount_total, invoice.date_invoice), (float(total), so.date_order))
            paid = sum(Decimal(p['amount']) for p in record['payments'])
            self.assertEqual(invoice.residual, float(max(total - paid, 0)))
            self.assertEqual(invoice.state, 'paid' if paid >= total else 'open')
            self.assertTrue(invoice.move_id.state == 'posted')
        _, so = self.order(2)
        computer = [l for l in so.order_line if l.name.startswith('satchmo computer')][0]
        self.assertIn('CPU: Fast', computer.name)
        shipping = [l for l in so.order_line if l.product_id.default_code == 'SATCHMO-SHIPPING'][0]
        self.assertEqual(shipping.price_subtotal, 15.5)
        self.assertEqual(so.partner_id.email, 'abc@comcast.com')
        self.assertEqual(so.partner_shipping_id.street, '1245 Main Street')

    def test_an_order_stopped_between_steps_is_booked_on_by_the_next_pull(self):
        """A server killed after the order was confirmed (its steps commit one by one): the order is not
        'unchanged' for the next pull, which invoices and pays it."""
        with mock.patch.object(OrderBooking, 'invoice', autospec=True, side_effect=KeyboardInterrupt):
            with self.assertRaises(KeyboardInterrupt):
                self.pull(resources=['orders'])
        state, so = self.order(1)
        self.assertEqual((state.state, so.state, so.invoice_ids), ('pending', 'manual', []))
        log = self.pull(resources=['orders'])
        self.assertEqual(log.state, 'done', log.message)
        state, so = self.order(1)
        self.assertEqual((state.state, so.state, so.invoice_ids[0].state), ('synced', 'done', 'paid'), 'shipped, paid')

    def test_payments_are_reconciled_with_their_own_invoice_only(self):
        self.pull()
        _, first = self.order(1)
        vouchers = self.registry('account.voucher').search(self.cr, self.uid, [('reference', 'in', ('DEMO-1A',
                                                                                                   'DEMO-1B'))])
        self.assertEqual(len(vouchers), len(self.shop.record('orders', 1)['payments']))
        for voucher in self.registry('account.voucher').browse(self.cr, self.uid, vouchers):
            self.assertEqual(voucher.state, 'posted')
            self.assertEqual([l.move_line_id.invoice.id for l in voucher.line_cr_ids if l.amount],
                             [first.invoice_ids[0].id])
        # the other unpaid invoice of customer 2 (order 5, 39.00) keeps its residual
        _, fifth = self.order(5)
        self.assertEqual(fifth.invoice_ids[0].residual, 39.0)

    def test_a_payment_after_import_and_a_deletion_in_the_shop(self):
        self.pull()
        self.shop.changes['orders'] = [objects('orders_changes')]
        log = self.pull('changes', resources=['orders'])
        self.assertEqual(log.state, 'done', log.message)
        self.assertEqual(self.counts(log)['orders']['updated'], len(objects('orders_changes')))
        _, second = self.order(2)
        self.assertEqual((second.invoice_ids[0].state, second.satchmo_status), ('paid', 'In Process'))
        self.assertIn('Paid by purchase order', second.satchmo_status_history)
        state, fifth = self.order(5)
        self.assertTrue(state.deleted)
        [invoice] = [i for i in fifth.invoice_ids if i.type == 'out_invoice']
        self.assertEqual(invoice.state, 'paid', 'reconciled with its credit note')
        refund = self.registry('account.invoice').search(self.cr, self.uid, [('type', '=', 'out_refund'),
                                                                             ('partner_id', '=', fifth.partner_id.id)])
        self.assertEqual(len(refund), 1)
        self.assertIn('credit note', fifth.satchmo_review)
        # the refund is traceable: among the order's invoices, naming the order and the invoice it refunds
        credit = self.registry('account.invoice').browse(self.cr, self.uid, refund[0])
        self.assertIn(credit, fifth.invoice_ids)
        self.assertEqual(credit.origin, '%s, %s' % (fifth.name, invoice.number))
        self.assertTrue(fifth.satchmo_cancelled)
        self.assertEqual(self.registry('sale.order').search(self.cr, self.uid, [('satchmo_cancelled', '=', True)]),
                         [fifth.id])
        # pulling the same changes again books nothing twice
        self.shop.changes['orders'] = [objects('orders_changes')]
        self.assertEqual(self.counts(self.pull('changes', resources=['orders']))['orders']['unchanged'],
                         len(objects('orders_changes')))
        self.assertEqual(len(self.registry('account.voucher').search(self.cr, self.uid, [])),
                         len(set(p['id'] for o in self.shop.listings['orders'] + objects('orders_changes')
                                 if o.get('status') != 'Cancelled' for p in o.get('payments', []))),
                         'the payments of the first pull and the one that came after')

    def test_a_missing_payment_method_stops_the_order_at_that_step(self):
        maps = self.registry('satchmo.payment.map')
        maps.unlink(self.cr, self.uid, maps.search(self.cr, self.uid, [('method', '=', 'PURCHASEORDER')]))
        log = self.pull()
        self.assertEqual((log.state, self.counts(log)['orders']['failed']), ('partial', len(
            [o for o in self.shop.listings['orders'] if o['status'] != 'Cancelled'
             and 'PURCHASEORDER' in [p['method'] for p in o['payments']]])))
        state, second = self.order(2)
        self.assertEqual((state.state, second.state), ('failed', 'progress'), 'confirmed and invoiced: kept')
        self.assertEqual(second.invoice_ids[0].state, 'open')
        self.assertIn('stopped at registering payment 3', state.error)
        self.assertIn("Payment method 'PURCHASEORDER' has no journal", state.error)
        cash = self.registry('account.journal').search(self.cr, self.uid, [('type', '=', 'cash')])[0]
        maps.create(self.cr, self.uid, {'backend_id': self.backend_id, 'method': 'PURCHASEORDER', 'journal_id': cash})
        log = self.pull('retry', retry_ids=[state.id])
        self.assertEqual(log.state, 'done', log.message)
        state, second = self.order(2)
        self.assertEqual((state.state, second.invoice_ids[0].residual), ('synced', 138.0))
        self.assertEqual(len(second.invoice_ids), 1, 'the retry went on from the last good step')

    def test_totals_that_differ_leave_a_flagged_quotation(self):
        rules = self.registry('satchmo.tax.map')
        tn = rules.search(self.cr, self.uid, [('tax_class', '=', 'Default'), ('state_id.code', '=', 'TN')])
        wrong = self.registry('account.tax').create(self.cr, self.uid, {'name': 'TN 7% (wrong)', 'type': 'percent',
                                                                        'amount': 0.07, 'type_tax_use': 'sale'})
        rules.write(self.cr, self.uid, tn, {'tax_ids': [(6, 0, [wrong])]})
        log = self.pull()
        self.assertEqual(log.state, 'partial')
        state, first = self.order(1)
        self.assertEqual((state.state, first.state, first.satchmo_totals_differ), ('failed', 'draft', True))
        self.assertIn('Totals differ: the shop says untaxed 78.75, tax 2.79, total 81.54', first.satchmo_review)
        self.assertIn(first.satchmo_review, state.error)
        flagged = self.registry('sale.order').search(self.cr, self.uid, [('satchmo_totals_differ', '=', True)])
        self.assertEqual(sorted(flagged), sorted([first.id, self.order(4)[1].id]))

    def test_a_closed_period_is_a_clear_error(self):
        self.cr.execute("UPDATE account_period SET state = 'done' WHERE date_start <= current_date "
                        "AND date_stop >= current_date AND NOT special")
        log = self.pull()
        self.assertEqual(log.state, 'partial')
        state, first = self.order(1)
        self.assertEqual((state.state, first.state), ('failed', 'manual'), 'confirmed, not invoiced')
        self.assertIn('stopped at invoicing: The accounting period', state.error)
        self.assertIn('is closed', state.error)
        self.assertIn('reopen the period', state.error)
        self.assertEqual(first.invoice_ids, [], 'nothing of the failed step is kept')

    def test_a_shipped_order_can_have_its_delivery_done(self):
        self.backend_obj.write(self.cr, self.uid, [self.backend_id], {'deliver_shipped': True})
        self.pull()
        _, shipped = self.order(1)     # Shipped in the shop
        _, new = self.order(2)         # New
        self.assertEqual([p.state for p in shipped.picking_ids], ['done'])
        self.assertEqual([p.state for p in new.picking_ids], ['confirmed'])

    def test_a_payment_before_the_first_currency_rate_is_a_clear_error(self):
        self.cr.execute("UPDATE res_currency_rate SET name = current_date + 1")
        log = self.pull()
        state, first = self.order(1)
        self.assertEqual((state.state, first.invoice_ids[0].state), ('failed', 'open'), 'invoiced, not paid')
        self.assertIn('stopped at registering payment 1: the currency USD has no rate on or before', state.error)
        self.assertEqual(log.state, 'partial')

    def test_cents_are_allocated_to_the_shop_untaxed_amount(self):
        subs = [Decimal('13.3332'), Decimal('9.9999'), Decimal('4.005'), Decimal('10')]
        rates = [Decimal('0.06')] * 3 + [Decimal(0)]
        want = allocate(subs, rates)
        self.assertEqual(sum(want), Decimal('37.34'))
        self.assertTrue(all(abs(w - s) < Decimal('0.01') for w, s in zip(want, subs)))
        self.assertEqual(want[3], Decimal('10.00'), 'a cent-exact line keeps its amount')
