# -*- coding: utf-8 -*-
"""Into an existing OpenERP: the company keeps its books in EUR, the shop sells in USD, the USD rate
changes between the orders' dates and their payments', one payment method goes to a EUR bank journal and
one to a USD one, a customer and a product were typed in by hand before the first pull. The backend is
set up with its form's fields and buttons only (Set Up from the Shop, Test Connection, Start Scheduled
Pulls). Real OpenERP server, real Satchmo store with its varied orders (teststore.scenario)."""
import datetime
from decimal import Decimal

import pytest

from conftest import SHOP_TOKEN, cents, pull, start_shop
from test_orders import shop_orders

RATE_ORDERS, RATE_PAYMENTS = Decimal('1.5289'), Decimal('1.2500')   # USD for one EUR
TODAY = datetime.date.today()
CHRIS = {'name': 'Chris Smith', 'email': 'Chris@AOL.com', 'street': '12 Old Road', 'city': 'Oldtown',
         'zip': '99999', 'phone': '555-0000', 'comment': 'Pays by cheque, call first.'}


@pytest.fixture(scope='module')
def store():
    with start_shop('cross-shop-existing.log') as running:
        running.cases = running.scenario('make_scenario')
        running.scenario('backdate_orders', 20)
        yield running


@pytest.fixture(scope='module')
def oe(openerp_db):
    oe = openerp_db('existing_books')
    ref = lambda module, name: oe.execute('ir.model.data', 'get_object_reference', module, name)[1]
    first = lambda model, domain: oe.execute(model, 'search', domain, 0, 1, 'code')[0]
    eur, usd = ref('base', 'EUR'), ref('base', 'USD')
    [company] = oe.execute('res.company', 'search', [])
    gain = oe.execute('account.account', 'copy', first('account.account', [('user_type.code', '=', 'income'),
                                                                           ('type', '=', 'other')]),
                      {'code': 'XGAIN', 'name': 'Exchange gain'})
    loss = oe.execute('account.account', 'copy', first('account.account', [('user_type.code', '=', 'expense'),
                                                                           ('type', '=', 'other')]),
                      {'code': 'XLOSS', 'name': 'Exchange loss'})
    oe.execute('res.company', 'write', [company], {'currency_id': eur, 'income_currency_exchange_account_id': gain,
                                                   'expense_currency_exchange_account_id': loss})
    rates = oe.execute('res.currency.rate', 'search', [('currency_id', 'in', [eur, usd])])
    oe.execute('res.currency.rate', 'unlink', rates)
    for currency, day, rate in ((eur, '2000-01-01', 1), (usd, '2000-01-01', RATE_ORDERS),
                                (usd, (TODAY - datetime.timedelta(days=10)).isoformat(), RATE_PAYMENTS)):
        oe.execute('res.currency.rate', 'create', {'currency_id': currency, 'name': day + ' 00:00:00',
                                                   'rate': float(rate)})
    # typed in by hand before the connector
    oe.chris = oe.execute('res.partner', 'create', dict(CHRIS, customer=True))
    oe.shirt = oe.execute('product.product', 'create', {'name': 'Python shirt (ours)', 'default_code': 'PY-Rocks',
                                                        'list_price': 25.0, 'type': 'product'})
    # a bank journal in USD, as an accountant of a EUR company selling in USD keeps one
    bank = oe.search_read('account.journal', [('type', '=', 'bank')], ['default_debit_account_id'])[0]
    usd_account = oe.execute('account.account', 'copy', bank['default_debit_account_id'][0],
                             {'code': 'BUSD', 'name': 'Bank USD', 'currency_id': usd})
    oe.usd_bank = oe.execute('account.journal', 'create', {
        'name': 'Bank USD', 'code': 'BUSD', 'type': 'bank', 'currency': usd,
        'default_debit_account_id': usd_account, 'default_credit_account_id': usd_account})
    oe.company = company
    return oe


@pytest.fixture(scope='module')
def backend(oe, store):
    """What an administrator fills in on the backend's form, and the buttons she clicks."""
    first = lambda model, domain: oe.execute(model, 'search', domain, 0, 1, 'code')[0]
    backend = oe.execute('satchmo.backend', 'create', {
        'name': 'EUR books', 'location': store.export, 'token': SHOP_TOKEN,
        'writeoff_account_id': first('account.account', [('type', '=', 'other'), ('user_type.code', '=', 'expense')]),
        'tax_account_id': first('account.account', [('code', '=', '255000')])})
    oe.execute('satchmo.backend', 'action_setup_from_shop', [backend])
    maps = oe.search_read('satchmo.payment.map', [('backend_id', '=', backend)], ['method'])
    oe.execute('satchmo.payment.map', 'write', [m['id'] for m in maps if m['method'] == 'PURCHASEORDER'],
               {'journal_id': oe.usd_bank})
    oe.execute('satchmo.backend', 'action_test_connection', [backend])
    status = oe.execute('satchmo.backend', 'read', [backend], ['connection_status'])[0]['connection_status']
    assert status.startswith('OK') and 'Problem' not in status, status
    oe.execute('satchmo.backend', 'action_start_schedule', [backend])
    log = pull(oe, backend)
    assert log['state'] == 'done', (log['message'], log['failures'])
    return backend


