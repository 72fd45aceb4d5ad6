# -*- coding: utf-8 -*-
"""Shop orders booked in OpenERP 7 to the shop's totals: the real test store with a scenario of
varied orders made by Satchmo's own models and tax module (teststore/scenario.py), the real
OpenERP server, over XML-RPC."""
from decimal import Decimal

import pytest

from conftest import CENT, cents, pull, start_shop

# orders confirmed but not invoiced yet (invoicing and payments are switched on later)
BACKEND = {'name': 'Order store', 'invoice_orders': False, 'pay_orders': False}


@pytest.fixture(scope='module')
def store():
    with start_shop('cross-shop-orders.log') as running:
        running.cases = running.scenario('make_scenario')
        yield running


@pytest.fixture(scope='module')
def oe(openerp_db):
    return openerp_db('orders')


def sale_order(oe, shop_id, fields=None):
    ids = oe.execute('sale.order', 'search', [('client_order_ref', '=', str(shop_id))])
    assert len(ids) == 1, 'order %s booked %d times' % (shop_id, len(ids))
    return oe.execute('sale.order', 'read', ids, fields or [])[0]


def invoice_of(oe, so):
    invoices = oe.execute('account.invoice', 'read', so['invoice_ids'], [])
    return [i for i in invoices if i['type'] == 'out_invoice']


def assert_shop_totals(oe, store, shop_id):
    """OpenERP's total is the shop's to the cent; untaxed and tax too, except where the shop's rounded
    parts do not add up to its rounded total (then one of them is a cent off, never more)."""
    shop = store.scenario('expected', shop_id)
    so = sale_order(oe, shop_id, ['amount_untaxed', 'amount_tax', 'amount_total', 'satchmo_total', 'state'])
    untaxed, tax, total = cents(shop['untaxed']), cents(shop['tax']), cents(shop['total'])
    mine = cents(so['amount_untaxed']), cents(so['amount_tax']), cents(so['amount_total'])
    assert mine[2] == total, (shop_id, shop, so)
    if untaxed + tax == total:
        assert mine[:2] == (untaxed, tax), (shop_id, shop, so)
    else:
        assert abs(mine[0] - untaxed) + abs(mine[1] - tax) == CENT, (shop_id, shop, so)
    assert cents(so['satchmo_total']) == total
    return so, shop


def shop_orders(store):
    return [o for o in store.listing('orders') if o['status'] != 'Cancelled']


def test_orders_become_sale_orders_at_the_shop_totals(oe, store, backend):
    log = pull(oe, backend)
    assert log['state'] == 'done', (log['message'], log['failures'])
    orders = shop_orders(store)
    cancelled = [o['id'] for o in store.listing('orders') if o['status'] == 'Cancelled']
    assert orders and log['counts']['orders']['created'] == len(orders)
    assert cancelled and log['counts']['orders']['skipped'] == len(cancelled), \
        'the demo store\'s order cancelled before any import'
    assert [oe.execute('sale.order', 'search', [('client_order_ref', '=', str(i))]) for i in cancelled] \
        == [[]] * len(cancelled), 'skipped: not booked'
    for order in orders:
        so, _ = assert_shop_totals(oe, store, order['id'])
        assert so['state'] == 'manual', 'confirmed, not invoiced (the backend does not invoice yet)'
    conflict = sale_order(oe, store.cases['rounding_conflict'], ['order_line', 'amount_untaxed'])
    lines = oe.execute('sale.order.line', 'read', conflict['order_line'], ['product_id', 'price_subtotal'])
    assert [l for l in lines if 'Rounding' in l['product_id'][1]], 'the shop\'s cent conflict: a rounding line'


