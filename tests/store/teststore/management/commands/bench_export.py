# -*- coding: utf-8 -*-
"""Measure what the export costs on this store (a bench store: see bench_store).

    manage.py bench_export [--page-sizes 100,500] [--resources orders,products] [--repeat 3]

Requests go through Django's test client in this process: the export's
views, the ORM, SQLite and the JSON encoding, no web server and no HTTP. Per
resource and page size, the full listing and the change feed (from the
start of the log) are walked to their end: records, seconds, milliseconds
per record; their first and last pages are requested again, `repeat` times
(the median is given) and once more counting SQL queries.

The floor of each page, measured right after it: a raw SQL select of the
same rows (the page's records and their child rows, one select a table, by
the records' ids) turned into dicts and json.dumps'd (default=str). `floor`
runs on the shop's own database connection, whose SQLite converters give
Decimals and datetimes as every query of the shop gets them; `bare_floor`
on Python's sqlite3 module alone, without conversion (floats, text).
`ratio_to_floor` and `ratio_to_bare_floor`: the export's time over theirs,
measured at the same moments (the machine's speed may change meanwhile).

It first waits until the change log's newest row is SETTLE_SECONDS old:
until then, right after bench_store's backfill, every changes page and
every listing's first page read all the young rows (see changelog.py).
Prints JSON: the seconds it waited, the figures, and the process's peak RSS
after each resource and after all.
"""
import json
import sqlite3
import time
from optparse import make_option
from resource import RUSAGE_SELF, getrusage

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.client import Client
from django.test.utils import override_settings

from satchmo_export import changelog
from satchmo_export.models import ChangeLog
from satchmo_export.resources import ORDER, RESOURCES

TOKEN = 'bench-export-token'
CLIENT = "django.test.Client in the shop's process (views, ORM, SQLite, JSON; no web server)"
# the rows of a page: one select a table of the payload, %(ids)s the page's record ids
FLOOR = {
    'countries': ('SELECT * FROM l10n_country WHERE id IN (%(ids)s)',
                  'SELECT * FROM l10n_adminarea WHERE country_id IN (%(ids)s)'),
    'categories': ('SELECT * FROM product_category WHERE id IN (%(ids)s)',),
    'products': ('SELECT * FROM product_product WHERE id IN (%(ids)s)',
                 'SELECT * FROM product_taxclass WHERE id IN '
                 '(SELECT "taxClass_id" FROM product_product WHERE id IN (%(ids)s))',
                 'SELECT * FROM configurable_configurableproduct WHERE product_id IN (%(ids)s)',
                 'SELECT * FROM configurable_productvariation WHERE product_id IN (%(ids)s)',
                 'SELECT * FROM product_price WHERE product_id IN (%(ids)s) OR product_id IN '
                 '(SELECT parent_id FROM configurable_productvariation WHERE product_id IN (%(ids)s))',
                 'SELECT * FROM product_product_category WHERE product_id IN (%(ids)s)',
                 'SELECT * FROM product_productimage WHERE product_id IN (%(ids)s)',
                 'SELECT * FROM configurable_productvariation_options WHERE productvariation_id IN (%(ids)s)',
                 'SELECT o.*, g.name AS group_name, g.sort_order AS group_sort_order FROM product_option o '
                 'JOIN product_optiongroup g ON g.id = o.option_group_id WHERE o.id IN (SELECT option_id '
                 'FROM configurable_productvariation_options WHERE productvariation_id IN (%(ids)s))',
                 # the optional apps' (this store has them all)
                 'SELECT * FROM custom_customproduct WHERE product_id IN (%(ids)s)',
                 'SELECT * FROM downloadable_downloadableproduct WHERE product_id IN (%(ids)s)',
                 'SELECT * FROM subscription_subscriptionproduct WHERE product_id IN (%(ids)s)',
                 'SELECT * FROM giftcertificate_giftcertificateproduct WHERE product_id IN (%(ids)s)',
                 'SELECT l.product_id, b.*, t.languagecode, t.name FROM brand_brandproduct l '
                 'JOIN brand_brand b ON b.id = l.brand_id LEFT JOIN brand_brandtranslation t ON t.brand_id = b.id '
                 'WHERE l.product_id IN (%(ids)s)',
                 'SELECT * FROM tieredpricing_tieredprice WHERE product_id IN (%(ids)s)'),
    'contacts': ('SELECT * FROM contact_contact WHERE id IN (%(ids)s)',
                 'SELECT * FROM contact_organization WHERE id IN '
                 '(SELECT organization_id FROM contact_contact WHERE id IN (%(ids)s))',
                 'SELECT * FROM contact_addressbook WHERE contact_id IN (%(ids)s)',
                 'SELECT * FROM contact_phonenumber WHERE contact_id IN (%(ids)s)',
                 'SELECT c.id AS contact_id, t.id AS tier_id FROM contact_contact c '
                 'JOIN auth_user u ON u.id = c.user_id JOIN auth_user_groups g ON g.user_id = u.id '
                 'JOIN tieredpricing_pricingtier t ON t.group_id = g.group_id '
                 'WHERE c.id IN (%(ids)s) AND NOT u.is_staff AND NOT u.is_superuser'),
    'orders': ('SELECT * FROM shop_order WHERE id IN (%(ids)s)',
               'SELECT * FROM shop_orderstatus WHERE order_id IN (%(ids)s)',
               'SELECT * FROM shop_orderpayment WHERE order_id IN (%(ids)s)',
               'SELECT * FROM shop_orderauthorization WHERE order_id IN (%(ids)s)',
               'SELECT * FROM shop_ordertaxdetail WHERE order_id IN (%(ids)s)',
               'SELECT i.*, p.sku, p.name FROM shop_orderitem i JOIN product_product p ON p.id = i.product_id '
               'WHERE i.order_id IN (%(ids)s)',
               'SELECT d.* FROM shop_orderitemdetail d JOIN shop_orderitem i ON i.id = d.item_id '
               'WHERE i.order_id IN (%(ids)s)'),
}


