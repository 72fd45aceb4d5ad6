#!/usr/bin/env python3
"""The Satchmo connector's screens, clicked through in a real browser (Debian's Chromium, driven by playwright).

    walk.py --url http://127.0.0.1:PORT --db DB [--out .build/browser]

Run by tests/test_browser.py (Python 3, in .build/venv-browser) on an OpenERP server with a pulled backend
and the demo stylesheet (tests/demo_addons) installed. Logs in as admin and walks: the Satchmo menus, the
Import from Satchmo wizard, the sync log list with every Group By, a log's form, the Records per Day graph,
the sync states with Retry selected on a skipped one, a sync state's form, the backend with Test
Connection, a sale order's Satchmo tab. A step fails on an OpenERP error or warning dialog, on an uncaught
script error, on a browser console error (except the two the PyPI packages cause everywhere: the missing
/web/static/src/css/full.css and the announcement bar's call to services.openerp.com), and on what a step
checks. Each step's screenshot is in --out; a failed step's is FAILED-<step>.png. Exit code 1 on a failure.
"""
import argparse
import os
import re
import shutil
import sys
import tempfile
import time

from playwright.sync_api import sync_playwright

CHROMIUM = '/usr/bin/chromium'
FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync']
# console errors of OpenERP 7 as PyPI ships it, not of our addons
HARMLESS = ('/web/static/src/css/full.css', 'services.openerp.com')


class StepFailed(Exception):
    pass


