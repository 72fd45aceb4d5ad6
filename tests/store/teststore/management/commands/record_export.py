# -*- coding: utf-8 -*-
"""Record satchmo_export's real responses for oesync_pull's tests.

    manage.py record_export [--output DIR]

Runs `scenario()` in a throwaway test database (Satchmo's shipped fixtures,
the sample orders of teststore.orders, a few changes) through Django's test
client with the token, and writes one JSON file per response into
oesync_pull/tests/recordings/. teststore.tests.RecordingContractTest fails
when these files no longer match what the export produces.
"""
import json
import os
from decimal import Decimal
from optparse import make_option

from django.core.management.base import BaseCommand
from django.test.client import Client
from django.test.utils import override_settings, setup_test_environment, teardown_test_environment

from product.models import Category, Product
from satchmo_store.contact.models import Contact
from satchmo_store.shop.models import Order, OrderPayment

from teststore.orders import make_sample_orders, reset_settings_cache

TOKEN = 'recording-token'
EXPORT = {'TOKEN': TOKEN, 'DEFAULT_PAGE_SIZE': 100, 'MAX_PAGE_SIZE': 500, 'SETTLE_SECONDS': 0}
OUTPUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', '..',
                      'oesync_pull', 'tests', 'recordings')
VOLATILE_TIMES = ('server_time', 'time_stamp')
CURSORS = ('next', 'changes_cursor', 'cursor')


def scenario():
    """[(name, request, status, body)] of the recorded exchanges, in order.

    Runs on a database holding Satchmo's shipped fixtures and nothing else.
    """
    reset_settings_cache()
    client = Client()
    recorded = []

    def get(name, path, token=TOKEN, **params):
        headers = {'HTTP_AUTHORIZATION': 'Token %s' % token} if token else {}
        response = client.get('/export/%s' % path, params, **headers)
        body = json.loads(response.content)
        recorded.append((name, {'path': '/export/%s' % path, 'params': params, 'token': bool(token)},
                         response.status_code, body))
        return body

    with override_settings(SATCHMO_EXPORT=EXPORT):
        orders = make_sample_orders()
        get('meta', '')
        get('setup', 'setup/')
        get('countries_page1', 'countries/', page_size='3')
        # the US with its states: page_size 1 from just before it
        from l10n.models import Country
        from satchmo_export.views import encode_cursor
        us = Country.objects.get(iso2_code='US')
        get('countries_us', 'countries/', page_size='1', cursor=encode_cursor('countries', 'full', us.pk - 1, 0))
        get('categories', 'categories/')
        get('products', 'products/')
        first = get('products_page1', 'products/', page_size='5')
        get('products_page2', 'products/', page_size='5', cursor=first['meta']['next'])
        get('contacts', 'contacts/')
        listing = get('orders', 'orders/')
        # the shop moves on: a payment and a status on one order, another deleted
        # a contact edited, a product's price changed
        order = Order.objects.get(pk=orders[1].pk)
        OrderPayment(order=order, payment='PURCHASEORDER', amount=order.balance, transaction_id='PO-4711-2').save()
        order.add_status('In Process', 'Paid by purchase order')
        Order.objects.get(pk=orders[4].pk).delete()
        get('orders_changes', 'orders/', cursor=listing['meta']['changes_cursor'])
        contacts = get('contacts_start', 'contacts/', page_size='1')
        contact = Contact.objects.get(email='abc@comcast.com')
        contact.notes = 'Prefers e-mail'
        contact.save()
        contact.phonenumber_set.update(phone='651-555-0199')
        get('contacts_changes', 'contacts/', mode='changes', cursor=contacts['meta']['changes_cursor'])
        products = get('products_start', 'products/', page_size='1')
        price = Product.objects.get(slug='PY-Rocks').price_set.get(quantity=Decimal('1'))
        price.price = Decimal('18.75')
        price.save()
        get('products_changes', 'products/', cursor=products['meta']['changes_cursor'])
        get('error_401', 'orders/', token=None)
        get('error_400', 'orders/', page_size='0')
        # given records (dependencies, retries): in the order asked, a tombstone for what is not there
        child = Category.objects.get(slug='scifi')
        get('categories_ids', 'categories/', ids='%d,%d' % (child.pk, child.parent_id))
        variation = Product.objects.get(pk=6)
        get('products_ids', 'products/', ids='6,%d,9999' % variation.productvariation.parent_id)
        get('contacts_ids', 'contacts/', ids='%d,%d' % (Contact.objects.get(email='fj@rr.com').pk, contact.pk))
        get('orders_ids', 'orders/', ids='%d,9999' % orders[1].pk)
        get('error_404', 'invoices/')
    with override_settings(SATCHMO_EXPORT=dict(EXPORT, TOKEN='')):
        get('error_503', 'orders/')   # a shop whose export has no token yet
    reset_settings_cache()
    return recorded


def normalize(value, key=None):
    """The recorded body without what changes from run to run (clock, log positions)."""
    if isinstance(value, dict):
        return dict((k, normalize(v, k)) for k, v in value.items())
    if isinstance(value, list):
        return [normalize(v) for v in value]
    if value is not None and key in VOLATILE_TIMES:
        return '<time>'
    if value is not None and key in CURSORS:
        return '<cursor>'
    return value


class Command(BaseCommand):
    help = "Record satchmo_export's responses into oesync_pull/tests/recordings (a throwaway database)."
    option_list = BaseCommand.option_list + (
        make_option('--output', default=OUTPUT, help='folder of the recordings'),
    )

    def handle(self, *args, **options):
        from teststore.runner import StoreTestRunner
        output = os.path.abspath(options['output'])
        if not os.path.isdir(output):
            os.makedirs(output)
        setup_test_environment()
        runner = StoreTestRunner(verbosity=0, interactive=False)
        old_config = runner.setup_databases()
        try:
            recorded = scenario()
        finally:
            runner.teardown_databases(old_config)
            teardown_test_environment()
        for name, request, status, body in recorded:
            with open(os.path.join(output, '%s.json' % name), 'w') as f:
                json.dump({'request': normalize(request), 'status': status, 'body': normalize(body)}, f,
                          indent=1, sort_keys=True, separators=(',', ': '))
                f.write('\n')
        self.stdout.write('%d recordings written to %s\n' % (len(recorded), output))
