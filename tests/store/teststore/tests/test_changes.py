# -*- coding: utf-8 -*-
"""The change feed: what marks a record changed, tombstones, backfill, commit order."""
import datetime
from decimal import Decimal

from django.core.management import call_command
from django.forms.models import modelform_factory
from django.test.utils import override_settings

from l10n.models import AdminArea
from product.models import Category, Option, Price, Product, ProductImage
from product.modules.configurable.models import ProductVariation
from satchmo_store.contact.models import Contact, PhoneNumber
from satchmo_store.shop.models import Order, OrderPayment

from satchmo_export import changelog
from satchmo_export.models import ChangeLog
from teststore.orders import make_order, make_sample_orders
from teststore.tests.base import EXPORT, ExportTestCase


class ChangeFeedTestCase(ExportTestCase):

    def start(self, resource):
        """Where a client stands after a full listing: the listing's changes cursor."""
        return self.get_json('%s/' % resource, page_size=1)['meta']['changes_cursor']

    def changes(self, resource, cursor, page_size=100):
        """(objects, next cursor) of every change after `cursor`, following the pages."""
        objects = []
        while True:
            page = self.get_json('%s/' % resource, cursor=cursor, page_size=page_size)
            self.assertEqual(page['meta']['mode'], 'changes')
            objects.extend(page['objects'])
            cursor = page['meta']['next']
            self.assertTrue(cursor)   # a changes page always tells where to resume
            if not page['meta']['has_more']:
                return objects, cursor

    def changed_ids(self, resource, cursor):
        return [o['id'] for o in self.changes(resource, cursor)[0]]


