# -*- coding: utf-8 -*-
"""Pulling the Satchmo test store's catalog and customers into OpenERP 7: the real
store (Satchmo's shipped fixtures), the real OpenERP server, over XML-RPC as
users' scripts do."""
import os
import subprocess
import threading
import time
import xmlrpclib
from decimal import Decimal

import pytest

from conftest import OE_PYTHON, ROOT, OpenERP, oe_conf, pull, read_log, start_openerp, start_shop

BACKEND = {'name': 'Test store'}


@pytest.fixture(scope='module')
def store():
    with start_shop('cross-shop-pull.log') as running:
        yield running


@pytest.fixture(scope='module')
def oe(openerp_db):
    return openerp_db('pull')


def bound(oe, backend, resource):
    """{shop id: OpenERP id} of a resource's synced records."""
    states = oe.search_read('satchmo.sync.state', [('backend_id', '=', backend), ('resource', '=', resource)],
                            ['satchmo_id', 'res_id', 'state', 'deleted'])
    return dict((int(s['satchmo_id']), s['res_id']) for s in states if s['state'] == 'synced')


def test_first_pull_imports_the_shipped_catalog_and_customers(oe, store, backend):
    log = pull(oe, backend)
    assert log['state'] == 'done', log['message']
    assert log['trigger'] == 'script' and log['mode'] == 'changes'
    counts = log['counts']
    countries = store.listing('countries')
    assert 'TL' in [c['iso2_code'] for c in countries]
    assert counts['countries']['updated'] == len(countries), 'every Satchmo country matched, TL (Timor-Leste) included'
    for resource in ('categories', 'products', 'contacts'):
        assert counts[resource]['created'] == len(store.listing(resource)), resource

    categories = dict((c['id'], c) for c in store.listing('categories'))
    category_ids = bound(oe, backend, 'categories')
    oe_categories = dict((c['id'], c) for c in oe.execute('product.category', 'read', category_ids.values(),
                                                           ['name', 'parent_id']))
    for shop_id, category in categories.items():
        mine = oe_categories[category_ids[shop_id]]
        assert mine['name'] == category['name']
        assert (mine['parent_id'] or [False])[0] == (category_ids[category['parent_id']] if category['parent_id'] else False)

    default_category = oe.execute('satchmo.backend', 'read', [backend], ['categ_id'])[0]['categ_id'][0]
    product_ids = bound(oe, backend, 'products')
    products = dict((p['id'], p) for p in oe.execute('product.product', 'read', product_ids.values(), [
        'default_code', 'name', 'lst_price', 'categ_id', 'categ_ids', 'product_tmpl_id', 'variants', 'taxes_id',
        'active']))
    for record in store.listing('products'):
        mine = products[product_ids[record['id']]]
        assert mine['default_code'] == (record['sku'] or record['slug'])
        assert Decimal(str(mine['lst_price'])) == Decimal(record['unit_price'] or 0).quantize(Decimal('0.01')), \
            record['slug']
        assert mine['active'] == record['active']
        if record['parent_id']:
            parent = products[product_ids[record['parent_id']]]
            assert mine['product_tmpl_id'] == parent['product_tmpl_id'], 'a variation is a variant of its parent'
            assert mine['variants'] == ' / '.join(o['name'] for o in record['options'])
        else:
            assert mine['name'] == record['name']
            shop_categories = [category_ids[c] for c in record['category_ids']] or [default_category]
            assert mine['categ_id'][0] == shop_categories[0], 'the main category is the first'
            assert sorted(mine['categ_ids']) == sorted(shop_categories[1:])
            assert bool(mine['taxes_id']) == record['taxable']

    partner_ids = bound(oe, backend, 'contacts')
    for contact in store.listing('contacts'):
        person = oe.execute('res.partner', 'read', [partner_ids[contact['id']]], [])[0]
        assert person['name'] == '%s %s' % (contact['first_name'], contact['last_name'])
        assert person['email'] == contact['email']
        billing = [a for a in contact['addresses'] if a['is_default_billing']][0]
        assert (person['street'], person['city'], person['zip']) == (billing['street1'], billing['city'],
                                                                     billing['postal_code'])
        state = oe.execute('res.country.state', 'read', [person['state_id'][0]], ['code', 'country_id'])[0]
        assert state['code'] == billing['state'] and state['country_id'][1] == 'United States'
        primary = [p['phone'] for p in contact['phones'] if p['primary']][0]
        assert primary in (person['phone'], person['fax'], person['mobile'])
        assert bool(person['parent_id']) == bool(contact['organization'])
        if contact['organization']:
            assert person['parent_id'][1] == contact['organization']['name']


