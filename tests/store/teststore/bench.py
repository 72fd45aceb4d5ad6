# -*- coding: utf-8 -*-
"""A seeded bench shop, bulk-loaded on top of Satchmo's shipped fixtures.

`build(products, contacts, orders, seed)` adds a catalog (categories, simple
products with price tiers, configurable products with variations, taxable
and not), customers (addresses in various US states, phones, some of an
organization) and orders (1-4 items, shipping, a discount code on some,
Satchmo's area tax, 1-2 payments, a status history). Rows are written with
bulk_create: no signal, no mail, no change log (the export's backfill comes
after). The same seed on the same store gives the same rows.

An order's amounts are Satchmo's Order.force_recalculate_total (area tax
module, every product discountable, discount codes valid for all products)
done in memory by `order_amounts`, which calls Satchmo's own discount split
and tax rate lookup; teststore.tests.test_bench checks it against
force_recalculate_total.
"""
import datetime
import random
from decimal import ROUND_DOWN, Decimal

from django.contrib.sites.models import Site
from django.db.models import Max

from l10n.models import AdminArea, Country
from livesettings import config_value
from product.models import Category, Discount, Option, Price, Product, ProductImage, TaxClass
from product.modules.configurable.models import ConfigurableProduct, ProductVariation
from satchmo_store.contact.models import AddressBook, Contact, Organization, PhoneNumber
from satchmo_store.shop.models import (Order, OrderItem, OrderItemDetail, OrderPayment, OrderStatus,
                                       OrderTaxDetail)
from satchmo_utils.numbers import trunc_decimal
from tax.modules.area.processor import Processor

from teststore.orders import make_discount, tax_shipping, use_area_tax

SLUG_PREFIX = 'bench-'
CENT = Decimal('0.01')
EXPIRED, EXPIRING = datetime.date(2001, 1, 1), datetime.date(2099, 12, 31)
LAST_ORDER = datetime.datetime(2025, 6, 30, 18, 0)   # orders span the two years before it
IMAGE = 'images/productimage-picture-default.jpg'   # shipped with Satchmo's static files

ADJECTIVES = ('Classic', 'Sturdy', 'Organic', 'Vintage', 'Compact', 'Deluxe', 'Handmade', 'Rustic', 'Modern',
              'Travel', 'Everyday', 'Premium')
MATERIALS = ('Oak', 'Canvas', 'Ceramic', 'Linen', 'Steel', 'Wool', 'Bamboo', 'Glass')
NOUNS = ('Mug', 'Notebook', 'Lamp', 'Backpack', 'Kettle', 'Blanket', 'Poster', 'Candle', 'Teapot', 'Journal',
         'Scarf', 'Tote')
GARMENTS = ('T-shirt', 'Hoodie', 'Polo', 'Cap', 'Sweater')
FIRST_NAMES = ('Ava', 'Ben', 'Chloe', 'Dev', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jamal', 'Kim', 'Liam',
               'Maya', 'Noah', 'Olga', 'Pedro', u'Zoë', u'José')
LAST_NAMES = ('Adams', 'Baker', 'Chen', 'Diaz', 'Evans', 'Fischer', 'Garcia', 'Hughes', 'Ito', 'Jensen', 'Khan',
              'Lopez', 'Miller', 'Nguyen', "O'Brien", 'Patel')
COMPANIES = ('Harbor', 'Summit', 'Pioneer', 'Maple', 'Granite', 'Beacon', 'Cedar', 'Atlas')
STREETS = ('Main Street', 'Oak Avenue', 'Lake Road', 'Hill Drive', 'Park Lane', 'Elm Court', 'River Way')
# state, city, first digits of its zip codes: Default rates of us_tax.yaml from 0 to 7%
PLACES = (('TN', 'Nashville', '372'), ('NJ', 'Trenton', '086'), ('TX', 'Austin', '787'), ('NY', 'Albany', '122'),
          ('CA', 'Sacramento', '958'), ('MN', 'Saint Paul', '551'), ('OR', 'Salem', '973'),
          ('FL', 'Tallahassee', '323'), ('IL', 'Springfield', '627'), ('WA', 'Olympia', '985'),
          ('AR', 'Little Rock', '722'), ('OH', 'Columbus', '432'), ('DE', 'Dover', '199'), ('MA', 'Boston', '021'),
          ('CO', 'Denver', '802'), ('MS', 'Jackson', '392'), ('AK', 'Juneau', '998'), ('VA', 'Richmond', '232'))
