# -*- coding: utf-8 -*-
"""Bulk-load a seeded bench shop into this store's database (see teststore.bench).

    manage.py bench_store --products N --contacts N --orders N [--seed S]

Run it in a copy of the demo store's database (SATCHMO_DATA: a folder with
a copy of .build/shop/store.db.orig as store.db, its static folder beside
it): it refuses a database that already holds a bench shop. Writes the
products, contacts and orders in one transaction, then runs the export's
backfill, and prints a JSON summary: the options, the rows written per
table and the seconds each step took.
"""
import json
import time
from optparse import make_option

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from product.models import Product

from teststore import bench


class Command(BaseCommand):
    help = "Bulk-load a seeded bench shop (products, contacts, orders) and backfill the export's change log."
    option_list = BaseCommand.option_list + (
        make_option('--products', type='int', default=1000, help='products, variations included'),
        make_option('--contacts', type='int', default=1000),
        make_option('--orders', type='int', default=1000),
        make_option('--seed', type='int', default=1),
    )

    def handle(self, *args, **options):
        counts = dict((name, options[name]) for name in ('products', 'contacts', 'orders'))
        if min(counts.values()) < 1:
            raise CommandError('--products, --contacts and --orders take whole numbers from 1 up.')
        if Product.objects.filter(slug__startswith=bench.SLUG_PREFIX).exists():
            raise CommandError('This store already holds a bench shop: run bench_store on a fresh copy of the '
                               'demo store database (.build/shop/store.db.orig).')
        started = time.time()
        with override_settings(EMAIL_BACKEND='django.core.mail.backends.locmem.EmailBackend'):
            with transaction.commit_on_success():
                written = bench.build(seed=options['seed'], **counts)
        loaded = time.time()
        call_command('satchmo_export_backfill', verbosity=0)
        done = time.time()
        summary = dict(counts, seed=options['seed'], rows=written, seconds={
            'load': round(loaded - started, 2), 'backfill': round(done - loaded, 2), 'total': round(done - started, 2)})
        self.stdout.write(json.dumps(summary, indent=1, sort_keys=True) + '\n')
