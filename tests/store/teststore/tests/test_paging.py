# -*- coding: utf-8 -*-
"""Keyset paging across page boundaries, and a constant query count per page."""
from l10n.models import Country
from product.models import Product
from satchmo_store.contact.models import AddressBook, Contact, PhoneNumber
from satchmo_store.shop.models import Order

from satchmo_export.views import encode_cursor
from teststore.orders import make_order, make_sample_orders
from teststore.tests.base import ExportTestCase


class PagingTest(ExportTestCase):

    def test_full_listing_across_pages(self):
        ids = list(Country.objects.order_by('pk').values_list('pk', flat=True))
        first = self.get_json('countries/', page_size=7)
        self.assertEqual(first['meta']['count'], 7)
        self.assertEqual([c['id'] for c in first['objects']], ids[:7])
        second = self.get_json('countries/', cursor=first['meta']['next'], page_size=7)
        self.assertEqual([c['id'] for c in second['objects']], ids[7:14])
        # same changes cursor on every page of one listing
        self.assertEqual(second['meta']['changes_cursor'], first['meta']['changes_cursor'])
        everything, last = self.pull('countries', page_size=7)
        self.assertEqual([c['id'] for c in everything], ids)
        self.assertEqual((last['has_more'], last['next']), (False, None))
        self.assertEqual(last['count'], len(ids) % 7 or 7)

    def test_exact_multiple_of_page_size_ends_without_empty_page(self):
        count = Contact.objects.count()
        page = self.get_json('contacts/', page_size=count)
        self.assertEqual((page['meta']['count'], page['meta']['has_more'], page['meta']['next']), (count, False, None))

    def test_rows_added_or_removed_while_paging(self):
        make_sample_orders()
        page = self.get_json('orders/', page_size=2)
        seen = [o['id'] for o in page['objects']]
        # the first page is served; now the shop moves on
        Order.objects.get(pk=seen[0]).delete()
        new = make_order('fj@rr.com', (('PY-Rocks', 1),))
        rest, _ = self.pull_from(page)
        self.assertEqual(seen + rest, sorted(set(seen + rest)))    # no duplicate, keyset order
        self.assertIn(new.pk, rest)

    def pull_from(self, page):
        ids = []
        while page['meta']['has_more']:
            page = self.get_json('orders/', cursor=page['meta']['next'], page_size=2)
            ids.extend(o['id'] for o in page['objects'])
        return ids, page['meta']

    def test_remaining_counts_what_the_walk_still_serves(self):
        total = Country.objects.count()
        first = self.get_json('countries/', page_size=7, count=1)
        self.assertEqual(first['meta']['remaining'], total - 7)
        self.assertNotIn('remaining', self.get_json('countries/', page_size=7)['meta'])   # asked for only
        start = self.get_json('orders/', page_size=1)['meta']['changes_cursor']
        make_sample_orders()
        for order in Order.objects.all()[:2]:
            order.save()   # a second change of the same records: counted once
        page = self.get_json('orders/', cursor=start, page_size=1, count=1)
        first, rest = page['objects'], []
        remaining = page['meta']['remaining']
        while page['meta']['has_more']:
            page = self.get_json('orders/', cursor=page['meta']['next'], page_size=1)
            rest.extend(o['id'] for o in page['objects'])
        # the records the rest of the walk serves, once each (a record may come again: at-least-once)
        self.assertEqual(remaining, len(set(rest)))
        self.assertEqual(sorted(set(rest + [o['id'] for o in first])),
                         sorted(Order.objects.values_list('pk', flat=True)))
        last = self.get_json('orders/', cursor=page['meta']['next'], count=1)
        self.assertEqual((last['meta']['count'], last['meta']['remaining']), (0, 0))

    def test_default_page_size(self):
        page = self.get_json('countries/')
        self.assertEqual((page['meta']['page_size'], page['meta']['count']), (100, 100))


class QueryCountTest(ExportTestCase):
    """One page = a fixed number of SQL queries, whatever its size.

    full, first page: log position (young rows + newest sequence) + ids + the resource's own queries;
    a full page from a cursor: no log position; a changes page: log window + young rows instead of ids.
    """

    def assertQueriesPerPage(self, resource, queries, after):
        for size in (2, 9):
            cursor = encode_cursor(resource, 'full', after, 0)
            with self.assertNumQueries(queries):
                page = self.get_json('%s/' % resource, cursor=cursor, page_size=size)
            self.assertEqual(page['meta']['count'], size)
            if not after:   # the first page also reads the log position
                with self.assertNumQueries(queries + 2):
                    self.get_json('%s/' % resource, page_size=size)
            changes = encode_cursor(resource, 'changes', 0)
            with self.assertNumQueries(queries + 1):
                page = self.get_json('%s/' % resource, cursor=changes, page_size=size)
            self.assertEqual(page['meta']['count'], size)

    def test_countries(self):
        self.assertQueriesPerPage('countries', 3, 0)     # ids, countries, admin areas

    def test_products(self):
        # ids, products + tax class + configurable + variation parent + the optional apps' subtypes, prices,
        # categories, images, options + option groups, parents' prices, brands + their names, tiered prices
        variation = Product.objects.get(slug='dj-rocks-s-b')
        self.assertQueriesPerPage('products', 9, variation.pk - 1)

    def test_contacts(self):
        for i in range(12):
            contact = Contact(first_name='C%d' % i, last_name='Test', email='c%d@example.com' % i)
            contact.save()
            AddressBook(contact=contact, addressee='C', street1='1 Main St', city='X', postal_code='1',
                        country=Country.objects.get(iso2_code='US')).save()
            PhoneNumber(contact=contact, phone='555-%04d' % i, type='Home').save()
        # ids, contacts + organization, addresses + countries, phones, pricing tiers
        self.assertQueriesPerPage('contacts', 5, 0)

    def test_orders(self):
        for i in range(3):
            make_sample_orders()
        # ids, orders, statuses, payments, authorizations, tax lines, items + products, item details
        self.assertQueriesPerPage('orders', 8, 0)