def test_every_payment_is_worth_its_usd_amount_at_the_rate_of_its_date(oe, store, backend):
    vouchers = oe.search_read('account.voucher', [('state', '=', 'posted')], ['amount', 'journal_id', 'move_ids',
                                                                              'reference'])
    payments = sum(len(o['payments']) for o in shop_orders(store))
    assert vouchers and len(vouchers) == payments, 'one posted voucher per payment of the shop'
    for voucher in vouchers:
        lines = oe.execute('account.move.line', 'read', voucher['move_ids'], ['debit', 'amount_currency',
                                                                             'account_id', 'currency_id'])
        journal = oe.execute('account.journal', 'read', [voucher['journal_id'][0]], ['default_debit_account_id',
                                                                                   'currency'])[0]
        [bank] = [l for l in lines if l['account_id'][0] == journal['default_debit_account_id'][0]]
        usd = cents(voucher['amount']) if journal['currency'] else cents(bank['debit']) * RATE_PAYMENTS
        if journal['currency']:
            assert cents(bank['amount_currency']) == usd
        assert cents(bank['debit']) == cents(usd / RATE_PAYMENTS), voucher['reference']


def test_every_invoice_is_open_by_what_the_shop_says_is_open(oe, store, backend):
    for case, shop_id in sorted(store.cases.items()):
        shop = store.scenario('expected', shop_id)
        [so] = oe.search_read('sale.order', [('client_order_ref', '=', str(shop_id))], ['invoice_ids', 'state',
                                                                                       'currency_id'])
        assert so['currency_id'][1] == 'USD', case
        invoices = [i for i in oe.execute('account.invoice', 'read', so['invoice_ids'], ['type', 'residual', 'state',
                                                                                       'amount_total'])
                    if i['type'] == 'out_invoice']
        if not invoices:
            continue
        [invoice] = invoices
        open_ = max(cents(shop['total']) - cents(shop['paid']), Decimal(0))
        assert cents(invoice['residual']) == open_, (case, invoice, shop)
        assert invoice['state'] == ('paid' if not open_ else 'open'), case


def test_no_customer_keeps_a_balance_the_shop_does_not_show(oe, store, backend):
    paid_in_full = set()
    for case, shop_id in store.cases.items():
        shop = store.scenario('expected', shop_id)
        if case != 'overpayment' and cents(shop['paid']) >= cents(shop['total']):
            paid_in_full.add(oe.search_read('sale.order', [('client_order_ref', '=', str(shop_id))],
                                            ['partner_id'])[0]['partner_id'][0])
    open_partners = set(l['partner_id'][0] for l in oe.search_read(
        'account.move.line', [('account_id.type', '=', 'receivable'), ('reconcile_id', '=', False)], ['partner_id'])
        if l['partner_id'])
    sam = [p for p in paid_in_full if oe.execute('res.partner', 'read', [p], ['email'])[0]['email'] ==
           'sam.okafor@example.com']
    assert sam and not (set(sam) & open_partners), 'a customer who paid all his orders owes nothing, in any currency'


def test_nothing_a_user_entered_is_lost(oe, backend):
    chris = oe.execute('res.partner', 'read', [oe.chris], list(CHRIS) + ['child_ids'])[0]
    assert dict((k, chris[k]) for k in CHRIS) == CHRIS
    children = oe.execute('res.partner', 'read', chris['child_ids'], ['type', 'street'])
    assert ('invoice', '8235 Pike Street') in [(c['type'], c['street']) for c in children]
    shirt = oe.execute('product.product', 'read', [oe.shirt], ['name', 'list_price', 'type', 'satchmo_price'])[0]
    assert (shirt['name'], shirt['list_price'], shirt['type'], shirt['satchmo_price']) == \
        ('Python shirt (ours)', 25.0, 'product', 19.5)


def test_a_second_pull_changes_nothing_and_the_health_check_agrees(oe, backend):
    vouchers = len(oe.execute('account.voucher', 'search', []))
    log = pull(oe, backend, 'full_reconcile')
    assert (log['state'], log['created'], log['updated'], log['failed']) == ('done', 0, 0, 0), log
    assert len(oe.execute('account.voucher', 'search', [])) == vouchers
    [result] = oe.execute('satchmo.backend', 'health_check', [backend])
    diffs = oe.search_read('satchmo.health.difference', [('log_id', '=', result['log_id'])],
                           ['resource', 'satchmo_id', 'what', 'message'])
    assert (result['state'], result['differences']) == ('done', 0), diffs
