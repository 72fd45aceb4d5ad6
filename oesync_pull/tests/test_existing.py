# -*- coding: utf-8 -*-
"""Records typed into OpenERP before the first pull: found, and under the default policy never cleared or
replaced; the shop's other values noted once on their chatter; under "The shop is the master" the shop's
values win, as on the records the connector created."""
from .common import ShopTestCase

CHRIS = {'name': 'Chris Smith', 'email': 'Chris@AOL.com', 'street': '12 Old Road', 'city': 'Oldtown',
         'zip': '99999', 'phone': '555-0000', 'comment': 'Pays by cheque, call first.', 'customer': True}


class test_records_entered_before_the_first_pull(ShopTestCase):
    resources = ('countries', 'categories', 'products', 'contacts')

    def setUp(self):
        super(test_records_entered_before_the_first_pull, self).setUp()
        cr, uid = self.cr, self.uid
        self.partner, self.product = self.registry('res.partner'), self.registry('product.product')
        self.chris = self.partner.create(cr, uid, dict(CHRIS))
        self.ronny = self.partner.create(cr, uid, {'name': 'Rhinestone Ronny', 'is_company': True,
                                                   'customer': True, 'supplier': False})
        category = self.registry('product.category').create(cr, uid, {'name': 'Our shirts'})
        self.shirt = self.product.create(cr, uid, {
            'name': 'Python shirt (ours)', 'default_code': 'PY-Rocks', 'categ_id': category, 'list_price': 25.0,
            'type': 'product', 'description_sale': 'Our own text', 'taxes_id': [(6, 0, [])]})
        self.category = category

    def notes(self, model, res_id):
        return self.registry('mail.message').search(self.cr, self.uid, [
            ('model', '=', model), ('res_id', '=', res_id), ('subject', '=', 'Satchmo: the shop says otherwise')])

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
        [note] = self.notes('res.partner', self.chris)
        body = self.registry('mail.message').browse(self.cr, self.uid, note).body
        self.assertIn('601-555-5511', body)
        self.assertIn('Really cool stuff', body)

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
        self.assertEqual(len(self.notes('product.product', self.shirt)), 1)

        # the shop changes something else: imported again, the same differences are not noted twice
        retry = [self.bound('contacts', 1)[0].id, self.bound('products', 2)[0].id]
        self.assertEqual(self.pull('retry', retry_ids=retry).state, 'done')
        self.assertEqual((len(self.notes('res.partner', self.chris)), len(self.notes('product.product', self.shirt))),
                         (1, 1))
        self.assertEqual(len([c for c in self.partner.browse(self.cr, self.uid, self.chris).child_ids
                              if c.type == 'invoice']), 1, 'the shop address is added once')
        self.assertEqual(self.partner.browse(self.cr, self.uid, self.chris).street, '12 Old Road')

        # a shop deletion never archives what OpenERP had before
        self.shop.listings['products'] = [p for p in self.shop.listings['products'] if p['id'] != 2]
        self.pull('full', resources=['products'])
        self.assertTrue(self.product.browse(self.cr, self.uid, self.shirt).active)

    def test_the_shop_is_the_master_when_the_backend_says_so(self):
        self.backend_obj.write(self.cr, self.uid, [self.backend_id], {'existing_policy': 'shop'})
        self.assertEqual(self.pull().state, 'done')
        chris = self.partner.browse(self.cr, self.uid, self.chris)
        self.assertEqual((chris.street, chris.phone, chris.comment), ('8235 Pike Street', '601-555-5511',
                                                                      'Really cool stuff'))
        shirt = self.product.browse(self.cr, self.uid, self.shirt)
        self.assertEqual((shirt.name, shirt.list_price), ('Python Rocks shirt', 19.5))
        self.assertEqual(self.notes('res.partner', self.chris), [])
