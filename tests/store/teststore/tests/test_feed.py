# -*- coding: utf-8 -*-
"""The change feed at scale: a page's cost does not grow with the log, the log
can be compacted, and no SQL statement binds more than 999 variables (the
limit of SQLite before 3.32)."""
import base64
import datetime
import json
import StringIO
from decimal import Decimal

from django.contrib.sites.models import Site
from django.core.management import call_command
from django.db import connection
from django.db.backends.sqlite3.base import SQLiteCursorWrapper

from product.models import Product
from satchmo_store.contact.models import Contact
from satchmo_store.shop.models import Order, OrderItem, OrderItemDetail

from satchmo_export import changelog
from satchmo_export.models import ChangeLog
from satchmo_export.views import encode_cursor
from teststore.tests.base import EXPORT, ExportTestCase

LONG_AGO = datetime.datetime.now() - datetime.timedelta(days=1)


def grow_log(rows, resource='orders', first_id=10 ** 6):
    """`rows` settled log rows of records that do not exist (tombstones cost nothing to load)."""
    ChangeLog.objects.bulk_create([ChangeLog(resource=resource, object_id=first_id + n, created=LONG_AGO)
                                   for n in range(rows)])


class SQLiteWork(object):
    """Thousands of SQLite virtual machine instructions run inside the block: the work of
    its queries, counted the same way on a busy machine as on an idle one."""

    def __enter__(self):
        connection.cursor()    # opens the connection
        self.steps = 0

        def count():
            self.steps += 1
            return 0
        connection.connection.set_progress_handler(count, 1000)
        return self

    def __exit__(self, *exc):
        connection.connection.set_progress_handler(None, 1000)


class PageCostTest(ExportTestCase):

    def work(self, path, **params):
        with SQLiteWork() as work:
            self.get_json(path, **params)
        return work.steps

    def test_changes_page_cost_does_not_grow_with_the_rows_after_the_cursor(self):
        start = encode_cursor('orders', 'changes', changelog.position())
        categories = encode_cursor('categories', 'changes', changelog.position())
        grow_log(2000)
        ChangeLog(resource='categories', object_id=1, created=LONG_AGO).save()
        small = (self.work('orders/', cursor=start, page_size=10), self.work('categories/', cursor=categories))
        grow_log(40000, first_id=2 * 10 ** 6)
        ChangeLog(resource='categories', object_id=2, created=LONG_AGO).save()
        big = (self.work('orders/', cursor=start, page_size=10), self.work('categories/', cursor=categories))
        # 20 times the rows after the cursor; a page's work stays (the old feed's grew 5-20 fold)
        self.assertLess(big[0], small[0] * 1.5 + 10, (small, big))
        self.assertLess(big[1], small[1] * 1.5 + 10, (small, big))

    def test_first_page_of_a_listing_does_not_grow_with_the_log(self):
        grow_log(2000)
        small = self.work('categories/')
        grow_log(40000, first_id=2 * 10 ** 6)
        big = self.work('categories/')
        self.assertLess(big, small * 1.5 + 10, (small, big))

    def test_log_has_an_index_on_resource_then_sequence(self):
        cursor = connection.cursor()
        cursor.execute("PRAGMA index_list('satchmo_export_changelog')")
        indexes = []
        for index in [row[1] for row in cursor.fetchall()]:
            cursor.execute("PRAGMA index_info('%s')" % index)
            indexes.append([row[2] for row in cursor.fetchall()])
        self.assertIn(['resource', 'id'], indexes)


class ChangesPageTest(ExportTestCase):

    def test_records_changed_again_further_on_come_again_none_lost(self):
        start = encode_cursor('contacts', 'changes', changelog.position())
        # 40 records changed 20 times each, interleaved; then a few once more, one of them 100 times
        changes = [1000 + n % 40 for n in range(800)] + [1000 + n for n in range(0, 40, 3)] + [1007] * 100
        ChangeLog.objects.bulk_create([ChangeLog(resource='contacts', object_id=i, created=LONG_AGO) for i in changes])
        last_change = dict(ChangeLog.objects.filter(resource='contacts', object_id__gte=1000)
                           .values_list('object_id', 'id'))        # the later row wins
        served_after = {}
        cursor = start
        while True:
            page = self.get_json('contacts/', cursor=cursor, page_size=3)
            ids = [o['id'] for o in page['objects']]
            self.assertEqual(len(ids), len(set(ids)))                  # once per page
            self.assertTrue(len(ids) <= 3)
            cursor = page['meta']['next']
            position = json.loads(base64.urlsafe_b64decode(str(cursor)))['a']
            for i in ids:
                served_after[i] = position
            if not page['meta']['has_more']:
                break
        self.assertEqual(sorted(served_after), sorted(last_change))
        for record, last in last_change.items():
            self.assertTrue(served_after[record] >= last, record)      # served after its last change


