# -*- coding: utf-8 -*-
"""What the export serves of Satchmo's optional apps (downloads, subscriptions, gift certificates, tiered
prices, brands), against Satchmo's own models, and the same export in a shop without those apps."""
import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.test.utils import override_settings

from payment.modules.giftcertificate.models import GiftCertificate, GiftCertificateProduct
from product.models import Product
from product.modules.custom.models import CustomProduct
from product.modules.downloadable.models import DownloadableProduct
from product.modules.subscription.models import SubscriptionProduct
from satchmo_ext.brand.models import Brand, BrandProduct, BrandTranslation
from satchmo_ext.tieredpricing.models import PricingTier, TieredPrice
from satchmo_store.contact.models import Contact
from satchmo_store.shop.models import Order, OrderAuthorization

from satchmo_export.optional import APPS
from satchmo_export.views import encode_cursor
from teststore.orders import make_order
from teststore.scenario import make_product
from teststore.tests.base import ExportTestCase
from teststore.tests.test_changes import ChangeFeedTestCase

WITHOUT_THE_APPS = tuple(app for app in settings.INSTALLED_APPS if app not in dict(APPS).values())


def new_product(slug, **fields):
    product = make_product(slug, slug.title(), ((1, Decimal('10.00')),))
    for name, value in fields.items():
        setattr(product, name, value)
    product.save()
    return product


def tier(name, discount=None):
    group = Group.objects.create(name=name)
    return PricingTier.objects.create(group=group, title=name, discount_percent=discount)


def customer(email, groups=(), **user_fields):
    user = User.objects.create(username=email.split('@')[0], email=email, **user_fields)
    for group in groups:
        user.groups.add(group)
    return Contact.objects.create(first_name='T', last_name=email, email=email, user=user)


