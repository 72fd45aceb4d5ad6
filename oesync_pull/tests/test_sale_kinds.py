# -*- coding: utf-8 -*-
"""Kinds of Satchmo sale on the recorded shop: what is goods and what a service, gift certificates as a
debt (Set Up from the Shop makes their account and journal), price tiers as pricelists of their
customers. The cross-system tests/test_sale_kinds.py books the real orders of each kind."""
from .common import ShopTestCase

CERTIFICATES = {'product_ids': [2], 'outstanding': '0.00', 'open': 0, 'sold': '0.00', 'used': '0.00'}
WHOLESALE = {'id': 1, 'title': 'Wholesale', 'group': 'Wholesale', 'discount_percent': '10.00'}


class test_sale_kinds(ShopTestCase):
    resources = ['countries', 'categories', 'products', 'contacts']

    def setUp(self):
        super(test_sale_kinds, self).setUp()
        cr, uid = self.cr, self.uid
        tax_account = self.registry('account.account').search(cr, uid, [('code', '=', '255000')])[0]
        self.backend_obj.write(cr, uid, [self.backend_id], {'tax_account_id': tax_account})

    def test_only_shipped_goods_are_consumables(self):
        kinds = {2: ('download', False, 'DEFAULT'), 21: ('subscription', False, 'YES'),
                 22: ('gift_certificate', False, 'DEFAULT'), 3: ('goods', False, 'NO'),
                 1: ('goods', False, 'DEFAULT')}   # a custom product shipped later
        for shop_id, (kind, shippable, shipclass) in kinds.items():
            self.shop.record('products', shop_id).update(kind=kind, shippable=shippable, shipclass=shipclass)
        self.shop.setup['gift_certificates'] = dict(CERTIFICATES, product_ids=[22])
        self.backend_obj.action_setup_from_shop(self.cr, self.uid, [self.backend_id])
        log = self.pull()
        self.assertEqual(log.state, 'done', [f.message for f in log.failure_ids][:2])
        types = dict((shop_id, self.bound('products', shop_id)[1].type) for shop_id in kinds)
        self.assertEqual(types, {2: 'service', 21: 'service', 22: 'service', 3: 'service', 1: 'consu'})
        # an export that does not say the kind: the shipping class alone, as before
        record = self.shop.record('products', 2)
        del record['kind'], record['shippable']
        record['shipclass'] = 'YES'
        record['name'] += ' (older export)'
        self.pull()
        self.assertEqual(self.bound('products', 2)[1].type, 'consu')

    def test_a_certificate_is_sold_on_the_liability_that_set_up_creates(self):
        cr, uid = self.cr, self.uid
        self.shop.record('products', 2).update(kind='gift_certificate', shippable=False)
        self.shop.setup['gift_certificates'] = CERTIFICATES
        log = self.pull()
        self.assertEqual(self.counts(log)['products']['failed'], 1)
        state, _ = self.bound('products', 2)
        self.assertIn('Gift Certificates Outstanding account, which is not set. Run Set Up from the Shop',
                      state.error)

        accounts = self.registry('account.account').search(cr, uid, [], count=True)
        self.backend_obj.action_setup_from_shop(cr, uid, [self.backend_id])
        backend = self.backend_obj.browse(cr, uid, self.backend_id)
        account = backend.gift_certificate_account_id
        self.assertEqual((account.name, account.type, account.user_type.report_type),
                         ('Gift Certificates Outstanding', 'other', 'liability'))
        [journal] = [m.journal_id for m in backend.payment_map_ids if m.method == 'GIFTCERTIFICATE']
        self.assertEqual((journal.default_debit_account_id, journal.default_credit_account_id), (account, account))
        self.backend_obj.action_setup_from_shop(cr, uid, [self.backend_id])
        self.assertEqual(self.registry('account.account').search(cr, uid, [], count=True), accounts + 1,
                         'one account, never two')
        self.assertEqual(len([m for m in backend.payment_map_ids if m.method == 'GIFTCERTIFICATE']), 1)

        self.pull()
        state, product = self.bound('products', 2)
        self.assertEqual((state.state, product.type, product.property_account_income), ('synced', 'service', account))

    def test_an_earlier_bank_journal_of_gift_certificates_is_replaced(self):
        cr, uid = self.cr, self.uid
        self.shop.setup.update(gift_certificates=None, payment_methods=self.shop.setup['payment_methods'] + [
            {'method': 'GIFTCERTIFICATE', 'payments': 2}])
        self.backend_obj.action_setup_from_shop(cr, uid, [self.backend_id])   # an export that did not say
        backend = self.backend_obj.browse(cr, uid, self.backend_id)
        [bank] = [m.journal_id for m in backend.payment_map_ids if m.method == 'GIFTCERTIFICATE']
        self.assertEqual(bank.default_debit_account_id.type, 'liquidity')
        self.shop.setup['gift_certificates'] = dict(CERTIFICATES, product_ids=[])   # in use: paid with
        self.backend_obj.action_setup_from_shop(cr, uid, [self.backend_id])
        backend = self.backend_obj.browse(cr, uid, self.backend_id)
        [journal] = [m.journal_id for m in backend.payment_map_ids if m.method == 'GIFTCERTIFICATE']
        self.assertEqual(journal.default_debit_account_id, backend.gift_certificate_account_id)

    def test_a_tier_customer_is_quoted_the_tier_price_at_every_quantity(self):
        cr, uid = self.cr, self.uid
        self.shop.setup['pricing_tiers'] = [WHOLESALE]
        self.shop.record('products', 2)['tiered_prices'] = [
            {'id': 1, 'tier_id': 1, 'price': '15.00', 'quantity': '1', 'expires': None},
            {'id': 2, 'tier_id': 1, 'price': '12.00', 'quantity': '10', 'expires': None},
            {'id': 3, 'tier_id': 1, 'price': '1.00', 'quantity': '50', 'expires': '2001-01-01'}]
        self.shop.record('products', 4)['tiered_prices'] = [
            {'id': 4, 'tier_id': 1, 'price': '6.00', 'quantity': '1', 'expires': None}]
        contact = self.shop.listings['contacts'][0]
        contact['pricing_tier_ids'] = [1]
        self.assertEqual(self.pull().state, 'done')
        partner = self.bound('contacts', contact['id'])[1]
        pricelist = partner.property_product_pricelist
        backend = self.backend_obj.browse(cr, uid, self.backend_id)
        self.assertEqual((pricelist.satchmo_tier_id, pricelist.currency_id, pricelist.name),
                         (1, backend.pricelist_id.currency_id, '%s - Wholesale' % backend.pricelist_id.name))
        quote = lambda pricelist_id, shop_id, quantity: round(self.registry('product.pricelist').price_get(
            cr, uid, [pricelist_id], self.bound('products', shop_id)[1].id, quantity, partner.id)[pricelist_id], 2)
        self.assertEqual([quote(pricelist.id, 2, q) for q in (1, 5, 10, 12, 60)], [15.0, 15.0, 12.0, 12.0, 12.0])
        self.assertEqual([quote(backend.pricelist_id.id, 2, q) for q in (1, 10)], [19.5, 19.5], 'retail unchanged')
        # a variation without tiered prices of its own: its configurable product's, options or not
        self.assertEqual([quote(pricelist.id, shop_id, 1) for shop_id in (18, 19)], [6.0, 6.0])
        # no tiered price: the retail price less the tier's discount
        self.assertEqual(quote(pricelist.id, 16, 1), 5.4)

        contact['pricing_tier_ids'] = []
        self.pull()
        self.assertEqual(self.bound('contacts', contact['id'])[1].property_product_pricelist, backend.pricelist_id)
        WHOLESALE_LESS = dict(WHOLESALE, discount_percent='20.00')
        self.shop.setup['pricing_tiers'] = [WHOLESALE_LESS]
        contact['pricing_tier_ids'] = [1]
        self.pull()
        self.assertEqual(self.bound('contacts', contact['id'])[1].property_product_pricelist, pricelist)
        self.assertEqual(quote(pricelist.id, 16, 1), 4.8, 'the tier\'s discount brought up to date')

    def test_the_health_check_compares_the_certificates_liability_with_the_shop(self):
        cr, uid = self.cr, self.uid
        differences = self.registry('satchmo.health.difference')

        def gift_differences():
            [result] = self.backend_obj.health_check(cr, uid, [self.backend_id], commit=False)
            return differences.browse(cr, uid, differences.search(cr, uid, [('log_id', '=', result['log_id']),
                                                                            ('what', '=', 'gift certificates')]))
        self.shop.setup['gift_certificates'] = dict(CERTIFICATES, outstanding='50.00', open=1, sold='50.00')
        [missing] = gift_differences()
        self.assertIn('has no Gift Certificates Outstanding account: run Set Up from the Shop', missing.message)
        self.backend_obj.action_setup_from_shop(cr, uid, [self.backend_id])
        [differs] = gift_differences()
        self.assertEqual((differs.shop_value, differs.openerp_value), ('50.00', '0.00'))
        self.shop.setup['gift_certificates'] = CERTIFICATES
        self.assertFalse(gift_differences())
        # a module merely installed: no account, no difference
        self.backend_obj.write(cr, uid, [self.backend_id], {'gift_certificate_account_id': False})
        self.shop.setup['gift_certificates'] = dict(CERTIFICATES, product_ids=[])
        self.assertFalse(gift_differences())
        self.backend_obj.action_setup_from_shop(cr, uid, [self.backend_id])
        self.assertFalse(self.backend_obj.browse(cr, uid, self.backend_id).gift_certificate_account_id)
