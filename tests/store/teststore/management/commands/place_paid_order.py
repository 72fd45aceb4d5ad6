# -*- coding: utf-8 -*-
"""Place one paid order, as a customer's checkout does (make bench's latency step, scripts/bench_latency.py).

    manage.py place_paid_order [--seed S] [--method DUMMY]

A customer with a billing and a shipping address buys 1-3 of the store's simple products (1-3 of each)
at catalog price, with flat-rate shipping: the order as checkout leaves it (teststore.orders.make_order:
items, Satchmo's own totals, status New), then paid in full by the payment module --method
(teststore.scenario.add_payment: Satchmo's payment recorder and its order_success). All in one
transaction: the export's change feed sees the order whole, already paid. Prints a JSON object: the
order's id, total and payment, and `placed`, the Unix time of the commit.
"""
import json
import random
import time
from decimal import Decimal
from optparse import make_option

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from product.models import Product
from satchmo_store.contact.models import AddressBook, Contact
from satchmo_store.shop.models import Order

from teststore.orders import make_order
from teststore.scenario import add_payment


def customer(rng):
    """The email of a customer checkout can bill and ship to (make_order finds the contact by it)."""
    billed = set(AddressBook.objects.filter(is_default_billing=True).values_list('contact_id', flat=True))
    shipped = set(AddressBook.objects.filter(is_default_shipping=True).values_list('contact_id', flat=True))
    for contact_id in rng.sample(sorted(billed & shipped), min(len(billed & shipped), 20)):
        email = Contact.objects.get(pk=contact_id).email
        if email and Contact.objects.filter(email=email).count() == 1:
            return email
    raise CommandError('No customer with a billing and a shipping address and an email of their own.')


def products(rng):
    """The slugs of 1-3 simple products on sale at a catalog price for one."""
    slugs = sorted(set(Product.objects.filter(active=True, productvariation__isnull=True,
                                              configurableproduct__isnull=True, customproduct__isnull=True,
                                              price__quantity=1, price__expires__isnull=True)
                       .values_list('slug', flat=True)))
    if not slugs:
        raise CommandError('The store has no simple product with a price for one.')
    return rng.sample(slugs, min(len(slugs), rng.randint(1, 3)))


class Command(BaseCommand):
    help = 'Place one paid order as checkout does, in one transaction; prints its id and the time of the commit.'
    option_list = BaseCommand.option_list + (
        make_option('--seed', default=None, help='the same seed on the same store picks the same customer and items'),
        make_option('--method', default='DUMMY', help='the payment module that records the payment'),
    )

    def handle(self, *args, **options):
        rng = random.Random(options['seed'])
        with override_settings(EMAIL_BACKEND='django.core.mail.backends.locmem.EmailBackend'):
            with transaction.commit_on_success():
                lines = [(slug, rng.randint(1, 3)) for slug in products(rng)]
                order = make_order(customer(rng), lines, shipping_cost=Decimal('10.00'),
                                   notes='bench latency %s' % options['seed'])
                add_payment(order.pk, method=options['method'], transaction_id='LATENCY-%d' % order.pk)
        placed = time.time()
        order = Order.objects.get(pk=order.pk)
        self.stdout.write(json.dumps({
            'order_id': order.pk, 'placed': placed, 'total': str(order.total), 'balance': str(order.balance),
            'paid': str(sum((p.amount for p in order.payments.all()), Decimal('0'))), 'status': order.status,
            'items': len(lines)}) + '\n')
