# -*- coding: utf-8 -*-
"""Every kind of Satchmo sale in the right accounts: the test store with Satchmo's gift certificate,
download, subscription, cash on delivery, price tier and brand modules on, orders of each kind placed
through Satchmo's own models and flows (teststore/kinds.py), pulled into the shop template by the real
OpenERP server over XML-RPC; the backend set up through Set Up from the Shop as an administrator would."""
from decimal import Decimal

import pytest

from conftest import cents, pull, start_shop

BACKEND = {'name': 'Kinds store'}
ZERO = Decimal('0.00')


@pytest.fixture(scope='module')
def store():
    with start_shop('cross-shop-kinds.log') as running:
        running.kinds = running.scenario('make_kinds', module='kinds')
        yield running


@pytest.fixture(scope='module')
def oe(openerp_db):
    return openerp_db('kinds')


@pytest.fixture(scope='module')
def pulled(oe, store, backend):
    """The backend set up from the shop (gift certificates, their journal, the other methods' journals),
    then the first pull."""
    tax_account = oe.execute('account.account', 'search', [('code', '=', '255000')])[0]
    oe.execute('satchmo.backend', 'write', [backend], {'tax_account_id': tax_account})
    oe.execute('satchmo.backend', 'action_setup_from_shop', [backend])
    log = pull(oe, backend)
    assert log['state'] == 'done' and not log['failures'], (log['message'], log['failures'])
    return log


def order_of(oe, store, case, fields=()):
    ids = oe.execute('sale.order', 'search', [('client_order_ref', '=', str(store.kinds['orders'][case]))])
    assert len(ids) == 1, (case, ids)
    return oe.execute('sale.order', 'read', ids, list(fields) or [])[0]


def invoice_of(oe, so):
    invoices = [i for i in oe.execute('account.invoice', 'read', so['invoice_ids'], [])
                if i['type'] == 'out_invoice' and i['state'] in ('open', 'paid')]
    assert len(invoices) == 1, invoices
    return invoices[0]


def shop_order(store, case):
    return store.get('orders/', ids=str(store.kinds['orders'][case]))['objects'][0]


def gift_account(oe, backend):
    return oe.execute('satchmo.backend', 'read', [backend], ['gift_certificate_account_id'])[0][
        'gift_certificate_account_id']


def account_lines(oe, account_id, move_ids):
    return oe.search_read('account.move.line', [('account_id', '=', account_id),
                                                           ('move_id', 'in', move_ids)], ['debit', 'credit'])


def moves_of(oe, so):
    """The journal entries of the order: its invoice's and its payments'."""
    invoice = invoice_of(oe, so)
    lines = oe.search_read('account.move.line', [('move_id', '=', invoice['move_id'][0])], ['reconcile_id',
                                                                                                      'reconcile_partial_id'])
    reconciles = set(l[k][0] for l in lines for k in ('reconcile_id', 'reconcile_partial_id') if l[k])
    paid = oe.search_read('account.move.line', ['|', ('reconcile_id', 'in', list(reconciles)),
                                                           ('reconcile_partial_id', 'in', list(reconciles))], ['move_id'])
    return [invoice['move_id'][0]] + sorted(set(l['move_id'][0] for l in paid) - set([invoice['move_id'][0]]))


