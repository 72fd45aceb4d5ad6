# -*- coding: utf-8 -*-
"""Every resource's payload, field by field, against Satchmo's own models."""
import datetime
from decimal import Decimal

from django.test import SimpleTestCase

from l10n.models import AdminArea, Country
from product.models import Category, Price, Product, ProductImage, TaxClass
from satchmo_store.contact.models import Contact
from satchmo_store.shop.models import Config, NullConfig, Order, OrderAuthorization
from satchmo_utils.numbers import trunc_decimal

from satchmo_export import serializers
from teststore.orders import make_sample_orders, reset_settings_cache
from teststore.tests.base import ExportTestCase

TOLERANCE = Decimal('0.000001')   # SQLite stores decimals as floats


def dec(value):
    return None if value is None else Decimal(value)


class MetaTest(ExportTestCase):

    def test_meta(self):
        make_sample_orders()
        meta = self.get_json('')
        self.assertEqual(meta['api_version'], '1')
        self.assertEqual(meta['shop_name'], Config.objects.get_current().store_name)
        self.assertEqual(meta['currency'], 'USD')
        self.assertEqual(meta['time_zone'], 'America/New_York')
        server_time = datetime.datetime.strptime(meta['server_time'][:19], '%Y-%m-%dT%H:%M:%S')
        self.assertTrue(abs(server_time - datetime.datetime.now()) < datetime.timedelta(seconds=60))
        self.assertEqual(meta['default_page_size'], 100)
        self.assertEqual(meta['max_page_size'], 500)
        counts = dict((name, r['count']) for name, r in meta['resources'].items())
        self.assertEqual(counts, {'countries': Country.objects.count(), 'categories': Category.objects.count(),
                                  'products': Product.objects.count(), 'contacts': Contact.objects.count(),
                                  'orders': 5})
        self.assertEqual(meta['resources']['orders']['url'], 'http://testserver/export/orders/')
        for name, resource in meta['resources'].items():   # every advertised resource serves
            self.assertEqual(self.get_json('%s/' % name)['meta']['resource'], name)

    def test_shop_without_store_configuration(self):
        # Satchmo then stands in a NullConfig, whose store_name is a lazy translation
        Config.objects.all().delete()
        reset_settings_cache()
        self.assertIsInstance(Config.objects.get_current(), NullConfig)
        meta = self.get_json('')
        self.assertEqual(meta['shop_name'], unicode(NullConfig().store_name))
        self.assertEqual(meta['currency'], 'USD')


class CountryTest(ExportTestCase):

    def test_country_with_admin_areas(self):
        countries, _ = self.pull('countries', page_size=500)
        self.assertEqual(len(countries), Country.objects.count())
        us = [c for c in countries if c['iso2_code'] == 'US'][0]
        db = Country.objects.get(iso2_code='US')
        self.assertEqual((us['id'], us['iso3_code'], us['name'], us['official_name'], us['numcode'], us['active'],
                          us['continent'], us['admin_area_type']),
                         (db.pk, 'USA', db.printable_name, db.name, db.numcode, db.active, db.continent, db.admin_area))
        areas = dict((a['code'], a) for a in us['admin_areas'])
        self.assertEqual(len(us['admin_areas']), db.adminarea_set.count())
        tn = AdminArea.objects.get(country=db, abbrev='TN')
        self.assertEqual(areas['TN'], {'id': tn.pk, 'code': 'TN', 'name': tn.name, 'active': tn.active})


class CategoryTest(ExportTestCase):

    def test_categories(self):
        categories, _ = self.pull('categories')
        self.assertEqual([c['id'] for c in categories], sorted(Category.objects.values_list('id', flat=True)))
        for c in categories:
            db = Category.objects.get(pk=c['id'])
            self.assertEqual(c, {'id': db.pk, 'parent_id': db.parent_id, 'name': db.name, 'slug': db.slug,
                                 'description': db.description, 'meta': db.meta, 'ordering': db.ordering,
                                 'active': db.is_active})
        self.assertTrue(any(c['parent_id'] for c in categories))


