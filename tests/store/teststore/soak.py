# -*- coding: utf-8 -*-
"""The soak: seeded rounds of what a shop's days bring, through Satchmo's own models.

`soak_round(seed, number, operations)` runs `operations` random actions in the store's database:
products created, repriced, renamed, archived or deleted; customers created, moved, renamed or
deleted; orders placed (with discounts and payments), paid, moved on or cancelled. The same seed and
round number on the same database give the same actions. A deletion only takes what no order holds
(Satchmo deletes a customer's orders with the customer). The cross-system soak pulls between rounds
and then runs the health check (tests/test_soak.py).
"""
import random
from decimal import Decimal

from django.contrib.sites.models import Site
from django.db import transaction

from l10n.models import Country
from product.models import Price, Product, TaxClass
from satchmo_store.contact.models import AddressBook, Contact, ContactRole
from satchmo_store.shop.models import Order, OrderItem

from teststore.orders import make_order
from teststore.scenario import add_payment, cancel, make_discount

PREFIX = 'soak-'
STATES = ('TN', 'MN', 'NJ', 'AR', 'OH', 'CA', 'NY', 'TX')
NAMES = (u'Ada', u'Grace', u'Zoë', u'José', u'Ørjan', u'Łucja', u'Ελένη', u'山田')


def ordered(queryset):
    return list(queryset.order_by('pk'))


class Round(object):
    def __init__(self, seed, number):
        self.random = random.Random('%s-%s' % (seed, number))
        self.tag = '%s%s-%s' % (PREFIX, seed, number)
        self.done = {}
        self.count = 0

    def pick(self, items):
        return self.random.choice(items) if items else None

    def price(self):
        return Decimal(self.random.randint(100, 9999)) / 100

    # -- the catalog -----------------------------------------------------------

    def new_product(self):
        self.count += 1
        slug = '%s-p%d' % (self.tag, self.count)
        product = Product(site=Site.objects.get_current(), slug=slug, sku=slug.upper(),
                          name=u'%s product %d' % (self.pick(NAMES), self.count), taxable=self.random.random() < 0.7,
                          taxClass=TaxClass.objects.get(title='Default'), active=True)
        product.save()
        Price(product=product, quantity=Decimal('1'), price=self.price()).save()

    def sellable(self):
        return [p for p in ordered(Product.objects.filter(active=True, productvariation__isnull=True,
                                                          configurableproduct__isnull=True, customproduct__isnull=True))
                if p.price_set.filter(quantity=1).exists()]

    def reprice(self):
        product = self.pick(self.sellable())
        if product:
            price = product.price_set.get(quantity=1)
            price.price = self.price()
            price.save()

    def rename(self):
        product = self.pick(self.sellable())
        if product:
            product.name = u'%s (%s)' % (product.name.split(' (')[0], self.tag)
            product.save()

    def archive_product(self):
        product = self.pick(self.sellable())
        if product:
            product.active = False
            product.save()

    def delete_product(self):
        product = self.pick(ordered(Product.objects.filter(slug__startswith=PREFIX, orderitem__isnull=True)))
        if product:
            product.delete()

    # -- customers -------------------------------------------------------------

    def new_customer(self):
        self.count += 1
        first = self.pick(NAMES)
        contact = Contact(first_name=first, last_name=u'Soak%d' % self.count,
                          email='%s-c%d@example.com' % (self.tag, self.count),
                          role=ContactRole.objects.get(key='Customer'))
        contact.save()
        AddressBook(contact=contact, description='Home', addressee=contact.full_name,
                    street1=u'%d %s Street' % (self.random.randint(1, 999), first), city=u'Springfield',
                    state=self.pick(STATES), postal_code='%05d' % self.random.randint(10000, 99999),
                    country=Country.objects.get(iso2_code='US'), is_default_shipping=True,
                    is_default_billing=True).save()

    def customers(self):
        return [c for c in ordered(Contact.objects.all()) if c.billing_address and c.shipping_address]

    def move_customer(self):
        contact = self.pick(self.customers())
        if contact:
            address = contact.billing_address
            address.street1 = u'%d Moved Avenue' % self.random.randint(1, 999)
            address.city = self.pick((u'Nashville', u'Saint Paul', u'Trenton'))
            address.save()

    def rename_customer(self):
        contact = self.pick(self.customers())
        if contact:
            contact.last_name = u'%s-%d' % (contact.last_name.split('-')[0], self.random.randint(1, 99))
            contact.save()

    def delete_customer(self):
        contact = self.pick(ordered(Contact.objects.filter(email__startswith=PREFIX, order__isnull=True)))
        if contact:
            contact.delete()

    # -- orders ----------------------------------------------------------------

    def new_order(self):
        contact, products = self.pick(self.customers()), self.sellable()
        if not contact or not products:
            return
        lines = [(p.slug, self.random.randint(1, 4)) for p in self.random.sample(products, min(len(products),
                                                                                      self.random.randint(1, 3)))]
        payments = self.pick(((), (('DUMMY', None, self.tag),), (('PURCHASEORDER', Decimal('5.00'), self.tag),)))
        make_order(contact.email, lines, shipping_cost=self.price() if self.random.random() < 0.8 else Decimal('0'),
                   discount_code=self.pick((None, None, 'SAVE10')), payments=payments)

    def open_orders(self):
        return [o for o in ordered(Order.objects.exclude(status__in=('Cancelled', 'Temp'))) if o.balance > 0]

    def pay(self):
        order = self.pick(self.open_orders())
        if order:
            add_payment(order.pk, method=self.pick(('DUMMY', 'PURCHASEORDER')),
                        amount=self.pick((None, str((order.balance / 2).quantize(Decimal('0.01'))))),
                        transaction_id=self.tag)

    def move_on(self):
        order = self.pick(ordered(Order.objects.exclude(status__in=('Cancelled', 'Shipped', 'Complete', 'Temp'))))
        if order:
            order.add_status(self.pick(('In Process', 'Shipped')), self.tag)

    def cancel(self):
        order = self.pick(ordered(Order.objects.exclude(status__in=('Cancelled', 'Temp'))))
        if order:
            cancel(order.pk, self.tag)

    ACTIONS = (('new_product', 2), ('reprice', 2), ('rename', 1), ('archive_product', 1), ('delete_product', 1),
               ('new_customer', 2), ('move_customer', 1), ('rename_customer', 1), ('delete_customer', 1),
               ('new_order', 5), ('pay', 3), ('move_on', 2), ('cancel', 1))

    def run(self, operations):
        names = [name for name, weight in self.ACTIONS for _ in range(weight)]
        for _ in range(operations):
            name = self.pick(names)
            getattr(self, name)()
            self.done[name] = self.done.get(name, 0) + 1
        return self.done


@transaction.commit_on_success
def soak_round(seed, number, operations):
    """Run one round; {action: how many times}."""
    make_discount()
    return Round(seed, number).run(operations)


def soak_totals():
    """What the shop holds at the end: records per kind."""
    return {'products': Product.objects.count(), 'contacts': Contact.objects.count(),
            'orders': Order.objects.count(), 'items': OrderItem.objects.count()}
