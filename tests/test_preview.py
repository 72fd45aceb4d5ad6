# -*- coding: utf-8 -*-
"""The preview on the varied test store, over XML-RPC as a user's script calls it: nothing changes in
OpenERP, and the first pull after it does what it said, record by record; the pull's progress ends at
the records it walked."""
from decimal import Decimal

import pytest

from conftest import cents, pull, read_log, start_shop

BACKEND = {'name': 'Preview store', 'confirm_orders': True, 'invoice_orders': True, 'pay_orders': True}
# what a preview or a pull may touch; none of it may change with a preview
WATCHED = ('res.partner', 'product.product', 'product.category', 'product.pricelist', 'sale.order',
           'sale.order.line', 'account.invoice', 'account.move', 'account.move.line', 'account.voucher',
           'stock.picking', 'res.country.state', 'satchmo.sync.state', 'satchmo.backend.cursor', 'mail.message')


@pytest.fixture(scope='module')
def store():
    with start_shop('cross-shop-preview.log') as running:
        running.scenario('make_scenario')
        yield running


@pytest.fixture(scope='module')
def oe(openerp_db):
    return openerp_db('preview')


def rows(oe):
    return dict((model, oe.execute(model, 'search_count', [('id', '>', 0)], {'active_test': False}))
                for model in WATCHED)


def test_a_preview_changes_nothing_and_the_pull_does_what_it_said(oe, store, backend):
    product = next(p for p in store.listing('products') if p['sku'] and not p['parent_id'])
    contact = next(c for c in store.listing('contacts') if c['email'])
    oe.execute('product.product', 'create', {'name': 'Typed in by hand', 'default_code': product['sku'],
                                             'list_price': 99.0})
    oe.execute('res.partner', 'create', {'name': ('%s %s' % (contact['first_name'], contact['last_name'])).strip(),
                                         'email': contact['email'], 'customer': True})
    before = rows(oe)
    [result] = oe.execute('satchmo.backend', 'preview', [backend])
    assert result['backend_id'] == backend
    assert rows(oe) == before
    log = read_log(oe, result['log_id'])
    assert log['mode'] == 'preview' and log['counts'] == result['counts']
    assert log['estimate'] > 0 and 'nothing was changed' in log['message']
    lines = oe.execute('satchmo.preview.line', 'read', log['preview_line_ids'],
                       ['resource', 'satchmo_id', 'action', 'details', 'record', 'amount_total', 'rounding',
                        'payments'])
    said = dict(((l['resource'], l['satchmo_id']), l) for l in lines)
    listed = sum(len(store.listing(r)) for r in ('countries', 'categories', 'products', 'contacts', 'orders'))
    assert len(said) == listed
    assert said[('products', str(product['id']))]['action'] == 'adopt'
    assert said[('contacts', str(contact['id']))]['action'] == 'adopt'

    pulled = pull(oe, backend)
    assert pulled['counts'] == log['counts']
    assert pulled['progress_done'] == pulled['progress_total'] == listed
    failed = set((f['resource'], f['satchmo_id']) for f in pulled['failures'])
    assert failed == set(k for k, l in said.items() if l['action'] == 'fail')
    states = oe.search_read('satchmo.sync.state', [('backend_id', '=', backend)],
                            ['resource', 'satchmo_id', 'state', 'adopted', 'res_id'])
    states = dict(((s['resource'], s['satchmo_id']), s) for s in states)
    for key, line in said.items():
        if line['action'] in ('create', 'adopt'):
            assert states[key]['res_id'] and states[key]['adopted'] == (line['action'] == 'adopt'), key
        elif line['action'] == 'skip':
            assert states[key]['state'] == 'skipped', key
    orders = [(k, l) for k, l in said.items() if k[0] == 'orders' and l['action'] == 'create']
    assert orders
    for key, line in orders:
        so = oe.execute('sale.order', 'read', [states[key]['res_id']], ['amount_total', 'order_line', 'invoice_ids'])[0]
        assert cents(so['amount_total']) == cents(line['amount_total']), key
        names = [l['name'] for l in oe.execute('sale.order.line', 'read', so['order_line'], ['name'])]
        assert any(n.startswith('Rounding difference') for n in names) == bool(line['rounding']), key
        payments = line['payments'] and line['payments'].splitlines() or []
        invoices = oe.execute('account.invoice', 'read', so['invoice_ids'], ['residual', 'amount_total'])
        paid = sum(Decimal(p.split(' ')[0]) for p in payments)
        if invoices and payments:
            assert cents(invoices[0]['amount_total']) - cents(invoices[0]['residual']) == min(
                paid, cents(invoices[0]['amount_total'])), key