class ProductKindsTest(ExportTestCase):

    def setUp(self):
        super(ProductKindsTest, self).setUp()
        self.download = new_product('ebook')
        DownloadableProduct.objects.create(product=self.download, file='protected/ebook.pdf')
        self.shipped_download = new_product('ebook-with-cd', shipclass='YES')
        DownloadableProduct.objects.create(product=self.shipped_download, file='protected/cd.pdf')
        self.magazine = new_product('magazine')
        SubscriptionProduct.objects.create(product=self.magazine, recurring=True, expire_length=1,
                                           expire_unit='MONTH', is_shippable=0)
        self.box = new_product('monthly-box')
        SubscriptionProduct.objects.create(product=self.box, recurring=True, recurring_times=12,
                                           expire_length=30, expire_unit='DAY', is_shippable=2)
        self.certificate = new_product('gift-card', taxable=False)
        GiftCertificateProduct.objects.create(product=self.certificate)
        self.deferred = new_product('shelf')
        CustomProduct.objects.create(product=self.deferred, downpayment=20, deferred_shipping=True)
        self.not_shipped = new_product('service', shipclass='NO')

    def test_kind_shippable_and_subscription_are_satchmos(self):
        products, _ = self.pull('products', page_size=7)
        self.assertEqual(len(products), Product.objects.count())
        for p in products:
            db = Product.objects.get(pk=p['id'])
            self.assertEqual(p['shippable'], db.is_shippable, db.slug)     # Satchmo's own rule
            subtypes = db.get_subtypes()
            kind = ('gift_certificate' if 'GiftCertificateProduct' in subtypes else 'subscription' if db.is_subscription
                    else 'download' if db.is_downloadable else 'goods')
            self.assertEqual(p['kind'], kind, db.slug)
            self.assertEqual(p['subscription'] is not None, db.is_subscription, db.slug)
        served = dict((p['slug'], p) for p in products)
        self.assertEqual([(served[s]['kind'], served[s]['shippable']) for s in (
            'ebook', 'ebook-with-cd', 'magazine', 'monthly-box', 'gift-card', 'shelf', 'service', 'PY-Rocks',
            'satchmo-computer', 'dj-rocks', 'dj-rocks-s-b')],
            [('download', False), ('download', True), ('subscription', False), ('subscription', True),
             ('gift_certificate', False), ('goods', False), ('goods', False), ('goods', True), ('goods', True),
             ('goods', True), ('goods', True)])
        self.assertEqual(served['magazine']['subscription'], {'recurring': True, 'recurring_times': None,
                                                              'expire_length': 1, 'expire_unit': 'MONTH'})
        self.assertEqual(served['monthly-box']['subscription'], {'recurring': True, 'recurring_times': 12,
                                                                 'expire_length': 30, 'expire_unit': 'DAY'})

    def test_brands_in_brand_order_named_in_the_shops_language(self):
        shirt = Product.objects.get(slug='PY-Rocks')
        acme = Brand.objects.create(site_id=1, slug='acme', ordering=2)
        BrandTranslation.objects.create(brand=acme, languagecode='fr', name='Acme France')
        BrandTranslation.objects.create(brand=acme, languagecode='en', name='Acme')
        zeta = Brand.objects.create(site_id=1, slug='zeta', ordering=1)
        BrandTranslation.objects.create(brand=zeta, languagecode='de', name='Zeta Werke')
        bare = Brand.objects.create(site_id=1, slug='bare', ordering=2)
        for brand in (acme, zeta, bare):
            BrandProduct.objects.create(brand=brand, product=shirt)
        BrandProduct.objects.create(brand=acme, product=self.download)
        self.assertEqual(self.by_id('products', shirt.pk)['brands'], [
            {'id': zeta.pk, 'slug': 'zeta', 'name': 'Zeta Werke'},     # no English name: another one
            {'id': acme.pk, 'slug': 'acme', 'name': 'Acme'},           # en-us: English
            {'id': bare.pk, 'slug': 'bare', 'name': 'bare'}])          # no name at all: the slug
        self.assertEqual([b['slug'] for b in self.by_id('products', self.download.pk)['brands']], ['acme'])
        self.assertEqual(self.by_id('products', self.magazine.pk)['brands'], [])
        with override_settings(LANGUAGE_CODE='fr-ca'):
            self.assertEqual(self.by_id('products', shirt.pk)['brands'][1]['name'], 'Acme France')

    def test_tiered_prices(self):
        trade, staff = tier('Trade'), tier('Staff', Decimal('5'))
        shirt = Product.objects.get(slug='PY-Rocks')
        rows = [TieredPrice.objects.create(pricingtier=t, product=shirt, price=price, quantity=quantity,
                                           expires=expires)
                for t, price, quantity, expires in (
                    (staff, Decimal('15.00'), 1, None), (trade, Decimal('16.50'), 10, None),
                    (trade, Decimal('17.25'), 1, None), (trade, Decimal('16.99'), 1, datetime.date(2030, 1, 1)))]
        served = self.by_id('products', shirt.pk)['tiered_prices']
        # by tier, quantity, expiry (none last)
        self.assertEqual([t['id'] for t in served], [rows[3].pk, rows[2].pk, rows[1].pk, rows[0].pk])
        self.assertEqual(served[0], {'id': rows[3].pk, 'tier_id': trade.pk, 'price': '16.99', 'quantity': '1',
                                     'expires': '2030-01-01'})
        self.assertEqual(Decimal(served[2]['price']), Decimal('16.50'))
        self.assertEqual(self.by_id('products', self.download.pk)['tiered_prices'], [])


class ContactTiersTest(ExportTestCase):

    def test_the_tiers_of_the_users_groups_as_satchmo_gives_them(self):
        trade, vip = tier('Trade', Decimal('10')), tier('VIP')
        plain = Group.objects.create(name='Newsletter')
        both = customer('both@example.com', (vip.group, trade.group, plain))
        one = customer('one@example.com', (trade.group,))
        staff = customer('staff@example.com', (trade.group,), is_staff=True)
        boss = customer('boss@example.com', (trade.group,), is_superuser=True)
        grouped = customer('news@example.com', (plain,))
        served = dict((c['id'], c['pricing_tier_ids']) for c in self.pull('contacts')[0])
        self.assertEqual(served[both.pk], sorted([trade.pk, vip.pk]))
        self.assertEqual(served[one.pk], [trade.pk])
        for contact in (staff, boss, grouped):
            self.assertEqual(served[contact.pk], [])
            self.assertRaises(PricingTier.DoesNotExist, PricingTier.objects.by_user, contact.user)
        for contact in (both, one):
            self.assertEqual(served[contact.pk], sorted(t.pk for t in PricingTier.objects.by_user(contact.user)))
        self.assertEqual(served[Contact.objects.get(email='chris@aol.com').pk], [])    # no user


