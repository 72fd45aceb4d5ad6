# -*- coding: utf-8 -*-
"""Rows -> dicts. No I/O: each record is a dict of its columns (QuerySet.values()
names), every related row is passed in the same way (see resources.py).

Money and quantities are the Decimals the database layer reads, which the
JSON encoder writes as strings with Satchmo's precision untouched.
"""
import datetime
from decimal import ROUND_CEILING, ROUND_DOWN, Decimal
from operator import itemgetter

# an order's copied addresses: (key, column) pairs
BILL, SHIP = [[(f, '%s_%s' % (prefix, f)) for f in ('addressee', 'street1', 'street2', 'city', 'state',
                                                     'postal_code', 'country')]
              for prefix in ('bill', 'ship')]
ZERO, ONE, CENT, NO_CENTS = Decimal('0'), Decimal('1'), Decimal('0.01'), Decimal('0.00')
by_id = itemgetter('id')


def _dec(value):
    """A database value as a Decimal (the database layer's own Decimal as it is), or None."""
    return value if value is None or isinstance(value, Decimal) else Decimal(value)


def country(row, areas):
    return {
        'id': row['id'],
        'iso2_code': row['iso2_code'],
        'iso3_code': row['iso3_code'],
        'numcode': row['numcode'],
        'name': row['printable_name'],
        'official_name': row['name'],
        'active': row['active'],
        'continent': row['continent'],
        'admin_area_type': row['admin_area'],
        'admin_areas': [{'id': a['id'], 'code': a['abbrev'], 'name': a['name'], 'active': a['active']}
                        for a in sorted(areas, key=by_id)],
    }


def category(row):
    return {
        'id': row['id'],
        'parent_id': row['parent'],
        'name': row['name'],
        'slug': row['slug'],
        'description': row['description'],
        'meta': row['meta'],
        'ordering': row['ordering'],
        'active': row['is_active'],
    }


def current_prices(prices, today):
    """The tiers Satchmo applies today (not expired), lowest quantity first."""
    return [p for p in prices if p['expires'] is None or p['expires'] >= today]


def unit_price(prices, today):
    """Satchmo's price for one unit: the applicable tier with the highest quantity <= 1."""
    tiers = [p for p in current_prices(prices, today) if p['quantity'] <= 1]
    if not tiers:
        return None
    tiers.sort(key=lambda p: (p['quantity'], p['expires'] is not None))
    return _dec(tiers[-1]['price'])


def product(row, prices, category_ids, images, options, parent_prices, image_url, today):
    """One product; a variation carries its parent's id and its option values.

    row: the product's columns, with its tax class title, its ConfigurableProduct
    (`configurableproduct__product`: a configurable parent's own id, else None) and a
    variation's parent (`productvariation__parent`); prices, images: its Price
    and ProductImage rows; category_ids: main first; options: a variation's
    option rows (through table, option and option group columns);
    parent_prices: the parent's Price rows (variations without own prices
    cost the parent's unit price plus their options' price changes);
    image_url(file name): the image's absolute URL.
    """
    price = unit_price(prices, today)
    parent_id = row['productvariation__parent']
    option_values = []
    if parent_id is not None:
        opts = sorted(options, key=lambda o: (o['option__option_group__sort_order'], o['option__option_group']))
        option_values = [{'id': o['option'], 'group_id': o['option__option_group'],
                          'group': o['option__option_group__name'], 'name': o['option__name'],
                          'value': o['option__value'], 'price_change': _dec(o['option__price_change'])}
                         for o in opts]
        if price is None:
            base = unit_price(parent_prices, today)
            if base is not None:
                price = base + sum((_dec(o['option__price_change']) for o in opts if o['option__price_change']),
                                   Decimal('0.00'))
    return {
        'id': row['id'],
        'sku': row['sku'],
        'slug': row['slug'],
        'name': row['name'],
        'short_description': row['short_description'],
        'description': row['description'],
        'active': row['active'],
        'featured': row['featured'],
        'ordering': row['ordering'],
        'taxable': row['taxable'],
        'tax_class': row['taxClass'] and {'id': row['taxClass'], 'title': row['taxClass__title']},
        'shipclass': row['shipclass'],
        'weight': row['weight'], 'weight_units': row['weight_units'],
        'length': row['length'], 'length_units': row['length_units'],
        'width': row['width'], 'width_units': row['width_units'],
        'height': row['height'], 'height_units': row['height_units'],
        'unit_price': price,
        'prices': [{'id': p['id'], 'price': _dec(p['price']), 'quantity': _dec(p['quantity']),
                    'expires': p['expires']}
                   for p in sorted(prices, key=lambda p: (p['quantity'], p['expires'] or datetime.date.max, p['id']))],
        'category_ids': category_ids,
        'images': [{'id': i['id'], 'url': image_url(i['picture']), 'caption': i['caption'], 'sort': i['sort']}
                   for i in images if i['picture']],
        'date_added': row['date_added'],
        'configurable': row['configurableproduct__product'] is not None,
        'parent_id': parent_id,
        'options': option_values,
    }