def median(values):
    return sorted(values)[len(values) // 2]


def ms(seconds):
    return round(seconds * 1000, 3)


def peak_rss():
    """Megabytes: the most this process has held so far."""
    return round(getrusage(RUSAGE_SELF).ru_maxrss / 1024.0, 1)


def floor(name, cursor, ids):
    """Seconds to select the rows of records `ids` with `cursor`, as dicts, and json.dumps them."""
    started = time.time()
    rows = []
    for sql in FLOOR[name]:
        cursor.execute(sql % {'ids': ', '.join(str(int(i)) for i in ids)})
        columns = [column[0] for column in cursor.description]
        rows.append([dict(zip(columns, row)) for row in cursor.fetchall()])
    json.dumps(rows, default=str)
    return time.time() - started


class Command(BaseCommand):
    help = "Measure the export's cost per page and per record on this store against a raw SQL floor (JSON)."
    option_list = BaseCommand.option_list + (
        make_option('--page-sizes', default='100,500', help='comma-separated'),
        make_option('--resources', default=','.join(ORDER), help='comma-separated'),
        make_option('--repeat', type='int', default=3, help='requests per page figure'),
    )

    def handle(self, *args, **options):
        names = options['resources'].split(',')
        unknown = [n for n in names if n not in RESOURCES]
        if unknown:
            raise CommandError('Unknown resource(s): %s. Choose from: %s.' % (', '.join(unknown), ', '.join(ORDER)))
        sizes = [int(size) for size in options['page_sizes'].split(',')]
        self.repeat, self.client = options['repeat'], Client()
        export = dict(getattr(settings, 'SATCHMO_EXPORT', {}), TOKEN=TOKEN, MAX_PAGE_SIZE=max(sizes))
        connection.use_debug_cursor = False
        self.bare = sqlite3.connect(connection.settings_dict['NAME'])
        resources = {}
        try:
            with override_settings(SATCHMO_EXPORT=export, ALLOWED_HOSTS=['testserver'], DEBUG=False):
                waited = self.settle()
                for name in names:
                    figures = resources[name] = {'records': RESOURCES[name].queryset().count()}
                    self.get(name, {'page_size': 1})    # warm: the process's first request loads what it needs
                    for size in sizes:
                        figures['page_size_%d' % size] = dict((mode, self.walk(name, size, mode))
                                                              for mode in ('full', 'changes'))
                    figures['peak_rss_mb'] = peak_rss()
        finally:
            self.bare.close()
        result = {'client': CLIENT, 'page_sizes': sizes, 'settle_wait_seconds': waited, 'resources': resources,
                  'peak_rss_mb': peak_rss()}
        self.stdout.write(json.dumps(result, indent=1, sort_keys=True) + '\n')

    def settle(self):
        """Wait until the change log's newest row is settled; the seconds waited."""
        newest = list(ChangeLog.objects.order_by('-created').values_list('created', flat=True)[:1])
        wait = (newest[0] - changelog.settled_horizon()).total_seconds() if newest else 0
        if wait <= 0:
            return 0
        self.stderr.write('waiting %d s for the change log to settle\n' % (wait + 1))
        time.sleep(wait + 1)
        return round(wait + 1, 1)

    def get(self, name, params):
        response = self.client.get('/export/%s/' % name, params, HTTP_AUTHORIZATION='Token %s' % TOKEN)
        if response.status_code != 200:
            raise CommandError('GET /export/%s/ %s answered HTTP %s: %s'
                               % (name, params, response.status_code, response.content[:500]))
        return response

    def walk(self, name, size, mode):
        """Every page of a listing or feed, each followed by its floors: totals, ratios, first and last pages."""
        params = first = {'page_size': size, 'mode': mode}
        pages, records, seconds, floors = 0, 0, 0.0, {'floor': 0.0, 'bare_floor': 0.0}
        while True:
            started = time.time()
            response = self.get(name, params)
            seconds += time.time() - started
            page = json.loads(response.content)
            ids = [o['id'] for o in page['objects']]
            floors['floor'] += floor(name, connection.cursor(), ids)
            floors['bare_floor'] += floor(name, self.bare.cursor(), ids)
            pages, records = pages + 1, records + len(ids)
            if not page['meta']['has_more']:
                break
            params = {'page_size': size, 'cursor': page['meta']['next']}
        figures = {'pages': pages, 'records': records, 'seconds': round(seconds, 3),
                   'ms_per_record': ms(seconds / records),
                   'first_page': self.page(name, first), 'last_page': self.page(name, params)}
        for key, floor_seconds in floors.items():
            figures['%s_ms_per_record' % key] = ms(floor_seconds / records)
            figures['ratio_to_%s' % key] = round(seconds / floor_seconds, 2)
        return figures

    def page(self, name, params):
        """Milliseconds (median) and SQL queries of one page request."""
        times = []
        for _ in range(self.repeat):
            started = time.time()
            response = self.get(name, params)
            times.append(time.time() - started)
        connection.use_debug_cursor = True
        try:
            self.get(name, params)             # the request's start resets connection.queries
            queries = len(connection.queries)
        finally:
            connection.use_debug_cursor = False
        return {'ms': ms(median(times)), 'queries': queries, 'records': json.loads(response.content)['meta']['count']}
