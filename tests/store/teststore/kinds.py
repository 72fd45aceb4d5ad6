# -*- coding: utf-8 -*-
"""Orders of the kinds Satchmo's optional apps sell, for the cross-system tests: gift certificates sold and
spent, downloads, subscriptions and their renewal, a custom product's down payment, a payment authorized then
captured, cash on delivery, wholesale (tiered) prices, a paid order cancelled.

Each order goes through Satchmo's own checkout functions, without the web pages: a Cart priced by Satchmo
(its price query: tiered prices for the thread's current user), payment.utils.pay_ship_save (shipping by the
store's shipping module, the subscription's end date, the item details, Satchmo's totals), then the payment
module's pay/ship step (its pending payment, a 0.00 "LINKED" OrderPayment) and its processor (capture or
authorization, filling that payment in; a full payment runs Order.order_success: certificates created,
download links, stock, mails to the settings' locmem backend). The tests run the functions in a process of
the store's settings, as teststore.scenario's:

    shop.scenario('make_kinds', module='kinds')

make_kinds() adds what it needs once (products, a brand, a pricing tier, a wholesale customer) and new
orders on each run.
"""
from contextlib import contextmanager
from decimal import Decimal

from django.contrib.auth.models import Group, User
from django.contrib.sites.models import Site
from django.db import transaction
from threaded_multihost import threadlocals

from payment.modules.giftcertificate.models import GIFTCODE_KEY, GiftCertificate, GiftCertificateProduct
from payment.utils import capture_authorizations, get_processor_by_key, pay_ship_save
from product.models import Product
from product.modules.custom.models import CustomProduct
from product.modules.downloadable.models import DownloadableProduct
from product.modules.subscription.models import SubscriptionProduct
from satchmo_ext.brand.models import Brand, BrandProduct, BrandTranslation
from satchmo_ext.tieredpricing.models import PricingTier, TieredPrice
from satchmo_store.contact.models import Contact
from satchmo_store.shop.models import Cart, Order

from teststore.orders import use_area_tax
from teststore.scenario import make_customer, make_product

SHIPPING = 'PerItem'   # the store's shipping module: 4.00 a shippable item
CUSTOMER, RECIPIENT = 'chris@aol.com', 'abc@comcast.com'   # Tennessee, Minnesota (sample-store-data)
WHOLESALE = ('orders@bookshop.example.com', 'Pat', 'Lee', '12 Peachtree Street', 'Atlanta', 'GA', '30303',
             '404-555-0120')
GOODS = 'dj-rocks-s-b'
BRANDED = ('neat-book-hard', 'robot-attack-hard')
# slug, name, price tiers (from quantity, unit price), taxable
CERTIFICATE = ('gift-certificate', 'Gift certificate', ((1, Decimal('50.00')),), False)
EBOOK = ('django-ebook', 'The Django Book (e-book)', ((1, Decimal('15.00')),), True)
MAGAZINE = ('satchmo-monthly', 'Satchmo Monthly, subscription', ((1, Decimal('9.95')),), True)
BOOKSHELF = ('bookshelf-to-measure', 'Bookshelf, made to measure', ((1, Decimal('250.00')),), True)
NOTEBOOK = ('notebook-a5', 'Notebook A5', ((1, Decimal('4.00')), (10, Decimal('3.60'))), True)
WHOLESALE_PRICES = ((1, Decimal('3.20')), (10, Decimal('2.80')))    # the notebook's, for the tier
QUANTITIES = (1, 5, 10, 12)


def product(slug, name, prices, taxable):
    item = make_product(slug, name, prices)
    if item.taxable != taxable:
        item.taxable, item.taxClass = taxable, item.taxClass if taxable else None
        item.save()
    return item


def make_catalog():
    """{slug: product}: a product of each kind, the custom product's 20% down payment, the brand, the tier."""
    certificate, ebook, magazine, bookshelf, notebook = [product(*spec) for spec in (
        CERTIFICATE, EBOOK, MAGAZINE, BOOKSHELF, NOTEBOOK)]
    GiftCertificateProduct.objects.get_or_create(product=certificate)
    DownloadableProduct.objects.get_or_create(product=ebook, defaults={'file': 'protected/django-book.pdf'})
    SubscriptionProduct.objects.get_or_create(product=magazine, defaults=dict(
        recurring=True, expire_length=1, expire_unit='MONTH', is_shippable=0))
    CustomProduct.objects.get_or_create(product=bookshelf, defaults=dict(downpayment=20, deferred_shipping=True))
    brand, _ = Brand.objects.get_or_create(slug='acme-press', defaults=dict(site=Site.objects.get_current(),
                                                                            ordering=0))
    BrandTranslation.objects.get_or_create(brand=brand, languagecode='en', defaults={'name': 'Acme Press'})
    for slug in BRANDED:
        BrandProduct.objects.get_or_create(brand=brand, product=Product.objects.get(slug=slug))
    group, _ = Group.objects.get_or_create(name='Wholesale')
    tier, _ = PricingTier.objects.get_or_create(group=group, defaults=dict(title='Wholesale',
                                                                          discount_percent=Decimal('10')))
    for quantity, price in WHOLESALE_PRICES:
        TieredPrice.objects.get_or_create(pricingtier=tier, product=notebook, quantity=quantity,
                                          defaults={'price': price})
    return dict((p.slug, Product.objects.get(pk=p.pk)) for p in (certificate, ebook, magazine, bookshelf, notebook))


