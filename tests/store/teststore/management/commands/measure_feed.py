# -*- coding: utf-8 -*-
"""Time the export's change feed against the size of its change log.

    manage.py measure_feed [--rows 1000,10000,100000] [--repeat 5]

In a throwaway test database (Satchmo's shipped fixtures), grows the change
log to each size and times, through Django's test client, what a client
pays per request with every row of the log after its cursor: a changes page
of orders (half the log: tombstones, so loading records costs nothing), a
changes page of categories (a few rows at the very end of the log) and the
first page of a full listing (which reads the log position). Prints the
median milliseconds per request.
"""
import datetime
import time
from optparse import make_option

from django.core.management.base import BaseCommand
from django.test.client import Client
from django.test.utils import override_settings, setup_test_environment, teardown_test_environment

from satchmo_export.models import ChangeLog

TOKEN = 'measure-token'
REQUESTS = (
    ('orders, changes page (100)', 'orders/', {'mode': 'changes', 'page_size': '100'}),
    ('categories, changes page (100)', 'categories/', {'mode': 'changes', 'page_size': '100'}),
    ('categories, full page (100)', 'categories/', {'page_size': '100'}),
)


class Command(BaseCommand):
    help = "Time changes pages against the size of the change log (a throwaway database)."
    option_list = BaseCommand.option_list + (
        make_option('--rows', default='1000,10000,100000', help='log sizes, comma-separated'),
        make_option('--repeat', type='int', default=5, help='requests per figure (the median is printed)'),
    )

    def handle(self, *args, **options):
        from teststore.runner import StoreTestRunner
        setup_test_environment()
        runner = StoreTestRunner(verbosity=0, interactive=False)
        old_config = runner.setup_databases()
        try:
            with override_settings(SATCHMO_EXPORT={'TOKEN': TOKEN, 'SETTLE_SECONDS': 60}):
                self.measure([int(n) for n in options['rows'].split(',')], options['repeat'])
        finally:
            runner.teardown_databases(old_config)
            teardown_test_environment()

    def measure(self, sizes, repeat):
        client = Client()
        self.stdout.write('%-10s %s\n' % ('log rows', ''.join('%34s' % name for name, _, _ in REQUESTS)))
        ChangeLog.objects.all().delete()
        written = 0
        for size in sizes:
            self.grow(written, size)
            written = size
            figures = []
            for name, path, params in REQUESTS:
                times = []
                for _ in range(repeat):
                    start = time.time()
                    response = client.get('/export/%s' % path, params, HTTP_AUTHORIZATION='Token %s' % TOKEN)
                    times.append(time.time() - start)
                    assert response.status_code == 200, response.content
                figures.append(sorted(times)[len(times) // 2] * 1000)
            self.stdout.write('%-10d %s\n' % (size, ''.join('%31.1f ms' % f for f in figures)))

    def grow(self, start, end):
        """Log rows start..end-1: orders and contacts that do not exist, ten categories last."""
        created = datetime.datetime.now() - datetime.timedelta(days=1)   # settled long ago
        rows = []
        for n in range(start, end):
            if n >= end - 10:
                rows.append(ChangeLog(resource='categories', object_id=n % 5 + 1, created=created))
            else:
                rows.append(ChangeLog(resource=('orders', 'contacts')[n % 2], object_id=10 ** 6 + n, created=created))
        ChangeLog.objects.bulk_create(rows)