def test_a_pull_with_nothing_changed_writes_nothing(oe, store, backend):
    product_ids = bound(oe, backend, 'products').values()
    before = oe.execute('product.product', 'read', product_ids, ['write_date'])
    log = pull(oe, backend)
    assert log['state'] == 'done'
    assert sum(c['created'] + c['updated'] + c['failed'] for c in log['counts'].values()) == 0
    assert log['requests'] <= 1 + len(store.get('')['resources']), \
        'the meta endpoint and one change-feed page per resource'
    assert oe.execute('product.product', 'read', product_ids, ['write_date']) == before


def test_edits_in_the_shop_reach_openerp_on_the_next_pull(oe, store, backend):
    store.django(
        "from product.models import Product\n"
        "from satchmo_store.contact.models import Contact\n"
        "p = Product.objects.get(slug='PY-Rocks').price_set.get(quantity=1); p.price = '17.25'; p.save()\n"
        "a = Contact.objects.get(email='abc@comcast.com').addressbook_set.all()[0]; a.city = 'Duluth'; a.save()\n")
    log = pull(oe, backend)
    assert log['counts']['products']['updated'] == 1 and log['counts']['contacts']['updated'] == 1
    shirt = oe.execute('product.product', 'read', [bound(oe, backend, 'products')[2]], ['lst_price'])[0]
    assert shirt['lst_price'] == 17.25
    john = oe.execute('res.partner', 'read', [bound(oe, backend, 'contacts')[2]], ['city'])[0]
    assert john['city'] == 'Duluth'


def test_a_deletion_in_the_shop_archives(oe, store, backend):
    product_id = bound(oe, backend, 'products')[22]
    store.django("from product.models import Product\nProduct.objects.get(pk=22).delete()\n")
    log = pull(oe, backend)
    assert log['counts']['products']['updated'] == 1
    product = oe.execute('product.product', 'read', [product_id], ['active'])[0]
    assert product['active'] is False, 'archived, never deleted'
    state = oe.search_read('satchmo.sync.state', [('backend_id', '=', backend), ('resource', '=', 'products'),
                                                  ('satchmo_id', '=', '22')], ['deleted', 'state'])[0]
    assert state['deleted'] and state['state'] == 'synced'


def test_a_broken_record_is_isolated_then_retried(oe, store, backend):
    store.django(
        "from product.models import Product, TaxClass\n"
        "luxury = TaxClass.objects.create(title='Luxury', description='Luxury goods')\n"
        "p = Product.objects.get(slug='neat-book'); p.taxable = True; p.taxClass = luxury; p.save()\n"
        "Product.objects.filter(slug='robot-attack').update(name='Robots Attack! (2nd ed.)')\n"
        "Product.objects.get(slug='robot-attack').save()\n")
    log = pull(oe, backend)
    assert log['state'] == 'partial'
    assert log['counts']['products'] == dict(created=0, updated=1, unchanged=0, failed=1, skipped=0)
    failure = log['failures'][0]
    assert failure['satchmo_id'] == '3' and "Tax class 'Luxury' has no OpenERP taxes" in failure['message']
    notice = oe.search_read('mail.message', [('model', '=', 'satchmo.backend'), ('res_id', '=', backend)],
                            ['subject', 'body'])[0]
    assert 'failed' in notice['subject'] and 'Luxury' in notice['body']

    state = oe.search_read('satchmo.sync.state', [('backend_id', '=', backend), ('state', '=', 'failed')],
                           ['satchmo_id', 'attempts', 'next_retry'])
    assert [(s['satchmo_id'], s['attempts']) for s in state] == [('3', 1)] and state[0]['next_retry']
    tax = oe.execute('account.tax', 'create', {'name': 'Luxury tax', 'type': 'percent', 'amount': 0.2,
                                               'type_tax_use': 'sale'})
    oe.execute('satchmo.backend', 'write', [backend], {'tax_map_ids': [(0, 0, {'tax_class': 'Luxury',
                                                                               'tax_ids': [(6, 0, [tax])]})]})
    action = oe.execute('satchmo.sync.state', 'action_retry', [state[0]['id']])
    log = read_log(oe, action['res_id'])
    assert log['state'] == 'done' and log['trigger'] == 'menu' and log['mode'] == 'retry'
    book = oe.execute('product.product', 'read', [bound(oe, backend, 'products')[3]], ['taxes_id'])[0]
    assert book['taxes_id'] == [tax]


