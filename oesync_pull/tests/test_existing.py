# -*- coding: utf-8 -*-
"""Records typed into OpenERP before the first pull: found, and under the default policy never cleared or
replaced; the shop's other values noted once on their chatter, prices in both currencies, nothing noted
where the shop says nothing; the shop's categories added to the product's; under "The shop is the master"
the shop's values win, as on the records the connector created."""
import datetime
from decimal import Decimal

from openerp.addons.oesync_pull.binder import Binder
from openerp.addons.oesync_pull.catalog_importer import ProductImporter
from openerp.addons.oesync_pull.environment import Environment
from openerp.addons.oesync_pull.existing import keep_existing
from openerp.addons.oesync_pull.lookups import Lookups
from openerp.addons.oesync_pull.mapper import cents

from .common import ShopTestCase, recording

CHRIS = {'name': 'Chris Smith', 'email': 'Chris@AOL.com', 'street': '12 Old Road', 'city': 'Oldtown',
         'zip': '99999', 'phone': '555-0000', 'comment': 'Pays by cheque, call first.', 'customer': True}
SHIRT = {'name': 'Python shirt (ours)', 'default_code': 'PY-Rocks', 'list_price': 25.0, 'type': 'product',
         'description_sale': 'Our own text', 'taxes_id': [(6, 0, [])]}


def money(value, currency):
    """An amount as the notes write it: to the cent, with the currency's code."""
    return '%s %s' % (cents(Decimal(str(value))), currency)


def row(label, ours, theirs):
    return '<li>%s: %s here, in the shop %s</li>' % (label, ours, theirs)


class AdoptionCase(ShopTestCase):
    """A partner, a company and a product users entered before the first pull."""
    resources = ('countries', 'categories', 'products', 'contacts')

    def setUp(self):
        super(AdoptionCase, self).setUp()
        cr, uid = self.cr, self.uid
        self.partner, self.product = self.registry('res.partner'), self.registry('product.product')
        self.chris = self.partner.create(cr, uid, dict(CHRIS))
        self.ronny = self.partner.create(cr, uid, {'name': 'Rhinestone Ronny', 'is_company': True,
                                                   'customer': True, 'supplier': False})
        self.category = self.registry('product.category').create(cr, uid, {'name': 'Our shirts'})
        self.shirt = self.product.create(cr, uid, dict(SHIRT, categ_id=self.category))
        self.company_currency = self.registry('res.users').browse(cr, uid, uid).company_id.currency_id.name

    def notes(self, model, res_id):
        return self.registry('mail.message').search(self.cr, self.uid, [
            ('model', '=', model), ('res_id', '=', res_id), ('subject', '=', 'Satchmo: the shop says otherwise')])

    def note(self, model, res_id):
        [note] = self.notes(model, res_id)
        return self.registry('mail.message').browse(self.cr, self.uid, note).body