# the optional product subtypes (see optional.py) that tell whether a product ships:
# app -> (their columns in a product row, the first one there when the product has the subtype;
#         function(row) -> whether that subtype ships)
SUBTYPES = {
    'custom': (('customproduct__product', 'customproduct__deferred_shipping'),
               lambda row: not row['customproduct__deferred_shipping']),
    'downloadable': (('downloadableproduct__product',), lambda row: False),
    'subscription': (('subscriptionproduct__product', 'subscriptionproduct__recurring',
                      'subscriptionproduct__recurring_times', 'subscriptionproduct__expire_length',
                      'subscriptionproduct__expire_unit', 'subscriptionproduct__is_shippable'),
                     lambda row: bool(row['subscriptionproduct__is_shippable'])),
    'giftcertificate': (('giftcertificateproduct__product',), lambda row: False),
}
# a product's kind: the first of its subtypes here, else goods
KINDS = (('giftcertificate', 'gift_certificate'), ('subscription', 'subscription'), ('downloadable', 'download'))


def _has(row, app):
    return row.get(SUBTYPES[app][0][0]) is not None


def shippable(row, subtypes):
    """Satchmo's Product.is_shippable: shipclass YES ships, NO does not; DEFAULT asks the first of the
    product's subtypes that has a say (`subtypes`: the installed ones, in the shop's app order), else ships."""
    if row['shipclass'] != 'DEFAULT':
        return row['shipclass'] == 'YES'
    for app in subtypes:
        if _has(row, app):
            return SUBTYPES[app][1](row)
    return True


def brand_name(translations, slug, language):
    """The brand's name in `language` (its first two letters), else in any language (the oldest
    translation), else its slug."""
    names = sorted((t['brand__translations__id'], t['brand__translations__languagecode'] or '',
                    t['brand__translations__name']) for t in translations if t['brand__translations__id'])
    same = [name for _, code, name in names if code[:2].lower() == language[:2].lower()]
    return (same or [name for _, _, name in names] or [slug])[0]


def product_sale(row, subtypes, brands, tiered_prices, language):
    """What sells the product beyond its catalog fields: its kind, whether it ships, its subscription terms,
    brands and tiered prices. row: the product's columns, its installed subtypes' included (SUBTYPES);
    brands: its BrandProduct rows, one per translation of the brand; language: the shop's LANGUAGE_CODE."""
    kind = [name for app, name in KINDS if app in subtypes and _has(row, app)]
    subscription = None
    if 'subscription' in subtypes and _has(row, 'subscription'):
        subscription = {'recurring': bool(row['subscriptionproduct__recurring']),
                        'recurring_times': row['subscriptionproduct__recurring_times'],
                        'expire_length': row['subscriptionproduct__expire_length'],
                        'expire_unit': row['subscriptionproduct__expire_unit']}
    by_brand = {}
    for b in brands:
        by_brand.setdefault(b['brand'], []).append(b)
    brand_list = [{'id': brand_id, 'slug': rows[0]['brand__slug'],
                   'name': brand_name(rows, rows[0]['brand__slug'], language)}
                  for brand_id, rows in sorted(by_brand.items(), key=lambda item: (item[1][0]['brand__ordering'],
                                                                                   item[1][0]['brand__slug']))]
    return {
        'kind': kind[0] if kind else 'goods',
        'shippable': shippable(row, subtypes),
        'subscription': subscription,
        'brands': brand_list,
        'tiered_prices': [{'id': t['id'], 'tier_id': t['pricingtier'], 'price': _dec(t['price']),
                           'quantity': _dec(t['quantity']), 'expires': t['expires']}
                          for t in sorted(tiered_prices, key=lambda t: (t['pricingtier'], t['quantity'],
                                                                        t['expires'] or datetime.date.max,
                                                                        t['id']))],
    }


