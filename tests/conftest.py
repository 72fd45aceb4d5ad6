# -*- coding: utf-8 -*-
"""Fixtures of the cross-system tests: the real things, started per session.

- `openerp`: an OpenERP 7 server on a free loopback port (no cron threads:
  tests start pulls themselves), serving clones of the shop template
  database (scripts/template.sh); `openerp_db(name)` clones another one.
- `shop`: the Satchmo test store (tests/store) on a free loopback port, on a
  copy of the store database that scripts/shop.sh setup built;
  `start_shop()` starts another one (tests that change the shop's data use
  their own), and `Shop.django(code)` runs Python in its database through
  Satchmo's own models.
- `backend`: the suite's backend (the module's BACKEND values) on the suite's `oe` and `store`;
  `make_backend(oe, name, **vals)` makes others. `pull` and `read_log` run a pull and read its log, `cents`
  rounds amounts as the shop does.

PostgreSQL, the virtualenvs, the template and the store database are made by
`make test` (scripts/test.sh) before pytest starts.
"""
import contextlib
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import xmlrpclib
from decimal import ROUND_HALF_UP, Decimal

import pytest
import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get('OESYNC_BUILD', os.path.join(ROOT, '.build'))
SHOP_TOKEN = 'cross-system-test-token'


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


def script(*args):
    return subprocess.check_output(['bash', os.path.join(ROOT, 'scripts', args[0])] + list(args[1:]))


