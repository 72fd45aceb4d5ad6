# -*- coding: utf-8 -*-
"""A shop whose Satchmo settings name its currency 'EURO' (symbol €), as public shops in euros do, pulled
into a company in EUR: the export serves EUR, Test Connection and the pull take OpenERP's EUR, and no
currency named EURO appears."""
import pytest

from conftest import pull, start_shop

BACKEND = {'name': 'Euro store'}


@pytest.fixture(scope='module')
def store():
    with start_shop('cross-shop-euro.log', settings={'TESTSTORE_CURRENCY': 'EURO'}) as running:
        running.scenario('make_scenario')
        yield running


@pytest.fixture(scope='module')
def oe(openerp_db):
    oe = openerp_db('euro')
    [eur] = oe.execute('res.currency', 'search', [('name', '=', 'EUR')])
    [company] = oe.execute('res.company', 'search', [])[:1]
    oe.execute('res.company', 'write', [company], {'currency_id': eur})
    return oe


def test_a_shop_keyed_euro_is_booked_in_eur_without_a_new_currency(oe, store, backend):
    meta = store.get('')
    assert (meta['currency'], meta['currency_key'], meta['currency_symbol']) == ('EUR', 'EURO', u'€')
    currencies = oe.execute('res.currency', 'search', [], 0, 0, 'id', {'active_test': False})
    oe.execute('satchmo.backend', 'action_test_connection', [backend])
    status = oe.execute('satchmo.backend', 'read', [backend], ['connection_status'])[0]['connection_status']
    assert 'currency EUR' in status and 'EURO' not in status, status

    log = pull(oe, backend)
    assert log['state'] in ('done', 'partial'), log['message']
    assert oe.execute('res.currency', 'search', [], 0, 0, 'id', {'active_test': False}) == currencies
    assert not oe.execute('res.currency', 'search', [('name', 'ilike', 'EURO')], 0, 0, 'id', {'active_test': False})
    pricelist = oe.execute('satchmo.backend', 'read', [backend], ['pricelist_id'])[0]['pricelist_id']
    assert oe.execute('product.pricelist', 'read', [pricelist[0]], ['currency_id'])[0]['currency_id'][1] == 'EUR'
    orders = oe.execute('sale.order', 'search', [('pricelist_id', '=', pricelist[0])])
    assert len(orders) == log['counts']['orders']['created'] > 0
    invoices = oe.search_read('account.invoice', [('type', '=', 'out_invoice')], ['currency_id'])
    assert invoices and all(i['currency_id'][1] == 'EUR' for i in invoices)