class ProductTest(ExportTestCase):

    def test_every_product_matches_satchmo(self):
        products, _ = self.pull('products', page_size=5)
        self.assertEqual(sorted(p['id'] for p in products), sorted(Product.objects.values_list('id', flat=True)))
        for p in products:
            db = Product.objects.get(pk=p['id'])
            self.assertEqual((p['sku'], p['slug'], p['name'], p['short_description'], p['description'],
                              p['active'], p['featured'], p['taxable'], p['date_added']),
                             (db.sku, db.slug, db.name, db.short_description, db.description, db.active,
                              db.featured, db.taxable, db.date_added and db.date_added.isoformat()))
            # Satchmo's own price for one unit (variations: parent + option price changes)
            self.assertEqual(dec(p['unit_price']) if p['unit_price'] else Decimal('0.00'), db.unit_price, db.slug)
            self.assertEqual(p['category_ids'], [c.pk for c in db.category.all()])
            if p['category_ids']:
                self.assertEqual(p['category_ids'][0], db.main_category.pk)
            subtypes = db.get_subtypes()
            self.assertEqual(p['configurable'], 'ConfigurableProduct' in subtypes)
            if 'ProductVariation' in subtypes:
                variation = db.productvariation
                self.assertEqual(p['parent_id'], variation.parent.product_id)
                self.assertEqual(sorted(o['value'] for o in p['options']),
                                 sorted(variation.options.values_list('value', flat=True)))
            else:
                self.assertEqual((p['parent_id'], p['options']), (None, []))

    def test_variation_options_and_parent(self):
        small_blue = self.by_id('products', Product.objects.get(slug='dj-rocks-s-bl').pk)
        parent = Product.objects.get(slug='dj-rocks')
        self.assertEqual(small_blue['parent_id'], parent.pk)
        self.assertEqual([(o['group'], o['name'], o['value']) for o in small_blue['options']],
                         [('sizes', 'Small', 'S'), ('colors', 'Blue', 'BL')])
        self.assertEqual(dec(small_blue['options'][1]['price_change']), Decimal('2'))
        self.assertIsNone(small_blue['options'][0]['price_change'])
        self.assertEqual(dec(small_blue['unit_price']), Decimal('22'))
        self.assertEqual(small_blue['prices'], [])   # priced through its parent
        self.assertTrue(self.by_id('products', parent.pk)['configurable'])

    def test_price_tiers_tax_class_dimensions_and_images(self):
        product = Product.objects.get(slug='PY-Rocks')
        product.taxClass = TaxClass.objects.get(title='Default')
        product.weight, product.weight_units = Decimal('0.35'), 'kg'
        product.length, product.length_units = Decimal('30.50'), 'cm'
        product.save()
        expires = datetime.date.today() + datetime.timedelta(days=10)
        Price(product=product, price=Decimal('17.25'), quantity=Decimal('10')).save()
        Price(product=product, price=Decimal('18.000001'), quantity=Decimal('1'), expires=expires).save()
        image = ProductImage(product=product, picture='images/py-rocks-front.jpg', caption='Front', sort=2)
        image.save()
        p = self.by_id('products', product.pk)
        self.assertEqual(p['tax_class'], {'id': product.taxClass.pk, 'title': 'Default'})
        self.assertEqual((dec(p['weight']), p['weight_units'], dec(p['length']), p['length_units'], p['width']),
                         (Decimal('0.35'), 'kg', Decimal('30.5'), 'cm', None))
        tiers = [(dec(t['price']), dec(t['quantity']), t['expires']) for t in p['prices']]
        self.assertEqual(len(tiers), 3)
        for tier in ((Decimal('19.5'), Decimal('1'), None), (Decimal('18.000001'), Decimal('1'), expires.isoformat()),
                     (Decimal('17.25'), Decimal('10'), None)):
            self.assertTrue(any(abs(t[0] - tier[0]) < TOLERANCE and t[1:] == tier[1:] for t in tiers), tier)
        # the sale price expiring later is what Satchmo charges for one unit today
        self.assertTrue(abs(dec(p['unit_price']) - product.unit_price) < TOLERANCE)
        self.assertTrue(abs(dec(p['unit_price']) - Decimal('18.000001')) < TOLERANCE)
        self.assertEqual(p['images'], [{'id': image.pk, 'url': 'http://testserver/static/images/py-rocks-front.jpg',
                                        'caption': 'Front', 'sort': 2}])

    def test_of_two_sale_prices_the_one_expiring_last(self):
        product = Product.objects.get(slug='PY-Rocks')
        today = datetime.date.today()
        Price(product=product, price=Decimal('17.00'), quantity=Decimal('1'), expires=today + datetime.timedelta(30)).save()
        Price(product=product, price=Decimal('18.00'), quantity=Decimal('1'), expires=today + datetime.timedelta(10)).save()
        p = self.by_id('products', product.pk)
        self.assertEqual((dec(p['unit_price']), product.unit_price), (Decimal('17.00'), Decimal('17.00')))