class Walk(object):
    def __init__(self, page, url, db, out):
        self.page, self.url, self.db, self.out = page, url, db, out
        self.errors = []     # console errors and uncaught exceptions since the last check
        self.failures = []
        self.count = 0
        page.on('console', self.on_console)
        page.on('pageerror', lambda e: self.errors.append('uncaught script error: %s' % e))
        page.set_default_timeout(20000)

    def on_console(self, message):
        if message.type != 'error':
            return
        where = (message.location or {}).get('url', '')
        if any(h in where or h in message.text for h in HARMLESS):
            return
        self.errors.append('console error: %s (%s)' % (message.text, where))

    # -- steps -----------------------------------------------------------------

    def step(self, name, function):
        self.count += 1
        label = '%02d-%s' % (self.count, name)
        started = time.time()
        try:
            function()
            self.settle()
            self.check_clean()
        except Exception as e:   # a failed check, a timeout, an error dialog: the walk goes on
            self.failures.append('%s: %s' % (name, e))
            self.page.screenshot(path=os.path.join(self.out, 'FAILED-%s.png' % label), full_page=True)
            print('FAIL %-28s %5.1f s  %s' % (name, time.time() - started, str(e).splitlines()[0][:300]))
            self.dismiss_dialogs()
            return
        self.page.screenshot(path=os.path.join(self.out, '%s.png' % label), full_page=True)
        print('ok   %-28s %5.1f s' % (name, time.time() - started))

    def settle(self):
        """Until no RPC is pending (OpenERP shows its Loading bubble meanwhile)."""
        self.page.wait_for_timeout(300)
        self.page.wait_for_function("() => window.$ && $('.oe_loading:visible').length === 0", timeout=30000)
        self.page.wait_for_timeout(200)

    def check_clean(self):
        dialogs = self.page.locator('.ui-dialog:visible .oe_error_detail, .ui-dialog:visible .oe_dialog_warning')
        if dialogs.count():
            raise StepFailed('OpenERP shows an error: %s' % dialogs.first.inner_text()[:1000])
        errors, self.errors = self.errors, []
        if errors:
            raise StepFailed('; '.join(errors))

    def dismiss_dialogs(self):
        self.errors = []
        for button in self.page.locator('.ui-dialog:visible .ui-dialog-titlebar-close').all():
            try:
                button.click(timeout=2000)
            except Exception:
                pass

    # -- what a person does ------------------------------------------------------

    def visible(self, selector, what=None):
        locator = self.page.locator(selector)
        try:
            locator.first.wait_for(state='visible', timeout=15000)
        except Exception:
            raise StepFailed('%s not visible' % (what or selector))
        return locator

    def hidden(self, selector, what):
        if self.page.locator(selector).locator('visible=true').count():
            raise StepFailed('%s is shown' % what)

    def menu(self, top, *path):
        self.visible('.oe_menu > li > a:has-text("%s")' % top, 'top menu %s' % top).first.click()
        self.settle()
        link = lambda name: self.page.locator('.oe_secondary_menu:visible a:has(.oe_menu_text:text-is("%s"))' % name)
        for i, name in enumerate(path):
            if not link(name).count():
                raise StepFailed('no menu %s under %s' % (name, ' > '.join((top,) + path)))
            if i + 1 < len(path) and link(path[i + 1]).locator('visible=true').count():
                continue   # a heading already unfolded (a second click folds it)
            link(name).first.click()
            self.settle()

    def title(self, text):
        self.visible('.oe_view_manager_current .oe_breadcrumb_title:has-text("%s")' % text, 'the breadcrumb %s' % text)

    def body(self):
        return self.page.locator('.oe_view_manager_current').first.inner_text()

    def search(self, filter_name):
        """Toggle a filter or group-by of the search view's drawer."""
        self.page.locator('.oe_view_manager_current .oe_searchview_unfold_drawer').first.click()
        item = self.visible('.oe_view_manager_current .oe_searchview_drawer li:text-is("%s")' % filter_name,
                            'the search option %s' % filter_name)
        item.first.click()
        self.settle()
        self.page.locator('.oe_view_manager_current .oe_searchview_unfold_drawer').first.click()

    def button(self, text):
        self.visible('.oe_view_manager_current button:visible:has-text("%s")' % text, 'button %s' % text).first.click()
        self.settle()

    # -- the walk --------------------------------------------------------------

    def login(self):
        self.page.goto('%s/?db=%s' % (self.url, self.db))
        self.visible('.oe_login_pane input[name=login]')
        self.page.wait_for_timeout(1000)   # the login widget binds its handlers after it shows
        self.page.fill('.oe_login_pane input[name=login]', 'admin')
        self.page.fill('.oe_login_pane input[name=password]', 'admin')
        self.page.click('.oe_login_pane button[name=submit]')
        self.visible('.oe_menu > li > a:has-text("Sales")', 'the Sales menu in the top bar')

    def satchmo_menus(self):
        self.menu('Sales')
        texts = self.page.locator('.oe_secondary_menu:visible .oe_menu_text').all_inner_texts()
        texts = [t.strip() for t in texts]
        for name in ('Satchmo', 'Import from Satchmo', 'Sync Logs', 'Records per Day', 'Sync States'):
            if name not in texts:
                raise StepFailed('no menu %r under Sales (has %s)' % (name, ', '.join(texts)))
        self.menu('Sales', 'Satchmo')   # Configuration > Satchmo unfolds
        self.visible('.oe_secondary_menu:visible a:has(.oe_menu_text:text-is("Backends"))',
                     'Sales > Configuration > Satchmo > Backends')

    def wizard(self):
        self.menu('Sales', 'Import from Satchmo')
        dialog = self.visible('.ui-dialog:visible', 'the Import from Satchmo dialog')
        if 'What to import' not in dialog.first.inner_text():
            raise StepFailed('the wizard does not ask what to import')
        self.page.locator('.ui-dialog:visible button:has-text("Import")').first.click()
        self.settle()
        self.log_form_is_clean()

    def log_form_is_clean(self):
        self.visible('.oe_view_manager_current label:text-is("HTTP Requests")', 'a sync log\'s form')
        self.visible('.oe_view_manager_current .oe_form_field_status li.oe_active', 'the log state')
        steps = [t.strip() for t in self.page.locator(
            '.oe_view_manager_current .oe_form_field_status li:visible').all_inner_texts()]
        if steps[0] != 'Running' or len(steps) != 2:
            raise StepFailed('the status bar reads %s' % ' > '.join(steps))
        self.hidden('.oe_view_manager_current button:has-text("Stop")', 'Stop on a finished log')
        self.hidden('.oe_view_manager_current .oe_form_button_edit', 'Edit on a sync log')
        self.hidden('.oe_view_manager_current .oe_form_button_create', 'Create on a sync log')
        self.hidden('.oe_view_manager_current .oe_horizontal_separator:text-is("Chunks")', 'Chunks of a run that has none')

    def log_list(self):
        self.menu('Sales', 'Sync Logs')
        self.title('Sync Logs')
        rows = self.page.locator('.oe_view_manager_current .oe_list_content tr[data-id]')
        if rows.count() < 2:
            raise StepFailed('%d sync logs listed, expected the pull and the wizard run' % rows.count())
        self.hidden('.oe_view_manager_current .oe_list_add', 'Create on the sync logs')
        self.visible('.oe_view_manager_current .oe_list_content tr[data-id] progress', 'the progress bars')

    def group_bys(self):
        for name in ('Backend', 'State', 'Trigger', 'Mode', 'Day (UTC)'):
            self.search(name)
            groups = self.page.locator('.oe_view_manager_current .oe_group_header')
            if not groups.count():
                raise StepFailed('Group By %s shows no group' % name)
            if name == 'Day (UTC)' and not re.search(r'\d{4}-\d\d-\d\d', groups.first.inner_text()):
                raise StepFailed('Group By Day shows %r' % groups.first.inner_text())
            self.search(name)   # off again

    def log_form(self):
        self.page.locator('.oe_view_manager_current .oe_list_content tr[data-id] td.oe_list_field_cell').first.click()
        self.settle()
        self.log_form_is_clean()

    def graph(self):
        self.menu('Sales', 'Records per Day')
        self.title('Records per Day')
        self.visible('.oe_view_manager_current canvas', 'the graph')
        legend = self.page.locator('.oe_view_manager_current .graph_header_legend').all_inner_texts()
        if not legend or 'Pulled' not in legend[0] or 'Failed' not in legend[0]:
            raise StepFailed('the graph\'s legend reads %r, expected Pulled and Failed' % legend)

    def sync_states(self):
        self.menu('Sales', 'Sync States')
        self.title('Sync States')
        text = self.body()
        if re.search(r'res\.partner \d|product\.product \d|sale\.order \d', text):
            raise StepFailed('the sync states list shows bare model names and ids')
        self.hidden('.oe_view_manager_current .oe_list_add', 'Create on the sync states')
        self.search('Skipped')
        rows = self.page.locator('.oe_view_manager_current .oe_list_content tr[data-id]')
        if rows.count() < 1:
            raise StepFailed('no skipped sync state to retry')
        rows.first.locator('.oe_list_record_selector input').click()
        self.page.locator('.oe_view_manager_current .oe_sidebar button:has-text("More")').first.click()
        self.visible('.oe_view_manager_current .oe_sidebar .oe_dropdown_menu a:has-text("Retry selected")',
                     'Retry selected in More').first.click()
        self.settle()
        self.visible('.oe_view_manager_current label:text-is("HTTP Requests")', 'the retry\'s sync log')
        self.visible('.oe_view_manager_current .oe_form_field_text:has-text("Skipped Orders")',
                     'why the retried record was skipped')

    def sync_state_form(self):
        self.menu('Sales', 'Sync States')
        self.page.locator('.oe_view_manager_current .oe_list_content tr[data-id] td.oe_list_field_cell').first.click()
        self.settle()
        crumb = self.page.locator('.oe_view_manager_current .oe_breadcrumb_title').first.inner_text().strip()
        if not re.search(r'Sync States / [A-Z][a-z ]+ \S+(: .+)?$', crumb):
            raise StepFailed('the breadcrumb reads %r' % crumb)
        self.hidden('.oe_view_manager_current .oe_form_button_edit', 'Edit on a sync state')
        self.hidden('.oe_view_manager_current .oe_horizontal_separator:has-text("Why it failed")',
                    'an empty error section')

    def backend(self):
        self.menu('Sales', 'Satchmo', 'Backends')
        self.page.locator('.oe_view_manager_current .oe_list_content tr[data-id] td.oe_list_field_cell').first.click()
        self.settle()
        self.button('Test Connection')
        status = self.visible('.oe_view_manager_current td:has(label:text-is("Connection")) + td',
                              'the Connection label and its status').first.inner_text()
        if not status.strip().startswith('OK'):
            raise StepFailed('Test Connection says %r' % status)
        self.page.locator('.oe_view_manager_current .ui-tabs-nav a:text-is("Runs")').first.click()
        self.hidden('.oe_view_manager_current .ui-tabs-panel:has-text("Scheduled action")', 'a tab not chosen')

    def preview(self):
        """The backend's Preview: a log of mode Preview that says nothing was changed, its lines as a list."""
        self.menu('Sales', 'Satchmo', 'Backends')
        self.page.locator('.oe_view_manager_current .oe_list_content tr[data-id] td.oe_list_field_cell').first.click()
        self.settle()
        self.button('Preview')
        self.settle()
        self.visible('.oe_view_manager_current .oe_form_field:has-text("nothing was changed in OpenERP")',
                     'the preview\'s message')
        self.visible('.oe_view_manager_current .oe_horizontal_separator:has-text("What the Pull Would Do")',
                     'the preview\'s lines')
        sheet = self.visible('.oe_view_manager_current .oe_form_sheet:visible', 'the log').first.inner_text()
        if not re.search(r'Progress \(%\)\s+100[.,]00\s*%', sheet):
            raise StepFailed('a preview that ended does not show its progress at 100%%: %r' % sheet[:600])
        self.log_form_is_clean()
        self.button('Open as a List')
        self.title('Preview')
        self.visible('.oe_view_manager_current th:has-text("The Pull Would"):visible', 'the lines\' list')

    def sale_order(self):
        self.menu('Sales', 'Sales Orders')
        self.page.locator('.oe_view_manager_current .oe_list_content tr[data-id] td.oe_list_field_cell').first.click()
        self.settle()
        self.page.locator('.oe_view_manager_current .ui-tabs-nav a:text-is("Satchmo")').first.click()
        self.visible('.oe_view_manager_current .oe_horizontal_separator:has-text("in the shop\'s time zone")',
                     'the shop status history, saying its time zone')
        self.hidden('.oe_view_manager_current .oe_form_button_save', 'Save on a form not being edited')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--url', required=True)
    parser.add_argument('--db', required=True)
    parser.add_argument('--out', default='.build/browser')
    args = parser.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)
    os.makedirs(args.out)
    profile = tempfile.mkdtemp(prefix='oesync-chromium-')
    started = time.time()
    try:
        with sync_playwright() as p:
            context = p.chromium.launch_persistent_context(
                profile, executable_path=CHROMIUM, args=FLAGS, headless=True, viewport={'width': 1280, 'height': 900})
            walk = Walk(context.new_page(), args.url.rstrip('/'), args.db, args.out)
            walk.step('login', walk.login)
            if not walk.failures:
                for name in ('satchmo_menus', 'wizard', 'log_list', 'group_bys', 'log_form', 'graph', 'sync_states',
                             'sync_state_form', 'backend', 'preview', 'sale_order'):
                    walk.step(name, getattr(walk, name))
            context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    print('%d steps in %.0f s, %d failed; screenshots in %s' % (walk.count, time.time() - started,
                                                              len(walk.failures), args.out))
    for failure in walk.failures:
        print('FAILED %s' % failure)
    return 1 if walk.failures else 0


if __name__ == '__main__':
    sys.exit(main())
