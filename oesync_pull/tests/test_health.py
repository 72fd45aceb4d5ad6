# -*- coding: utf-8 -*-
"""The health check on the recorded shop: nothing to report after a pull, and each planted difference
reported with what differs and how to set it right; it writes nothing but its report."""
from decimal import Decimal

from .common import ShopTestCase


class test_health_check(ShopTestCase):

    def check(self):
        [result] = self.backend_obj.health_check(self.cr, self.uid, [self.backend_id], commit=False)
        log = self.log_obj.browse(self.cr, self.uid, result['log_id'])
        self.assertEqual((log.mode, result['differences'], log.differences),
                         ('health', len(log.difference_ids), len(log.difference_ids)))
        return result, log

    def differences(self, log):
        return sorted((d.resource, d.satchmo_id, d.what) for d in log.difference_ids)

    def bookkeeping(self):
        """What the connector keeps and the books: the health check must change none of it."""
        cr = self.cr
        cr.execute('SELECT id, state, payload_hash, res_id, deleted FROM satchmo_sync_state ORDER BY id')
        states = cr.fetchall()
        cr.execute('SELECT count(*), sum(debit), sum(credit) FROM account_move_line')
        return states, cr.fetchall(), self.registry('product.product').search(cr, self.uid, [], count=True)

    def test_after_a_pull_the_shop_and_openerp_agree(self):
        chris = self.shop.record('contacts', 1)
        chris['addresses'][0]['street1'] = u'Οδός 🙂 ' * 100   # 800 characters: OpenERP keeps 128
        self.assertEqual(self.pull().state, 'done')
        before = self.bookkeeping()
        result, log = self.check()
        self.assertEqual((result['state'], result['differences']), ('done', 0),
                         [d.message for d in log.difference_ids])
        self.assertIn('Checked %d categories, %d products, %d contacts, %d orders' % tuple(
            len(self.shop.listings[r]) for r in ('categories', 'products', 'contacts', 'orders')), log.message)
        self.assertIn('agree', log.message)
        self.assertEqual(self.bookkeeping(), before)

    def test_planted_differences_are_each_reported_with_their_cure(self):
        self.assertEqual(self.pull().state, 'done')
        cr, uid = self.cr, self.uid
        # a product's price changed in OpenERP
        _, shirt = self.bound('products', 2)
        shirt.write({'list_price': 25.0})
        # the backend's pricelist quoting another price for product 4 (its item edited by hand)
        _, robot = self.bound('products', 4)
        item = self.registry('product.pricelist.item')
        item.write(cr, uid, item.search(cr, uid, [('product_tmpl_id', '=', robot.product_tmpl_id.id),
                                                  ('min_quantity', '=', 0)]), {'price_surcharge': 1.0})
        # a binding deleted: OpenERP no longer knows the shop's contact 3
        state, _ = self.bound('contacts', 3)
        state.unlink()
        # the shop changed an order's total
        order = self.shop.record('orders', 2)
        order['total'] = str(Decimal(order['total']) + 1)
        # an invoice the shop says is paid, unpaid in OpenERP: its payment cancelled
        paid = [o for o in self.shop.listings['orders'] if o['payments'] and o['id'] != 2
                and sum(Decimal(p['amount']) for p in o['payments']) >= Decimal(o['total'])][0]
        voucher_state, voucher = self.bound('payments', paid['payments'][0]['id'])
        voucher.journal_id.write({'update_posted': True})   # the journal allows cancelling entries
        voucher.cancel_voucher()
        # a product the shop deleted, still sold in OpenERP
        self.shop.listings['products'] = [p for p in self.shop.listings['products'] if p['id'] != 21]
        before = self.bookkeeping()

        result, log = self.check()
        self.assertEqual(result['state'], 'partial')
        self.assertEqual(self.differences(log), sorted([
            ('products', '2', 'price'), ('contacts', '3', 'sync state')] +
            [('products', str(i), 'quote') for i in (4, 18, 19, 20)] + [   # robot-attack and its variations
            ('orders', '2', 'total'),
            ('orders', str(paid['id']), 'amount paid'), ('products', '21', 'gone')]))
        by_what = dict((d.what, d) for d in log.difference_ids if d.satchmo_id not in ('18', '19', '20'))
        self.assertEqual((by_what['price'].shop_value, by_what['price'].openerp_value), ('19.5', '25.0'))
        self.assertIn('Retry', by_what['price'].message)
        self.assertEqual((by_what['quote'].shop_value, by_what['quote'].openerp_value), ('7.99', '8.99'))
        self.assertIn('Not in OpenERP', by_what['sync state'].message)
        self.assertIn('Full Re-scan', by_what['sync state'].message)
        self.assertIn('correct the sale order', by_what['total'].message)
        self.assertIn('register the missing payment', by_what['amount paid'].message)
        self.assertIn('archive it', by_what['gone'].message)
        self.assertEqual(self.bookkeeping(), before, 'the health check writes nothing but its report')

        # the cures: Retry takes the shop's price again
        self.pull('retry', retry_ids=[self.bound('products', 2)[0].id])
        self.assertEqual(self.bound('products', 2)[1].list_price, 19.5)
        self.assertNotIn(('products', '2', 'price'), self.differences(self.check()[1]))

    def test_a_shop_that_cannot_be_read_fails_the_check(self):
        self.pull()
        self.shop.error = (502, '<html>Bad Gateway</html>')
        result, log = self.check()
        self.assertEqual((result['state'], result['differences']), ('failed', 0))
        self.assertIn('HTTP 502', log.message)