class ContactTest(ExportTestCase):

    def test_contacts(self):
        contacts, _ = self.pull('contacts', page_size=2)
        self.assertEqual([c['id'] for c in contacts], sorted(Contact.objects.values_list('id', flat=True)))
        for c in contacts:
            db = Contact.objects.get(pk=c['id'])
            self.assertEqual((c['first_name'], c['last_name'], c['title'], c['email'], c['notes'], c['role'],
                              c['dob'], c['create_date'], c['user_id']),
                             (db.first_name, db.last_name, db.title, db.email, db.notes, db.role_id, db.dob,
                              db.create_date.isoformat(), db.user_id))
            self.assertEqual([a['id'] for a in c['addresses']], sorted(db.addressbook_set.values_list('id', flat=True)))
            for a in c['addresses']:
                row = db.addressbook_set.get(pk=a['id'])
                self.assertEqual(a, {'id': row.pk, 'description': row.description, 'addressee': row.addressee,
                                     'street1': row.street1, 'street2': row.street2, 'city': row.city,
                                     'state': row.state, 'postal_code': row.postal_code,
                                     'country': row.country.iso2_code, 'is_default_billing': row.is_default_billing,
                                     'is_default_shipping': row.is_default_shipping})
            self.assertEqual(sorted((p['type'], p['phone'], p['primary']) for p in c['phones']),
                             sorted(db.phonenumber_set.values_list('type', 'phone', 'primary')))
        fred = [c for c in contacts if c['email'] == 'fj@rr.com'][0]
        org = Contact.objects.get(email='fj@rr.com').organization
        self.assertEqual(fred['organization'], {'id': org.pk, 'name': org.name, 'role': org.role_id,
                                                'type': org.type_id})
        self.assertEqual([p['primary'] for p in fred['phones']].count(True), 1)


