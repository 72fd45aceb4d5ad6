# -*- coding: utf-8 -*-
"""Offline tests: the shop is replayed from JSON recorded from the real satchmo_export.

`ReplayShop` answers the adapter's GET requests (requests.Session.get is
patched) from `recordings/`: the meta endpoint, full listings paged at the
requested page size out of the recorded listing, the recorded change feeds,
`ids` requests served from the recorded records (a tombstone for an id the
shop does not have), and recorded error answers.
"""
import copy
import json
import os
import time
import urlparse

import mock
import requests

from openerp.tests import common

RECORDINGS = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'recordings')
SHOP = 'http://testserver/export/'
TOKEN = 'offline-token-5e1'


NOW = time.strftime('%Y-%m-%dT12:00:00.000')


def recording(name):
    """A recorded exchange; the clock values the recorder blanked out ('<time>') read as today, noon."""
    with open(os.path.join(RECORDINGS, name + '.json')) as f:
        return json.loads(f.read().replace('"<time>"', '"%s"' % NOW))


def objects(name):
    return recording(name)['body']['objects']


class ReplayShop(object):
    """The recorded shop. `listings[resource]` is the full listing, `changes[resource]` the pages of
    its change feed (served once each, then empty pages); `error` answers every request when set."""

    def __init__(self):
        self.listings = dict((r, objects(r)) for r in ('categories', 'products', 'contacts', 'orders'))
        self.listings['countries'] = objects('countries_page1') + objects('countries_us')
        self.changes = {}
        self.setup = recording('setup')['body']   # setup/, as a test changes it
        self.error = None      # (status, body or raw text)
        self.faults = []       # answers to the next requests, before the shop's own: an exception to raise,
        self.requests = []     # or (status, body or raw text[, headers])

    def record(self, resource, shop_id):
        return next(o for o in self.listings[resource] if o['id'] == shop_id)

    def __call__(self, url, params=None, timeout=None):
        params = dict(params or {})
        path = urlparse.urlparse(url).path
        self.requests.append((path, params))
        if self.faults:
            fault = self.faults.pop(0)
            if isinstance(fault, Exception):
                raise fault
            return response(*fault)
        if self.error:
            return response(*self.error)
        resource = path[len('/export/'):].strip('/')
        if resource == 'setup':
            return response(200, self.setup)
        if resource == '':
            return response(200, recording('meta')['body'])
        if 'ids' in params:
            wanted = [int(i) for i in params['ids'].split(',')]
            found = dict((o['id'], o) for o in self.listings[resource])
            return response(200, page(resource, 'ids', [found.get(i, {'id': i, 'deleted': True}) for i in wanted]))
        cursor = params.get('cursor') or ''
        if params.get('mode') == 'changes' or cursor.startswith('changes'):
            pages = self.changes.get(resource, [])
            body = page(resource, 'changes', pages.pop(0) if pages else [], has_more=bool(pages))
            if params.get('count') == '1':   # as the export counts: each record once
                body['meta']['remaining'] = len(set(o['id'] for rows in pages for o in rows))
            body['meta']['next'] = 'changes:%s:%d' % (resource, len(self.requests))
            return response(200, body)
        size = int(params['page_size'])
        start = int(cursor.split(':')[1]) if cursor.startswith('full') else 0
        rows = self.listings[resource]
        more = start + size < len(rows)
        body = page(resource, 'full', rows[start:start + size], has_more=more)
        body['meta'].update(next='full:%d' % (start + size) if more else None,
                            changes_cursor='changes:%s:start' % resource)
        if params.get('count') == '1':
            body['meta']['remaining'] = max(len(rows) - start - size, 0)
        return response(200, body)


def page(resource, mode, rows, has_more=False):
    return {'meta': {'resource': resource, 'mode': mode, 'count': len(rows), 'has_more': has_more,
                     'next': None, 'page_size': len(rows)},
            'objects': copy.deepcopy(rows)}


