# -*- coding: utf-8 -*-
"""The stack `make demo` and every later test stand on: a shop database
template with books a US web shop can use, a Satchmo store that serves, and
both addons working over the real XML-RPC interface."""
import datetime

import requests


def test_openerp_login_and_addons_installed(openerp):
    assert openerp.uid
    mods = openerp.search_read('ir.module.module',
                           [('name', 'in', ['oesync_pull', 'product_m2mcategories', 'l10n_us',
                                            'sale_stock', 'account_voucher'])], ['name', 'state'])
    assert {m['name']: m['state'] for m in mods} == dict.fromkeys(
        ['oesync_pull', 'product_m2mcategories', 'l10n_us', 'sale_stock', 'account_voucher'], 'installed')


def test_template_has_books_and_no_demo_data(openerp):
    company = openerp.search_read('res.company', [], ['currency_id', 'country_id'])
    assert len(company) == 1, "one company, no demo companies"
    assert company[0]['currency_id'][1] == 'USD'
    journals = openerp.search_read('account.journal', [], ['type'])
    types = set(j['type'] for j in journals)
    assert {'sale', 'sale_refund', 'bank', 'cash'} <= types
    assert not [j for j in journals if '(test)' in str(j)]
    year = str(datetime.date.today().year)
    fy = openerp.search_read('account.fiscalyear', [('code', '=', year)], ['period_ids'])
    assert len(fy) == 1 and len(fy[0]['period_ids']) >= 12
    assert openerp.execute('product.product', 'search', [('sale_ok', '=', True), ('default_code', '!=', False),
                                                         ('default_code', 'not like', 'SATCHMO-%')]) == [], \
        "no products but the connector's own shipping and rounding products"
    # products can be invoiced: a company-wide income account exists
    income = openerp.search_read('ir.property',
                             [('name', '=', 'property_account_income_categ'), ('res_id', '=', False)], ['value_reference'])
    assert income and income[0]['value_reference'].startswith('account.account,')
    crons = openerp.search_read('ir.cron', [('model', '=', 'publisher_warranty.contract')], ['active'],
                                {'active_test': False})
    assert crons and not any(c['active'] for c in crons), "no call home"


def test_extra_categories_over_xmlrpc(openerp):
    parent = openerp.execute('product.category', 'create', {'name': 'Cross Parent'})
    child = openerp.execute('product.category', 'create', {'name': 'Cross Child', 'parent_id': parent})
    other = openerp.execute('product.category', 'create', {'name': 'Cross Other'})
    pid = openerp.execute('product.product', 'create',
                          {'name': 'Cross Product', 'categ_id': other, 'categ_ids': [(6, 0, [child])]})
    try:
        found = openerp.execute('product.product', 'search',
                                ['|', ('categ_id', 'child_of', parent), ('categ_ids', 'child_of', parent)])
        assert found == [pid]
        by_tree = openerp.execute('product.product', 'search', [], 0, None, None,
                                  {'search_default_categ_id': parent})
        assert by_tree == [pid]
    finally:
        openerp.execute('product.product', 'unlink', [pid])


def test_store_serves_storefront_and_admin(shop):
    home = requests.get(shop + '/')
    assert home.status_code == 200
    product = requests.get(shop + '/product/dj-rocks/')
    assert product.status_code == 200 and 'Django Rocks' in product.text
    admin = requests.get(shop + '/admin/')
    assert admin.status_code == 200 and 'name="password"' in admin.text


def test_backend_points_at_the_store(openerp, shop):
    bid = openerp.execute('satchmo.backend', 'create',
                          {'name': 'Cross shop', 'location': shop + '/export/', 'token': 'x'})
    rec = openerp.execute('satchmo.backend', 'read', [bid], ['location', 'active'])[0]
    assert rec['location'] == shop + '/export/' and rec['active']


def test_store_export_needs_the_token(shop):
    from conftest import SHOP_TOKEN
    auth = {'Authorization': 'Token %s' % SHOP_TOKEN}
    meta = requests.get(shop + '/export/', headers=auth)
    assert meta.status_code == 200 and meta.headers['Content-Type'].startswith('application/json')
    meta = meta.json()
    assert meta['resources']['products']['count'] >= 22
    assert meta['resources']['orders']['count'] >= 1, "the demo store has orders"
    orders = requests.get(meta['resources']['orders']['url'], headers=auth, params={'page_size': 2}).json()
    assert orders['meta']['count'] == 2 and orders['objects'][0]['payments']
    for url in (shop + '/export/', shop + '/export/orders/'):
        refused = requests.get(url)
        assert refused.status_code == 401 and list(refused.json()) == ['error']
        assert requests.get(url, headers={'Authorization': 'Token wrong'}).status_code == 401