class OrderTest(ExportTestCase):

    def setUp(self):
        super(OrderTest, self).setUp()
        self.orders = make_sample_orders()

    def assertMoney(self, value, expected, msg=None):
        self.assertIsInstance(value, basestring, msg)   # decimal strings, never floats
        self.assertTrue(abs(Decimal(value) - Decimal(expected)) < TOLERANCE, '%s != %s %s' % (value, expected, msg))

    def test_every_order_matches_satchmo(self):
        exported, _ = self.pull('orders', page_size=2)
        self.assertEqual([o['id'] for o in exported], [o.pk for o in self.orders])
        for o in exported:
            db = Order.objects.get(pk=o['id'])
            self.assertEqual((o['contact_id'], o['status'], o['method'], o['discount_code'], o['notes'],
                              o['shipping_method'], o['shipping_description'], o['shipping_model']),
                             (db.contact_id, db.status, db.method, db.discount_code, db.notes,
                              db.shipping_method, db.shipping_description, db.shipping_model))
            for field in ('sub_total', 'discount', 'shipping_cost', 'shipping_discount', 'tax', 'total'):
                self.assertMoney(o[field], getattr(db, field), field)
            self.assertMoney(o['balance'], db.balance, 'balance')
            self.assertMoney(o['balance_paid'], db.balance_paid, 'balance_paid')
            # Satchmo's arithmetic holds on the exported figures (ENVIRONMENT.md)
            self.assertMoney(o['total'], Decimal(o['sub_total']) - Decimal(o['discount'])
                             + Decimal(o['shipping_cost']) + Decimal(o['tax']))
            self.assertMoney(o['tax'], sum(Decimal(t['tax']) for t in o['taxes']))
            for prefix in ('bill', 'ship'):
                self.assertEqual(o['%s_address' % prefix], dict(
                    (f, getattr(db, '%s_%s' % (prefix, f)))
                    for f in ('addressee', 'street1', 'street2', 'city', 'state', 'postal_code', 'country')))
            self.assertEqual([(s['status'], s['notes']) for s in o['status_history']],
                             list(db.orderstatus_set.order_by('time_stamp', 'id').values_list('status', 'notes')))
            self.assertEqual(o['status_history'][-1]['status'], o['status'])
            self.assertEqual([(i['id'], i['product_id']) for i in o['items']],
                             list(db.orderitem_set.values_list('id', 'product_id')))
            for item in o['items']:
                row = db.orderitem_set.get(pk=item['id'])
                self.assertEqual((item['sku'], item['description']), (row.product.sku, row.product.name))
                for field in ('quantity', 'unit_price', 'unit_tax', 'line_item_price', 'tax'):
                    self.assertMoney(item[field], getattr(row, field), field)
                self.assertMoney(item['discount'], row.discount or 0)
            self.assertEqual([(p['id'], p['method'], p['transaction_id']) for p in o['payments']],
                             list(db.payments.order_by('id').values_list('id', 'payment', 'transaction_id')))

    def test_taxed_discounted_order_paid_in_two_payments(self):
        o = self.by_id('orders', self.orders[0].pk)
        self.assertEqual(o['discount_code'], 'SAVE10')
        self.assertEqual(o['bill_address']['state'], 'TN')
        self.assertEqual([s['status'] for s in o['status_history']], ['New', 'In Process', 'Shipped'])
        self.assertEqual(o['status_history'][2]['notes'], 'UPS 1Z999')
        # 10% off everything incl. shipping: the order discount includes the shipping discount
        self.assertMoney(o['shipping_discount'], Decimal('1.00'))
        self.assertMoney(o['discount'], sum(Decimal(i['discount']) for i in o['items']) + Decimal('1.00'))
        self.assertEqual(sorted(t['description'] for t in o['taxes']), ['Default', 'Shipping'])
        shipping_tax = [t for t in o['taxes'] if t['description'] == 'Shipping'][0]
        self.assertMoney(shipping_tax['tax'], (Decimal('10.00') - Decimal('1.00')) * Decimal('0.07'))
        shirt = [i for i in o['items'] if i['description'].startswith('Django Rocks')][0]
        self.assertMoney(shirt['quantity'], 2)
        self.assertTrue(Decimal(shirt['tax']) > 0)
        book = [i for i in o['items'] if i['description'].startswith('A really neat book')][0]
        self.assertMoney(book['tax'], 0)           # variations are not taxable by default
        self.assertEqual([(p['method'], p['transaction_id']) for p in o['payments']],
                         [('DUMMY', 'DEMO-1A'), ('DUMMY', 'DEMO-1B')])
        self.assertMoney(o['payments'][0]['amount'], Decimal('25.00'))
        self.assertTrue(o['payments'][0]['time_stamp'])
        self.assertTrue(Decimal(o['balance']) <= 0)

    def test_option_details_open_balance_and_authorization(self):
        order = self.orders[1]
        o = self.by_id('orders', order.pk)
        computer = [i for i in o['items'] if i['sku'] == 'satch-1'][0]
        self.assertEqual([(d['name'], d['value']) for d in computer['details']], [('CPU', 'Fast'), ('Case', 'Tower')])
        self.assertMoney(computer['details'][0]['price_change'], Decimal('25.00'))
        self.assertEqual(o['payments'][0]['method'], 'PURCHASEORDER')
        self.assertMoney(o['balance'], trunc_decimal(Decimal(o['total']) - Decimal('50.00'), 2), 'open balance')
        self.assertEqual(o['notes'], 'Leave at the back door')
        # an open authorization counts as paid for Satchmo's balance
        OrderAuthorization(order=order, payment='DUMMY', amount=Decimal('20.00'), transaction_id='AUTH-1').save()
        o = self.by_id('orders', order.pk)
        self.assertMoney(o['balance'], Order.objects.get(pk=order.pk).balance)
        self.assertMoney(o['balance'], trunc_decimal(Decimal(o['total']) - Decimal('70.00'), 2), 'with authorization')

    def test_cancelled_unpaid_order(self):
        o = self.by_id('orders', self.orders[2].pk)
        self.assertEqual(o['status'], 'Cancelled')
        self.assertEqual(o['payments'], [])
        self.assertMoney(o['balance'], o['total'])


class BalanceTest(SimpleTestCase):

    def test_balance_is_satchmos_own_rounding(self):
        """The very Decimal (digits and exponent) of Satchmo's trunc_decimal(total - paid, 2): balances due and
        overpayments at and below the cent, at several precisions, zeros of both signs, large amounts."""
        totals = [Decimal(n).scaleb(-3) for n in range(-1500, 1501)]          # -1.500 .. 1.500
        totals += [t.quantize(Decimal('1E-10')) for t in totals[::7]] + [t.normalize() for t in totals[::7]]
        totals += [Decimal(t) for t in ('0', '-0', '0E-10', '-0.00', '1E-7', '-1E-7', '1E+1', '-1E+1', '99.995',
                                        '-99.995', '187.995', '28.8505', '12345678.005', '-12345678.005')]
        for total in totals:
            for paid in (Decimal('0'), Decimal('0.005'), Decimal('28.86')):
                self.assertEqual(str(serializers.balance(total, paid)), str(trunc_decimal(total - paid, 2)),
                                 '%s - %s' % (total, paid))