class test_records_entered_before_the_first_pull(AdoptionCase):

    def test_what_users_entered_is_kept_and_the_shops_other_values_noted_once(self):
        log = self.pull()
        self.assertEqual(log.state, 'done', [f.message for f in log.failure_ids])
        state, chris = self.bound('contacts', 1)
        self.assertEqual((chris.id, state.adopted), (self.chris, True))
        for field, value in CHRIS.items():
            self.assertEqual(chris[field], value, field)
        [billing] = [c for c in chris.child_ids if c.type == 'invoice']
        self.assertEqual((billing.street, billing.city, billing.zip), ('8235 Pike Street', 'Anywhere Town', '38138'),
                         "the shop's address: another address of the partner")
        self.assertEqual(self.bound('addresses', 1)[1].id, billing.id)
        contact = self.shop.record('contacts', 1)
        body = self.note('res.partner', self.chris)
        self.assertIn(row('Phone', CHRIS['phone'], contact['phones'][0]['phone']), body)
        self.assertIn(row('Notes', CHRIS['comment'], contact['notes']), body)

        _, ronny = self.bound('organizations', 1)
        self.assertEqual((ronny.id, ronny.customer, ronny.supplier), (self.ronny, True, True),
                         'flags are only ever switched on')

        state, shirt = self.bound('products', 2)
        self.assertEqual((shirt.id, state.adopted), (self.shirt, True))
        self.assertEqual((shirt.name, shirt.categ_id.id, shirt.list_price, shirt.type, shirt.description_sale),
                         ('Python shirt (ours)', self.category, 25.0, 'product', 'Our own text'))
        self.assertEqual(shirt.satchmo_price, 19.5, "the shop's price is kept where the connector keeps it")
        pricelist = self.backend_obj.browse(self.cr, self.uid, self.backend_id).pricelist_id.id
        self.assertEqual(self.registry('product.pricelist').price_get(
            self.cr, self.uid, [pricelist], self.shirt, 1)[pricelist], 19.5, 'the shop pricelist quotes the shop')
        record = self.shop.record('products', 2)
        shop_categories = [self.bound('categories', c)[1].id for c in record['category_ids']]
        self.assertTrue(shop_categories)
        self.assertEqual(set(c.id for c in shirt.categ_ids), set(shop_categories),
                         "the product shows under the shop's categories, its main one kept")
        body = self.note('product.product', self.shirt)
        self.assertIn(row('Sale Price', money(SHIRT['list_price'], self.company_currency),
                          money(record['unit_price'], self.company_currency)), body,
                      'one currency: no conversion to tell')
        self.assertIn(row('Name', SHIRT['name'], record['name']), body)
        self.assertEqual(record['short_description'], '')
        self.assertNotIn('Sale Description', body, 'the shop says nothing: no difference')
        self.assertNotIn('Category', body, "the shop's category is on the product: nothing to tell")

        # the shop changes something else: imported again, the same differences are not noted twice
        retry = [self.bound('contacts', 1)[0].id, self.bound('products', 2)[0].id]
        self.assertEqual(self.pull('retry', retry_ids=retry).state, 'done')
        self.assertEqual((len(self.notes('res.partner', self.chris)), len(self.notes('product.product', self.shirt))),
                         (1, 1))
        self.assertEqual(len([c for c in self.partner.browse(self.cr, self.uid, self.chris).child_ids
                              if c.type == 'invoice']), 1, 'the shop address is added once')
        self.assertEqual(self.partner.browse(self.cr, self.uid, self.chris).street, '12 Old Road')
        self.assertEqual(len(self.product.browse(self.cr, self.uid, self.shirt).categ_ids), len(shop_categories))

        # a shop deletion never archives what OpenERP had before
        self.shop.listings['products'] = [p for p in self.shop.listings['products'] if p['id'] != 2]
        self.pull('full', resources=['products'])
        self.assertTrue(self.product.browse(self.cr, self.uid, self.shirt).active)

    def test_what_the_shop_leaves_empty_is_no_difference(self):
        contact = self.shop.record('contacts', 1)
        contact['phones'], contact['notes'] = [], ''
        self.assertEqual(self.pull().state, 'done')
        chris = self.partner.browse(self.cr, self.uid, self.chris)
        self.assertEqual((chris.phone, chris.comment), (CHRIS['phone'], CHRIS['comment']))
        self.assertEqual(self.notes('res.partner', self.chris), [], 'the shop says nothing different')

    def test_a_variants_price_extra_in_the_shops_terms(self):
        cr, uid = self.cr, self.uid
        variation = next(r for r in self.shop.listings['products'] if r['parent_id'] and not r['prices']
                         and any(o['price_change'] for o in r['options']))
        parent = self.shop.record('products', variation['parent_id'])
        template = self.product.browse(cr, uid, self.product.create(cr, uid, {
            'name': 'Ours', 'default_code': parent['slug'], 'list_price': 1.0})).product_tmpl_id.id
        shop_extra = sum(Decimal(o['price_change'] or 0) for o in variation['options'])
        ours = float(shop_extra) + 3
        variant = self.product.create(cr, uid, {'product_tmpl_id': template, 'default_code': variation['slug'],
                                                'price_extra': ours})
        self.assertEqual(self.pull('full', resources=['countries', 'categories', 'products']).state, 'done')
        state, product = self.bound('products', variation['id'])
        self.assertEqual((product.id, state.adopted, product.price_extra), (variant, True, ours))
        self.assertIn(row('Variant Price Extra', money(ours, self.company_currency),
                          money(shop_extra, self.company_currency)), self.note('product.product', variant))

    def test_the_differences_are_told_before_anything_is_written(self):
        """What a preview asks: the differences a pull would note, as display text, nothing written."""
        cr, uid = self.cr, self.uid
        self.assertEqual(self.pull('full', resources=['countries', 'categories']).state, 'done')
        backend = self.backend_obj.browse(cr, uid, self.backend_id)
        env = Environment(cr, self.backend_obj.pool, backend, meta=recording('meta')['body'])
        binder = Binder(env)
        importer = ProductImporter(env, binder, Lookups(env, binder), self.registry('satchmo.mapper'))
        record = self.shop.record('products', 2)
        fields = ['name', 'list_price', 'description_sale', 'categ_id', 'categ_ids', 'taxes_id', 'default_code']
        before = self.product.read(cr, uid, [self.shirt], fields)
        kept, differences = keep_existing(importer, record, self.shirt, importer.map(record))
        self.assertEqual(self.product.read(cr, uid, [self.shirt], fields), before)
        self.assertEqual(self.notes('product.product', self.shirt), [])
        self.assertTrue(differences)
        for difference in differences:
            self.assertEqual(len(difference), 3)
            self.assertTrue(all(isinstance(t, basestring) and t for t in difference), difference)
        self.assertIn(('Sale Price', money(SHIRT['list_price'], self.company_currency),
                       money(record['unit_price'], self.company_currency)), differences)
        self.assertEqual(kept.get('categ_ids'),
                         [(4, self.bound('categories', c)[1].id) for c in record['category_ids']])
        self.assertNotIn('categ_id', kept)

        self.assertEqual(self.pull('full', resources=['products']).state, 'done')
        body = self.note('product.product', self.shirt)
        self.assertEqual(body.count('<li>'), len(differences), 'the pull notes what it told')
        for label, ours, theirs in differences:
            self.assertIn(row(label, ours, theirs), body)

    def test_the_shop_is_the_master_when_the_backend_says_so(self):
        self.backend_obj.write(self.cr, self.uid, [self.backend_id], {'existing_policy': 'shop'})
        self.assertEqual(self.pull().state, 'done')
        chris = self.partner.browse(self.cr, self.uid, self.chris)
        self.assertEqual((chris.street, chris.phone, chris.comment), ('8235 Pike Street', '601-555-5511',
                                                                      'Really cool stuff'))
        shirt = self.product.browse(self.cr, self.uid, self.shirt)
        self.assertEqual((shirt.name, shirt.list_price), ('Python Rocks shirt', 19.5))
        self.assertEqual(self.notes('res.partner', self.chris), [])