def contact(row, addresses, phones, pricing_tier_ids):
    return {
        'id': row['id'],
        'title': row['title'],
        'first_name': row['first_name'],
        'last_name': row['last_name'],
        'email': row['email'],
        'notes': row['notes'],
        'dob': row['dob'],
        'create_date': row['create_date'],
        'role': row['role'],
        'user_id': row['user'],
        'organization': row['organization'] and {
            'id': row['organization'], 'name': row['organization__name'], 'role': row['organization__role'],
            'type': row['organization__type']},
        'addresses': [{
            'id': a['id'], 'description': a['description'], 'addressee': a['addressee'],
            'street1': a['street1'], 'street2': a['street2'], 'city': a['city'], 'state': a['state'],
            'postal_code': a['postal_code'], 'country': a['country__iso2_code'],
            'is_default_billing': a['is_default_billing'], 'is_default_shipping': a['is_default_shipping'],
        } for a in sorted(addresses, key=by_id)],
        'phones': [{'id': p['id'], 'type': p['type'], 'phone': p['phone'], 'primary': p['primary']}
                   for p in sorted(phones, key=by_id)],
        'pricing_tier_ids': sorted(pricing_tier_ids),
    }


def balance_paid(payments, authorizations):
    """Satchmo's Order.balance_paid: the payments plus the open authorizations."""
    paid = sum((p['amount'] or ZERO for p in payments), ZERO)
    open_amounts = [a['amount'] or ZERO for a in authorizations if not a['complete']]
    return paid + sum(open_amounts, ZERO) if open_amounts else paid     # adding ZERO would change nothing


def balance(total, paid):
    """Satchmo's Order.balance: trunc_decimal(total - paid, 2) of satchmo_utils.numbers, the same Decimal
    in a few operations instead of twenty (test_payloads compares them).

    Below the cent, a balance due is rounded up and an overpayment toward zero (a zero is +0); a whole
    number loses its decimals.
    """
    value = total - paid
    if value < 0:
        value = value.quantize(CENT, rounding=ROUND_DOWN) or NO_CENTS
    else:
        value = value.quantize(CENT, rounding=ROUND_CEILING)
    return value.quantize(ONE) if value == value.to_integral() else value


def _address(row, columns):
    return dict((f, row[column]) for f, column in columns)


def order(row, statuses, items, details, payments, authorizations, taxes):
    """One order; items carry their product's sku and name; details: {item id: [OrderItemDetail rows]}."""
    payments = sorted(payments, key=by_id)
    paid = balance_paid(payments, authorizations)
    total = _dec(row['total'])
    return {
        'id': row['id'],
        'contact_id': row['contact'],
        'time_stamp': row['time_stamp'],
        'method': row['method'],
        'status': row['status'],
        'status_history': [{'id': s['id'], 'status': s['status'], 'notes': s['notes'], 'time_stamp': s['time_stamp']}
                           for s in sorted(statuses, key=itemgetter('time_stamp', 'id'))],
        'bill_address': _address(row, BILL),
        'ship_address': _address(row, SHIP),
        'sub_total': _dec(row['sub_total']),
        'discount': _dec(row['discount']),
        'discount_code': row['discount_code'],
        'shipping_method': row['shipping_method'],
        'shipping_description': row['shipping_description'],
        'shipping_model': row['shipping_model'],
        'shipping_cost': _dec(row['shipping_cost']),
        'shipping_discount': _dec(row['shipping_discount']),
        'tax': _dec(row['tax']),
        'taxes': [{'id': t['id'], 'method': t['method'], 'description': t['description'], 'tax': _dec(t['tax'])}
                  for t in sorted(taxes, key=by_id)],
        'total': total,
        'balance_paid': paid,
        'balance': None if total is None else balance(total, paid),
        'notes': row['notes'],
        'items': [{
            'id': i['id'],
            'product_id': i['product'],
            'sku': i['product__sku'],
            'description': i['product__name'],
            'quantity': _dec(i['quantity']),
            'unit_price': _dec(i['unit_price']),
            'unit_tax': _dec(i['unit_tax']),
            'line_item_price': _dec(i['line_item_price']),
            'discount': _dec(i['discount']),
            'tax': _dec(i['tax']),
            'expire_date': i['expire_date'],
            'details': [{'name': d['name'], 'value': d['value'], 'price_change': _dec(d['price_change']),
                         'sort_order': d['sort_order']}
                        for d in sorted(details.get(i['id'], []), key=itemgetter('sort_order', 'id'))],
        } for i in sorted(items, key=by_id)],
        'payments': [{'id': p['id'], 'method': p['payment'], 'amount': _dec(p['amount']),
                      'transaction_id': p['transaction_id'], 'time_stamp': p['time_stamp']} for p in payments],
        'authorizations': [{'id': a['id'], 'amount': _dec(a['amount']), 'complete': a['complete'],
                            'transaction_id': a['transaction_id'], 'time_stamp': a['time_stamp']}
                           for a in sorted(authorizations, key=by_id)],
    }
