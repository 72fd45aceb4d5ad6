# -*- coding: utf-8 -*-
"""A parallel first import run by a real OpenERP 7 server's cron worker processes (--workers, two cron
workers) on the test store with its scenario of orders: everything imported once, booked to the shop's
totals, while other pulls wait."""
import time

import pytest

from conftest import DB_PREFIX, OpenERP, cents, script, start_openerp, start_shop, stop
from test_orders import assert_shop_totals, invoice_of, shop_orders

WORKER_OPTIONS = ['--workers', '1', '--max-cron-threads', '2', '--limit-time-cpu', '900', '--limit-time-real', '900']
BACKEND = {'name': 'Parallel store', 'chunk_size': 3, 'import_workers': 2}


@pytest.fixture(scope='module')
def store():
    with start_shop('cross-shop-parallel.log') as running:
        running.scenario('make_scenario')
        yield running


@pytest.fixture(scope='module')
def oe():
    """Its own server: the session's has no cron worker."""
    db = '%s_parallel' % DB_PREFIX
    script('template.sh', 'clone', db)
    proc, url = start_openerp(db, 'cross-openerp-parallel.log', WORKER_OPTIONS)
    try:
        yield OpenERP(url, db)
    finally:
        stop(proc)


def read(oe, model, ids, fields):
    return oe.execute(model, 'read', ids, fields)


def test_cron_workers_import_the_chunks_in_parallel_and_end_the_log(oe, store, backend):
    log_id = oe.execute('satchmo.backend', 'parallel_import', [backend])[0]
    log = read(oe, 'satchmo.sync.log', [log_id], ['state', 'mode', 'message', 'chunk_ids'])[0]
    assert (log['state'], log['mode']) == ('running', 'parallel'), log['message']
    chunks = read(oe, 'satchmo.import.chunk', log['chunk_ids'], ['resource', 'satchmo_ids'])
    listed = dict((r, [o['id'] for o in store.listing(r)]) for r in ('products', 'contacts', 'orders'))
    for resource, ids in listed.items():   # every record once (a page's orders chunked by customer)
        assert sorted(int(i) for c in chunks if c['resource'] == resource for i in c['satchmo_ids'].split(',')) \
            == sorted(ids)

    other = read(oe, 'satchmo.sync.log', oe.execute('satchmo.backend', 'import_now', [backend]), ['state'])[0]
    assert other['state'] == 'skipped', 'no other pull while the chunks wait'

    deadline = time.time() + 600   # the cron workers poll every minute
    while read(oe, 'satchmo.sync.log', [log_id], ['state'])[0]['state'] == 'running':
        assert time.time() < deadline, 'the cron workers did not end the parallel import'
        time.sleep(3)
    log = read(oe, 'satchmo.sync.log', [log_id], ['state', 'message', 'failure_ids', 'count_ids', 'chunk_ids'])[0]
    failures = read(oe, 'satchmo.sync.log.failure', log['failure_ids'], ['satchmo_id', 'message'])
    assert log['state'] == 'done', (log['message'], failures)
    counts = dict((c['resource'], c) for c in read(oe, 'satchmo.sync.log.count', log['count_ids'], []))
    assert counts['products']['created'] == len(listed['products'])
    assert counts['contacts']['created'] == len(listed['contacts'])
    chunks = read(oe, 'satchmo.import.chunk', log['chunk_ids'], ['state', 'worker'])
    assert set(c['state'] for c in chunks) == set(['done'])
    assert len(set(c['worker'] for c in chunks)) == BACKEND['import_workers'], 'both cron workers took chunks'

    states = oe.search_read('satchmo.sync.state', [('backend_id', '=', backend)], ['resource', 'satchmo_id', 'state'])
    for resource, ids in listed.items():
        assert sorted(int(s['satchmo_id']) for s in states if s['resource'] == resource) == sorted(ids)
    for contact in store.listing('contacts'):
        assert len(oe.execute('res.partner', 'search', [('email', '=', contact['email'])])) == 1, contact['email']
    for order in shop_orders(store):
        so, shop = assert_shop_totals(oe, store, order['id'])   # each order booked once, to the shop's totals
        [invoice] = invoice_of(oe, read(oe, 'sale.order', [so['id']], ['invoice_ids'])[0])
        total, paid = cents(shop['total']), cents(shop['paid'])
        assert cents(invoice['residual']) == max(total - paid, 0), (order['id'], 'invoiced and paid as in the shop')
    payments = sum(len(o['payments']) for o in shop_orders(store))
    assert len(oe.search_read('account.voucher', [('state', '=', 'posted')], ['amount'])) == payments

    after = read(oe, 'satchmo.sync.log', oe.execute('satchmo.backend', 'import_now', [backend]),
                 ['state', 'created', 'failed'])[0]
    assert (after['state'], after['created'], after['failed']) == ('done', 0, 0), 'the feed goes on from the split'