def test_lines_carry_the_shop_details(oe, store, backend):
    record = [o for o in store.listing('orders') if o['id'] == store.cases['variation_details']][0]
    so = sale_order(oe, record['id'], ['order_line', 'partner_id', 'partner_shipping_id', 'date_order', 'origin'])
    lines = oe.execute('sale.order.line', 'read', so['order_line'], ['name', 'product_uom_qty', 'price_subtotal'])
    detailed = [l for l in lines if 'Memory: 1.5 GB' in l['name']]
    assert detailed and detailed[0]['product_uom_qty'] == 2
    assert so['origin'] == str(record['id']) and so['date_order'] == record['time_stamp'][:10]
    fixed = sale_order(oe, store.cases['fixed_discount'], ['order_line'])
    items = [l for l in oe.execute('sale.order.line', 'read', fixed['order_line'], ['discount', 'product_id'])
             if 'Shipping' not in l['product_id'][1]]
    assert all(l['discount'] > 0 for l in items), 'the fixed discount split over the items'


def test_a_cancellation_before_invoicing_cancels_the_order(oe, store, backend):
    shop_id = store.cases['to_cancel_before_invoice']
    store.scenario('cancel', shop_id, 'Customer changed his mind')
    log = pull(oe, backend)
    assert log['counts']['orders']['updated'] == 1 and log['state'] == 'done'
    so = sale_order(oe, shop_id, ['state', 'satchmo_status', 'picking_ids'])
    assert (so['state'], so['satchmo_status']) == ('cancel', 'Cancelled')
    pickings = oe.execute('stock.picking', 'read', so['picking_ids'], ['state'])
    assert all(p['state'] == 'cancel' for p in pickings)


def test_invoicing_and_payments_switched_on_reach_every_order(oe, store, backend):
    oe.execute('satchmo.backend', 'write', [backend], {'invoice_orders': True, 'pay_orders': True})
    log = pull(oe, backend, 'full_reconcile')
    assert log['state'] == 'done', (log['message'], log['failures'])
    for order in shop_orders(store):
        so, shop = assert_shop_totals(oe, store, order['id'])
        [invoice] = invoice_of(oe, sale_order(oe, order['id'], ['invoice_ids']))
        total, paid = cents(shop['total']), cents(shop['paid'])
        assert cents(invoice['amount_total']) == total and invoice['date_invoice'] == order['time_stamp'][:10]
        if paid >= total:
            assert (invoice['state'], invoice['residual']) == ('paid', 0.0), (order['id'], shop)
        else:
            assert (invoice['state'], cents(invoice['residual'])) == ('open', total - paid), (order['id'], shop)
    vouchers = oe.search_read('account.voucher', [('state', '=', 'posted')], ['amount', 'writeoff_amount'])
    payments = sum(len(o['payments']) for o in shop_orders(store))
    assert len(vouchers) == payments
    cent_over = store.cases['cent_over']
    over = [v for v in oe.search_read('account.voucher', [('name', 'like', 'order %s,' % cent_over)],
                                      ['amount', 'writeoff_amount', 'payment_option'])]
    assert over and over[0]['payment_option'] == 'with_writeoff' and abs(over[0]['writeoff_amount']) == 0.01


def test_an_overpayment_stays_open_on_the_customer(oe, store, backend):
    shop_id = store.cases['overpayment']
    shop = store.scenario('expected', shop_id)
    vouchers = oe.search_read('account.voucher', [('name', 'like', 'order %s,' % shop_id)], ['move_id', 'amount'])
    lines = oe.search_read('account.move.line', [('move_id', 'in', [v['move_id'][0] for v in vouchers]),
                                                 ('account_id.type', '=', 'receivable'), ('reconcile_id', '=', False)],
                           ['credit', 'reconcile_partial_id'])
    left = [cents(l['credit']) for l in lines if not l['reconcile_partial_id']]
    assert left == [cents(shop['paid']) - cents(shop['total'])] == [Decimal('5.00')], \
        'the 5.00 paid too much is an open credit of the customer'


