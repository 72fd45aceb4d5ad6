# -*- coding: utf-8 -*-
"""A shop with orders of last year, pulled by the real OpenERP server over XML-RPC: the start date
(Import Orders From) leaves them out with the reason, an earlier date brings them in on the next Full
Re-scan, and the one the shop shipped last year is delivered on its shipping day (default Deliveries:
the shop ships)."""
import datetime

import pytest

from conftest import pull, start_shop
from test_orders import sale_order

YEAR = datetime.date.today().year
LAST_YEAR = YEAR - 1
PLACED = '%d-03-10 10:15:00' % LAST_YEAR       # the shop's time (America/New_York)
SHIPPED = '%d-04-12 16:30:00' % LAST_YEAR
SHIPPED_UTC = '%d-04-12 20:30:00' % LAST_YEAR   # EDT
BACKEND = {'name': 'History store', 'import_orders_from': '%d-01-01' % YEAR}


@pytest.fixture(scope='module')
def store():
    """The store's sample orders; its Shipped and its In Process one were taken last year."""
    with start_shop('cross-shop-history.log') as running:
        orders = running.listing('orders')
        running.old = dict((o['status'], o['id']) for o in orders if o['status'] in ('Shipped', 'In Process'))
        running.new = [o['id'] for o in orders if o['status'] == 'New']
        running.cancelled = [o['id'] for o in orders if o['status'] == 'Cancelled']
        running.django(
            'from satchmo_store.shop.models import Order, OrderStatus\n'
            'ids = %r\n'
            'Order.objects.filter(pk__in=ids).update(time_stamp=%r)\n'
            'OrderStatus.objects.filter(order__in=ids).update(time_stamp=%r)\n'
            'OrderStatus.objects.filter(order__in=ids, status="Shipped").update(time_stamp=%r)\n'
            % (sorted(running.old.values()), PLACED, PLACED, SHIPPED))
        yield running


@pytest.fixture(scope='module')
def oe(openerp_db):
    return openerp_db('history')


def booked(oe, shop_id):
    return oe.execute('sale.order', 'search', [('client_order_ref', '=', str(shop_id))])


def sync_state(oe, backend, shop_id):
    [state] = oe.search_read('satchmo.sync.state', [('backend_id', '=', backend), ('resource', '=', 'orders'),
                                                    ('satchmo_id', '=', str(shop_id))], ['state', 'error'])
    return state


def test_orders_before_the_start_date_are_skipped_with_the_reason(oe, store, backend):
    log = pull(oe, backend)
    assert log['state'] == 'done', (log['message'], log['failures'])
    assert store.new and store.cancelled and sorted(store.old) == ['In Process', 'Shipped']
    assert (log['counts']['orders']['created'], log['counts']['orders']['skipped']) == \
        (len(store.new), len(store.old) + len(store.cancelled)), 'the two orders of last year and the cancelled one'
    for shop_id in store.old.values():
        state = sync_state(oe, backend, shop_id)
        assert state['state'] == 'skipped' and booked(oe, shop_id) == []
        assert "Placed on %d-03-10, before the backend's Import Orders From (%d-01-01)" % (LAST_YEAR, YEAR) \
            in state['error'] and 'Full Re-scan' in state['error'], state
    for shop_id in store.new:
        assert len(booked(oe, shop_id)) == 1


def test_an_earlier_date_brings_them_in_and_the_shipped_one_is_delivered_then(oe, store, backend):
    oe.execute('satchmo.backend', 'write', [backend], {'import_orders_from': '%d-01-01' % LAST_YEAR})
    log = pull(oe, backend, 'full_reconcile')
    assert log['state'] == 'done', (log['message'], log['failures'])
    assert log['counts']['orders']['created'] == len(store.old)
    shipped = sale_order(oe, store.old['Shipped'], ['date_order', 'picking_ids', 'shipped', 'state'])
    assert (shipped['date_order'], shipped['shipped'], shipped['state']) == ('%d-03-10' % LAST_YEAR, True, 'done')
    pickings = oe.execute('stock.picking', 'read', shipped['picking_ids'], ['state', 'date_done'])
    assert [(p['state'], p['date_done']) for p in pickings] == [('done', SHIPPED_UTC)]
    waiting = sale_order(oe, store.old['In Process'], ['picking_ids', 'shipped'])
    assert [p['state'] for p in oe.execute('stock.picking', 'read', waiting['picking_ids'], ['state'])] \
        == ['confirmed'] and not waiting['shipped'], 'not shipped by the shop yet: its delivery waits'
    assert sync_state(oe, backend, store.old['In Process'])['state'] == 'synced'
