# -*- coding: utf-8 -*-
"""The shop's currency as an ISO 4217 code, however the shop's settings name it."""
from django.test.utils import override_settings

from teststore.tests.base import EXPORT, ExportTestCase

EURO_SHOP = {'default_currency': 'EURO', 'currency_formats': {
    'EURO': {'symbol': u'€', 'positive': u'€%(val)0.2f', 'negative': u'-€%(val)0.2f', 'decimal': ','}}}


class CurrencyTest(ExportTestCase):

    def currency(self, l10n, **export):
        with override_settings(L10N_SETTINGS=l10n, SATCHMO_EXPORT=dict(EXPORT, **export)):
            meta, setup = self.get_json(''), self.get_json('setup/')
        self.assertEqual([meta.get(k) for k in ('currency', 'currency_problem')],
                         [setup.get(k) for k in ('currency', 'currency_problem')])
        return meta

    def test_a_shop_in_euros_as_public_shops_configure_it(self):
        meta = self.currency(EURO_SHOP)
        self.assertEqual((meta['currency'], meta['currency_key'], meta['currency_symbol']), ('EUR', 'EURO', u'€'))
        self.assertNotIn('currency_problem', meta)

    def test_a_key_that_is_a_code_a_symbol_and_the_explicit_setting(self):
        self.assertEqual(self.currency({})['currency'], 'USD')   # Satchmo's defaults
        pounds = {'default_currency': 'Sterling', 'currency_formats': {'Sterling': {'symbol': u'£'}}}
        self.assertEqual(self.currency(pounds)['currency'], 'GBP')
        swiss = {'default_currency': 'Franken', 'currency_formats': {'Franken': {'symbol': 'Fr.'}}}
        self.assertEqual(self.currency(swiss)['currency'], 'CHF')
        self.assertEqual(self.currency(EURO_SHOP, CURRENCY='chf')['currency'], 'CHF')   # the setting wins

    def test_no_code_says_which_setting_to_add(self):
        dollars = {'default_currency': 'DOLLAROS', 'currency_formats': {'DOLLAROS': {'symbol': '$'}}}
        meta = self.currency(dollars)
        self.assertIsNone(meta['currency'])
        self.assertIn("'CURRENCY'", meta['currency_problem'])
        self.assertIn('DOLLAROS', meta['currency_problem'])
        meta = self.currency(EURO_SHOP, CURRENCY='EURO')
        self.assertIsNone(meta['currency'])
        self.assertIn("SATCHMO_EXPORT['CURRENCY']", meta['currency_problem'])
