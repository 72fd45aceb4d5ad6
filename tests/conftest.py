# -*- coding: utf-8 -*-
"""Fixtures of the cross-system tests: the real things, started per session.

- `openerp`: an OpenERP 7 server on a free loopback port, serving a fresh
  clone of the shop template database (scripts/template.sh).
- `shop`: the Satchmo test store (tests/store) on a free loopback port, on a
  copy of the store database that scripts/shop.sh setup built.

PostgreSQL, the virtualenvs, the template and the store database are made by
`make test` (scripts/test.sh) before pytest starts.
"""
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import xmlrpclib

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


@pytest.fixture(scope='session')
def openerp():
    db = 'oesync_test_cross'
    script('template.sh', 'clone', db)
    conf = subprocess.check_output(['bash', '-c', '. scripts/common.sh; oe_conf'], cwd=ROOT).strip()
    port = free_port()
    log = os.path.join(BUILD, 'run', 'cross-openerp.log')
    proc = subprocess.Popen(
        [os.path.join(BUILD, 'venv-openerp', 'bin', 'python'), os.path.join(ROOT, 'scripts', 'openerp-server'),
         '-c', conf, '-d', db, '--db-filter', '^%s$' % db, '--xmlrpc-port', str(port), '--logfile', log])
    url = 'http://127.0.0.1:%d' % port
    try:
        wait_until(lambda: xmlrpclib.ServerProxy(url + '/xmlrpc/common').login(db, 'admin', 'admin'),
                   proc, 'OpenERP', log)
        yield OpenERP(url, db)
    finally:
        stop(proc)


@pytest.fixture(scope='session')
def shop():
    data = tempfile.mkdtemp(prefix='oesync-shop-')
    shutil.copy(os.path.join(BUILD, 'shop', 'store.db.orig'), os.path.join(data, 'store.db'))
    os.symlink(os.path.join(BUILD, 'shop', 'static'), os.path.join(data, 'static'))
    port = free_port()
    env = dict(os.environ, SATCHMO_DATA=data, SATCHMO_EXPORT_TOKEN=SHOP_TOKEN)
    log_path = os.path.join(BUILD, 'run', 'cross-shop.log')
    with open(log_path, 'w') as log:
        proc = subprocess.Popen(
            [os.path.join(BUILD, 'venv-satchmo', 'bin', 'python'), os.path.join(ROOT, 'tests', 'store', 'manage.py'),
             'runserver', '127.0.0.1:%d' % port, '--noreload'], cwd=data, env=env, stdout=log, stderr=log)
    url = 'http://127.0.0.1:%d' % port
    try:
        wait_until(lambda: requests.get(url + '/', timeout=5).status_code == 200, proc, 'the Satchmo store', log_path)
        yield url
    finally:
        stop(proc)
        shutil.rmtree(data, ignore_errors=True)


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
