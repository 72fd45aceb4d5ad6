# -*- coding: utf-8 -*-
"""Model -> dict. No I/O: every related row is passed in (see resources.py).

Money and quantities are Decimals, which the JSON encoder writes as strings
with Satchmo's precision untouched.
"""
import datetime
from decimal import Decimal

from satchmo_utils.numbers import trunc_decimal


def _dec(value):
    return None if value is None else Decimal(value)


def country(obj, areas):
    return {
        'id': obj.pk,
        'iso2_code': obj.iso2_code,
        'iso3_code': obj.iso3_code,
        'numcode': obj.numcode,
        'name': obj.printable_name,
        'official_name': obj.name,
        'active': obj.active,
        'continent': obj.continent,
        'admin_area_type': obj.admin_area,
        'admin_areas': [{'id': a.pk, 'code': a.abbrev, 'name': a.name, 'active': a.active}
                        for a in sorted(areas, key=lambda a: a.pk)],
    }


def category(obj):
    return {
        'id': obj.pk,
        'parent_id': obj.parent_id,
        'name': obj.name,
        'slug': obj.slug,
        'description': obj.description,
        'meta': obj.meta,
        'ordering': obj.ordering,
        'active': obj.is_active,
    }


def current_prices(prices, today):
    """The tiers Satchmo applies today (not expired), lowest quantity first."""
    return [p for p in prices if p.expires is None or p.expires >= today]


def unit_price(prices, today):
    """Satchmo's price for one unit: the applicable tier with the highest quantity <= 1."""
    tiers = [p for p in current_prices(prices, today) if p.quantity <= 1]
    if not tiers:
        return None
    tiers.sort(key=lambda p: (p.quantity, p.expires is not None))
    return Decimal(tiers[-1].price)


def product(obj, prices, category_ids, images, variation, options, parent_prices, configurable, absolute_url,
            today):
    """One product; a variation carries its parent's id and its option values.

    prices, images: its Price and ProductImage rows; category_ids: main first;
    variation: the ProductVariation row or None, options: its Option rows
    (option_group loaded); parent_prices: the parent's Price rows (variations
    without own prices cost the parent's unit price plus their options' price
    changes).
    """
    price = unit_price(prices, today)
    option_values = []
    if variation is not None:
        opts = sorted(options, key=lambda o: (o.option_group.sort_order, o.option_group_id))
        option_values = [{'id': o.pk, 'group_id': o.option_group_id, 'group': o.option_group.name,
                          'name': o.name, 'value': o.value, 'price_change': _dec(o.price_change)} for o in opts]
        if price is None:
            base = unit_price(parent_prices, today)
            if base is not None:
                price = base + sum((Decimal(o.price_change) for o in opts if o.price_change), Decimal('0.00'))
    tax_class = obj.taxClass
    return {
        'id': obj.pk,
        'sku': obj.sku,
        'slug': obj.slug,
        'name': obj.name,
        'short_description': obj.short_description,
        'description': obj.description,
        'active': obj.active,
        'featured': obj.featured,
        'ordering': obj.ordering,
        'taxable': obj.taxable,
        'tax_class': tax_class and {'id': tax_class.pk, 'title': tax_class.title},
        'shipclass': obj.shipclass,
        'weight': obj.weight, 'weight_units': obj.weight_units,
        'length': obj.length, 'length_units': obj.length_units,
        'width': obj.width, 'width_units': obj.width_units,
        'height': obj.height, 'height_units': obj.height_units,
        'unit_price': price,
        'prices': [{'id': p.pk, 'price': Decimal(p.price), 'quantity': Decimal(p.quantity), 'expires': p.expires}
                   for p in sorted(prices, key=lambda p: (p.quantity, p.expires or datetime.date.max, p.pk))],
        'category_ids': category_ids,
        'images': [{'id': i.pk, 'url': absolute_url(i.picture.url), 'caption': i.caption, 'sort': i.sort}
                   for i in images if i.picture],
        'date_added': obj.date_added,
        'configurable': configurable,
        'parent_id': variation.parent_id if variation is not None else None,
        'options': option_values,
    }