class CompactionTest(ExportTestCase):
    export_settings = dict(EXPORT, SETTLE_SECONDS=60)

    def setUp(self):
        super(CompactionTest, self).setUp()
        self.clock = datetime.datetime.now()
        self.real_now = changelog.now
        changelog.now = lambda: self.clock

    def tearDown(self):
        changelog.now = self.real_now
        super(CompactionTest, self).tearDown()

    def log(self, *changes):
        """Rows (resource, object id) written a second apart, the last one a second ago."""
        for n, (resource, object_id) in enumerate(changes):
            created = self.clock - datetime.timedelta(seconds=len(changes) - n)
            ChangeLog(resource=resource, object_id=object_id, created=created).save()

    def test_keeps_each_records_latest_row_and_the_feed_serves_the_same(self):
        cursors = [encode_cursor('contacts', 'changes', changelog.position())]
        for n in range(30):
            self.log(('contacts', 1000 + n % 7), ('orders', 2000 + n % 3))
            cursors.append(encode_cursor('contacts', 'changes', changelog.position()))
        self.clock += datetime.timedelta(seconds=120)       # all settled
        before = [self.changed_ids(c) for c in cursors]
        call_command('satchmo_export_compact', verbosity=0)
        kept = list(ChangeLog.objects.filter(object_id__gte=1000).values_list('resource', 'object_id'))
        self.assertEqual(sorted(kept), sorted([('contacts', 1000 + n) for n in range(7)] +
                                              [('orders', 2000 + n) for n in range(3)]))   # the latest row of each
        self.assertEqual([self.changed_ids(c) for c in cursors], before)
        self.assertEqual(before[0], set(range(1000, 1007)))

    def changed_ids(self, cursor):
        ids = set()
        while True:
            page = self.get_json('contacts/', cursor=cursor)
            ids.update(o['id'] for o in page['objects'])
            cursor = page['meta']['next']
            if not page['meta']['has_more']:
                return ids

    def test_recent_rows_stay_and_leave_no_gap_that_would_hold_the_feed(self):
        cursor = encode_cursor('contacts', 'changes', changelog.position())
        self.log(('contacts', 1001), ('contacts', 1001), ('contacts', 1002), ('contacts', 1001))
        self.clock += datetime.timedelta(seconds=57.5)     # the first two rows are settled, the last two recent
        call_command('satchmo_export_compact', verbosity=0)
        rows = list(ChangeLog.objects.filter(object_id__gte=1000).values_list('object_id', flat=True))
        # the first row of 1001 goes; its second row is the newest settled one: it stays, so the recent
        # row of 1002 right after it is served at once, not held back as if it followed a gap
        self.assertEqual(rows, [1001, 1002, 1001])
        self.assertEqual([o['id'] for o in self.get_json('contacts/', cursor=cursor)['objects']], [1002, 1001])

    def test_command_says_what_it_did(self):
        self.log(('contacts', 1001), ('contacts', 1001))
        self.clock += datetime.timedelta(seconds=120)
        self.log(('contacts', 1002))
        out = StringIO.StringIO()
        call_command('satchmo_export_compact', stdout=out)
        self.assertIn('change log row(s) deleted', out.getvalue())


class BoundVariables(object):
    """The most variables one SQL statement bound inside the block."""

    def __enter__(self):
        self.most = 0
        self.real_execute = SQLiteCursorWrapper.execute
        probe = self

        def execute(cursor, query, params=()):
            probe.most = max(probe.most, len(params))
            return probe.real_execute(cursor, query, params)
        SQLiteCursorWrapper.execute = execute
        return self

    def __exit__(self, *exc):
        SQLiteCursorWrapper.execute = self.real_execute


class BoundVariablesTest(ExportTestCase):
    export_settings = dict(EXPORT, MAX_PAGE_SIZE=1500)

    def test_big_pages_stay_under_999_variables_a_statement(self):
        contact = Contact.objects.get(email='fj@rr.com')
        site = Site.objects.get_current()
        products = list(Product.objects.all()[:5])
        Order.objects.bulk_create([Order(site=site, contact=contact, total=Decimal('10')) for _ in range(1200)])
        orders = list(Order.objects.values_list('pk', flat=True))
        OrderItem.objects.bulk_create([OrderItem(order_id=o, product=p, quantity=1, unit_price=2, line_item_price=2)
                                       for o in orders[:400] for p in products])
        OrderItemDetail.objects.bulk_create([OrderItemDetail(item_id=i, name='Size', value='L', sort_order=0)
                                             for i in OrderItem.objects.values_list('pk', flat=True)])
        with BoundVariables() as probe:
            page = self.get_json('orders/', page_size=1200)
            self.assertEqual(len(page['objects']), 1200)
            self.assertEqual(sum(len(o['items']) for o in page['objects']), 2000)
            page = self.get_json('orders/', ids=','.join(str(o) for o in reversed(orders)))
            self.assertEqual([o['id'] for o in page['objects']], list(reversed(orders)))
            call_command('satchmo_export_backfill', 'orders', verbosity=0)
            page = self.get_json('orders/', mode='changes', page_size=1500)
            self.assertEqual(len(page['objects']), 1200)
            for resource in ('countries', 'products', 'contacts'):
                self.get_json('%s/' % resource, page_size=1500)
        self.assertTrue(500 <= probe.most <= 999, probe.most)
