# -*- coding: utf-8 -*-
"""Bad shop data: each case ends in a correct booking, or in a failure of that record alone whose sync
state says what is wrong in the shop and what to do; the rest of the run goes through."""
import copy
from decimal import Decimal

from .common import ShopTestCase

GREEK, JAPANESE, EMOJI = u'Ελένη', u'山田 太郎', u'🙂'
LONG = 10000


def long_text(prefix):
    """A 10,000-character text of non-Latin letters and emoji."""
    return (prefix + u' Ελληνικά 日本語 🙂' * LONG)[:LONG]


class test_bad_data(ShopTestCase):

    # -- the shop's records, changed ---------------------------------------

    def put(self, resource, record):
        """The record (new id or changed copy) in the shop's full listing."""
        rows = [r for r in self.shop.listings[resource] if r['id'] != record['id']]
        self.shop.listings[resource] = sorted(rows + [record], key=lambda r: r['id'])
        return record

    def product(self, shop_id, **changes):
        record = copy.deepcopy(self.shop.record('products', 2))   # PY-Rocks: 19.50, not taxable, no SKU
        record.update(dict({'id': shop_id, 'slug': 'bad-data-%s' % shop_id}, **changes))
        return self.put('products', record)

    def contact(self, shop_id, email=None, **address):
        record = copy.deepcopy(self.shop.record('contacts', 1))   # Chris Smith, Tennessee
        record.update(id=shop_id, email=email or 'contact%s@example.com' % shop_id)
        for a in record['addresses']:
            a.update(address, id=shop_id)
        for p in record['phones']:
            p['id'] = shop_id
        return self.put('contacts', record)

    def order(self, shop_id, **changes):
        """A copy of order 5: customer 2, New, 2 x PY-Rocks at 19.50 = 39.00, no tax, no shipping, unpaid."""
        record = copy.deepcopy(self.shop.record('orders', 5))
        record.update(id=shop_id, **changes)
        for item in record['items']:
            item['id'] = shop_id * 10
        return self.put('orders', record)

    def item(self, shop_id, product_id=3, quantity='1', unit_price='5'):
        quantity, unit_price = Decimal(quantity), Decimal(unit_price)
        return {'id': shop_id, 'product_id': product_id, 'sku': None, 'description': 'A really neat book',
                'details': [], 'quantity': str(quantity), 'unit_price': str(unit_price),
                'line_item_price': str(quantity * unit_price), 'discount': '0', 'tax': '0', 'unit_tax': '0'}

    def payment(self, shop_id, paid, method='DUMMY'):
        return {'id': shop_id, 'amount': paid, 'method': method, 'time_stamp': None,
                'transaction_id': 'BAD-%s' % shop_id}

    # -- what became of them -------------------------------------------------

    def synced(self, resource, shop_id):
        state, record = self.bound(resource, shop_id)
        self.assertEqual(state.state, 'synced', '%s %s: %s' % (resource, shop_id, state.error))
        return record

    def failed(self, resource, shop_id, *phrases):
        """The record failed, and its sync state says why and what to do (each phrase)."""
        state, record = self.bound(resource, shop_id)
        self.assertEqual(state.state, 'failed', '%s %s is %s' % (resource, shop_id, state.state))
        self.assertNotIn('Unexpected error', state.error)
        for phrase in phrases:
            self.assertIn(phrase, state.error)
        return state, record

    def assertRecordedImported(self, log, resources=('products', 'contacts', 'orders')):
        """The shop's own records went through beside the bad ones."""
        for resource in resources:
            for record in self.shop.listings[resource]:
                if record['id'] < 100:
                    state, _ = self.bound(resource, record['id'])
                    self.assertIn(state.state, ('synced', 'skipped'), '%s %s: %s' % (resource, record['id'],
                                                                                     state.error))
        self.assertIn(log.state, ('done', 'partial'), log.message)

    # -- 1. non-Latin scripts, emoji, 10,000-character texts ---------------

    def test_non_latin_names_emoji_and_long_texts_are_booked(self):
        self.product(100, name=u'%s %s %s shirt' % (GREEK, JAPANESE, EMOJI), sku=u'ΕΛ-%s' % EMOJI,
                     description=long_text(u'Περιγραφή'))
        contact = self.contact(100, email=u'eleni@παράδειγμα.gr', street1=long_text(u'Οδός'), city=u'東京')
        contact.update(first_name=GREEK, last_name=u'%s %s' % (JAPANESE, EMOJI), notes=long_text(u'備考'))
        order = self.order(100, contact_id=100, notes=long_text(EMOJI))
        order['items'][0].update(product_id=100, description=u'%s %s shirt' % (GREEK, EMOJI))
        order['bill_address'] = dict((k, v) for k, v in contact['addresses'][0].items() if k in order['bill_address'])
        order['bill_address']['addressee'] = u'%s %s' % (JAPANESE, EMOJI)
        log = self.pull()
        self.assertEqual(log.state, 'done', [f.message for f in log.failure_ids])
        self.assertRecordedImported(log)

        shirt = self.synced('products', 100)
        self.assertEqual((shirt.name, shirt.default_code), (u'Ελένη 山田 太郎 🙂 shirt', u'ΕΛ-🙂'))
        self.assertEqual(shirt.description, long_text(u'Περιγραφή'), 'a text field keeps all 10,000 characters')
        eleni = self.synced('contacts', 100)
        self.assertEqual((eleni.name, eleni.email, eleni.city), (u'Ελένη 山田 太郎 🙂', u'eleni@παράδειγμα.gr', u'東京'))
        self.assertEqual(eleni.comment, long_text(u'備考'))
        self.assertEqual(eleni.street, long_text(u'Οδός')[:128], "a street keeps OpenERP's 128 characters")
        so = self.synced('orders', 100)
        self.assertEqual((so.partner_id.id, so.note, so.amount_total), (eleni.id, long_text(EMOJI), 39.0))
        self.assertEqual(so.partner_invoice_id.id, eleni.id, 'the same (long) address: the customer itself')
        self.assertEqual(so.order_line[0].name, u'Ελένη 🙂 shirt')
        self.assertEqual(so.invoice_ids[0].state, 'open')

    # -- 2. missing or unknown countries and states ------------------------

    def test_unknown_countries_fail_the_record_missing_ones_and_unknown_states_do_not(self):
        self.contact(101, country='XX')
        self.contact(102, country='', state='')
        self.contact(103, country='US', state='Nowhere Land')
        self.contact(104, country='', state='TN')
        self.order(101, bill_address=dict(self.shop.record('orders', 5)['bill_address'], country='XX'))
        self.order(102, ship_address=dict(self.shop.record('orders', 5)['ship_address'], country='', state=''))
        log = self.pull()
        self.assertEqual(log.state, 'partial')
        self.assertRecordedImported(log)
        self.failed('contacts', 101, "Country 'XX' is not in OpenERP", 'correct the address in the shop',
                    'add it under Sales > Configuration > Address Book > Localization > Countries')
        self.assertFalse(self.synced('contacts', 102).country_id, 'no country: an address without one')
        nowhere = self.synced('contacts', 103)
        self.assertEqual((nowhere.country_id.code, nowhere.state_id.name), ('US', 'Nowhere Land'),
                         "a state OpenERP lacks is added to the country, as the shop's regions are")
        no_country = self.synced('contacts', 104)
        self.assertEqual((no_country.country_id.id, no_country.state_id.id), (False, False))
        self.failed('orders', 101, "Country 'XX' is not in OpenERP", 'correct the address in the shop')
        so = self.synced('orders', 102)
        self.assertEqual((so.partner_shipping_id.country_id.id, so.amount_total), (False, 39.0))
        self.assertEqual(self.counts(log)['contacts']['failed'], 1)
        self.assertEqual(self.counts(log)['orders']['failed'], 1)

    # -- 3. one SKU for two products, a product without SKU or name --------

    def test_products_sharing_a_sku_stay_apart_and_a_nameless_product_gets_a_name(self):
        self.product(101, sku='DUP-1', name='Shirt, red', unit_price='10', prices=[])
        self.product(102, sku='DUP-1', name='Shirt, blue', unit_price='12', prices=[])
        self.product(103, sku=None, slug=None, name='')
        self.product(104, sku='', name=None)
        products = self.registry('product.product')
        products.create(self.cr, self.uid, {'name': 'Entered by hand, no code'})
        names = lambda: dict((p['id'], p['name']) for p in products.read(
            self.cr, self.uid, products.search(self.cr, self.uid, [], context={'active_test': False}), ['name']))
        before = names()
        log = self.pull('full', resources=['products'])
        self.assertEqual(log.state, 'done', [f.message for f in log.failure_ids])
        red, blue = self.synced('products', 101), self.synced('products', 102)
        self.assertNotEqual(red.id, blue.id, 'two shop products are two OpenERP products')
        self.assertEqual([(p.default_code, p.name, p.list_price) for p in (red, blue)],
                         [('DUP-1', 'Shirt, red', 10.0), ('DUP-1', 'Shirt, blue', 12.0)])
        nameless = self.synced('products', 103)
        self.assertEqual((nameless.name, nameless.default_code), ('Satchmo product 103', False))
        self.assertEqual(self.synced('products', 104).name, 'bad-data-104', 'no name: its slug')
        after = names()
        self.assertEqual(dict((i, after[i]) for i in before), before,
                         'a product without a code is never matched to one of OpenERP without one')
        self.assertEqual(self.counts(log)['products']['created'], 26)

    # -- 4. zero and negative quantities, zero prices ----------------------

    def test_a_zero_price_is_booked_and_a_zero_or_negative_quantity_is_a_clear_failure(self):
        free = self.order(103)
        free['items'].append(self.item(1031, unit_price='0'))
        nothing = self.order(104)
        nothing['items'].append(self.item(1041, quantity='0'))
        returned = self.order(105, sub_total='34', total='34')
        returned['items'].append(self.item(1051, quantity='-1'))
        log = self.pull()
        self.assertEqual(log.state, 'partial')
        self.assertRecordedImported(log)
        so = self.synced('orders', 103)
        self.assertEqual(sorted((l.product_uom_qty, l.price_unit) for l in so.order_line), [(1.0, 0.0), (2.0, 19.5)])
        self.assertEqual((so.amount_total, so.invoice_ids[0].amount_total), (39.0, 39.0))
        for shop_id, quantity in ((104, '0'), (105, '-1')):
            state, so = self.failed('orders', shop_id, 'item %s1 has quantity %s' % (shop_id, quantity),
                                    'correct the item in the shop')
            self.assertFalse(so, 'nothing is booked of it')
        self.assertEqual(self.counts(log)['orders']['failed'], 2)

    # -- 5. items of deleted products, an order without items ---------------

    def test_items_of_deleted_products_are_booked_and_an_order_without_items_fails(self):
        self.pull()   # then the shop deletes product 20 (Robots Attack! On tape)
        self.shop.listings['products'] = [p for p in self.shop.listings['products'] if p['id'] != 20]
        gone = self.order(106)
        gone['items'][0].update(product_id=999, description='Python Rocks shirt (old style)')
        null = self.order(107)
        null['items'][0].update(product_id=None, description=None, sku=None)
        archived = self.order(108, sub_total='38.97', total='38.97')   # 3 x Robots Attack! (On tape)
        archived['items'][0].update(product_id=20, quantity='3', unit_price='12.99', line_item_price='38.97')
        self.order(109, items=[])
        log = self.pull()
        self.assertEqual(log.state, 'partial')
        self.assertRecordedImported(log)
        so = self.synced('orders', 106)
        [line] = so.order_line
        self.assertEqual((line.product_id.id, line.name, line.product_uom_qty, line.price_unit),
                         (False, 'Python Rocks shirt (old style)', 2.0, 19.5))
        self.assertEqual((so.amount_total, so.invoice_ids[0].amount_total), (39.0, 39.0))
        so = self.synced('orders', 107)
        self.assertEqual((so.order_line[0].product_id.id, so.order_line[0].name), (False, 'Item 1070'))
        self.assertEqual(so.amount_total, 39.0)
        state, tape = self.bound('products', 20)
        self.assertTrue(state.deleted)
        so = self.synced('orders', 108)
        self.assertEqual((so.order_line[0].product_id.id, so.amount_total), (tape.id, 38.97),
                         'a product deleted after its import: its archived product')
        self.failed('orders', 109, 'Order 109 has no items', 'Add its items in the shop, or cancel the order there')
        self.assertEqual(self.counts(log)['orders']['failed'], 1)

    # -- 6. contacts without address or email, sharing an email -------------

    def test_contacts_without_address_or_email_and_contacts_sharing_an_email(self):
        bare = self.contact(110)
        bare.update(email=None, addresses=[], phones=[], first_name='Ann', last_name='Onymous')
        christina = self.contact(111, email='chris@aol.com')
        christina.update(first_name='Christina')
        self.contact(112, email='Chris@AOL.com')   # Chris Smith once more
        log = self.pull('full', resources=['countries', 'contacts'])
        self.assertEqual(log.state, 'done', [f.message for f in log.failure_ids])
        ann = self.synced('contacts', 110)
        self.assertEqual((ann.name, ann.email, ann.street, ann.country_id.id, ann.customer),
                         ('Ann Onymous', False, False, False, True))
        chris = self.synced('contacts', 1)
        self.assertNotEqual(self.synced('contacts', 111).id, chris.id, 'another name: a partner of her own')
        self.assertEqual(self.synced('contacts', 112).id, chris.id, 'same email and name: the same customer')
        order = self.order(110, contact_id=110)
        log = self.pull()
        self.assertEqual(log.state, 'done', [f.message for f in log.failure_ids])
        so = self.synced('orders', 110)
        self.assertEqual((so.partner_id.id, so.partner_invoice_id.parent_id.id, so.partner_invoice_id.street),
                         (ann.id, ann.id, order['bill_address']['street1']), 'the order brings its addresses')

    # -- 7. payments: too large, negative, unknown method ------------------

    def test_an_overpayment_is_booked_a_refund_is_flagged_an_unknown_method_fails_clearly(self):
        self.order(120, payments=[self.payment(1200, '100')])
        self.order(121, payments=[self.payment(1210, '39'), self.payment(1211, '-5')])
        self.order(122, payments=[self.payment(1220, '39', 'BITCOIN')])
        log = self.pull()
        self.assertEqual(log.state, 'partial')
        self.assertRecordedImported(log)

        so = self.synced('orders', 120)
        invoice = so.invoice_ids[0]
        self.assertEqual((invoice.state, invoice.residual), ('paid', 0.0))
        _, voucher = self.bound('payments', 1200)
        self.assertEqual((voucher.state, voucher.amount), ('posted', 100.0))
        credit = [l for l in voucher.move_id.line_id if l.account_id.id == invoice.account_id.id and not l.reconcile_id]
        self.assertEqual([(l.credit, l.partner_id.id) for l in credit], [(61.0, so.partner_id.id)],
                         "what exceeds the invoice stays the customer's credit")

        state, so = self.bound('orders', 121)
        self.assertEqual(state.state, 'skipped', 'flagged for a person, not retried: the shop will not change it')
        for phrase in ('The shop paid back 5 (negative payment(s) 1211)', 'Book it by hand (a credit note'):
            self.assertIn(phrase, state.error)
        self.assertEqual(so.satchmo_review, state.error, 'the sale order says it too')
        self.assertEqual((so.invoice_ids[0].state, self.bound('payments', 1210)[0].state), ('paid', 'synced'),
                         'the rest of the order is booked')

        state, so = self.failed('orders', 122, "Payment method 'BITCOIN' has no journal",
                                'add it under Sales > Configuration > Satchmo > Backends')
        self.assertEqual((so.state, so.invoice_ids[0].state), ('progress', 'open'), 'invoiced, not paid')

    # -- 8. outside every fiscal year -----------------------------------------

    def test_an_order_outside_every_fiscal_year_stops_at_invoicing(self):
        self.order(130, time_stamp='1999-06-15T10:00:00')
        log = self.pull()
        self.assertEqual(log.state, 'partial')
        self.assertRecordedImported(log)
        state, so = self.failed('orders', 130, 'stopped at invoicing', 'No accounting period for 1999-06-15',
                                'create the fiscal year and its periods under Accounting > Configuration > Periods')
        self.assertEqual((so.date_order, so.state, so.invoice_ids), ('1999-06-15', 'manual', []),
                         'confirmed; nothing of the failed invoice is kept')
        self.assertEqual(self.counts(log)['orders']['failed'], 1)

        # the cure: the fiscal year, then a retry books the order on from where it stopped
        cr, uid = self.cr, self.uid
        years = self.registry('account.fiscalyear')
        year = years.create(cr, uid, {'name': '1999', 'code': '1999', 'date_start': '1999-01-01',
                                      'date_stop': '1999-12-31', 'company_id': so.company_id.id})
        years.create_period(cr, uid, [year])
        log = self.pull('retry', retry_ids=[state.id])
        self.assertEqual(log.state, 'done', [f.message for f in log.failure_ids])
        so = self.synced('orders', 130)
        self.assertEqual([(i.date_invoice, i.period_id.fiscalyear_id.id, i.state) for i in so.invoice_ids],
                         [('1999-06-15', year, 'open')])