class test_prices_found_in_a_company_in_another_currency(AdoptionCase):
    """The recorded USD shop, a EUR company: a price difference says OpenERP's price in EUR, the shop's in
    USD, and the shop's in EUR as the pull converted it, at the rate of its date."""
    resources = ('countries', 'categories', 'products')
    RATE = Decimal('1.5289')   # USD for 1 EUR
    RATE_DAY = (datetime.date.today() - datetime.timedelta(days=10)).isoformat()

    def setUp(self):
        super(test_prices_found_in_a_company_in_another_currency, self).setUp()
        cr, uid, ref = self.cr, self.uid, self.registry('ir.model.data').get_object_reference
        eur, usd = ref(cr, uid, 'base', 'EUR')[1], ref(cr, uid, 'base', 'USD')[1]
        self.registry('res.users').browse(cr, uid, uid).company_id.write({'currency_id': eur})
        rate = self.registry('res.currency.rate')
        rate.unlink(cr, uid, rate.search(cr, uid, [('currency_id', 'in', (eur, usd))]))
        tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
        for currency_id, day, value in ((eur, '2000-01-01', 1), (usd, '2000-01-01', 1.1),
                                        (usd, self.RATE_DAY, float(self.RATE)), (usd, tomorrow, 1.9)):
            rate.create(cr, uid, {'currency_id': currency_id, 'name': day, 'rate': value})
        pricelist = self.registry('product.pricelist').create(cr, uid, {
            'name': 'Shop USD', 'type': 'sale', 'currency_id': usd})
        self.backend_obj.write(cr, uid, [self.backend_id], {'pricelist_id': pricelist})

    def test_a_price_difference_names_both_currencies(self):
        self.assertEqual(self.pull().state, 'done')
        record = self.shop.record('products', 2)
        shop_price = Decimal(record['unit_price'])
        converted = '%s at the rate of %s' % (money(shop_price / self.RATE, 'EUR'), self.RATE_DAY)
        self.assertIn(row('Sale Price', money(SHIRT['list_price'], 'EUR'),
                          '%s (%s)' % (money(shop_price, 'USD'), converted)), self.note('product.product', self.shirt))
        shirt = self.product.browse(self.cr, self.uid, self.shirt)
        self.assertEqual((shirt.list_price, shirt.satchmo_price), (SHIRT['list_price'], float(shop_price)))