def wholesale_customer():
    """The contact of a user in the Wholesale group (its pricing tier), with an address."""
    contact = make_customer(*WHOLESALE)
    user, _ = User.objects.get_or_create(username='bookshop', defaults={'email': WHOLESALE[0]})
    user.groups.add(Group.objects.get(name='Wholesale'))
    if contact.user_id != user.pk:
        contact.user = user
        contact.save()
    return contact


@contextmanager
def as_customer(user):
    """Satchmo's prices for `user` (None: anonymous): the thread's current user, as its middleware sets it,
    and no pricing tiers of an earlier user of the same id cached for the thread."""
    previous = threadlocals.get_thread_variable('user')
    if user is not None:
        threadlocals.set_thread_variable('TIER_%i' % user.pk, None)
    threadlocals.set_current_user(user)
    try:
        yield
    finally:
        threadlocals.set_current_user(previous)


def checkout(email, lines):
    """(order, the cart's total) of a checkout: the cart priced by Satchmo, the order saved by pay_ship_save,
    status New. lines: (slug, quantity[, details as the cart's form makes them])."""
    contact = Contact.objects.get(email=email)
    cart = Cart(site=Site.objects.get_current(), customer=contact)
    cart.save()
    for line in lines:
        cart.add_item(Product.objects.get(slug=line[0]), Decimal(line[1]), details=line[2] if len(line) > 2 else [])
    cart_total = cart.total
    order = Order(contact=contact)
    pay_ship_save(order, cart, contact, shipping=SHIPPING, discount=None, notes='')
    order.add_status('New', 'Order placed on the web site')
    cart.empty()
    return Order.objects.get(pk=order.pk), cart_total


def processor(method, order):
    """The payment module `method`'s processor, at its pay/ship step for `order` (its pending payment)."""
    payment_processor = get_processor_by_key('PAYMENT_%s' % method)
    payment_processor.create_pending_payment(order=order)
    payment_processor.prepare_data(order)
    return payment_processor


def pay(order_id, method='DUMMY', amount=None):
    """A payment captured by the payment module `method` (amount None: the balance); its id. A full payment
    completes the subscriptions, as the checkout's confirmation does."""
    order = Order.objects.get(pk=order_id)
    payment = processor(method, order).record_payment(amount=amount, reason_code='0')
    order = Order.objects.get(pk=order_id)
    if order.paid_in_full:
        for item in order.orderitem_set.all():
            if item.product.is_subscription:
                item.completed = True
                item.save()
    return payment.pk


def pay_balance(order_id):
    """The rest of a partly paid order (the custom product's down payment), by DUMMY; the payment's id."""
    return pay(order_id)


def spend_certificate(order, certificate, amount):
    """`amount` of the certificate on the order: its code given at the certificate's pay/ship step, then
    apply_to_order's two steps (the GIFTCERTIFICATE payment, the certificate's usage). apply_to_order itself
    takes the most it can (a checkout's certificate pays the whole order, or is emptied)."""
    order.add_variable(GIFTCODE_KEY, certificate.code)
    payment = processor('GIFTCERTIFICATE', order).record_payment(amount=amount, reason_code='0')
    certificate.use(amount, orderpayment=payment)
    return payment.pk


def authorize(order):
    """The DUMMY gateway's authorization of the balance: an OrderAuthorization on the pending 0.00 payment."""
    return processor('DUMMY', order).authorize_payment(order=order).payment.pk


def capture(order_id):
    """Satchmo's capture of the open authorizations (what its listener does when the order ships): the
    authorization's 0.00 payment filled in, the authorization complete; the ids of the payments."""
    order = Order.objects.get(pk=order_id)
    captures = list(order.authorizations.filter(complete=False).values_list('capture', flat=True))
    capture_authorizations(order)
    return captures


def pay_on_delivery(order_id):
    """The cash-on-delivery payment of the balance, recorded by payment.modules.cod's processor."""
    order = Order.objects.get(pk=order_id)
    cod = get_processor_by_key('PAYMENT_COD')
    cod.prepare_data(order)
    return cod.capture_payment(order=order).payment.pk