# shipping taxed beside Tennessee's 7% (teststore.orders.use_area_tax)
SHIPPING_RATES = (('NJ', Decimal('0.06625')), ('TX', Decimal('0.0625')))
# code, percentage, amount, shipping: SAVE10 is the demo store's
DISCOUNTS = (('SAVE10', Decimal('10'), None, 'APPLY'), ('BENCH15', Decimal('15'), None, 'NONE'),
             ('BENCH5OFF', None, Decimal('5.00'), 'APPLY'))
# (name, value, price change) choices of a custom computer's order lines, from products.yaml's option groups
COMPUTER_DETAILS = ((('Memory', '1 GB', Decimal('0')), ('Memory', '1.5 GB', Decimal('25')),
                     ('Memory', '2 GB', Decimal('50'))),
                    (('Case', 'Cheap', Decimal('0')), ('Case', 'Mid', Decimal('10')),
                     ('Case', 'Large Tower', Decimal('11'))))
SHIPPING = (('Flat rate', 'Flat rate shipping, 3-5 days', 'FlatRate', Decimal('10.00')),
            ('UPS Ground', 'UPS Ground, 1-5 business days', 'ups', None),
            ('Free shipping', 'Free shipping on this order', 'FREE', Decimal('0.00')))
# final status: its share of the orders and the statuses before it
STATUSES = (('New', 10, ()), ('In Process', 15, ('New',)), ('Billed', 5, ('New', 'In Process')),
            ('Shipped', 30, ('New', 'In Process')), ('Complete', 35, ('New', 'In Process', 'Shipped')),
            ('Cancelled', 5, ('New',)))
STATUS_DAYS = {'New': 0.001, 'In Process': 0.05, 'Billed': 0.5, 'Shipped': 3, 'Complete': 10, 'Cancelled': 2}
STATUS_NOTES = {'New': 'Order placed on the web site', 'In Process': 'Payment received', 'Billed': 'Invoice sent',
                'Shipped': 'UPS 1Z%06d', 'Complete': 'Delivered', 'Cancelled': 'Customer changed his mind'}


def next_id(model):
    return (model.objects.aggregate(top=Max('pk'))['top'] or 0) + 1


def cents(value):
    return value.quantize(CENT)


def tier_price(tiers, quantity, today):
    """Satchmo's price of `quantity` units from Price rows (price, quantity, expires): the lowest valid tier."""
    valid = [price for price, qty, expires in tiers if qty <= quantity and (expires is None or expires >= today)]
    return min(valid) if valid else None


def discounts_of(discount, lines, shipping_cost):
    """Discount.calc of an order: {line id or 'Shipping': discount}, Satchmo's split and rounding."""
    if discount is None:
        return {}
    discounted = {}
    for line in lines:                      # in id order, as Satchmo reads them
        discounted[line['id']] = line['line_item_price']
    if discount.shipping == 'APPLY':
        discounted['Shipping'] = shipping_cost
    if discount.amount:
        return Discount.apply_even_split(discounted, discount.amount)
    return Discount.apply_percentage(discounted, discount.percentage)


