# -*- coding: utf-8 -*-
"""Varied orders for the cross-system tests of the order booking, and what those tests ask the shop later.

Everything goes through Satchmo's own models, its area tax module and its
own total computation (teststore.orders.make_order): no total is written by
hand. The tests run each function in a process of its own, inside the
running store's database, and print its JSON:

    python -c "from django.db.models.loading import get_models; get_models(); import json; \\
               from teststore.scenario import make_scenario; print json.dumps(make_scenario())"

(DJANGO_SETTINGS_MODULE=teststore.settings, PYTHONPATH=tests/store, SATCHMO_DATA=<folder of store.db>).
The scenario adds what it needs beside the orders (two products, two
customers, a shipping tax rate in New Jersey, two discount codes) once, and
new orders on each run. Mails go to the settings' locmem backend.
"""
from decimal import Decimal

from django.contrib.sites.models import Site
from django.db import transaction

from l10n.models import Country
from payment.utils import get_processor_by_key
from product.models import Price, Product, TaxClass
from satchmo_store.contact.models import AddressBook, Contact, ContactRole, PhoneNumber
from satchmo_store.shop.models import Order

from satchmo_export.setup import AREA, tax_rates
from teststore.orders import make_discount, make_order, tax_shipping, use_area_tax

NJ_SHIPPING_RATE = Decimal('0.06625')   # beside New Jersey's 6% on goods (us_tax.yaml)

# slug, name, price tiers (from quantity, unit price): taxable, tax class Default
PRODUCTS = (
    ('tea-third-pound', 'Tea sampler, a third of a pound', ((1, Decimal('3.3333')),)),
    ('sticker-pack', 'Sticker pack', ((1, Decimal('2.50')), (10, Decimal('2.25')), (25, Decimal('2.00')))),
)

# email, first name, last name, street, city, state, zip, phone: customers of no organization
CUSTOMERS = (
    ('dana.reyes@example.com', 'Dana', 'Reyes', '410 Oak Street', 'Little Rock', 'AR', '72201', '501-555-0142'),
    ('sam.okafor@example.com', 'Sam', 'Okafor', '77 Lake Road', 'Columbus', 'OH', '43004', '614-555-0199'),
)

COMPUTER_OPTIONS = (('Monogram', 'CS', Decimal('10.00')), ('Memory', '1.5 GB', Decimal('25.00')),
                    ('Case', 'Large Tower', Decimal('11.00')))


def make_product(slug, name, prices):
    product, _ = Product.objects.get_or_create(slug=slug, defaults=dict(
        site=Site.objects.get_current(), name=name, taxable=True, taxClass=TaxClass.objects.get(title='Default')))
    for quantity, price in prices:
        Price.objects.get_or_create(product=product, quantity=quantity, defaults={'price': price})
    return product


def make_customer(email, first_name, last_name, street, city, state, postal_code, phone):
    contact, created = Contact.objects.get_or_create(email=email, defaults=dict(
        first_name=first_name, last_name=last_name, role=ContactRole.objects.get(key='Customer')))
    if created:
        AddressBook(contact=contact, description='Home', addressee='%s %s' % (first_name, last_name),
                    street1=street, city=city, state=state, postal_code=postal_code,
                    country=Country.objects.get(iso2_code='US'),
                    is_default_shipping=True, is_default_billing=True).save()
        PhoneNumber(contact=contact, type='Home', phone=phone, primary=True).save()
    return contact


