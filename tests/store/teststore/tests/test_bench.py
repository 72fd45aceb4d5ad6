# -*- coding: utf-8 -*-
"""The bench shop (teststore.bench): Satchmo's own amounts, the variety the bench needs; bench_export's walks."""
from django.db import connection
from django.db.models import Count
from django.test import TestCase

from product.models import Price, Product
from product.modules.configurable.models import ProductVariation
from satchmo_store.contact.models import Contact
from satchmo_store.shop.models import Order, OrderItem, OrderItemDetail, OrderPayment, OrderTaxDetail

from satchmo_export.resources import RESOURCES
from teststore import bench
from teststore.management.commands import bench_export
from teststore.orders import make_sample_orders, reset_settings_cache
from teststore.tests.base import EXPORT, ExportTestCase


def stored(order_id):
    """An order's amounts, its items' and its tax lines' as the database holds them."""
    return (
        list(Order.objects.filter(pk=order_id).values_list('sub_total', 'discount', 'shipping_discount', 'tax',
                                                          'total')),
        list(OrderItem.objects.filter(order=order_id).order_by('pk').values_list(
            'pk', 'quantity', 'unit_price', 'unit_tax', 'line_item_price', 'discount', 'tax')),
        list(OrderTaxDetail.objects.filter(order=order_id).order_by('pk').values_list('description', 'tax')),
    )


class BenchShopTest(TestCase):

    def setUp(self):
        reset_settings_cache()
        self.written = bench.build(products=80, contacts=40, orders=120, seed=7)
        self.orders = Order.objects.filter(pk__in=OrderPayment.objects.filter(
            transaction_id__startswith='BENCH-').values('order'))

    def tearDown(self):
        reset_settings_cache()

    def test_amounts_are_satchmos_own(self):
        """Every order's amounts, items and tax lines: what force_recalculate_total writes, to the last digit."""
        self.assertEqual(self.orders.count(), 120)
        for order in self.orders:
            computed = stored(order.pk)
            order.force_recalculate_total()
            self.assertEqual(stored(order.pk), computed, 'order %d' % order.pk)

    def test_the_shop_has_what_the_bench_needs(self):
        self.assertEqual(self.written['product_product'], 80)
        self.assertEqual(self.written['contact_contact'], 40)
        products = Product.objects.filter(slug__startswith=bench.SLUG_PREFIX)
        self.assertTrue(products.filter(category__isnull=False).exists())
        self.assertTrue(products.filter(configurableproduct__isnull=False).exists())
        self.assertTrue(ProductVariation.objects.filter(product__in=products).exists())
        self.assertTrue(products.filter(taxable=True).exists() and products.filter(taxable=False).exists())
        self.assertTrue(Price.objects.filter(product__in=products, quantity__gt=1).exists())
        contacts = Contact.objects.filter(email__endswith='@example.com')
        self.assertTrue(contacts.filter(organization__isnull=False).exists())
        self.assertTrue(contacts.annotate(n=Count('addressbook')).filter(n=2).exists())
        items = sorted(self.orders.annotate(n=Count('orderitem')).values_list('n', flat=True))
        self.assertEqual((items[0], items[-1]), (1, 4))
        payments = set(self.orders.annotate(n=Count('payments')).values_list('n', flat=True))
        self.assertEqual(payments, set([1, 2]))
        self.assertEqual(set(self.orders.exclude(discount_code=None).values_list('discount_code', flat=True)),
                         set(code for code, _, _, _ in bench.DISCOUNTS))
        self.assertTrue(OrderTaxDetail.objects.filter(order__in=self.orders, description='Shipping', tax__gt=0))
        self.assertTrue(OrderItemDetail.objects.filter(item__order__in=self.orders).exists())
        for order in self.orders:
            history = order.orderstatus_set.order_by('time_stamp', 'pk').values_list('status', flat=True)
            self.assertEqual((history[0], list(history)[-1]), ('New', order.status))


class BenchExportTest(ExportTestCase):
    export_settings = dict(EXPORT, TOKEN=bench_export.TOKEN)

    def test_walks_and_floor(self):
        make_sample_orders()
        command = bench_export.Command()
        connection.cursor()
        command.repeat, command.client, command.bare = 1, self.client, connection.connection   # in memory
        full, changes = command.walk('orders', 2, 'full'), command.walk('orders', 2, 'changes')
        self.assertEqual((full['pages'], full['records'], changes['records']), (3, 5, 5))
        # first page: log position, ids, orders and their 6 kinds of child rows; last page: no log position
        self.assertEqual((full['first_page']['queries'], full['first_page']['records']), (10, 2))
        self.assertEqual((full['last_page']['queries'], full['last_page']['records']), (8, 1))
        self.assertTrue(full['floor_ms_per_record'] > 0 and full['ratio_to_floor'] > 0)
        self.assertEqual(command.settle(), 0)      # SETTLE_SECONDS is 0 here

    def test_floor_selects_every_table_of_a_payload(self):
        make_sample_orders()
        for name in bench_export.FLOOR:
            ids = RESOURCES[name].queryset().values_list('pk', flat=True)[:3]
            self.assertTrue(bench_export.floor(name, connection.cursor(), ids) > 0)
