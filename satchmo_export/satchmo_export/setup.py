# -*- coding: utf-8 -*-
"""The shop's setup a connector needs before it books orders: how the shop taxes (its tax module, the
address it taxes by, whether and with which class it taxes shipping), its tax classes and their rates per
place, and the payment methods its orders were paid with.

Rates are fractions (0.0625 for 6.25%). The area module's rates have a country (ISO code) and, for a
region, its abbreviation; the percent module's one rate has no class and no place (every taxable item,
everywhere).
"""
from django.conf import settings
from django.db.models import Count
from livesettings import config_value

from product.models import TaxClass
from satchmo_store.shop.models import OrderPayment

AREA, PERCENT = 'tax.modules.area', 'tax.modules.percent'


def setting(key, default=None):
    """A TAX setting, or `default` where the shop's tax module does not register it."""
    try:
        return config_value('TAX', key)
    except Exception:   # livesettings raises its own errors for keys no installed module registered
        return default


def tax_rates(module=None):
    """[{tax_class, country, state, percentage}] of the shop's tax module."""
    module = module or setting('MODULE')
    if module == PERCENT:
        percent = setting('PERCENT')
        return [] if percent is None else [{'tax_class': None, 'country': None, 'state': None,
                                             'percentage': str(percent / 100)}]
    if module != AREA or AREA not in settings.INSTALLED_APPS:
        return []
    from tax.modules.area.models import TaxRate
    rates = []
    for rate in TaxRate.objects.select_related('taxClass', 'taxZone__country', 'taxCountry').order_by('pk'):
        country = rate.taxZone.country if rate.taxZone else rate.taxCountry
        rates.append({'tax_class': rate.taxClass.title, 'country': country.iso2_code if country else None,
                      'state': rate.taxZone.abbrev if rate.taxZone else None, 'percentage': str(rate.percentage)})
    return rates


def shop_setup():
    module = setting('MODULE')
    shipping_taxed = module in (AREA, PERCENT) and bool(setting('TAX_SHIPPING', False))
    payments = OrderPayment.objects.values('payment').annotate(count=Count('id')).order_by('payment')
    return {
        'tax': {
            'module': module,
            'address': 'bill' if setting('TAX_AREA_ADDRESS') == 'bill' else 'ship',
            'shipping_taxed': shipping_taxed,
            'shipping_tax_class': setting('TAX_CLASS', 'Shipping') if shipping_taxed and module == AREA else None,
        },
        'tax_classes': [{'title': c.title, 'description': c.description}
                        for c in TaxClass.objects.order_by('pk')],
        'tax_rates': tax_rates(module),
        'payment_methods': [{'method': p['payment'], 'payments': p['count']} for p in payments],
    }