def test_a_certificate_sold_is_a_debt_and_spending_it_consumes_the_debt(oe, store, backend, pulled):
    account_id = gift_account(oe, backend)
    assert account_id, 'Set Up from the Shop chose the liability of the certificates'
    account = oe.execute('account.account', 'read', [account_id[0]], ['user_type', 'type'])[0]
    kind = oe.execute('account.account.type', 'read', [account['user_type'][0]], ['report_type'])[0]
    assert kind['report_type'] == 'liability' and account['type'] == 'other'
    maps = oe.search_read('satchmo.payment.map', [('backend_id', '=', backend),
                                                             ('method', '=', 'GIFTCERTIFICATE')], ['journal_id'])
    journal = oe.execute('account.journal', 'read', [maps[0]['journal_id'][0]], ['default_debit_account_id',
                                                                                 'default_credit_account_id'])[0]
    assert journal['default_debit_account_id'][0] == journal['default_credit_account_id'][0] == account_id[0], \
        'a redemption debits the liability, never a bank account'

    sold = order_of(oe, store, 'certificate_sold', ['invoice_ids', 'picking_ids'])
    shop = shop_order(store, 'certificate_sold')
    certificate_items = [i for i in shop['items'] if i['product_id'] == store.kinds['products']['gift-certificate']]
    price = sum(cents(i['line_item_price']) for i in certificate_items)
    sold_lines = account_lines(oe, account_id[0], moves_of(oe, sold))
    assert sum(cents(l['credit']) - cents(l['debit']) for l in sold_lines) == price == Decimal('50.00')
    assert sold['picking_ids'] == [], 'a certificate is never delivered'

    spent = ZERO
    for case in ('certificate_spent_1', 'certificate_spent_2'):
        so = order_of(oe, store, case, ['invoice_ids'])
        record = shop_order(store, case)
        redeemed = sum(cents(p['amount']) for p in record['payments'] if p['method'] == 'GIFTCERTIFICATE')
        assert redeemed > 0, record['payments']
        lines = account_lines(oe, account_id[0], moves_of(oe, so)[1:])
        assert sum(cents(l['debit']) - cents(l['credit']) for l in lines) == redeemed, case
        assert cents(invoice_of(oe, so)['residual']) == cents(record['balance']) == ZERO
        spent += redeemed
    balance = oe.execute('account.account', 'read', [account_id[0]], ['balance'])[0]['balance']
    expected = store.scenario('kinds_expected', module='kinds')
    assert -cents(balance) == price - spent == cents(expected['outstanding'])


def test_downloads_subscriptions_and_certificates_are_services_never_delivered(oe, store, pulled):
    products = store.kinds['products']
    for name in ('django-ebook', 'satchmo-monthly', 'gift-certificate'):
        bound = oe.search_read('satchmo.sync.state', [('resource', '=', 'products'),
                                                                 ('satchmo_id', '=', str(products[name]))], ['res_id'])
        product = oe.execute('product.product', 'read', [bound[0]['res_id']], ['type'])[0]
        assert product['type'] == 'service', (name, product)
    bookshelf = oe.search_read('satchmo.sync.state', [('resource', '=', 'products'),
                                                      ('satchmo_id', '=', str(products['bookshelf-to-measure']))],
                               ['res_id'])
    assert oe.execute('product.product', 'read', [bookshelf[0]['res_id']], ['type'])[0]['type'] == 'consu', \
        'a custom product shipped later is goods'
    for case in ('download', 'subscription', 'subscription_renewal'):
        assert order_of(oe, store, case, ['picking_ids'])['picking_ids'] == [], case
    mixed = order_of(oe, store, 'mixed', ['picking_ids', 'order_line'])
    moves = oe.search_read('stock.move', [('picking_id', 'in', mixed['picking_ids'])], ['product_id'])
    goods = oe.search_read('satchmo.sync.state', [('resource', '=', 'products'),
                                                             ('res_id', 'in', [m['product_id'][0] for m in moves])],
                       ['satchmo_id'])
    shop_goods = [i['product_id'] for i in shop_order(store, 'mixed')['items'] if i['product_id'] != products['django-ebook']]
    assert len(moves) == len(shop_goods) == 1 and sorted(int(g['satchmo_id']) for g in goods) == shop_goods, \
        'a mixed order delivers only its goods'


def test_subscription_lines_keep_their_end(oe, store, pulled):
    ends = []
    for case in ('subscription', 'subscription_renewal'):
        so = order_of(oe, store, case, ['order_line', 'amount_total'])
        record = shop_order(store, case)
        item = [i for i in record['items'] if i['expire_date']]
        assert item, record['items']
        lines = oe.execute('sale.order.line', 'read', so['order_line'], ['satchmo_expire_date', 'name'])
        assert [l['satchmo_expire_date'] for l in lines if l['satchmo_expire_date']] == [item[0]['expire_date']]
        assert cents(so['amount_total']) == cents(record['total'])
        ends.append(item[0]['expire_date'])
    assert ends[0] < ends[1], 'the renewal runs one period further'


