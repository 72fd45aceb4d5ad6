# -*- coding: utf-8 -*-
"""Measure what the export costs on this store (a bench store: see bench_store).

    manage.py bench_export [--page-sizes 100,500] [--resources orders,products] [--repeat 3]

Requests go through Django's test client in this process: the export's
views, the ORM, SQLite and the JSON encoding, no web server and no HTTP. Per
resource and page size, the full listing and the change feed (from the
start of the log) are walked to their end: records, seconds, milliseconds
per record; their first and last pages are requested again, `repeat` times
(the median is given) and once more counting SQL queries.

The floors of a resource: a raw SQL select of every row of its tables (the
records' and their child rows', no join, no paging), the rows turned into
dicts and json.dumps'd (default=str), the best of `repeat` runs. `floor`
runs on the shop's own database connection, whose SQLite converters give
Decimals and datetimes as every query of the shop gets them; `bare_floor`
on Python's sqlite3 module alone, without conversion (floats, text).
`ratio_to_floor` and `ratio_to_bare_floor` divide the export's time per
record by theirs.

Prints JSON, with the process's peak RSS after each resource's walks and
after all of them (the floors run last), and `young_log_rows`: the change
log rows younger than SETTLE_SECONDS when it started (right after a
backfill, each of them is read by every changes page and every listing's
first page until they settle).
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

from l10n.models import AdminArea, Country
from product.models import Category, Option, OptionGroup, Price, Product, ProductImage, TaxClass
from product.modules.configurable.models import ConfigurableProduct, ProductVariation
from satchmo_store.contact.models import AddressBook, Contact, Organization, PhoneNumber
from satchmo_store.shop.models import (Order, OrderAuthorization, OrderItem, OrderItemDetail, OrderPayment,
                                       OrderStatus, OrderTaxDetail)

from satchmo_export import changelog
from satchmo_export.models import ChangeLog
from satchmo_export.resources import ORDER, RESOURCES

TOKEN = 'bench-export-token'
CLIENT = "django.test.Client in the shop's process (views, ORM, SQLite, JSON; no web server)"
# the tables of each resource's payload
TABLES = {
    'countries': (Country, AdminArea),
    'categories': (Category,),
    'products': (Product, Price, Product.category.through, ProductImage, ConfigurableProduct, ProductVariation,
                 ProductVariation.options.through, Option, OptionGroup, TaxClass),
    'contacts': (Contact, Organization, AddressBook, PhoneNumber),
    'orders': (Order, OrderItem, OrderItemDetail, OrderStatus, OrderPayment, OrderAuthorization, OrderTaxDetail),
}


def median(values):
    return sorted(values)[len(values) // 2]


def ms(seconds):
    return round(seconds * 1000, 3)


def peak_rss():
    """Megabytes: the most this process has held so far."""
    return round(getrusage(RUSAGE_SELF).ru_maxrss / 1024.0, 1)


class Command(BaseCommand):
    help = "Measure the export's cost per page and per record on this store against a raw SQL floor (JSON)."
    option_list = BaseCommand.option_list + (
        make_option('--page-sizes', default='100,500', help='comma-separated'),
        make_option('--resources', default=','.join(ORDER), help='comma-separated'),
        make_option('--repeat', type='int', default=3, help='requests per page figure, runs per floor'),
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
        # rows written in the last SETTLE_SECONDS: a listing's first page and every changes page read them all
        young = ChangeLog.objects.filter(created__gt=changelog.settled_horizon()).count()
        resources = {}
        with override_settings(SATCHMO_EXPORT=export, ALLOWED_HOSTS=['testserver'], DEBUG=False):
            for name in names:
                figures = resources[name] = {'records': RESOURCES[name].queryset().count()}
                self.get(name, {'page_size': 1})       # warm: the process's first request loads what it needs
                for size in sizes:
                    figures['page_size_%d' % size] = dict((mode, self.walk(name, size, mode))
                                                          for mode in ('full', 'changes'))
                figures['peak_rss_mb'] = peak_rss()
        result = {'client': CLIENT, 'page_sizes': sizes, 'young_log_rows': young, 'resources': resources,
                  'peak_rss_mb': peak_rss()}
        for name in names:      # the floors last: they hold whole tables, the export a page
            figures = resources[name]
            for key, seconds in self.floors(name).items():
                per_record = seconds / figures['records']
                figures[key] = {'ms': ms(seconds), 'ms_per_record': ms(per_record)}
                for size in sizes:
                    for walk in figures['page_size_%d' % size].values():
                        walk['ratio_to_%s' % key] = round(walk['ms_per_record'] / (per_record * 1000), 2)
        self.stdout.write(json.dumps(result, indent=1, sort_keys=True) + '\n')

    def get(self, name, params):
        response = self.client.get('/export/%s/' % name, params, HTTP_AUTHORIZATION='Token %s' % TOKEN)
        if response.status_code != 200:
            raise CommandError('GET /export/%s/ %s answered HTTP %s: %s'
                               % (name, params, response.status_code, response.content[:500]))
        return response

    def walk(self, name, size, mode):
        """Every page of a listing or feed: totals, the cost of its first and last pages."""
        params = first = {'page_size': size, 'mode': mode}
        pages, records, seconds = 0, 0, 0.0
        while True:
            started = time.time()
            response = self.get(name, params)
            seconds += time.time() - started
            meta = json.loads(response.content)['meta']
            pages, records = pages + 1, records + meta['count']
            if not meta['has_more']:
                break
            params = {'page_size': size, 'cursor': meta['next']}
        return {'pages': pages, 'records': records, 'seconds': round(seconds, 3),
                'ms_per_record': ms(seconds / records),
                'first_page': self.page(name, first), 'last_page': self.page(name, params)}

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

    def floors(self, name):
        """{'floor': seconds, 'bare_floor': seconds} of the resource, the best of `repeat` runs each."""
        bare = sqlite3.connect(connection.settings_dict['NAME'])
        try:
            return {'floor': min(self.floor(name, connection.cursor()) for _ in range(self.repeat)),
                    'bare_floor': min(self.floor(name, bare.cursor()) for _ in range(self.repeat))}
        finally:
            bare.close()

    def floor(self, name, cursor):
        """Seconds to select every row of the resource's tables with `cursor`, as dicts, and json.dumps them."""
        started = time.time()
        rows = {}
        for model in TABLES[name]:
            table = model._meta.db_table
            cursor.execute('SELECT * FROM "%s"' % table)
            columns = [column[0] for column in cursor.description]
            rows[table] = [dict(zip(columns, row)) for row in cursor.fetchall()]
        json.dumps(rows, default=str)
        return time.time() - started