def order_amounts(lines, shipping_cost, discount, rate, tax_shipping_class):
    """Order.force_recalculate_total of one order, in memory.

    lines: dicts (id, unit_price, quantity, taxable, tax_class) in id order,
    completed here with line_item_price, discount, unit_tax and tax;
    rate(tax class title): the area rate of the order's place (0 when none);
    tax_shipping_class: the tax class of shipping, None when shipping is not taxed.
    Returns the order's amounts and its tax lines [(description, tax)].
    """
    for line in lines:
        line['line_item_price'] = line['unit_price'] * line['quantity']
    discounts = discounts_of(discount, lines, shipping_cost)
    zero = Decimal('0.00')
    taxes = {}
    for line in lines:
        line['discount'] = discounts.get(line['id'], zero)
        line['sub_total'] = line['line_item_price'] - line['discount']
        line['unit_tax'] = line['tax'] = zero
        if line['taxable']:
            key = line['tax_class'] or 'Default'
            line['unit_tax'] = rate(key) * line['unit_price']
            line['tax'] = rate(key) * line['sub_total']
            taxes[key] = taxes.get(key, zero) + line['tax']
    shipping_discount = Decimal(0) + discounts.get('Shipping', zero)
    shipping = shipping_cost - shipping_discount
    taxes['Shipping'] = rate(tax_shipping_class) * shipping if shipping and tax_shipping_class else zero
    tax = sum(taxes.values(), zero)
    return {
        'sub_total': sum((line['line_item_price'] for line in lines), zero),
        'discount': sum((line['discount'] for line in lines), zero) + shipping_discount,
        'shipping_discount': shipping_discount,
        'tax': tax,
        'total': sum((line['sub_total'] for line in lines), zero) + shipping + tax,
        'taxes': taxes.items(),             # Satchmo writes its tax lines in this dict's order
    }


