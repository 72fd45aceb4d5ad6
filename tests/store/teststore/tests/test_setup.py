# -*- coding: utf-8 -*-
"""setup/: how the shop taxes, its tax classes and rates, the payment methods its orders use."""
from decimal import Decimal

from livesettings import config_get
from product.models import TaxClass
from satchmo_store.shop.models import OrderPayment
from tax.modules.area.models import TaxRate

from teststore.orders import make_sample_orders
from teststore.tests.base import ExportTestCase


class SetupTest(ExportTestCase):

    def test_the_area_modules_rates_and_the_payment_methods_of_the_orders(self):
        make_sample_orders()   # area tax module, 7% on shipping in Tennessee, DUMMY and PURCHASEORDER payments
        setup = self.get_json('setup/')
        self.assertEqual(setup['currency'], 'USD')
        self.assertEqual(setup['tax'], {'module': 'tax.modules.area', 'address': 'ship', 'shipping_taxed': True,
                                        'shipping_tax_class': 'Shipping'})
        self.assertEqual([c['title'] for c in setup['tax_classes']],
                         list(TaxClass.objects.order_by('pk').values_list('title', flat=True)))
        self.assertEqual(len(setup['tax_rates']), TaxRate.objects.count())
        self.assertIn({'tax_class': 'Shipping', 'country': 'US', 'state': 'TN', 'percentage': '0.07'},
                      setup['tax_rates'])
        for rate in setup['tax_rates']:
            self.assertTrue(Decimal(rate['percentage']) < 1, 'a fraction, never a float: %r' % rate)
        self.assertEqual(setup['payment_methods'], [
            {'method': key, 'payments': OrderPayment.objects.filter(payment=key).count()}
            for key in ('DUMMY', 'PURCHASEORDER')])
        self.assertTrue(self.get_json('')['setup_url'].endswith('/export/setup/'))

    def test_the_percent_module_has_one_rate_for_every_class_everywhere(self):
        config_get('TAX', 'MODULE').update('tax.modules.percent')
        config_get('TAX', 'PERCENT').update('8.25')
        setup = self.get_json('setup/')
        self.assertEqual(setup['tax']['module'], 'tax.modules.percent')
        self.assertEqual(setup['tax_rates'], [{'tax_class': None, 'country': None, 'state': None,
                                               'percentage': '0.0825'}])
        self.assertEqual(setup['payment_methods'], [])

    def test_it_needs_the_token(self):
        self.assertEqual(self.get('setup/', token=None).status_code, 401)