def wait_until(check, proc, what, log, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError('%s exited with %s, see %s' % (what, proc.returncode, log))
        try:
            if check():
                return
        except Exception:
            pass
        time.sleep(0.2)
    raise RuntimeError('%s did not answer within %ss, see %s' % (what, timeout, log))


def stop(proc):
    proc.terminate()
    try:
        for _ in range(100):
            if proc.poll() is not None:
                return
            time.sleep(0.1)
    finally:
        if proc.poll() is None:
            proc.kill()


DB_PREFIX = os.environ.get('OESYNC_DB_PREFIX', 'oesync_test_cross')   # another prefix: runs side by side
OE_PYTHON = os.path.join(BUILD, 'venv-openerp', 'bin', 'python')
SHOP_PYTHON = os.path.join(BUILD, 'venv-satchmo', 'bin', 'python')


class OpenERP(object):
    def __init__(self, url, db, login='admin', password='admin'):
        self.url, self.db, self.password = url, db, password
        self.uid = xmlrpclib.ServerProxy(url + '/xmlrpc/common').login(db, login, password)
        self._object = xmlrpclib.ServerProxy(url + '/xmlrpc/object', allow_none=True)

    def execute(self, model, method, *args):
        return self._object.execute(self.db, self.uid, self.password, model, method, *args)

    def search_read(self, model, domain, fields, context=None):
        ids = self.execute(model, 'search', domain, 0, None, None, context or {})
        return self.execute(model, 'read', ids, fields, context or {})


def oe_conf():
    return subprocess.check_output(['bash', '-c', '. scripts/common.sh; oe_conf'], cwd=ROOT).strip()


def start_openerp(db, log_name, extra=()):
    """An OpenERP server of the databases DB_PREFIX*, started on `db`: (process, url)."""
    port = free_port()
    log = os.path.join(BUILD, 'run', log_name)
    proc = subprocess.Popen(
        [OE_PYTHON, os.path.join(ROOT, 'scripts', 'openerp-server'), '-c', oe_conf(), '-d', db,
         '--db-filter', '^%s' % DB_PREFIX, '--xmlrpc-port', str(port), '--max-cron-threads', '0',
         '--logfile', log] + list(extra))
    url = 'http://127.0.0.1:%d' % port
    wait_until(lambda: xmlrpclib.ServerProxy(url + '/xmlrpc/common').login(db, 'admin', 'admin'),
               proc, 'OpenERP', log)
    return proc, url


@pytest.fixture(scope='session')
def openerp():
    db = DB_PREFIX
    script('template.sh', 'clone', db)
    proc, url = start_openerp(db, 'cross-openerp.log')
    try:
        yield OpenERP(url, db)
    finally:
        stop(proc)


@pytest.fixture(scope='session')
def openerp_db(openerp):
    """openerp_db(suffix): a fresh clone of the shop template on the same server."""
    def clone(suffix):
        db = '%s_%s' % (DB_PREFIX, suffix)
        script('template.sh', 'clone', db)
        return OpenERP(openerp.url, db)
    return clone


class Shop(object):
    """A running Satchmo test store on its own copy of the store database."""

    def __init__(self, url, data, settings=None):
        self.url, self.data, self.settings = url, data, settings or {}
        self.export = url + '/export/'

    def env(self):
        return dict(os.environ, SATCHMO_DATA=self.data, SATCHMO_EXPORT_TOKEN=SHOP_TOKEN,
                    DJANGO_SETTINGS_MODULE='teststore.settings',
                    PYTHONPATH=os.path.join(ROOT, 'tests', 'store'), **self.settings)

    def django(self, code):
        """Run `code` in the store's database through Satchmo's own models (signals included)."""
        prelude = 'from django.db.models.loading import get_models; get_models()\n'
        return subprocess.check_output([SHOP_PYTHON, '-c', prelude + code], cwd=self.data, env=self.env())

    def scenario(self, function, *args, **kwargs):
        """Call a function of teststore.scenario (or of teststore.<module>) in the store's database; its JSON
        answer."""
        code = 'import json; from teststore.%s import %s; print json.dumps(%s(*%r))' % (
            kwargs.get('module', 'scenario'), function, function, args)
        return json.loads(self.django(code).strip().splitlines()[-1])

    def get(self, path, **params):
        response = requests.get(self.export + path, params=params,
                                headers={'Authorization': 'Token %s' % SHOP_TOKEN}, timeout=30)
        response.raise_for_status()
        return response.json()

    def listing(self, resource):
        """Every record of a resource, as the export serves it."""
        objects, page = [], self.get(resource + '/', page_size=500)
        objects.extend(page['objects'])
        while page['meta']['has_more']:
            page = self.get(resource + '/', cursor=page['meta']['next'], page_size=500)
            objects.extend(page['objects'])
        return objects


def configure_backend(oe, store, name, **vals):
    """A backend on the store configured as the shop's accountant would: every tax class of its products
    mapped to a 7% tax for the catalog, a tax per shop tax rate for orders (teststore.scenario.tax_rules),
    a journal per payment method, a write-off account."""
    first = lambda model, domain: oe.execute(model, 'search', domain, 0, 1, 'id')[0]
    tax = oe.execute('account.tax', 'create', {'name': 'Sales tax %s' % name, 'type': 'percent', 'amount': 0.07,
                                                'type_tax_use': 'sale'})
    classes = set(p['tax_class']['title'] for p in store.listing('products') if p['tax_class']) | set(['Default'])
    values = {
        'name': name, 'location': store.export, 'token': SHOP_TOKEN,
        'tax_map_ids': [(0, 0, {'tax_class': c, 'tax_ids': [(6, 0, [tax])]}) for c in sorted(classes)],
        'writeoff_account_id': first('account.account', [('type', '=', 'other'), ('user_type.code', '=', 'expense')]),
        'payment_map_ids': [(0, 0, {'method': 'DUMMY', 'journal_id': first('account.journal', [('type', '=', 'bank')])}),
                            (0, 0, {'method': 'PURCHASEORDER',
                                    'journal_id': first('account.journal', [('type', '=', 'cash')])})],
    }
    values.update(vals)
    backend = oe.execute('satchmo.backend', 'create', values)
    oe.execute('satchmo.backend', 'setup_tax_rules', [backend], store.scenario('tax_rules'),
               first('account.account', [('code', '=', '255000')]))
    return backend


@pytest.fixture(scope='module')
def make_backend(store):
    """make_backend(oe, name, **vals): another backend on the suite's `store` (configure_backend), in the
    database of `oe`."""
    def make(oe, name, **vals):
        return configure_backend(oe, store, name, **vals)
    return make


@pytest.fixture(scope='module')
def backend(request, oe, make_backend):
    """The suite's backend, made once per module on its `oe` and `store`, with the fields of the module's
    BACKEND dict (its name 'Test store' unless BACKEND says another)."""
    values = dict(getattr(request.module, 'BACKEND', {}))
    return make_backend(oe, values.pop('name', 'Test store'), **values)


COUNTS = ('created', 'updated', 'unchanged', 'failed', 'skipped')
CENT = Decimal('0.01')


def cents(value):
    """An amount (float, string or Decimal) to the cent, rounded half up as the shop rounds."""
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def read_log(oe, log_id):
    """A sync log, with `counts` ({resource: {created, updated, ...}}) and `failures` (resource, satchmo_id,
    message)."""
    log = oe.execute('satchmo.sync.log', 'read', [log_id], [])[0]
    lines = oe.execute('satchmo.sync.log.count', 'read', log['count_ids'], ['resource'] + list(COUNTS))
    log['counts'] = dict((l['resource'], dict((k, l[k]) for k in COUNTS)) for l in lines)
    log['failures'] = oe.execute('satchmo.sync.log.failure', 'read', log['failure_ids'], ['resource', 'satchmo_id',
                                                                                         'message'])
    return log


def pull(oe, backend, method='import_now'):
    """Start a pull of the backend as a user's script does (import_now, full_reconcile...): its log (read_log)."""
    return read_log(oe, oe.execute('satchmo.backend', method, [backend])[0])


@contextlib.contextmanager
def start_shop(log_name='cross-shop.log', settings=None):
    """A store on a copy of the store database; `settings`: environment variables of its settings.py."""
    data = tempfile.mkdtemp(prefix='oesync-shop-')
    shutil.copy(os.path.join(BUILD, 'shop', 'store.db.orig'), os.path.join(data, 'store.db'))
    os.symlink(os.path.join(BUILD, 'shop', 'static'), os.path.join(data, 'static'))
    port = free_port()
    url = 'http://127.0.0.1:%d' % port
    shop = Shop(url, data, settings)
    log_path = os.path.join(BUILD, 'run', log_name)
    with open(log_path, 'w') as log:
        proc = subprocess.Popen([SHOP_PYTHON, os.path.join(ROOT, 'tests', 'store', 'manage.py'),
                                 'runserver', '127.0.0.1:%d' % port, '--noreload'],
                                cwd=data, env=shop.env(), stdout=log, stderr=log)
    try:
        wait_until(lambda: requests.get(url + '/', timeout=5).status_code == 200, proc, 'the Satchmo store', log_path)
        yield shop
    finally:
        stop(proc)
        shutil.rmtree(data, ignore_errors=True)


@pytest.fixture(scope='session')
def shop():
    with start_shop() as running:
        yield running.url


def pytest_terminal_summary(terminalreporter):
    path = os.environ.get('OESYNC_RESULT')
    if not path:
        return
    stats = terminalreporter.stats
    count = lambda key: len([r for r in stats.get(key, []) if getattr(r, 'when', 'call') in ('call', 'setup', 'collect')])
    passed, failed = count('passed'), count('failed') + count('error')
    skipped = count('skipped')
    with open(path, 'w') as f:
        json.dump({'suite': 'cross-system (pytest)', 'ran': passed + failed,
                   'passed': passed, 'failed': failed, 'skipped': skipped}, f)