class ChangeFeedTest(ChangeFeedTestCase):

    def test_nothing_changed_nothing_served(self):
        cursor = self.start('products')
        objects, again = self.changes('products', cursor)
        self.assertEqual(objects, [])
        self.assertEqual(self.changed_ids('products', again), [])

    def test_admin_style_save_of_product_and_categories(self):
        product = Product.objects.get(slug='PY-Rocks')
        cursor = self.start('products')
        # what the admin's change form does: form.save() then save_m2m()
        form_class = modelform_factory(Product, fields=('name', 'category'))
        form = form_class({'name': 'Python Rocks shirt, 2nd edition',
                           'category': [Category.objects.get(slug='shirts').pk]}, instance=product)
        self.assertTrue(form.is_valid(), form.errors)
        form.save()
        objects, cursor = self.changes('products', cursor)
        self.assertEqual([o['id'] for o in objects], [product.pk])
        self.assertEqual(objects[0]['name'], 'Python Rocks shirt, 2nd edition')
        self.assertEqual(objects[0]['category_ids'], [Category.objects.get(slug='shirts').pk])
        # a category edit is a category change, not a product change
        category = Category.objects.get(slug='shirts')
        category.description = 'All shirts'
        category.save()
        self.assertEqual(self.changed_ids('products', cursor), [])

    def test_category_created_edited_deleted(self):
        cursor = self.start('categories')
        category = Category(site_id=1, name='Hats', slug='hats')
        category.save()
        objects, after_create = self.changes('categories', cursor)
        self.assertEqual([(o['id'], o['name']) for o in objects], [(category.pk, 'Hats')])
        category_id = category.pk
        category.delete()
        objects, _ = self.changes('categories', after_create)
        self.assertEqual(objects, [{'id': category_id, 'deleted': True}])

    def test_product_child_rows(self):
        shirt = Product.objects.get(slug='PY-Rocks')
        book = Product.objects.get(slug='neat-book-soft')
        computer = Product.objects.get(slug='satchmo-computer')
        cursor = self.start('products')
        Price(product=shirt, price=Decimal('15.00'), quantity=Decimal('12')).save()
        ProductImage(product=computer, picture='images/computer.jpg').save()
        self.assertEqual(sorted(self.changed_ids('products', cursor)), sorted([shirt.pk, computer.pk]))

        cursor = self.start('products')
        Price.objects.filter(product=shirt, quantity=Decimal('12')).delete()
        self.assertEqual(self.changed_ids('products', cursor), [shirt.pk])

        # a variation's options (m2m, both sides) and an option's price change
        cursor = self.start('products')
        variation = ProductVariation.objects.get(product=book)
        variation.options.remove(Option.objects.get(value='soft'))
        self.assertEqual(self.changed_ids('products', cursor), [book.pk])
        cursor = self.start('products')
        Option.objects.get(value='soft').productvariation_set.add(variation)
        self.assertEqual(self.changed_ids('products', cursor), [book.pk])
        cursor = self.start('products')
        option = Option.objects.get(value='BL')
        option.price_change = Decimal('3.00')
        option.save()
        blue = set(ProductVariation.objects.filter(options=option).values_list('product_id', flat=True))
        objects, _ = self.changes('products', cursor)
        self.assertEqual(set(o['id'] for o in objects), blue)
        self.assertTrue(all(Decimal(o['options'][-1]['price_change']) == Decimal('3') for o in objects))

        # a configurable product's price: its variations' prices (theirs plus the options') change too
        cursor = self.start('products')
        parent = Product.objects.get(slug='dj-rocks')
        variations = set(ProductVariation.objects.filter(parent=parent.pk).values_list('product_id', flat=True))
        self.assertTrue(variations)
        price = parent.price_set.get(quantity=Decimal('1'))
        price.price += Decimal('0.10')
        price.save()
        objects, _ = self.changes('products', cursor)
        self.assertEqual(set(o['id'] for o in objects), variations | set([parent.pk]))
        for o in objects:
            if o['id'] != parent.pk and not o['prices']:
                self.assertEqual(Decimal(o['unit_price']), price.price + sum(
                    Decimal(option['price_change'] or 0) for option in o['options']), 'served at the new price')

        # a category losing all its products (reverse clear) changes those products
        cursor = self.start('products')
        category = Category.objects.get(slug='shirts')
        members = set(category.product_set.values_list('id', flat=True))
        self.assertTrue(members)
        category.product_set.clear()
        self.assertEqual(set(self.changed_ids('products', cursor)), members)

    def test_deleted_variation_is_a_tombstone(self):
        variation = Product.objects.get(slug='dj-rocks-s-w')
        variation_id = variation.pk
        cursor = self.start('products')
        variation.delete()
        self.assertEqual(self.changes('products', cursor)[0], [{'id': variation_id, 'deleted': True}])

    def test_contact_child_rows(self):
        chris = Contact.objects.get(email='chris@aol.com')
        fred = Contact.objects.get(email='fj@rr.com')
        cursor = self.start('contacts')
        address = chris.addressbook_set.get()
        address.street2 = 'Suite 5'
        address.save()
        PhoneNumber(contact=fred, phone='555-0100', type='Mobile').save()
        objects, cursor = self.changes('contacts', cursor)
        self.assertEqual([o['id'] for o in objects], sorted([chris.pk, fred.pk]))
        self.assertEqual(objects[0]['addresses'][0]['street2'], 'Suite 5')
        fred.organization.name = 'Rhinestone Ronny Inc.'
        fred.organization.save()
        objects, cursor = self.changes('contacts', cursor)
        self.assertEqual([(o['id'], o['organization']['name']) for o in objects], [(fred.pk, 'Rhinestone Ronny Inc.')])
        chris.phonenumber_set.all().delete()
        self.assertEqual(self.changed_ids('contacts', cursor), [chris.pk])

    def test_country_admin_area(self):
        cursor = self.start('countries')
        area = AdminArea.objects.get(country__iso2_code='US', abbrev='TN')
        area.name = 'Tennessee (TN)'
        area.save()
        objects, _ = self.changes('countries', cursor)
        self.assertEqual([o['iso2_code'] for o in objects], ['US'])
        self.assertIn('Tennessee (TN)', [a['name'] for a in objects[0]['admin_areas']])

    def test_order_child_rows(self):
        orders = make_sample_orders()
        order = orders[1]

        def edit_item():
            item = order.orderitem_set.all()[0]
            item.quantity = Decimal('3')
            item.save()

        for name, change in (
                ('status', lambda: order.add_status('In Process', 'Picked')),
                ('new payment', lambda: OrderPayment(order=order, payment='DUMMY', amount=Decimal('1.00')).save()),
                ('deleted payments', lambda: OrderPayment.objects.filter(order=order).delete()),
                ('edited item', edit_item),
                ('deleted option detail', lambda: order.orderitem_set.all()[0].orderitemdetail_set.all()[0].delete()),
                ('deleted tax line', lambda: order.taxes.all()[0].delete())):
            cursor = self.start('orders')
            change()
            self.assertEqual(self.changed_ids('orders', cursor), [order.pk], name)
        self.assertEqual(self.by_id('orders', order.pk)['items'][0]['quantity'], '3')
        cursor = self.start('orders')
        order_id = order.pk
        order.delete()
        self.assertEqual(self.changes('orders', cursor)[0], [{'id': order_id, 'deleted': True}])

    def test_deleting_a_contact_deletes_its_orders(self):
        order = make_order('fj@rr.com', (('PY-Rocks', 1),))
        contacts, orders = self.start('contacts'), self.start('orders')
        Contact.objects.get(email='fj@rr.com').delete()
        self.assertEqual(self.changes('orders', orders)[0], [{'id': order.pk, 'deleted': True}])
        self.assertEqual(self.changes('contacts', contacts)[0], [{'id': order.contact_id, 'deleted': True}])

    def test_repeated_edits_come_back_once_in_latest_state(self):
        contact = Contact.objects.get(email='abc@comcast.com')
        other = Contact.objects.get(email='chris@aol.com')
        cursor = self.start('contacts')
        for note in ('first', 'second', 'third'):
            contact.notes = note
            contact.save()
        other.notes = 'between'
        other.save()
        contact.addressbook_set.update(city='Minneapolis')
        contact.save()
        # page size 1: the duplicate rows must not leak across pages either
        objects, _ = self.changes('contacts', cursor, page_size=1)
        self.assertEqual([o['id'] for o in objects], [other.pk, contact.pk])   # order of last change
        self.assertEqual((objects[1]['notes'], objects[1]['addresses'][0]['city']), ('third', 'Minneapolis'))

    def test_changed_during_a_full_listing_comes_in_the_next_changes(self):
        first = self.get_json('contacts/', page_size=1)
        contact = Contact.objects.get(pk=first['objects'][0]['id'])
        contact.notes = 'changed after it was listed'
        contact.save()
        self.pull('contacts', cursor=first['meta']['next'], page_size=1)   # the listing goes on
        objects, _ = self.changes('contacts', first['meta']['changes_cursor'])
        self.assertEqual([(o['id'], o['notes']) for o in objects], [(contact.pk, 'changed after it was listed')])

    def test_changes_without_cursor_start_at_the_beginning_of_the_log(self):
        page = self.get_json('categories/', mode='changes')
        self.assertEqual(sorted(o['id'] for o in page['objects']),
                         sorted(Category.objects.values_list('id', flat=True)))   # loaded with the fixtures