def test_part_payments_leave_the_invoice_open_until_the_shop_records_the_rest(oe, store, backend, pulled):
    """A down payment, an authorization not captured yet, cash on delivery: the invoice is open for exactly
    the shop's balance (an authorization is not a payment), until the shop records the money."""
    later = {'custom_downpayment': 'pay_balance', 'authorized': 'capture', 'cod': 'pay_on_delivery'}
    for case in later:
        so = order_of(oe, store, case, ['invoice_ids', 'amount_total'])
        record = shop_order(store, case)
        paid = sum(cents(p['amount']) for p in record['payments'])
        assert cents(invoice_of(oe, so)['residual']) == cents(record['total']) - paid, case
        if case == 'custom_downpayment':
            assert ZERO < paid < cents(record['total'])
        else:
            assert paid == ZERO, (case, record['payments'])
        if case == 'authorized':
            assert record['authorizations'] and not record['authorizations'][0]['complete']
    for case, function in later.items():
        store.scenario(function, store.kinds['orders'][case], module='kinds')
    log = pull(oe, backend)
    assert log['state'] == 'done' and not log['failures'], (log['message'], log['failures'])
    for case in later:
        so = order_of(oe, store, case, ['invoice_ids'])
        record = shop_order(store, case)
        assert cents(record['total']) <= sum(cents(p['amount']) for p in record['payments']), record['payments']
        assert cents(invoice_of(oe, so)['residual']) == ZERO, case


def test_a_wholesale_customer_is_quoted_the_shop_price_at_every_quantity(oe, store, pulled):
    expected = store.scenario('kinds_expected', module='kinds')
    contact = store.kinds['contacts']['wholesale']
    partner_id = oe.search_read('satchmo.sync.state', [('resource', '=', 'contacts'),
                                                                  ('satchmo_id', '=', str(contact))], ['res_id'])[0]['res_id']
    partner = oe.execute('res.partner', 'read', [partner_id], ['property_product_pricelist'])[0]
    pricelist = oe.execute('product.pricelist', 'read', [partner['property_product_pricelist'][0]],
                           ['satchmo_tier_id', 'currency_id'])[0]
    assert pricelist['satchmo_tier_id'], 'the customer has the pricelist of its tier'
    shop_currency = store.get('')['currency']
    assert oe.execute('res.currency', 'read', [pricelist['currency_id'][0]], ['name'])[0]['name'] == shop_currency
    assert expected['tier_prices'] and expected['tier_prices'] != expected['retail_prices']
    for slug, breaks in expected['tier_prices'].items():
        product_id = oe.execute('product.product', 'search', [('default_code', '=', slug)])[0]
        for quantity, price in breaks:
            line = oe.execute('sale.order.line', 'product_id_change', [], pricelist['id'], product_id,
                              float(quantity), False, 0, False, '', partner_id)
            assert cents(line['value']['price_unit']) == cents(price), (slug, quantity, line['value'])
    for case in ('wholesale_1', 'wholesale_10'):
        so = order_of(oe, store, case, ['amount_total'])
        assert cents(so['amount_total']) == cents(shop_order(store, case)['total'])


def test_a_paid_order_cancelled_in_the_shop_is_refunded_traceably(oe, store, backend, pulled):
    assert cents(invoice_of(oe, order_of(oe, store, 'cancelled_paid', ['invoice_ids']))['residual']) == ZERO
    store.scenario('cancel', store.kinds['orders']['cancelled_paid'], 'Returned')
    log = pull(oe, backend)
    assert log['state'] == 'done' and not log['failures'], (log['message'], log['failures'])
    so = order_of(oe, store, 'cancelled_paid', ['invoice_ids', 'name', 'satchmo_cancelled'])
    invoices = oe.execute('account.invoice', 'read', so['invoice_ids'], ['type', 'number', 'origin', 'state',
                                                                         'amount_total'])
    invoice = [i for i in invoices if i['type'] == 'out_invoice'][0]
    refunds = [i for i in invoices if i['type'] == 'out_refund']
    assert so['satchmo_cancelled'] and len(refunds) == 1
    assert so['name'] in refunds[0]['origin'] and invoice['number'] in refunds[0]['origin']
    assert cents(refunds[0]['amount_total']) == cents(invoice['amount_total'])


def test_brands_reach_the_products(oe, store, pulled):
    branded = [p for p in store.listing('products') if p['brands']]
    assert branded
    for record in branded:
        state = oe.search_read('satchmo.sync.state', [('resource', '=', 'products'),
                                                                 ('satchmo_id', '=', str(record['id']))], ['res_id'])
        product = oe.execute('product.product', 'read', [state[0]['res_id']], ['satchmo_brand'])[0]
        assert product['satchmo_brand'] == ', '.join(b['name'] for b in record['brands'])


def test_the_health_check_agrees_with_the_shop(oe, store, backend, pulled):
    [result] = oe.execute('satchmo.backend', 'health_check', [backend])
    differences = oe.search_read('satchmo.health.difference', [('log_id', '=', result['log_id'])],
                                 ['what', 'message'])
    assert result['state'] == 'done' and result['differences'] == 0, differences