class Bench(object):
    """One build: the random source, the shop's reference rows, the rows to write."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.site = Site.objects.get_current()
        self.today = datetime.date.today()
        self.us = Country.objects.get(iso2_code='US')
        self.rates = {}                     # (tax class, state) -> rate
        self.rows = {}                      # model -> [instances], written in build()'s order

    def add(self, row):
        self.rows.setdefault(type(row), []).append(row)
        return row

    def pick(self, weighted):
        """One of [(value, weight)]."""
        point = self.rng.uniform(0, sum(weight for _, weight in weighted))
        for value, weight in weighted:
            point -= weight
            if point <= 0:
                return value
        return weighted[-1][0]

    def money(self, low, high):
        return Decimal(self.rng.randint(int(low * 100), int(high * 100))) / 100

    def when(self, start, days):
        """A time from `start` to `days` later, to the microsecond."""
        return start + datetime.timedelta(seconds=self.rng.randint(0, int(days * 86400)),
                                          microseconds=self.rng.randint(0, 999999))

    # the catalog

    def categories(self):
        """5 top categories of 4 subcategories each."""
        result, category_id = [], next_id(Category)
        for n, root in enumerate(NOUNS[:5]):
            parent = self.add(Category(id=category_id, site=self.site, name='%ss' % root, ordering=n,
                                       slug='%s%d' % (SLUG_PREFIX, category_id), description='All %ss' % root.lower()))
            result.append(parent)
            for adjective in ADJECTIVES[n:n + 4]:
                category_id += 1
                result.append(self.add(Category(
                    id=category_id, site=self.site, parent=parent, name='%s %ss' % (adjective, root),
                    slug='%s%d' % (SLUG_PREFIX, category_id), description='', meta='%s, %s' % (adjective, root))))
            category_id += 1
        return result

    def product(self, product_id, name, taxable, tax_class, **fields):
        rng = self.rng
        fields.setdefault('weight', Decimal(rng.randint(1, 80)) / 10 if rng.random() < 0.5 else None)
        return self.add(Product(
            id=product_id, site=self.site, name=name, slug='%s%d' % (SLUG_PREFIX, product_id),
            sku='BENCH-%06d' % product_id if rng.random() < 0.8 else None,
            short_description='%s, a bench product' % name, description='The %s. Seed data.' % name.lower(),
            active=rng.random() < 0.97, featured=rng.random() < 0.05, ordering=rng.randint(0, 3),
            weight_units='lb' if fields['weight'] else None, taxable=taxable, taxClass=tax_class,
            date_added=datetime.date(2020, 1, 1) + datetime.timedelta(days=rng.randint(0, 1800)), **fields))

    def prices(self, product, tiers):
        for price, quantity, expires in tiers:
            self.add(Price(product=product, price=price, quantity=quantity, expires=expires))

    def tiers(self):
        """(price, quantity, expires) rows: one unit's price, sometimes breaks, an expired or a promotion price."""
        rng, price = self.rng, self.money(2, 300)
        tiers = [(price, Decimal(1), None)]
        if rng.random() < 0.2:
            tiers += [(cents(price * Decimal('0.95')), Decimal(10), None),
                      (cents(price * Decimal('0.9')), Decimal(25), None)]
        if rng.random() < 0.05:
            tiers.append((cents(price * Decimal('0.8')), Decimal(1), EXPIRED))
        if rng.random() < 0.03:
            tiers.append((cents(price * Decimal('0.85')), Decimal(1), EXPIRING))
        return tiers

    def catalog(self, count):
        """`count` products: [(product, its price tiers, its options' price change)] of those one can buy."""
        rng = self.rng
        categories = self.categories()
        default = TaxClass.objects.get(title='Default')
        sizes = list(Option.objects.filter(option_group__name='sizes'))
        colors = list(Option.objects.filter(option_group__name='colors'))
        link, choice_link, option_link = (Product.category.through, ConfigurableProduct.option_group.through,
                                          ProductVariation.options.through)
        sellable, product_id = [], next_id(Product)
        end = product_id + count
        while product_id < end:
            taxable = rng.random() < 0.6
            tax_class = default if taxable and rng.random() < 0.7 else None
            if rng.random() < 0.08 and end - product_id >= 3:
                name = '%s %s %s' % (rng.choice(ADJECTIVES), rng.choice(MATERIALS), rng.choice(GARMENTS))
                parent = self.product(product_id, name, taxable, tax_class)
                parent_tiers = self.tiers()
                self.prices(parent, parent_tiers)
                configurable = self.add(ConfigurableProduct(product=parent, create_subs=False))
                for group in (sizes[0].option_group, colors[0].option_group):
                    self.add(choice_link(configurableproduct=configurable, optiongroup=group))
                combinations = [(s, c) for s in sizes for c in colors]
                for size, color in rng.sample(combinations, min(rng.randint(2, 6), end - product_id - 1)):
                    product_id += 1
                    variation = self.product(product_id, '%s (%s/%s)' % (name, size.name, color.name), taxable,
                                             tax_class, weight=parent.weight)
                    self.add(ProductVariation(product=variation, parent=configurable))
                    for option in (size, color):
                        self.add(option_link(productvariation_id=variation.pk, option=option))
                    if rng.random() < 0.1:
                        own = [(parent_tiers[0][0] + 1, Decimal(1), None)]
                        self.prices(variation, own)
                        sellable.append((variation, own, Decimal(0)))
                    else:
                        change = sum((Decimal(o.price_change) for o in (size, color) if o.price_change), Decimal(0))
                        sellable.append((variation, parent_tiers, change))
                product = parent
            else:
                name = '%s %s %s' % (rng.choice(ADJECTIVES), rng.choice(MATERIALS), rng.choice(NOUNS))
                product = self.product(product_id, name, taxable, tax_class)
                tiers = self.tiers()
                self.prices(product, tiers)
                sellable.append((product, tiers, Decimal(0)))
            if rng.random() < 0.7:
                for category in rng.sample(categories, rng.randint(1, 2)):
                    self.add(link(product=product, category=category))
            if rng.random() < 0.1:
                self.add(ProductImage(product=product, picture=IMAGE, caption=product.name[:100], sort=0))
            product_id += 1
        return sellable

    # customers

    def address(self, contact, place, description, billing, shipping):
        state, city, zip_start = place
        return self.add(AddressBook(
            contact=contact, description=description, country=self.us,
            addressee=contact.full_name if self.rng.random() < 0.7 else '',
            street1='%d %s' % (self.rng.randint(1, 9999), self.rng.choice(STREETS)),
            street2='Suite %d' % self.rng.randint(100, 999) if self.rng.random() < 0.1 else '',
            city=city, state=state, postal_code='%s%02d' % (zip_start, self.rng.randint(1, 99)),
            is_default_billing=billing, is_default_shipping=shipping))

    def customers(self, count):
        """`count` contacts: [(contact, billing address, shipping address)]."""
        rng = self.rng
        organizations, organization_id = [], next_id(Organization)
        for n in range(max(1, count // 20)):
            organizations.append(self.add(Organization(
                id=organization_id + n, name='%s %s %s' % (rng.choice(COMPANIES), rng.choice(NOUNS),
                                                            rng.choice(('Inc', 'LLC', 'Co', 'Supply'))),
                type_id='Company', role_id=rng.choice(('Customer', 'Supplier', 'Distributor')),
                create_date=datetime.date(2018, 1, 1) + datetime.timedelta(days=rng.randint(0, 700)))))
        result, contact_id = [], next_id(Contact)
        for n in range(count):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            contact = self.add(Contact(
                id=contact_id + n, first_name=first, last_name=last,
                title=rng.choice(('Mr.', 'Ms.', 'Dr.')) if rng.random() < 0.2 else None,
                email='%s.%s.%d@example.com' % (first, last.replace("'", ''), contact_id + n),
                role_id=self.pick((('Customer', 90), ('Supplier', 5), ('Distributor', 5))),
                organization=rng.choice(organizations) if rng.random() < 0.2 else None,
                dob=datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randint(0, 18000))
                if rng.random() < 0.3 else None,
                notes='Prefers e-mail' if rng.random() < 0.1 else '',
                create_date=datetime.date(2019, 1, 1) + datetime.timedelta(days=rng.randint(0, 900))))
            billing = self.address(contact, rng.choice(PLACES), 'Home', True, True)
            shipping = billing
            if rng.random() < 0.3:
                billing.is_default_shipping = False
                shipping = self.address(contact, rng.choice(PLACES), 'Shipping', False, True)
            phones = rng.sample(('Home', 'Work', 'Mobile', 'Fax'), rng.randint(1, 2))
            for primary, kind in zip((True, False), phones):
                self.add(PhoneNumber(contact=contact, type=kind, primary=primary,
                                     phone='%03d-555-%04d' % (rng.randint(201, 989), rng.randint(0, 9999))))
            result.append((contact, billing, shipping))
        return result

    # orders

    def rate(self, tax_class, state):
        """The area tax module's rate of a tax class (title) in a US state, cached."""
        key = (tax_class, state)
        if key not in self.rates:
            area = AdminArea.objects.get(country=self.us, abbrev=state)
            self.rates[key] = Processor().get_rate(tax_class, area=area, country=self.us)
        return self.rates[key]

    def lines(self, sellable, item_id, computer):
        """1-4 order lines: dicts of order_amounts, with their product and details."""
        rng, lines = self.rng, []
        for product, tiers, change in rng.sample(sellable, rng.randint(1, min(4, len(sellable)))):
            details = ()
            if rng.random() < 0.03:
                product, tiers, change = computer
                details = [rng.choice(choices) for choices in COMPUTER_DETAILS]
                change = sum((d[2] for d in details), Decimal(0))
            quantity = Decimal(self.pick(((1, 60), (2, 20), (3, 8), (5, 5), (12, 4), (30, 3))))
            lines.append({'id': item_id + len(lines), 'product': product, 'details': details,
                          'unit_price': tier_price(tiers, quantity, self.today) + change, 'quantity': quantity,
                          'taxable': product.taxable, 'tax_class': product.taxClass and product.taxClass.title})
        return lines

    def orders(self, count, customers, sellable):
        rng = self.rng
        shipping_class = config_value('TAX', 'TAX_CLASS') if config_value('TAX', 'TAX_SHIPPING') else None
        discounts = [Discount.objects.get(code=code) for code, _, _, _ in DISCOUNTS]
        computer = Product.objects.get(slug='satchmo-computer')
        computer = (computer, [(p.price, p.quantity, p.expires) for p in computer.price_set.all()], Decimal(0))
        order_id, item_id = next_id(Order), next_id(OrderItem)
        start = LAST_ORDER - datetime.timedelta(days=730)
        for n, time_stamp in enumerate(sorted(self.when(start, 730) for _ in range(count))):
            contact, billing, shipping = rng.choice(customers)
            method, description, model, cost = rng.choice(SHIPPING)
            cost = self.money(4, 40) if cost is None else cost
            discount = rng.choice(discounts) if rng.random() < 0.2 else None
            lines = self.lines(sellable, item_id, computer)
            item_id += len(lines)
            amounts = order_amounts(lines, cost, discount, lambda tax_class: self.rate(tax_class, shipping.state),
                                    shipping_class)
            status, _, history = self.pick([((s, w, h), w) for s, w, h in STATUSES])
            fields = dict((k, amounts[k]) for k in ('sub_total', 'discount', 'shipping_discount', 'tax', 'total'))
            fields.update(self.copied('ship', shipping) + self.copied('bill', billing))
            order = self.add(Order(
                id=order_id + n, site=self.site, contact=contact, method='Online', status=status,
                time_stamp=time_stamp, notes='Leave at the back door' if rng.random() < 0.05 else '',
                shipping_method=method, shipping_description=description, shipping_model=model,
                shipping_cost=cost, discount_code=discount and discount.code, **fields))
            for line in lines:
                item = self.add(OrderItem(order=order, product=line['product'], **dict(
                    (k, line[k]) for k in ('id', 'quantity', 'unit_price', 'unit_tax', 'line_item_price',
                                           'discount', 'tax'))))
                for sort_order, (name, value, change) in enumerate(line['details']):
                    self.add(OrderItemDetail(item=item, name=name, value=value, price_change=change,
                                             sort_order=sort_order))
            for description, tax in amounts['taxes']:
                self.add(OrderTaxDetail(order=order, method='area', description=description, tax=tax))
            self.history(order, history + (status,))
            self.payments(order, amounts['total'])

    def copied(self, prefix, address):
        """Order.copy_addresses of one address: [(field, value)]."""
        fields = ('addressee', 'street1', 'street2', 'city', 'state', 'postal_code')
        return ([('%s_%s' % (prefix, f), getattr(address, f)) for f in fields] +
                [('%s_country' % prefix, self.us.iso2_code)])

    def history(self, order, statuses):
        """The order's statuses, each some time (days, at most) after the one before."""
        time_stamp = order.time_stamp
        for status in statuses:
            time_stamp = self.when(time_stamp, STATUS_DAYS[status])
            notes = STATUS_NOTES[status]
            self.add(OrderStatus(order=order, status=status, time_stamp=time_stamp,
                                 notes=notes % self.rng.randint(0, 999999) if '%' in notes else notes))

    def payments(self, order, total):
        """One payment of Satchmo's balance; or a deposit, then the balance days later or nothing (part paid)."""
        rng = self.rng
        method = rng.choice(('DUMMY', 'PURCHASEORDER'))
        amounts = [trunc_decimal(total, 2)]
        if rng.random() < 0.25:
            deposit = (total * Decimal(rng.randint(20, 70)) / 100).quantize(CENT, rounding=ROUND_DOWN)
            amounts = [deposit] if rng.random() < 0.2 else [deposit, trunc_decimal(total - deposit, 2)]
        time_stamp = order.time_stamp
        for n, amount in enumerate(amounts):
            time_stamp = self.when(time_stamp, 0.01 + 5 * n)
            self.add(OrderPayment(order=order, payment=method, amount=amount, time_stamp=time_stamp,
                                  transaction_id='BENCH-%d-%d' % (order.pk, n + 1)))


def setup_shop():
    """What the bench orders need beside the shipped fixtures: area tax with shipping taxed, discount codes."""
    use_area_tax()
    for state, rate in SHIPPING_RATES:
        tax_shipping(state, rate)
    for code, percentage, amount, shipping in DISCOUNTS:
        make_discount(code, percentage, shipping=shipping, amount=amount)


def build(products, contacts, orders, seed):
    """Add the bench shop to the current database; {table: rows written}."""
    setup_shop()
    bench = Bench(seed)
    sellable = bench.catalog(products)
    customers = bench.customers(contacts)
    bench.orders(orders, customers, sellable)
    written = {}
    for model, rows in sorted(bench.rows.items(), key=lambda item: WRITE_ORDER.index(item[0])):
        model.objects.bulk_create(rows)
        written[model._meta.db_table] = len(rows)
    return written


WRITE_ORDER = (Category, Product, Product.category.through, Price, ProductImage, ConfigurableProduct,
               ConfigurableProduct.option_group.through, ProductVariation, ProductVariation.options.through,
               Organization, Contact, AddressBook, PhoneNumber, Order, OrderItem, OrderItemDetail, OrderTaxDetail,
               OrderStatus, OrderPayment)