@transaction.commit_on_success
def make_scenario():
    """{case: order id}: a new order for each case (the comments say what makes it one)."""
    use_area_tax()                            # Tennessee: goods 6%, shipping 7%
    tax_shipping('NJ', NJ_SHIPPING_RATE)
    for product in PRODUCTS:
        make_product(*product)
    for customer in CUSTOMERS:
        make_customer(*customer)
    make_discount('SHIP15', Decimal('15'), shipping='APPLY')
    make_discount('TENOFF', None, shipping='NONE', amount=Decimal('10.00'))
    chris, john, fred = 'chris@aol.com', 'abc@comcast.com', 'fj@rr.com'    # TN, MN, NJ (an organization's)
    dana, sam = CUSTOMERS[0][0], CUSTOMERS[1][0]                          # AR, OH
    orders = {}

    def add(case, *args, **kwargs):
        order = make_order(*args, **kwargs)
        orders[case] = order.pk
        return order

    add('taxed_and_untaxed', chris, (('dj-rocks-s-w', 2), ('PY-Rocks', 1), ('robot-attack-soft', 1)),
        shipping_cost=Decimal('8.50'), payments=(('DUMMY', None, 'SCN-TAXED'),))
    # goods 6.5%, shipping untaxed
    add('state_rate_mn', john, (('dj-rocks-m-b', 3),), shipping_cost=Decimal('12.00'),
        payments=(('PURCHASEORDER', None, 'PO-SCN-MN'),))
    # goods 6%, shipping 6.625%
    add('state_rate_nj', fred, (('dj-rocks-l-w', 2), ('neat-book-soft', 1)), shipping_cost=Decimal('9.00'))
    # goods 4.625%, shipping untaxed
    add('state_rate_ar', dana, (('dj-rocks-s-w', 1), ('dj-rocks-l-b', 1)), shipping_cost=Decimal('7.50'),
        payments=(('DUMMY', None, 'SCN-AR'),))
    # 15% off items and shipping, per line rounded half to even (19.50 -> 2.92)
    add('discount_with_shipping', chris, (('dj-rocks-s-w', 3), ('PY-Rocks', 1)), discount_code='SHIP15',
        payments=(('DUMMY', None, 'SCN-SHIP15'),))
    # 10.00 off split over the three items: 3.34 + 3.33 + 3.33
    add('fixed_discount', chris, (('dj-rocks-m-b', 1), ('PY-Rocks', 1), ('robot-attack-hard', 1)),
        discount_code='TENOFF', payments=(('DUMMY', None, 'SCN-TENOFF'),))
    add('variation_details', chris, (('dj-rocks-l-bl', 1), ('satchmo-computer', 2, COMPUTER_OPTIONS)),
        shipping_cost=Decimal('25.00'), payments=(('PURCHASEORDER', None, 'PO-SCN-PC'),))
    # 12 at the tier price from 10 on
    add('tier_prices', chris, (('sticker-pack', 12), ('dj-rocks-s-b', 1)), shipping_cost=Decimal('4.00'),
        payments=(('DUMMY', None, 'SCN-TIER'),))
    # untaxed 39.0832 + tax 2.402492 = 41.485692: 39.08 + 2.40 = 41.48, but the total is 41.49
    add('rounding_conflict', chris, (('tea-third-pound', 4), ('dj-rocks-s-b', 1)), shipping_cost=Decimal('5.75'))
    add('several_payments', chris, (('dj-rocks-s-b', 1), ('neat-book-hard', 2)),
        payments=(('DUMMY', Decimal('10.00'), 'SCN-SEV-1'), ('PURCHASEORDER', Decimal('15.00'), 'PO-SCN-SEV-2'),
                  ('DUMMY', None, 'SCN-SEV-3')))
    add('part_payment', john, (('dj-rocks-m-bl', 2),), payments=(('PURCHASEORDER', Decimal('20.00'), 'PO-SCN-PART'),))
    over = add('overpayment', chris, (('dj-rocks-m-w', 1), ('PY-Rocks', 1)), shipping_cost=Decimal('6.00'))
    add_payment(over.pk, amount=over.balance + Decimal('5.00'), transaction_id='SCN-OVER')
    # total 28.8505: Satchmo's balance (rounded up) charges 28.86
    add('cent_over', chris, (('dj-rocks-s-b', 1),), shipping_cost=Decimal('7.15'),
        payments=(('DUMMY', None, 'SCN-CENT'),))
    add('unpaid', chris, (('PY-Rocks', 1), ('dj-rocks-m-w', 1)), shipping_cost=Decimal('6.00'))
    add('customer_without_organization', sam, (('robot-attack-tape', 1), ('dj-rocks-s-bl', 1)),
        shipping_cost=Decimal('5.00'), payments=(('DUMMY', None, 'SCN-SAM'),))
    add('to_cancel_before_invoice', john, (('dj-rocks-s-w', 1), ('neat-book-hard', 1)), shipping_cost=Decimal('4.00'))
    add('to_cancel_after_invoice', chris, (('dj-rocks-l-b', 1),), payments=(('DUMMY', None, 'SCN-CANCEL'),))
    return orders


def add_payment(order_id, method='DUMMY', amount=None, transaction_id=None):
    """A payment recorded by the payment module `method` (DUMMY, PURCHASEORDER); its id.

    amount: a Decimal or decimal string, None for the order's balance. A payment settling the order
    runs Satchmo's order_success, as after a checkout (confirmation mails, products' total sold).
    """
    processor = get_processor_by_key('PAYMENT_%s' % method)
    payment = processor.record_payment(order=Order.objects.get(pk=order_id), amount=amount,
                                       transaction_id=transaction_id or '')
    return payment.pk


def cancel(order_id, notes=''):
    """The shop's cancellation: a 'Cancelled' status row, as the admin adds it."""
    Order.objects.get(pk=order_id).add_status('Cancelled', notes)


def tax_rules():
    """Every rate of the area tax module, as the export serves the shop's (satchmo_export.setup)."""
    return tax_rates(AREA)


def expected(order_id):
    """Satchmo's figures of the stored order, as decimal strings (untaxed = total - tax)."""
    order = Order.objects.get(pk=order_id)
    paid = sum((payment.amount for payment in order.payments.all()), Decimal('0'))
    return {'untaxed': str(order.total - order.tax), 'tax': str(order.tax), 'total': str(order.total),
            'balance': str(order.balance), 'paid': str(paid)}


def backdate_orders(days):
    """Every order and its status history placed `days` earlier, its payments left on their day: the books'
    rates of the orders' and the payments' dates differ."""
    from datetime import timedelta
    from satchmo_store.shop.models import OrderStatus
    for model in (Order, OrderStatus):
        for row in model.objects.all():
            row.time_stamp = row.time_stamp - timedelta(days=days)
            row.save()
    return Order.objects.count()