class OrderKindsTest(ExportTestCase):

    def test_items_end_date_and_authorizations(self):
        order = make_order('chris@aol.com', (('PY-Rocks', 1), ('dj-rocks-s-b', 1)))
        item = order.orderitem_set.get(product__slug='PY-Rocks')
        item.expire_date = datetime.date(2027, 3, 31)
        item.save()
        OrderAuthorization(order=order, payment='DUMMY', amount=Decimal('20.00'), transaction_id='AUTH-2').save()
        first = OrderAuthorization.objects.get(order=order)
        first.complete = True
        first.save()
        OrderAuthorization(order=order, payment='DUMMY', amount=Decimal('5.50'), transaction_id='AUTH-3').save()
        served = self.by_id('orders', order.pk)
        self.assertEqual([(i['product_id'], i['expire_date']) for i in served['items']],
                         [(item.product_id, '2027-03-31'), (Product.objects.get(slug='dj-rocks-s-b').pk, None)])
        self.assertEqual([(a['amount'], a['complete'], a['transaction_id']) for a in served['authorizations']],
                         [('20', True, 'AUTH-2'), ('5.5', False, 'AUTH-3')])
        # Satchmo's OrderAuthorization.save skips the time stamp its payment recorder sets
        self.assertEqual([a['time_stamp'] for a in served['authorizations']], [None, None])
        self.assertEqual([a['id'] for a in served['authorizations']],
                         sorted(order.authorizations.values_list('id', flat=True)))
        self.assertEqual(Decimal(served['balance']), Order.objects.get(pk=order.pk).balance)


class SetupKindsTest(ExportTestCase):

    def test_modules_certificates_and_tiers(self):
        product = new_product('gift-card', taxable=False)
        GiftCertificateProduct.objects.create(product=product)
        spent = GiftCertificate.objects.create(start_balance=Decimal('50.00'))
        spent.use(Decimal('20.00'))
        spent.use(Decimal('12.35'))
        empty = GiftCertificate.objects.create(start_balance=Decimal('25.00'))
        empty.use(Decimal('25.00'))
        GiftCertificate.objects.create(start_balance=Decimal('10.00'))
        void = GiftCertificate.objects.create(start_balance=Decimal('30.00'), valid=False)
        void.use(Decimal('5.00'))
        trade, friends = tier('Trade', Decimal('12.5')), tier('Friends')
        response = self.get('setup/')
        setup = self.get_json('setup/')
        self.assertEqual(setup['modules'], {'downloadable': True, 'subscription': True, 'giftcertificate': True,
                                            'tieredpricing': True, 'brand': True})
        self.assertEqual(setup['gift_certificates'], {
            'product_ids': [product.pk], 'outstanding': '27.65', 'open': 2, 'sold': '115.00', 'used': '62.35'})
        valid = GiftCertificate.objects.filter(valid=True)
        self.assertEqual(Decimal(setup['gift_certificates']['outstanding']), sum(c.balance for c in valid))
        for certificate in GiftCertificate.objects.all():
            self.assertNotIn(certificate.code, response.content)     # bearer secrets
        self.assertEqual(setup['pricing_tiers'], [
            {'id': trade.pk, 'title': 'Trade', 'group': 'Trade', 'discount_percent': '12.50'},
            {'id': friends.pk, 'title': 'Friends', 'group': 'Friends', 'discount_percent': None}])


@override_settings(INSTALLED_APPS=WITHOUT_THE_APPS)
class WithoutTheAppsTest(ExportTestCase):
    """A shop without the optional apps: their rows (here still in the database) are not read."""

    def test_neutral_values(self):
        download = new_product('ebook')
        DownloadableProduct.objects.create(product=download, file='protected/ebook.pdf')
        shirt = Product.objects.get(slug='PY-Rocks')
        brand = Brand.objects.create(site_id=1, slug='acme', ordering=1)
        BrandProduct.objects.create(brand=brand, product=shirt)
        trade = tier('Trade')
        TieredPrice.objects.create(pricingtier=trade, product=shirt, price=Decimal('1.00'), quantity=1)
        contact = customer('trade@example.com', (trade.group,))
        GiftCertificate.objects.create(start_balance=Decimal('10.00'))
        for p in self.pull('products')[0]:
            self.assertEqual((p['kind'], p['subscription'], p['brands'], p['tiered_prices']),
                             ('goods', None, [], []), p['slug'])
        self.assertEqual(self.by_id('products', download.pk)['shippable'], True)
        self.assertEqual(self.by_id('contacts', contact.pk)['pricing_tier_ids'], [])
        setup = self.get_json('setup/')
        self.assertEqual((setup['modules'], setup['gift_certificates'], setup['pricing_tiers']),
                         (dict((name, False) for name, _ in APPS), None, []))
        # a page of variations and their parent (as test_paging's): the products' own queries, none of the apps'
        cursor = encode_cursor('products', 'full', Product.objects.get(slug='dj-rocks-s-b').pk - 1, 0)
        with self.assertNumQueries(7):
            self.get_json('products/', cursor=cursor, page_size=3)


