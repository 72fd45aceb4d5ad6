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


# Python 3, in the browser venv: tests/browser/walk.py's Walk, logging in to a French OpenERP
FRENCH_WALK = r'''
import os, shutil, sys, tempfile
sys.path.insert(0, os.path.join(sys.argv[4], 'tests', 'browser'))
from playwright.sync_api import sync_playwright
from walk import CHROMIUM, FLAGS, Walk

url, db, out = sys.argv[1:4]
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)
profile = tempfile.mkdtemp(prefix='oesync-chromium-')


def french(walk):
    def login():
        walk.page.goto('%s/?db=%s' % (url, db))
        walk.visible('.oe_login_pane input[name=login]')
        walk.page.wait_for_timeout(1000)   # the login widget binds its handlers after it shows
        walk.page.fill('.oe_login_pane input[name=login]', 'admin')
        walk.page.fill('.oe_login_pane input[name=password]', 'admin')
        walk.page.click('.oe_login_pane button[name=submit]')
        walk.visible('.oe_menu > li > a:has-text("Ventes")', 'the Sales menu in the top bar, in French (Ventes)')

    def sync_logs():
        walk.menu('Ventes', 'Rapports de synchronisation')
        walk.title('Rapports de synchronisation')
        walk.visible('.oe_view_manager_current .oe_list_content tr[data-id]', 'the failed pull in the list')
        for label in ('Boutique Satchmo', 'Déclencheur', 'État'):
            walk.visible('.oe_view_manager_current .oe_list_header_columns th:visible:has-text("%s")' % label,
                         'the column %s' % label)
        walk.visible('.oe_view_manager_current .oe_list_content td:text-is("Bouton")', 'the trigger Button in French')

    def backend():
        walk.menu('Ventes', 'Satchmo', 'Boutiques')
        walk.page.locator('.oe_view_manager_current .oe_list_content tr[data-id] td.oe_list_field_cell').first.click()
        walk.settle()
        walk.visible('.oe_view_manager_current button:visible:has-text("Tester la connexion")',
                     'Test Connection in French')
        walk.visible('.oe_view_manager_current label:text-is("URL de l\'export")', 'the Export URL label in French')
        walk.visible('.oe_view_manager_current .ui-tabs-nav a:text-is("Classes de taxe")',
                     'the Tax Classes tab in French')
        walk.hidden('.oe_view_manager_current button:has-text("Test Connection")', 'Test Connection in English')

    walk.step('fr-login', login)
    if not walk.failures:
        walk.step('fr-sync_logs', sync_logs)
        walk.step('fr-backend', backend)


try:
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=FLAGS, headless=True, viewport={'width': 1280, 'height': 900})
        walk = Walk(context.new_page(), url.rstrip('/'), db, out)
        french(walk)
        context.close()
finally:
    shutil.rmtree(profile, ignore_errors=True)
for failure in walk.failures:
    print('FAILED %s' % failure)
sys.exit(1 if walk.failures else 0)
'''


def test_the_connectors_screens_in_french():
    """An administrator who works in French: French loaded as Settings > Translations > Load a Translation does
    (every installed module's fr.po, oesync_pull/i18n/fr.po among them), the admin's language set to it; the
    sync log list and a backend's form show our labels in French. Screenshots in .build/browser-fr/."""
    db = '%s_browser_fr' % DB_PREFIX
    script('template.sh', 'clone', db)
    proc, url = start_openerp(db, 'cross-browser-fr-openerp.log',
                              ['--addons-path', addons_path(), '--db-filter', '^%s$' % db])
    try:
        subprocess.check_call([OE_PYTHON, os.path.join(ROOT, 'scripts', 'demo_css.py'), url, db])
        oe = OpenERP(url, db)
        wizard = oe.execute('base.language.install', 'create', {'lang': 'fr_FR'})
        oe.execute('base.language.install', 'lang_install', [wizard])
        oe.execute('res.users', 'write', [oe.uid], {'lang': 'fr_FR'})
        backend = oe.execute('satchmo.backend', 'create', {'name': 'Boutique de Lausanne', 'token': 'token',
                                                           'location': 'http://127.0.0.1:9/export/'})
        # no shop there: a failed pull, as Import Now would log it
        oe.execute('satchmo.backend', 'import_now', [backend], {'satchmo_trigger': 'button'})
        walk = subprocess.Popen([BROWSER_PYTHON, '-c', FRENCH_WALK, url, db, SCREENSHOTS + '-fr', ROOT],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        out = walk.communicate()[0]
        print(out)
        assert walk.returncode == 0, 'the French walk failed (screenshots in %s-fr):\n%s' % (SCREENSHOTS, out)
    finally:
        stop(proc)