def certificate_orders(orders):
    """A 50.00 certificate bought (created by order_success), then spent on two orders, 20.00 then 15.00."""
    details = [{'name': 'email', 'value': 'alex@example.com', 'sort_order': 0, 'price_change': Decimal('0')},
               {'name': 'message', 'value': 'Happy birthday!', 'sort_order': 1, 'price_change': Decimal('0')}]
    sold, _ = checkout(CUSTOMER, ((CERTIFICATE[0], 1, details),))
    pay(sold.pk)
    certificate = GiftCertificate.objects.get(order=sold)
    orders['certificate_sold'] = sold.pk
    for case, lines, amount in (('certificate_spent_1', ((GOODS, 1),), Decimal('20.00')),
                                ('certificate_spent_2', (('PY-Rocks', 1),), Decimal('15.00'))):
        order, _ = checkout(RECIPIENT, lines)
        spend_certificate(order, GiftCertificate.objects.get(pk=certificate.pk), amount)
        pay(order.pk)
        orders[case] = order.pk


def subscription_orders(orders):
    """The subscription, and its renewal: the end date Satchmo gives on the day the first one ends."""
    first, _ = checkout(CUSTOMER, ((MAGAZINE[0], 1),))
    pay(first.pk)
    renewal, _ = checkout(CUSTOMER, ((MAGAZINE[0], 1),))
    item, ended = renewal.orderitem_set.get(), first.orderitem_set.get().expire_date
    item.expire_date = item.product.subscriptionproduct.calc_expire_date(ended)
    item.save()
    pay(renewal.pk)
    orders.update(subscription=first.pk, subscription_renewal=renewal.pk)


def payment_orders(orders):
    """The down payment of a custom product, an authorization, cash on delivery, a paid order (to cancel)."""
    custom, down_payment = checkout(CUSTOMER, ((BOOKSHELF[0], 1),))
    pay(custom.pk, amount=down_payment)
    authorized, _ = checkout(CUSTOMER, (('PY-Rocks', 1), (GOODS, 2)))
    authorize(authorized)
    cod, _ = checkout(CUSTOMER, ((GOODS, 1), ('neat-book-soft', 1)))
    processor('COD', cod)
    cancelled, _ = checkout(CUSTOMER, ((GOODS, 1),))   # paid; the test cancels it once it is booked
    pay(cancelled.pk)
    orders.update(custom_downpayment=custom.pk, authorized=authorized.pk, cod=cod.pk, cancelled_paid=cancelled.pk)


@transaction.commit_on_success
def make_kinds():
    """{"orders": {case: order id}, "products": {slug: id} (the new ones, the shirts ordered, the branded
    books), "contacts": {"customer", "recipient" (of the certificate), "wholesale": id}, "brands": {slug: id},
    "pricing_tiers": {title: id}}."""
    use_area_tax()
    products = make_catalog()
    wholesale = wholesale_customer()
    orders = {}
    certificate_orders(orders)
    for case, lines in (('download', ((EBOOK[0], 1),)), ('mixed', ((EBOOK[0], 1), (GOODS, 1)))):
        order, _ = checkout(CUSTOMER, lines)
        pay(order.pk)
        orders[case] = order.pk
    subscription_orders(orders)
    payment_orders(orders)
    with as_customer(wholesale.user):
        for case, quantity in (('wholesale_1', 1), ('wholesale_10', 12)):
            order, _ = checkout(wholesale.email, ((NOTEBOOK[0], quantity),))
            pay(order.pk)
            orders[case] = order.pk
    return {
        'orders': orders,
        'products': dict([(slug, p.pk) for slug, p in products.items()] + [
            (slug, Product.objects.get(slug=slug).pk) for slug in (GOODS, 'PY-Rocks') + BRANDED]),
        'contacts': {'customer': Contact.objects.get(email=CUSTOMER).pk,
                     'recipient': Contact.objects.get(email=RECIPIENT).pk, 'wholesale': wholesale.pk},
        'brands': {'acme-press': Brand.objects.get(slug='acme-press').pk},
        'pricing_tiers': {'Wholesale': PricingTier.objects.get(group__name='Wholesale').pk},
    }


def cents(amount):
    return str(Decimal(amount).quantize(Decimal('0.01')))


def prices(slugs, user):
    """{slug: [[quantity, Satchmo's unit price for `user` as a string], ...]} at QUANTITIES."""
    with as_customer(user):
        return dict((slug, [[q, str(Product.objects.get(slug=slug).get_qty_price(Decimal(q)))] for q in QUANTITIES])
                    for slug in slugs)


def kinds_expected():
    """Satchmo's own figures: what the valid certificates still hold, each certificate's start and balance,
    the notebook's and a shirt's unit prices for the wholesale customer (tiered prices; the tier's 10% off
    where the product has none) and for an anonymous one."""
    certificates = GiftCertificate.objects.order_by('pk')
    user = Contact.objects.get(email=WHOLESALE[0]).user
    return {
        'outstanding': cents(sum((c.balance for c in certificates if c.valid), Decimal('0'))),
        'certificates': [{'start_balance': cents(c.start_balance), 'balance': cents(c.balance)} for c in certificates],
        'tier_prices': prices((NOTEBOOK[0], 'PY-Rocks'), user),
        'retail_prices': prices((NOTEBOOK[0], 'PY-Rocks'), None),
    }