class KindsChangeFeedTest(ChangeFeedTestCase):

    def test_subtypes_brands_and_tiered_prices_change_their_products(self):
        ebook, magazine, card = new_product('ebook'), new_product('magazine'), new_product('gift-card')
        cursor = self.start('products')
        DownloadableProduct.objects.create(product=ebook, file='protected/ebook.pdf')
        SubscriptionProduct.objects.create(product=magazine, expire_length=1, expire_unit='MONTH', is_shippable=0)
        GiftCertificateProduct.objects.create(product=card)
        objects, cursor = self.changes('products', cursor)
        self.assertEqual([(o['id'], o['kind']) for o in objects],
                         [(ebook.pk, 'download'), (magazine.pk, 'subscription'), (card.pk, 'gift_certificate')])
        shirt, book = Product.objects.get(slug='PY-Rocks'), Product.objects.get(slug='neat-book-hard')
        brand = Brand.objects.create(site_id=1, slug='acme', ordering=1)
        BrandProduct.objects.create(brand=brand, product=shirt)
        BrandProduct.objects.create(brand=brand, product=book)
        objects, cursor = self.changes('products', cursor)
        self.assertEqual([(o['id'], o['brands'][0]['name']) for o in objects], [(shirt.pk, 'acme'), (book.pk, 'acme')])
        BrandTranslation.objects.create(brand=brand, languagecode='en', name='Acme Press')
        objects, cursor = self.changes('products', cursor)
        self.assertEqual([(o['id'], o['brands'][0]['name']) for o in objects],
                         [(shirt.pk, 'Acme Press'), (book.pk, 'Acme Press')])
        brand.ordering = 2
        brand.save()
        self.assertEqual(sorted(self.changed_ids('products', cursor)), sorted([shirt.pk, book.pk]))
        cursor = self.start('products')
        brand.delete()
        objects, cursor = self.changes('products', cursor)
        self.assertEqual([(o['id'], o['brands']) for o in objects], [(shirt.pk, []), (book.pk, [])])
        # a configurable product's tiered price: its variations' too (Satchmo looks there for theirs)
        parent = Product.objects.get(slug='dj-rocks')
        TieredPrice.objects.create(pricingtier=tier('Trade'), product=parent, price=Decimal('15.00'), quantity=1)
        self.assertEqual(set(self.changed_ids('products', cursor)),
                         set(parent.configurableproduct.productvariation_set.values_list('product_id', flat=True))
                         | set([parent.pk]))

    def test_tiers_and_group_memberships_change_the_contacts(self):
        trade = tier('Trade')
        one, other = customer('one@example.com'), customer('other@example.com')
        cursor = self.start('contacts')
        one.user.groups.add(trade.group)                          # forward
        objects, cursor = self.changes('contacts', cursor)
        self.assertEqual([(o['id'], o['pricing_tier_ids']) for o in objects], [(one.pk, [trade.pk])])
        trade.group.user_set.add(other.user)                      # reverse
        objects, cursor = self.changes('contacts', cursor)
        self.assertEqual([(o['id'], o['pricing_tier_ids']) for o in objects], [(other.pk, [trade.pk])])
        trade.title = 'Trade customers'
        trade.save()
        self.assertEqual(sorted(self.changed_ids('contacts', cursor)), sorted([one.pk, other.pk]))
        cursor = self.start('contacts')
        trade.group.user_set.clear()
        objects, cursor = self.changes('contacts', cursor)
        self.assertEqual(sorted((o['id'], o['pricing_tier_ids']) for o in objects),
                         sorted([(one.pk, []), (other.pk, [])]))
        one.user.groups.add(trade.group)
        cursor = self.start('contacts')
        trade.delete()
        objects, cursor = self.changes('contacts', cursor)
        self.assertEqual([(o['id'], o['pricing_tier_ids']) for o in objects], [(one.pk, [])])