def contact(obj, addresses, phones):
    org = obj.organization
    return {
        'id': obj.pk,
        'title': obj.title,
        'first_name': obj.first_name,
        'last_name': obj.last_name,
        'email': obj.email,
        'notes': obj.notes,
        'dob': obj.dob,
        'create_date': obj.create_date,
        'role': obj.role_id,
        'user_id': obj.user_id,
        'organization': org and {'id': org.pk, 'name': org.name, 'role': org.role_id, 'type': org.type_id},
        'addresses': [{
            'id': a.pk, 'description': a.description, 'addressee': a.addressee,
            'street1': a.street1, 'street2': a.street2, 'city': a.city, 'state': a.state,
            'postal_code': a.postal_code, 'country': a.country.iso2_code,
            'is_default_billing': a.is_default_billing, 'is_default_shipping': a.is_default_shipping,
        } for a in sorted(addresses, key=lambda a: a.pk)],
        'phones': [{'id': p.pk, 'type': p.type, 'phone': p.phone, 'primary': p.primary}
                   for p in sorted(phones, key=lambda p: p.pk)],
    }


def _address(order, prefix):
    fields = ('addressee', 'street1', 'street2', 'city', 'state', 'postal_code', 'country')
    return dict((f, getattr(order, '%s_%s' % (prefix, f))) for f in fields)


def order(obj, statuses, items, details, payments, authorizations, taxes):
    """One order; details: {item id: [OrderItemDetail rows]}, the items' products loaded."""
    payments = sorted(payments, key=lambda p: p.pk)
    open_authorizations = [a.amount or Decimal('0') for a in authorizations if not a.complete]
    paid = sum((p.amount or Decimal('0') for p in payments), Decimal('0')) + sum(open_authorizations, Decimal('0'))
    total = _dec(obj.total)
    return {
        'id': obj.pk,
        'contact_id': obj.contact_id,
        'time_stamp': obj.time_stamp,
        'method': obj.method,
        'status': obj.status,
        'status_history': [{'id': s.pk, 'status': s.status, 'notes': s.notes, 'time_stamp': s.time_stamp}
                           for s in sorted(statuses, key=lambda s: (s.time_stamp, s.pk))],
        'bill_address': _address(obj, 'bill'),
        'ship_address': _address(obj, 'ship'),
        'sub_total': _dec(obj.sub_total),
        'discount': _dec(obj.discount),
        'discount_code': obj.discount_code,
        'shipping_method': obj.shipping_method,
        'shipping_description': obj.shipping_description,
        'shipping_model': obj.shipping_model,
        'shipping_cost': _dec(obj.shipping_cost),
        'shipping_discount': _dec(obj.shipping_discount),
        'tax': _dec(obj.tax),
        'taxes': [{'id': t.pk, 'method': t.method, 'description': t.description, 'tax': _dec(t.tax)}
                  for t in sorted(taxes, key=lambda t: t.pk)],
        'total': total,
        'balance_paid': paid,
        # Satchmo's Order.balance (rounded to the cent the way Satchmo does)
        'balance': None if total is None else trunc_decimal(total - paid, 2),
        'notes': obj.notes,
        'items': [{
            'id': i.pk,
            'product_id': i.product_id,
            'sku': i.product.sku,
            'description': i.product.name,
            'quantity': _dec(i.quantity),
            'unit_price': _dec(i.unit_price),
            'unit_tax': _dec(i.unit_tax),
            'line_item_price': _dec(i.line_item_price),
            'discount': _dec(i.discount),
            'tax': _dec(i.tax),
            'details': [{'name': d.name, 'value': d.value, 'price_change': _dec(d.price_change),
                         'sort_order': d.sort_order}
                        for d in sorted(details.get(i.pk, []), key=lambda d: (d.sort_order, d.pk))],
        } for i in sorted(items, key=lambda i: i.pk)],
        'payments': [{'id': p.pk, 'method': p.payment, 'amount': _dec(p.amount),
                      'transaction_id': p.transaction_id, 'time_stamp': p.time_stamp} for p in payments],
    }