def test_full_reconcile_walks_everything_and_changes_nothing(oe, store, backend):
    log = pull(oe, backend, 'full_reconcile')
    assert log['state'] == 'done' and log['mode'] == 'full'
    assert log['counts']['products'] == dict(created=0, updated=0, unchanged=len(store.listing('products')), failed=0,
                                             skipped=0), 'every product the shop still has (one was deleted above)'
    assert sum(c['created'] + c['updated'] for c in log['counts'].values()) == 0


def test_two_pulls_at_once_import_nothing_twice(oe, make_backend):
    backend = make_backend(oe, 'Concurrent', page_size=3)
    results = []
    start = threading.Event()

    def run():
        start.wait()
        results.append(OpenERP(oe.url, oe.db).execute('satchmo.backend', 'full_reconcile', [backend])[0])
    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    start.set()
    for t in threads:
        t.join()
    logs = [read_log(oe, i) for i in results]
    assert sorted(l['state'] for l in logs) == ['done', 'skipped']
    skipped = [l for l in logs if l['state'] == 'skipped'][0]
    assert 'Another pull' in skipped['message'] and not skipped['counts']
    states = oe.search_read('satchmo.sync.state', [('backend_id', '=', backend)], ['resource', 'satchmo_id'])
    keys = [(s['resource'], s['satchmo_id']) for s in states]
    assert len(keys) == len(set(keys))


def test_a_pull_killed_mid_run_resumes_without_loss_or_duplicate(openerp_db, store, make_backend):
    oe = openerp_db('killed')
    backend = make_backend(oe, 'Killed', page_size=2)
    total = len(store.listing('products'))
    proc, url = start_openerp(oe.db, 'cross-openerp-killed.log')
    try:
        victim = OpenERP(url, oe.db)
        pulling = threading.Thread(target=_ignore, args=(victim.execute, 'satchmo.backend', 'import_now', [backend]))
        pulling.daemon = True
        pulling.start()
        deadline = time.time() + 120
        while len(bound(oe, backend, 'products')) < 4:
            assert time.time() < deadline, 'the pull did not get to the products'
            time.sleep(0.05)
    finally:
        proc.kill()
        proc.wait()
    before = bound(oe, backend, 'products')
    assert 4 <= len(before) < total
    cursor = oe.search_read('satchmo.backend.cursor', [('backend_id', '=', backend), ('resource', '=', 'products')],
                            ['full_cursor', 'full_after'])[0]
    assert cursor['full_cursor'] and cursor['full_after'] >= max(before)

    log = pull(oe, backend)
    assert log['state'] == 'done', log['message']
    assert log['counts']['products']['created'] + len(before) == total, 'resumed after the last committed page'
    after = bound(oe, backend, 'products')
    assert len(after) == total and all(after[k] == v for k, v in before.items())
    codes = [p['default_code'] for p in oe.search_read('product.product', [('default_code', 'not like', 'SATCHMO-%')],
                                                       ['default_code'], {'active_test': False}) if p['default_code']]
    assert len(codes) == len(set(codes)) == total, 'no product twice'
    killed = oe.search_read('satchmo.sync.log', [('backend_id', '=', backend), ('id', '!=', log['id'])],
                            ['state', 'message'])
    assert [(k['state'], 'Interrupted' in k['message']) for k in killed] == [('failed', True)]


def _ignore(call, *args):
    try:
        call(*args)
    except Exception:
        pass   # the server was killed under it


