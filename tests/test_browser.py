# -*- coding: utf-8 -*-
"""The connector's screens in a real browser: an OpenERP server on a clone of the shop template, with the
demo stylesheet (tests/demo_addons, see make demo), a backend pulled from the test store, then
tests/browser/walk.py (Python 3, playwright, Debian's Chromium) clicks through them as an admin.
Screenshots of every step in .build/browser/ (FAILED-*.png for a failed one)."""
import os
import subprocess

from conftest import (BUILD, DB_PREFIX, OE_PYTHON, ROOT, OpenERP, configure_backend, script, start_openerp,
                      start_shop, stop)

BROWSER_PYTHON = os.path.join(BUILD, 'venv-browser', 'bin', 'python')
DEMO_ADDONS = os.path.join(ROOT, 'tests', 'demo_addons')
SCREENSHOTS = os.path.join(BUILD, 'browser')


def addons_path():
    addons = subprocess.check_output([OE_PYTHON, '-c', 'import os, openerp.addons as a; '
                                                       'print(os.path.dirname(a.__file__))']).strip()
    return ','.join([addons, ROOT, DEMO_ADDONS])


def test_the_connectors_screens_in_a_browser():
    db = '%s_browser' % DB_PREFIX
    script('template.sh', 'clone', db)
    proc, url = start_openerp(db, 'cross-browser-openerp.log',
                              ['--addons-path', addons_path(), '--db-filter', '^%s$' % db])
    try:
        subprocess.check_call([OE_PYTHON, os.path.join(ROOT, 'scripts', 'demo_css.py'), url, db])
        oe = OpenERP(url, db)
        with start_shop('cross-browser-shop.log') as store:
            backend = configure_backend(oe, store, 'Browser store')
            oe.execute('satchmo.backend', 'import_now', [backend])
            walk = subprocess.Popen([BROWSER_PYTHON, os.path.join(ROOT, 'tests', 'browser', 'walk.py'),
                                     '--url', url, '--db', db, '--out', SCREENSHOTS],
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            out = walk.communicate()[0]
            print(out)
            assert walk.returncode == 0, 'the walk failed (screenshots in %s):\n%s' % (SCREENSHOTS, out)
    finally:
        stop(proc)
