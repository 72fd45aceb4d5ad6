# -*- coding: utf-8 -*-
"""teststore.kinds: each case is what it promises, on Satchmo's own figures, and the export serves it."""
from decimal import Decimal

from payment.modules.giftcertificate.models import GiftCertificate
from product.models import Product
from product.modules.downloadable.models import DownloadLink
from satchmo_store.shop.models import Order

from teststore.kinds import capture, kinds_expected, make_kinds, pay_balance, pay_on_delivery
from teststore.scenario import cancel
from teststore.tests.base import ExportTestCase

TOLERANCE = Decimal('0.000001')   # SQLite stores decimals as floats
CASES = ['authorized', 'cancelled_paid', 'certificate_sold', 'certificate_spent_1', 'certificate_spent_2', 'cod',
         'custom_downpayment', 'download', 'mixed', 'subscription', 'subscription_renewal', 'wholesale_1',
         'wholesale_10']


def dec(value):
    return None if value is None else Decimal(value)


class KindsScenarioTest(ExportTestCase):

    def setUp(self):
        super(KindsScenarioTest, self).setUp()
        self.kinds = make_kinds()
        self.cases = self.kinds['orders']

    def served(self, case):
        return self.by_id('orders', self.cases[case])

    def payments(self, case):
        return [(p['method'], dec(p['amount']), p['transaction_id']) for p in self.served(case)['payments']]

    def assertMoney(self, value, expected):
        self.assertAlmostEqual(dec(value), Decimal(expected), delta=TOLERANCE)

    # make_kinds takes a second or two (Satchmo's checkout, mails): three tests, each checking several cases

    def test_catalog_and_certificates_and_a_second_run(self):
        self.check_certificates()
        self.check_catalog()

    def test_downloads_subscriptions_and_wholesale(self):
        self.check_downloads_and_subscriptions()
        self.check_wholesale_prices()

    def test_payments_arriving_later(self):
        self.check_down_payment_then_the_balance()
        self.check_authorized_then_captured()
        self.check_cash_on_delivery_and_cancelled_paid()

    def check_catalog(self):
        self.assertEqual(sorted(self.cases), CASES)
        self.assertEqual(len(set(self.cases.values())), len(CASES))
        again = make_kinds()
        self.assertTrue(min(again['orders'].values()) > max(self.cases.values()))
        for key in ('products', 'contacts', 'brands', 'pricing_tiers'):
            self.assertEqual(again[key], self.kinds[key], key)
        products = dict((p['slug'], p) for p in self.get_json('products/', ids=','.join(
            str(i) for i in sorted(self.kinds['products'].values())))['objects'])
        self.assertEqual(dict((slug, (p['kind'], p['shippable'])) for slug, p in products.items()), {
            'gift-certificate': ('gift_certificate', False), 'django-ebook': ('download', False),
            'satchmo-monthly': ('subscription', False), 'bookshelf-to-measure': ('goods', False),
            'notebook-a5': ('goods', True), 'dj-rocks-s-b': ('goods', True), 'PY-Rocks': ('goods', True),
            'neat-book-hard': ('goods', True), 'robot-attack-hard': ('goods', True)})
        self.assertEqual(len(products['notebook-a5']['tiered_prices']), 2)
        for slug in ('neat-book-hard', 'robot-attack-hard'):
            self.assertEqual(products[slug]['brands'], [{'id': self.kinds['brands']['acme-press'], 'slug': 'acme-press',
                                                         'name': 'Acme Press'}])

    def check_certificates(self):
        sold = self.served('certificate_sold')
        self.assertEqual(self.payments('certificate_sold'), [('DUMMY', Decimal('50'), '')])
        self.assertEqual([(d['name'], d['value']) for d in sold['items'][0]['details']],
                         [('email', 'alex@example.com'), ('message', 'Happy birthday!')])
        certificate = GiftCertificate.objects.get(order=self.cases['certificate_sold'])   # by order_success
        self.assertEqual((certificate.start_balance, certificate.balance), (Decimal('50'), Decimal('15')))
        for case, spent in (('certificate_spent_1', '20'), ('certificate_spent_2', '15')):
            order = self.served(case)
            (method, amount, _), (rest, rest_amount, _) = self.payments(case)
            self.assertEqual((method, amount, rest), ('GIFTCERTIFICATE', Decimal(spent), 'DUMMY'))
            self.assertMoney(amount + rest_amount, Decimal(order['total']).quantize(Decimal('0.01')))
            self.assertEqual(order['balance'], '0')
        expected = kinds_expected()
        self.assertEqual([(Decimal(c['start_balance']), Decimal(c['balance'])) for c in expected['certificates']],
                         [(Decimal('50'), Decimal('15'))])
        figures = self.get_json('setup/')['gift_certificates']
        self.assertEqual(Decimal(figures['outstanding']), Decimal(expected['outstanding']))
        self.assertEqual((figures['outstanding'], figures['open'], figures['sold'], figures['used']),
                         ('15.00', 1, '50.00', '35.00'))
        self.assertEqual(figures['product_ids'], [self.kinds['products']['gift-certificate']])
        methods = dict((m['method'], m['payments']) for m in self.get_json('setup/')['payment_methods'])
        self.assertEqual(methods['GIFTCERTIFICATE'], 2)

    def check_downloads_and_subscriptions(self):
        download, mixed = self.served('download'), self.served('mixed')
        self.assertEqual((download['shipping_cost'], download['status']), ('0', 'Shipped'))   # Satchmo ships it
        self.assertEqual(mixed['status'], 'New')
        self.assertMoney(mixed['shipping_cost'], '4.00')          # the shirt only, per item
        self.assertEqual(DownloadLink.objects.filter(order__in=[download['id'], mixed['id']]).count(), 2)
        first, renewal = self.served('subscription'), self.served('subscription_renewal')
        self.assertEqual(renewal['contact_id'], first['contact_id'])
        subscription = Product.objects.get(slug='satchmo-monthly').subscriptionproduct
        ends = first['items'][0]['expire_date']
        self.assertEqual(ends, subscription.calc_expire_date(
            Order.objects.get(pk=first['id']).time_stamp.date()).isoformat())
        self.assertEqual(renewal['items'][0]['expire_date'], subscription.calc_expire_date(
            Order.objects.get(pk=first['id']).orderitem_set.get().expire_date).isoformat())
        self.assertTrue(renewal['items'][0]['expire_date'] > ends)
        for order in (first, renewal):
            self.assertEqual((order['shipping_cost'], order['balance']), ('0', '0'))

    def check_down_payment_then_the_balance(self):
        order = self.served('custom_downpayment')
        self.assertMoney(order['items'][0]['unit_price'], '250.00')     # Satchmo's totals: the full price
        self.assertEqual(self.payments('custom_downpayment'), [('DUMMY', Decimal('50'), '')])   # 20%
        self.assertEqual(order['shipping_cost'], '0')                    # deferred shipping
        self.assertEqual(Decimal(order['balance']), Order.objects.get(pk=order['id']).balance)
        self.assertTrue(Decimal(order['balance']) > 200)
        pay_balance(order['id'])
        self.assertEqual(self.served('custom_downpayment')['balance'], '0')

    def check_authorized_then_captured(self):
        order = self.served('authorized')
        total = Decimal(order['total'])
        authorization, = order['authorizations']
        self.assertEqual(authorization['complete'], False)
        self.assertMoney(authorization['amount'], Order.objects.get(pk=order['id']).total.quantize(Decimal('0.01')))
        self.assertEqual(self.payments('authorized'), [('DUMMY', Decimal('0'), 'LINKED')])
        self.assertMoney(order['balance_paid'], authorization['amount'])   # an open authorization counts as paid
        self.assertEqual(capture(order['id']), [order['payments'][0]['id']])    # the 0.00 payment, filled in
        order = self.served('authorized')
        self.assertEqual(order['authorizations'][0]['complete'], True)
        self.assertEqual(self.payments('authorized'), [('DUMMY', dec(authorization['amount']), 'dummy')])
        self.assertAlmostEqual(Decimal(order['balance_paid']), total, delta=Decimal('0.01'))
        self.assertEqual(Decimal(order['balance']), Order.objects.get(pk=order['id']).balance)

    def check_cash_on_delivery_and_cancelled_paid(self):
        order = self.served('cod')
        self.assertEqual(self.payments('cod'), [('COD', Decimal('0'), 'LINKED')])
        self.assertEqual(Decimal(order['balance']), Order.objects.get(pk=order['id']).balance)
        self.assertTrue(Decimal(order['balance']) > 0)
        pay_on_delivery(order['id'])
        self.assertEqual(self.payments('cod'), [('COD', Decimal(order['balance']), 'COD')])
        self.assertEqual(self.served('cod')['balance'], '0')
        cancel(self.cases['cancelled_paid'], 'Customer changed his mind')
        cancelled = self.served('cancelled_paid')
        self.assertEqual((cancelled['status'], cancelled['balance']), ('Cancelled', '0'))
        self.assertEqual([p[0] for p in self.payments('cancelled_paid')], ['DUMMY'])

    def check_wholesale_prices(self):
        expected = kinds_expected()
        tiers = self.get_json('setup/')['pricing_tiers']
        self.assertEqual([(t['id'], t['group'], t['discount_percent']) for t in tiers],
                         [(self.kinds['pricing_tiers']['Wholesale'], 'Wholesale', '10.00')])
        contact = self.by_id('contacts', self.kinds['contacts']['wholesale'])
        self.assertEqual(contact['pricing_tier_ids'], [tiers[0]['id']])
        self.assertEqual(self.by_id('contacts', self.kinds['contacts']['customer'])['pricing_tier_ids'], [])
        prices = dict(expected['tier_prices']['notebook-a5'])
        retail = dict(expected['retail_prices']['notebook-a5'])
        self.assertEqual((prices[1], prices[12], retail[1], retail[12]), ('3.20', '2.80', '4.00', '3.60'))
        self.assertEqual(dict(expected['tier_prices']['PY-Rocks'])[5], '17.55')     # the tier's 10% off
        for case, quantity in (('wholesale_1', 1), ('wholesale_10', 12)):
            item, = self.served(case)['items']
            # Satchmo keeps the retail price and books the tier as the line's discount
            self.assertMoney(item['unit_price'], retail[quantity])
            self.assertMoney(dec(item['line_item_price']) - dec(item['discount']), Decimal(prices[quantity]) * quantity)
            self.assertEqual(self.served(case)['discount_code'], '')
