# -*- coding: utf-8 -*-
"""A database like a new user's: made with OpenERP's demo data (company "Your Company" in EUR, OpenERP's
test chart and journals, a USD rate), our addon installed through Update Modules List and Install, the
backend set up with its form's fields and buttons only, the demo store (USD) pulled."""
import xmlrpclib
from decimal import Decimal

import pytest

from conftest import DB_PREFIX, SHOP_TOKEN, OpenERP, cents, pull, script, start_shop


@pytest.fixture(scope='module')
def store():
    with start_shop('cross-shop-demo-data.log') as running:
        yield running


@pytest.fixture(scope='module')
def oe(openerp):
    name = DB_PREFIX + '_demo_data'
    script('template.sh', 'drop', name)
    assert xmlrpclib.ServerProxy(openerp.url + '/xmlrpc/db').create_database('admin', name, True, 'en_US', 'admin')
    oe = OpenERP(openerp.url, name)
    wizard = oe.execute('base.module.update', 'create', {})          # Settings > Modules > Update Modules List
    oe.execute('base.module.update', 'update_module', [wizard])
    [module] = oe.execute('ir.module.module', 'search', [('name', '=', 'oesync_pull')])
    oe.execute('ir.module.module', 'button_immediate_install', [module])
    return oe


@pytest.fixture(scope='module')
def backend(oe, store):
    """The form: name, URL, token; Test Connection; the accounts it asks for; Set Up from the Shop."""
    backend = oe.execute('satchmo.backend', 'create', {'name': 'Web shop', 'location': store.export,
                                                       'token': SHOP_TOKEN})
    oe.execute('satchmo.backend', 'action_test_connection', [backend])
    status = oe.execute('satchmo.backend', 'read', [backend], ['connection_status'])[0]['connection_status']
    assert 'currency USD' in status and 'No Payment Write-off Account' in status, status
    assert 'Payment method(s) DUMMY' in status and 'tax rate(s) of the shop have no OpenERP taxes' in status, status
    first = lambda domain: oe.execute('account.account', 'search', domain, 0, 1, 'code')[0]
    company_id = oe.execute('satchmo.backend', 'read', [backend], ['company_id'])[0]['company_id'][0]
    [company] = oe.execute('res.company', 'read', [company_id], ['currency_id', 'income_currency_exchange_account_id',
                                                                 'expense_currency_exchange_account_id'])
    assert company['currency_id'][1] == 'EUR'
    if not (company['income_currency_exchange_account_id'] and company['expense_currency_exchange_account_id']):
        assert 'Exchange Rate Account' in status, status
        oe.execute('res.company', 'write', [company['id']], {   # Settings > Configuration > Accounting
            'income_currency_exchange_account_id': first([('type', '=', 'other'), ('user_type.code', '=', 'income')]),
            'expense_currency_exchange_account_id': first([('type', '=', 'other'),
                                                           ('user_type.code', '=', 'expense')])})
    oe.execute('satchmo.backend', 'write', [backend], {
        'writeoff_account_id': first([('type', '=', 'other'), ('user_type.code', '=', 'expense')]),
        'tax_account_id': first([('type', '=', 'other'), ('user_type.code', '=', 'liability')])})
    oe.execute('satchmo.backend', 'action_setup_from_shop', [backend])
    status = oe.execute('satchmo.backend', 'read', [backend], ['connection_status'])[0]['connection_status']
    assert status.startswith('OK') and 'Problem' not in status, status
    oe.execute('satchmo.backend', 'action_start_schedule', [backend])
    return backend


def test_a_pull_books_the_shop_in_a_database_made_with_openerps_demo_data(oe, store, backend):
    log = pull(oe, backend)
    assert log['state'] == 'done', (log['message'], log['failures'])
    pricelist = oe.execute('satchmo.backend', 'read', [backend], ['pricelist_id'])[0]['pricelist_id']
    assert oe.execute('product.pricelist', 'read', [pricelist[0]], ['currency_id'])[0]['currency_id'][1] == 'USD'
    orders = store.listing('orders')
    booked = 0
    for order in orders:
        sos = oe.search_read('sale.order', [('client_order_ref', '=', str(order['id']))], ['invoice_ids'])
        if order['status'] == 'Cancelled':
            continue
        [so] = sos
        [invoice] = oe.execute('account.invoice', 'read', so['invoice_ids'], ['residual', 'currency_id', 'state'])
        paid = sum(Decimal(p['amount']) for p in order['payments'])
        assert invoice['currency_id'][1] == 'USD'
        assert cents(invoice['residual']) == max(cents(order['total']) - paid, Decimal(0)), order['id']
        booked += 1
        for payment in order['payments']:
            [voucher] = oe.search_read('account.voucher', [('reference', '=', payment['transaction_id'])],
                                       ['amount', 'currency_id', 'date', 'state'])
            rate = Decimal(str(oe.execute('res.currency', 'read', [voucher['currency_id'][0]], ['rate'],
                                          {'date': voucher['date']})[0]['rate']))
            usd_rate = Decimal(str(oe.search_read('res.currency', [('name', '=', 'USD')], ['rate'],
                                                  {'date': voucher['date']})[0]['rate']))
            assert cents(voucher['amount']) == cents(Decimal(payment['amount']) / usd_rate * rate), payment
    cancelled = len([o for o in orders if o['status'] == 'Cancelled'])
    assert booked and log['counts']['orders'] == dict(created=booked, updated=0, unchanged=0, failed=0,
                                                      skipped=cancelled), 'each order the shop did not cancel, once'
    again = pull(oe, backend, 'full_reconcile')
    assert (again['state'], again['created'], again['updated']) == ('done', 0, 0), again
    [health] = oe.execute('satchmo.backend', 'health_check', [backend])
    diffs = oe.search_read('satchmo.health.difference', [('log_id', '=', health['log_id'])], ['message'])
    assert health['differences'] == 0, diffs
