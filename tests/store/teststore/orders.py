# -*- coding: utf-8 -*-
"""Realistic orders made through Satchmo's own models, on the shipped fixtures.

The shipped data (sample-store-data, products.yaml, us_tax.yaml) has
contacts with addresses, a catalog with configurable products and US area
taxes, but no orders. `make_order` builds one the way checkout does: items
at catalog price, shipping, an optional discount code, Satchmo's own total
computation (while nothing is paid), then payments and status changes.
Mails go to the locmem backend of the test store's settings.
"""
import datetime
from decimal import Decimal

from django.contrib.sites.models import Site
from keyedcache import cache_delete
from livesettings import config_get

from l10n.models import AdminArea
from product.models import Discount, Product, TaxClass
from satchmo_store.contact.models import Contact
from satchmo_store.shop.models import Order, OrderItem, OrderItemDetail, OrderPayment
from tax.modules.area.models import TaxRate

SHIPPING_RATE = Decimal('0.07')


def use_area_tax(state='TN'):
    """Tax by US state (us_tax.yaml), shipping taxed at 7% in `state`."""
    config_get('TAX', 'MODULE').update('tax.modules.area')
    config_get('TAX', 'TAX_SHIPPING').update(True)
    tax_shipping(state, SHIPPING_RATE)


def tax_shipping(state, rate):
    """Shipping to the US `state` taxed at `rate` (a fraction: an area rate of the 'Shipping' tax class)."""
    shipping = TaxClass.objects.get(title='Shipping')
    area = AdminArea.objects.get(country__iso2_code='US', abbrev=state)
    TaxRate.objects.get_or_create(taxClass=shipping, taxZone=area, defaults={'percentage': rate})


def reset_settings_cache():
    """livesettings keeps values in a process cache that outlives test rollbacks."""
    cache_delete()


def make_discount(code='SAVE10', percentage=Decimal('10'), shipping='APPLY', amount=None):
    """A discount code: `percentage` off, or (percentage=None) `amount` off split over the items."""
    discount, _ = Discount.objects.get_or_create(code=code, defaults=dict(
        site=Site.objects.get_current(), description='%s off' % amount if amount else '%s%% off' % percentage,
        active=True, percentage=percentage, amount=amount, automatic=False, allowedUses=100, numUses=0,
        minOrder=Decimal('0'), startDate=datetime.date.today() - datetime.timedelta(days=30),
        endDate=datetime.date.today() + datetime.timedelta(days=365 * 20),
        shipping=shipping, allValid=True))
    return discount


def make_order(contact_email='chris@aol.com', lines=(('dj-rocks-s-b', 2), ('PY-Rocks', 1)),
               shipping_cost=Decimal('10.00'), discount_code=None, payments=(), statuses=(),
               notes=''):
    """An order as checkout leaves it, then paid and moved through `statuses`.

    lines: (product slug, quantity[, [(detail name, value, price change), ...]]);
    payments: (method key, amount or None for the balance, transaction id);
    statuses: (status, notes) added after the payments.
    """
    contact = Contact.objects.get(email=contact_email)
    order = Order(contact=contact, site=Site.objects.get_current(), method='Online',
                  shipping_cost=shipping_cost, shipping_method='Flat rate',
                  shipping_description='Flat rate shipping, 3-5 days', shipping_model='FlatRate',
                  discount_code=discount_code, notes=notes)
    order.save()
    for line in lines:
        slug, quantity = line[:2]
        details = line[2] if len(line) > 2 else ()
        product = Product.objects.get(slug=slug)
        quantity = Decimal(quantity)
        price = product.get_qty_price(quantity) + sum((d[2] for d in details), Decimal('0'))
        item = OrderItem(order=order, product=product, quantity=quantity, unit_price=price,
                         line_item_price=price * quantity)
        item.save()
        for sort_order, (name, value, change) in enumerate(details):
            OrderItemDetail(item=item, name=name, value=value, price_change=change, sort_order=sort_order).save()
    order.force_recalculate_total()   # nothing is paid yet: Satchmo's own arithmetic
    order.add_status('New', 'Order placed on the web site')
    for method, amount, transaction_id in payments:
        order = Order.objects.get(pk=order.pk)
        OrderPayment(order=order, payment=method, amount=order.balance if amount is None else amount,
                     transaction_id=transaction_id).save()
    for status, status_notes in statuses:
        order.add_status(status, status_notes)
    return Order.objects.get(pk=order.pk)


def make_sample_orders():
    """Five orders covering what the export must carry (taxes, discount, payments...)."""
    use_area_tax()
    make_discount()
    return [
        # TN: taxed variation + untaxed product, 10% discount incl. shipping, paid in two parts
        make_order('chris@aol.com', (('dj-rocks-s-b', 2), ('PY-Rocks', 1), ('neat-book-soft', 3)),
                   discount_code='SAVE10',
                   payments=(('DUMMY', Decimal('25.00'), 'DEMO-1A'), ('DUMMY', None, 'DEMO-1B')),
                   statuses=(('In Process', 'Paid in full'), ('Shipped', 'UPS 1Z999'))),
        # MN: custom product with option details, one payment, still open
        make_order('abc@comcast.com', (('satchmo-computer', 1, (('CPU', 'Fast', Decimal('25.00')),
                                                                   ('Case', 'Tower', Decimal('0.00')))),
                                       ('dj-rocks-l-bl', 1)),
                   shipping_cost=Decimal('15.50'), payments=(('PURCHASEORDER', Decimal('50.00'), 'PO-4711'),),
                   notes='Leave at the back door'),
        # NJ: not paid, cancelled
        make_order('fj@rr.com', (('robot-attack-hard', 4),), shipping_cost=Decimal('7.25'),
                   statuses=(('Cancelled', 'Customer changed his mind'),)),
        # TN: quantity break price, paid in full
        make_order('chris@aol.com', (('dj-rocks-m-w', 5), ('neat-book-hard', 1)),
                   payments=(('DUMMY', None, 'DEMO-4'),), statuses=(('In Process', ''),)),
        # MN: unpaid, new
        make_order('abc@comcast.com', (('PY-Rocks', 2),), shipping_cost=Decimal('0.00')),
    ]