class BackfillTest(ChangeFeedTestCase):

    def test_backfill_marks_every_record(self):
        make_sample_orders()
        ChangeLog.objects.all().delete()     # data that predates the app
        page = self.get_json('orders/', mode='changes')
        self.assertEqual(page['objects'], [])
        call_command('satchmo_export_backfill', 'orders', 'categories', verbosity=0)
        objects, _ = self.changes('orders', page['meta']['next'], page_size=2)
        self.assertEqual([o['id'] for o in objects], list(Order.objects.order_by('pk').values_list('pk', flat=True)))
        self.assertEqual(len(self.changes('categories', self.get_json('categories/', mode='changes')['meta']['next'])[0]), 0)
        self.assertEqual(ChangeLog.objects.filter(resource='products').count(), 0)
        call_command('satchmo_export_backfill', verbosity=0)
        self.assertEqual(ChangeLog.objects.filter(resource='products').count(), Product.objects.count())

    def test_unknown_resource(self):
        from django.core.management.base import CommandError
        from satchmo_export.management.commands.satchmo_export_backfill import Command
        self.assertRaises(CommandError, Command().handle, 'orders', 'carts', verbosity=0)
        self.assertFalse(ChangeLog.objects.filter(resource='orders').exists())


class CommitOrderTest(ChangeFeedTestCase):
    """Two transactions write log rows n (A) and n+1 (B); B commits first.

    SQLite serializes writers, so the late commit is replayed: A's row is
    inserted with its lower sequence after B's row has been seen.
    """
    export_settings = dict(EXPORT, SETTLE_SECONDS=60)

    def setUp(self):
        super(CommitOrderTest, self).setUp()
        self.clock = datetime.datetime.now()
        self.real_now = changelog.now
        changelog.now = lambda: self.clock

    def tearDown(self):
        changelog.now = self.real_now
        super(CommitOrderTest, self).tearDown()

    def late_commit(self):
        orders = make_sample_orders()[:2]
        self.clock += datetime.timedelta(seconds=120)
        cursor = self.start('orders')                 # everything so far is settled and listed
        n = ChangeLog.objects.order_by('-id')[0].pk + 1
        t0 = self.clock
        # B (seq n+1, written at t0+1 s) commits; A (seq n, written at t0) is still open
        ChangeLog(id=n + 1, resource='orders', object_id=orders[1].pk, created=t0 + datetime.timedelta(seconds=1)).save()
        self.clock = t0 + datetime.timedelta(seconds=3)
        early = self.changes('orders', cursor)
        # A commits 5 s after it wrote its row
        ChangeLog(id=n, resource='orders', object_id=orders[0].pk, created=t0).save()
        self.clock = t0 + datetime.timedelta(seconds=90)
        late = self.changes('orders', early[1])
        return orders, early, late

    def test_late_commit_is_not_skipped(self):
        orders, early, late = self.late_commit()
        self.assertEqual(early[0], [])                # B is not served before it has settled...
        self.assertEqual([o['id'] for o in late[0]], [orders[0].pk, orders[1].pk])   # ...so A is not skipped

    @override_settings(SATCHMO_EXPORT=dict(EXPORT, SETTLE_SECONDS=0))
    def test_without_settling_the_late_commit_would_be_lost(self):
        orders, early, late = self.late_commit()
        self.assertEqual([o['id'] for o in early[0]], [orders[1].pk])
        self.assertEqual(late[0], [])                 # why SETTLE_SECONDS exists

    def test_committed_changes_are_served_at_once(self):
        cursor = self.start('orders')
        order = make_order('chris@aol.com', (('PY-Rocks', 1),))
        self.assertEqual(self.changed_ids('orders', cursor), [order.pk])

    def test_rows_behind_a_young_gap_wait_and_the_cursor_stays(self):
        # a rolled-back (or still open) transaction left sequence n unused
        order = make_sample_orders()[0]
        cursor = self.start('orders')
        n = ChangeLog.objects.order_by('-id')[0].pk + 1
        ChangeLog(id=n + 1, resource='orders', object_id=order.pk, created=self.clock).save()
        objects, again = self.changes('orders', cursor)
        self.assertEqual(objects, [])
        self.assertEqual(again, cursor)
        self.clock += datetime.timedelta(seconds=61)
        self.assertEqual(self.changed_ids('orders', again), [order.pk])
