# -*- coding: utf-8 -*-
"""The shop's setup a connector needs before it books orders: how the shop taxes (its tax module, the
address it taxes by, whether and with which class it taxes shipping), its tax classes and their rates per
place, the payment methods its orders were paid with, which of Satchmo's optional apps it has
(optional.py), what its gift certificates still hold and its pricing tiers.

Rates are fractions (0.0625 for 6.25%). The area module's rates have a country (ISO code) and, for a
region, its abbreviation; the percent module's one rate has no class and no place (every taxable item,
everywhere).
"""
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count
from livesettings import config_value

from product.models import TaxClass
from satchmo_store.shop.models import OrderPayment

from satchmo_export import optional

CENT = Decimal('0.01')

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


def cents(values):
    """The sum of money `values` (Satchmo's two-decimal amounts; floats on SQLite) in exact cents."""
    return sum((Decimal(str(v)).quantize(CENT, ROUND_HALF_UP) for v in values if v is not None), Decimal('0.00'))


def gift_certificates():
    """The gift certificates' figures (never their codes: they are bearer secrets), or None without the
    module: `product_ids` (the gift certificate products), `outstanding` (what the valid certificates still
    hold), `open` (how many valid ones hold something), `sold` (their start balances, all of them), `used`
    (every usage)."""
    certificate = optional.model('giftcertificate', 'GiftCertificate')
    if certificate is None:
        return None
    products = optional.model('giftcertificate', 'GiftCertificateProduct')
    usage = optional.model('giftcertificate', 'GiftCertificateUsage')
    certificates = list(certificate.objects.filter(site=settings.SITE_ID).order_by()
                        .values_list('id', 'valid', 'start_balance'))
    used = {}
    for certificate_id, amount in (usage.objects.filter(giftcertificate__site=settings.SITE_ID).order_by()
                                   .values_list('giftcertificate', 'balance_used')):
        used.setdefault(certificate_id, []).append(amount)
    balances = [cents([start]) - cents(used.get(i, [])) for i, valid, start in certificates if valid]
    return {
        'product_ids': sorted(products.objects.filter(product__site=settings.SITE_ID)
                              .values_list('product_id', flat=True)),
        'outstanding': str(sum(balances, Decimal('0.00'))),
        'open': len([b for b in balances if b > 0]),
        'sold': str(cents(start for _, _, start in certificates)),
        'used': str(cents(amount for amounts in used.values() for amount in amounts)),
    }


def pricing_tiers():
    """The tiers of satchmo_ext.tieredpricing ([] without it): `group` names the user group it prices for."""
    tier = optional.model('tieredpricing', 'PricingTier')
    if tier is None:
        return []
    return [{'id': t['id'], 'title': t['title'], 'group': t['group__name'],
             'discount_percent': None if t['discount_percent'] is None else str(cents([t['discount_percent']]))}
            for t in tier.objects.order_by('pk').values('id', 'title', 'group__name', 'discount_percent')]


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
        'modules': optional.modules(),
        'gift_certificates': gift_certificates(),
        'pricing_tiers': pricing_tiers(),
    }