def test_every_journal_entry_balances_and_a_second_pull_changes_nothing(oe, store, backend):
    moves = oe.search_read('account.move', [], ['line_id', 'state'])
    for move in moves:
        lines = oe.execute('account.move.line', 'read', move['line_id'], ['debit', 'credit'])
        assert sum(cents(l['debit']) for l in lines) == sum(cents(l['credit']) for l in lines)
    vouchers = len(oe.execute('account.voucher', 'search', []))
    invoices = len(oe.execute('account.invoice', 'search', []))
    log = pull(oe, backend, 'full_reconcile')
    assert log['state'] == 'done'
    assert log['counts']['orders']['created'] + log['counts']['orders']['updated'] == 0
    assert (len(oe.execute('account.voucher', 'search', [])), len(oe.execute('account.invoice', 'search', []))) \
        == (vouchers, invoices)


def test_a_payment_arriving_after_import_is_applied(oe, store, backend):
    shop_id = store.cases['part_payment']
    store.scenario('add_payment', shop_id, 'DUMMY', None, 'LATE-1')
    log = pull(oe, backend)
    assert log['counts']['orders']['updated'] == 1, log
    [invoice] = invoice_of(oe, sale_order(oe, shop_id, ['invoice_ids']))
    assert (invoice['state'], invoice['residual']) == ('paid', 0.0)
    assert oe.search_read('account.voucher', [('reference', '=', 'LATE-1')], ['state'])[0]['state'] == 'posted'


def test_a_cancellation_after_payment_gets_a_credit_note(oe, store, backend):
    shop_id = store.cases['to_cancel_after_invoice']
    store.scenario('cancel', shop_id, 'Returned')
    log = pull(oe, backend)
    assert log['state'] == 'done', log['failures']
    so = sale_order(oe, shop_id, ['name', 'invoice_ids', 'satchmo_review', 'partner_id', 'satchmo_cancelled'])
    invoices = oe.execute('account.invoice', 'read', so['invoice_ids'], ['type', 'state', 'number', 'origin'])
    refunds = oe.search_read('account.invoice', [('type', '=', 'out_refund'), ('partner_id', '=', so['partner_id'][0]),
                                                 ('name', '=', 'Satchmo order %s cancelled' % shop_id)],
                             ['state', 'amount_total', 'origin'])
    total = cents(store.scenario('expected', shop_id)['total'])
    assert [(r['state'], cents(r['amount_total'])) for r in refunds] == [('open', total)], \
        'the paid invoice is answered by an open credit note: the money to give back'
    [paid] = [i for i in invoices if i['type'] == 'out_invoice']
    assert 'credit note' in so['satchmo_review'] and paid['state'] == 'paid'
    # a salesperson finds the refund on the order: among its invoices, naming the order and the invoice
    assert sorted((i['type'], i['state']) for i in invoices) == [('out_invoice', 'paid'), ('out_refund', 'open')]
    assert refunds[0]['origin'] == '%s, %s' % (so['name'], paid['number'])
    assert so['satchmo_cancelled'] and so['id'] in oe.execute('sale.order', 'search', [('satchmo_cancelled', '=', True)])


def test_the_health_check_finds_the_books_as_the_shop_and_a_planted_difference(oe, store, backend):
    """After every booking above (cancellations, credit notes, over- and late payments), the health check over
    XML-RPC finds nothing; a price changed in OpenERP is found, with the cure."""
    def check():
        [result] = oe.execute('satchmo.backend', 'health_check', [backend])
        diffs = oe.search_read('satchmo.health.difference', [('log_id', '=', result['log_id'])],
                               ['resource', 'satchmo_id', 'what', 'message'])
        return result, diffs
    result, diffs = check()
    assert (result['state'], result['differences']) == ('done', 0), diffs
    [product] = oe.search_read('product.product', [('default_code', '=', 'PY-Rocks')], ['list_price'])
    oe.execute('product.product', 'write', [product['id']], {'list_price': product['list_price'] + 1})
    result, diffs = check()
    assert (result['state'], result['differences']) == ('partial', 1), diffs
    assert (diffs[0]['resource'], diffs[0]['what']) == ('products', 'price') and 'Retry' in diffs[0]['message']