def test_menu_wizard_and_scheduled_actions_run_the_same_pull(oe, store, backend):
    wizard = oe.execute('satchmo.import.wizard', 'create', {
        'backend_id': backend, 'mode': 'full', 'import_countries': False, 'import_products': False,
        'import_contacts': False, 'import_orders': False})
    action = oe.execute('satchmo.import.wizard', 'action_import', [wizard])
    assert action['res_model'] == 'satchmo.sync.log'
    log = read_log(oe, action['res_id'])
    assert (log['trigger'], log['mode'], log['resources']) == ('menu', 'full', 'categories')
    assert log['state'] == 'done' and set(log['counts']) == set(['categories'])

    crons = oe.search_read('ir.cron', [('model', '=', 'satchmo.backend')],
                           ['function', 'args', 'interval_number', 'interval_type', 'active'])
    by_args = dict((c['args'], c) for c in crons)
    assert by_args["('changes',)"]['interval_number'] == 1 and by_args["('changes',)"]['interval_type'] == 'minutes'
    assert by_args["('full',)"]['interval_type'] == 'days'
    assert all(c['active'] and c['function'] == 'run_scheduled_imports' for c in crons)
    assert oe.execute('satchmo.backend', 'read', [backend], ['scheduled'])[0]['scheduled'] is False, \
        'a new backend waits for its administrator to start scheduled pulls'
    oe.execute('satchmo.backend', 'action_start_schedule', [backend])   # its configuration check passes
    before = oe.execute('satchmo.sync.log', 'search', [('trigger', '=', 'cron')])
    active = oe.execute('satchmo.backend', 'search', [('scheduled', '=', True)])
    assert active == [backend]
    oe.execute('satchmo.backend', 'write', oe.execute('satchmo.backend', 'search', []), {'last_check': False})
    assert oe.execute('satchmo.backend', 'run_scheduled_imports', 'changes') is True
    new = oe.search_read('satchmo.sync.log', [('trigger', '=', 'cron'), ('id', 'not in', before)], ['backend_id'])
    checked = [b['id'] for b in oe.execute('satchmo.backend', 'read', active, ['last_check']) if b['last_check']]
    assert sorted(set(l['backend_id'][0] for l in new) | set(checked)) == sorted(active), \
        'one pull per active backend whose scheduled pulls were started (one that found nothing new leaves no ' \
        'log: its backend says when it looked)'


def test_command_line_pull(oe, backend, make_backend):
    cli = [OE_PYTHON, os.path.join(ROOT, 'oesync_pull', 'cli.py'), '-c', oe_conf(), '-d', oe.db]
    out = subprocess.check_output(cli + ['--backend', 'Test store'])
    assert 'Test store: changes pull done' in out and 'products' in out
    wrong = make_backend(oe, 'Wrong token')
    oe.execute('satchmo.backend', 'write', [wrong], {'token': 'not-the-token'})
    proc = subprocess.Popen(cli + ['--backend', str(wrong)], stdout=subprocess.PIPE)
    out = proc.communicate()[0]
    assert proc.returncode == 1
    assert 'refused the token' in out and 'not-the-token' not in out


def test_only_the_settings_group_sees_the_token_and_starts_pulls(oe, backend):
    salesman_group = oe.search_read('ir.model.data', [('module', '=', 'base'), ('name', '=', 'group_sale_salesman')],
                                    ['res_id'])[0]['res_id']
    oe.execute('res.users', 'create', {'name': 'Sam Sales', 'login': 'sam', 'password': 'sam',
                                       'groups_id': [(6, 0, [salesman_group])]})
    sam = OpenERP(oe.url, oe.db, 'sam', 'sam')
    seen = sam.execute('satchmo.backend', 'read', [backend], [])[0]
    assert seen['name'] == 'Test store' and 'token' not in seen
    with pytest.raises(xmlrpclib.Fault):
        sam.execute('satchmo.backend', 'read', [backend], ['token'])
    assert sam.execute('satchmo.sync.log', 'search', []), 'sales users read the sync logs'
    with pytest.raises(xmlrpclib.Fault):
        sam.execute('satchmo.backend', 'import_now', [backend])