def response(status, body, headers=None):
    r = requests.Response()
    r.status_code = status
    r._content = body if isinstance(body, str) else json.dumps(body)
    r.headers['Content-Type'] = 'text/html' if isinstance(body, str) else 'application/json'
    r.headers.update(headers or {})
    return r


class ShopTestCase(common.TransactionCase):
    """A backend on the replayed shop; `pull()` runs the real import in the test's transaction."""

    def setUp(self):
        super(ShopTestCase, self).setUp()
        self.shop = ReplayShop()
        patcher = mock.patch.object(requests.Session, 'get', side_effect=self.shop)
        patcher.start()
        self.addCleanup(patcher.stop)
        sleep = mock.patch('openerp.addons.oesync_pull.adapter.time.sleep')
        sleep.start()
        self.addCleanup(sleep.stop)
        cr, uid = self.cr, self.uid
        self.backend_obj = self.registry('satchmo.backend')
        self.state_obj = self.registry('satchmo.sync.state')
        self.log_obj = self.registry('satchmo.sync.log')
        self.tax_id = self.registry('account.tax').create(cr, uid, {
            'name': 'Offline sales tax', 'type': 'percent', 'amount': 0.07, 'type_tax_use': 'sale'})
        self.backend_id = self.backend_obj.create(cr, uid, {
            'name': 'Offline shop', 'location': SHOP, 'token': TOKEN,
            'tax_map_ids': [(0, 0, {'tax_class': 'Default', 'tax_ids': [(6, 0, [self.tax_id])]})]})
        self.configure_orders()

    def configure_orders(self):
        """What a shop's accountant sets up for its orders: the shop's tax rates where it sells (the test
        store's area rates of these states), the journals of its payment methods, a write-off account."""
        cr, uid = self.cr, self.uid
        account = self.registry('account.account')
        tax_account = account.search(cr, uid, [('code', '=', '255000')])[0]
        rates = [('Default', 'TN', '0.06'), ('Shipping', 'TN', '0.07'), ('Default', 'MN', '0.065'),
                 ('Default', 'NJ', '0.06')]
        self.backend_obj.setup_tax_rules(cr, uid, [self.backend_id], [
            {'tax_class': c, 'country': 'US', 'state': st, 'percentage': p} for c, st, p in rates], tax_account)
        journal = self.registry('account.journal')
        bank = journal.search(cr, uid, [('type', '=', 'bank')], order='id')[0]
        cash = journal.search(cr, uid, [('type', '=', 'cash')], order='id')[0]
        writeoff = account.search(cr, uid, [('type', '=', 'other'), ('user_type.code', '=', 'expense')],
                                  order='code')[0]
        self.backend_obj.write(cr, uid, [self.backend_id], {
            'writeoff_account_id': writeoff,
            'payment_map_ids': [(0, 0, {'method': 'DUMMY', 'journal_id': bank}),
                                (0, 0, {'method': 'PURCHASEORDER', 'journal_id': cash})]})

    resources = None   # what pull() pulls by default: everything

    def pull(self, mode='full', resources=None, **kwargs):
        """One run, in this transaction; returns its log (browse record)."""
        log_id = self.backend_obj.run_import(self.cr, self.uid, self.backend_id, mode,
                                             resources=resources or self.resources, commit=False, **kwargs)
        return self.log_obj.browse(self.cr, self.uid, log_id)

    def counts(self, log):
        return dict((c.resource, dict((k, c[k]) for k in ('created', 'updated', 'unchanged', 'failed', 'skipped')))
                    for c in log.count_ids)

    def bound(self, resource, shop_id):
        """The OpenERP record a shop record became (browse), via its sync state."""
        ids = self.state_obj.search(self.cr, self.uid, [('backend_id', '=', self.backend_id),
                                                        ('resource', '=', resource), ('satchmo_id', '=', str(shop_id))])
        self.assertEqual(len(ids), 1, '%s %s has no sync state' % (resource, shop_id))
        state = self.state_obj.browse(self.cr, self.uid, ids[0])
        if not state.res_model:
            return state, None
        return state, self.registry(state.res_model).browse(self.cr, self.uid, state.res_id,
                                                             context={'active_test': False})
