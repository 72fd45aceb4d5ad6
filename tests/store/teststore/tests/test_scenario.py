# -*- coding: utf-8 -*-
"""teststore.scenario: each case is what it promises, on Satchmo's own figures."""
from decimal import Decimal, ROUND_HALF_UP

from satchmo_store.contact.models import Contact
from satchmo_store.shop.models import Order
from tax.modules.area.models import TaxRate

from teststore.scenario import add_payment, cancel, expected, make_scenario, tax_rules
from teststore.tests.base import CapturedLog, ExportTestCase

TOLERANCE = Decimal('0.000001')   # SQLite stores decimals as floats
CENT = Decimal('0.01')
MONEY = ('sub_total', 'discount', 'shipping_cost', 'shipping_discount', 'tax', 'total', 'balance_paid', 'balance')
ITEM_MONEY = ('quantity', 'unit_price', 'unit_tax', 'line_item_price', 'discount', 'tax')


def q(value):
    """Rounded half up to the cent."""
    return Decimal(value).quantize(CENT, ROUND_HALF_UP)


def area_rate(tax_class, state):
    return TaxRate.objects.get(taxClass__title=tax_class, taxZone__country__iso2_code='US', taxZone__abbrev=state)


class ScenarioTest(ExportTestCase):

    def setUp(self):
        super(ScenarioTest, self).setUp()
        self.cases = make_scenario()

    def order(self, case):
        return Order.objects.get(pk=self.cases[case])

    def paid(self, order):
        return sum((p.amount for p in order.payments.all()), Decimal('0'))

    def assertMoney(self, value, expected):
        self.assertAlmostEqual(value, Decimal(expected), delta=TOLERANCE)

    def test_one_order_per_case_the_same_on_every_run(self):
        self.assertEqual(sorted(self.cases), sorted([
            'taxed_and_untaxed', 'state_rate_mn', 'state_rate_nj', 'state_rate_ar', 'discount_with_shipping',
            'fixed_discount', 'variation_details', 'tier_prices', 'rounding_conflict', 'several_payments',
            'part_payment', 'overpayment', 'cent_over', 'unpaid', 'customer_without_organization',
            'to_cancel_before_invoice', 'to_cancel_after_invoice']))
        self.assertEqual(len(set(self.cases.values())), len(self.cases))
        self.assertEqual(set(Order.objects.filter(pk__in=self.cases.values()).values_list('status', flat=True)),
                         set(['New']))
        again = make_scenario()
        self.assertTrue(min(again.values()) > max(self.cases.values()))
        for case in self.cases:
            self.assertEqual(expected(again[case]), expected(self.cases[case]), case)

    def test_taxes(self):
        order = self.order('taxed_and_untaxed')
        self.assertEqual(order.ship_state, 'TN')
        items = order.orderitem_set.all()
        self.assertTrue([i for i in items if i.product.taxable and i.tax > 0])
        self.assertTrue([i for i in items if not i.product.taxable and i.tax == 0])
        self.assertTrue(order.shipping_tax > 0)
        self.assertMoney(order.shipping_tax, order.shipping_cost * area_rate('Shipping', 'TN').percentage)
        # other states, other rates
        rates = {}
        for case in ('state_rate_mn', 'state_rate_nj', 'state_rate_ar'):
            order = self.order(case)
            self.assertEqual(order.ship_state, case[-2:].upper())
            rates[case] = rate = area_rate('Default', order.ship_state).percentage
            taxed = [i for i in order.orderitem_set.all() if i.product.taxable]
            self.assertTrue(taxed)
            for item in taxed:
                self.assertMoney(item.tax, item.sub_total * rate)
        self.assertEqual(len(set(rates.values())), 3)
        self.assertTrue([r for r in rates.values() if (r * 100) % 1])   # e.g. 4.625%
        # shipping taxed in New Jersey at a rate of its own, not in Minnesota, Arkansas or Ohio
        nj = self.order('state_rate_nj')
        nj_shipping = area_rate('Shipping', 'NJ').percentage
        self.assertNotEqual(nj_shipping, area_rate('Shipping', 'TN').percentage)
        self.assertTrue(nj.shipping_tax > 0)
        self.assertMoney(nj.shipping_tax, nj.shipping_cost * nj_shipping)
        for case in ('state_rate_mn', 'state_rate_ar', 'customer_without_organization'):
            order = self.order(case)
            self.assertTrue(order.shipping_cost > 0)
            self.assertEqual(order.shipping_tax, 0, case)
        # every rate, for the OpenERP side's taxes
        rules = tax_rules()
        self.assertEqual(len(rules), TaxRate.objects.count())
        by_place = dict(((r['tax_class'], r['country'], r['state']), Decimal(r['percentage'])) for r in rules)
        self.assertEqual(len(by_place), len(rules))
        self.assertMoney(by_place[('Default', 'US', 'AR')], '0.04625')
        self.assertMoney(by_place[('Shipping', 'US', 'TN')], '0.07')
        self.assertMoney(by_place[('Shipping', 'US', 'NJ')], '0.06625')

    def test_discounts_options_tiers_rounding(self):
        order = self.order('discount_with_shipping')
        self.assertEqual(order.discount_code, 'SHIP15')
        self.assertTrue(order.shipping_discount > 0)
        self.assertMoney(order.shipping_discount, order.shipping_cost * Decimal('0.15'))
        items = sum((i.discount for i in order.orderitem_set.all()), Decimal('0'))
        self.assertMoney(order.discount, items + order.shipping_discount)
        self.assertMoney(order.shipping_tax, (order.shipping_cost - order.shipping_discount)
                         * area_rate('Shipping', 'TN').percentage)
        # an amount split over the lines
        order = self.order('fixed_discount')
        discounts = sorted(q(i.discount) for i in order.orderitem_set.all())
        self.assertEqual(discounts, [Decimal('3.33'), Decimal('3.33'), Decimal('3.34')])
        self.assertMoney(order.discount, '10.00')
        self.assertEqual(order.shipping_discount, 0)
        # a variation, and a custom product with option details
        items = dict((i.product.slug, i) for i in self.order('variation_details').orderitem_set.all())
        self.assertEqual(items['dj-rocks-l-bl'].product.productvariation.parent.product.slug, 'dj-rocks')
        computer = items['satchmo-computer']
        changes = [d.price_change for d in computer.orderitemdetail_set.all()]
        self.assertEqual(len(changes), 3)
        self.assertTrue(all(changes))
        self.assertMoney(computer.unit_price, computer.product.unit_price + sum(changes))
        self.assertMoney(computer.line_item_price, computer.unit_price * computer.quantity)
        # the tier price from 10 on
        item = self.order('tier_prices').orderitem_set.get(product__slug='sticker-pack')
        self.assertEqual(item.quantity, 12)
        tiers = dict((q(p.quantity), p.price) for p in item.product.price_set.all())
        self.assertMoney(item.unit_price, tiers[10])
        self.assertTrue(item.unit_price < item.product.unit_price)
        self.assertTrue(item.tax > 0)
        # rounded untaxed + rounded tax is a cent off the rounded total
        order = self.order('rounding_conflict')
        self.assertTrue([i for i in order.orderitem_set.all() if abs(i.unit_price - Decimal('3.3333')) < TOLERANCE])
        self.assertNotEqual(q(order.total - order.tax) + q(order.tax), q(order.total))

    def test_payments_and_customers(self):
        several = self.order('several_payments')
        self.assertTrue(2 <= several.payments.count() <= 3)
        self.assertEqual(set(several.payments.values_list('payment', flat=True)), set(['DUMMY', 'PURCHASEORDER']))
        self.assertMoney(self.paid(several), several.total)
        self.assertEqual(several.balance, 0)
        part = self.order('part_payment')
        self.assertTrue(0 < self.paid(part) < part.total)
        self.assertTrue(part.balance > 0)
        self.assertEqual(self.order('overpayment').balance, Decimal('-5.00'))
        unpaid = self.order('unpaid')
        self.assertEqual((unpaid.payments.count(), unpaid.balance > 0), (0, True))
        # Satchmo's balance, paid right after checkout, is a cent over the rounded total
        order = self.order('cent_over')
        payment, = order.payments.all()
        self.assertEqual(payment.amount - q(order.total), CENT)
        self.assertEqual(order.balance, 0)
        # to be cancelled by the tests: one unpaid, one paid in full
        before, after = self.order('to_cancel_before_invoice'), self.order('to_cancel_after_invoice')
        self.assertEqual((before.payments.count(), before.balance > 0), (0, True))
        self.assertEqual((self.paid(after) > 0, after.balance), (True, 0))
        # a new customer of no organization, elsewhere
        order = self.order('customer_without_organization')
        contact = order.contact
        self.assertEqual((contact.organization, contact.role_id), (None, 'Customer'))
        self.assertEqual(Contact.objects.filter(email=contact.email).count(), 1)
        self.assertNotIn(contact.email, ('chris@aol.com', 'abc@comcast.com', 'fj@rr.com'))
        address = contact.shipping_address
        self.assertEqual((order.ship_state, order.ship_street1), (address.state, address.street1))
        self.assertNotIn(address.state, ('TN', 'MN', 'NJ'))
        self.assertTrue(contact.primary_phone)

    def test_payment_arriving_later_and_cancellation(self):
        order = self.order('part_payment')
        balance = order.balance
        with CapturedLog() as log:   # paid in full: Satchmo mails its confirmation, and warns the shop has no email
            payment_id = add_payment(order.pk, transaction_id='LATE-1')
        self.assertTrue(log.mails)
        order = Order.objects.get(pk=order.pk)
        payment = order.payments.get(pk=payment_id)
        self.assertEqual((payment.payment, payment.transaction_id), ('DUMMY', 'LATE-1'))
        self.assertMoney(payment.amount, balance)
        self.assertEqual(order.balance, 0)
        add_payment(order.pk, 'PURCHASEORDER', Decimal('2.50'))
        self.assertEqual(Order.objects.get(pk=order.pk).balance, Decimal('-2.50'))
        cancel(order.pk, 'Customer changed his mind')
        order = Order.objects.get(pk=order.pk)
        self.assertEqual(order.status, 'Cancelled')
        self.assertEqual(order.orderstatus_set.latest().notes, 'Customer changed his mind')

    def test_expected_figures_and_the_export(self):
        ids = sorted(self.cases.values())
        page = self.get_json('orders/', ids=','.join(str(i) for i in ids))
        self.assertEqual([o['id'] for o in page['objects']], ids)
        for obj in page['objects']:
            order = Order.objects.get(pk=obj['id'])
            figures = dict((k, Decimal(v)) for k, v in expected(order.pk).items())
            self.assertMoney(figures['untaxed'] + figures['tax'], figures['total'])
            self.assertMoney(figures['total'], order.total)
            self.assertMoney(figures['paid'], self.paid(order))
            self.assertEqual(figures['balance'], order.balance)
            for field in MONEY:
                self.assertIsInstance(obj[field], unicode, field)
            for item in obj['items']:
                for field in ITEM_MONEY:
                    self.assertIsInstance(item[field], unicode, field)
            for payment in obj['payments']:
                self.assertIsInstance(payment['amount'], unicode)
            self.assertMoney(Decimal(obj['total']), figures['total'])
            self.assertMoney(Decimal(obj['tax']), figures['tax'])
            self.assertMoney(Decimal(obj['balance_paid']), figures['paid'])
            self.assertEqual(Decimal(obj['balance']), figures['balance'])
        served = dict((o['id'], o) for o in page['objects'])
        self.assertTrue(Decimal(served[self.cases['discount_with_shipping']]['shipping_discount']) > 0)
        details = served[self.cases['variation_details']]['items'][1]['details']
        self.assertEqual([d['name'] for d in details], ['Monogram', 'Memory', 'Case'])
