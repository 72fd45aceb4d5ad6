# -*- coding: utf-8 -*-
"""Installing the export into a shop as the READMEs say, and checking it there."""
import os
import re
import StringIO
import types

from django.core.management import call_command
from django.core.urlresolvers import RegexURLResolver
from django.db.models import get_app
from django.test.simple import build_suite
from django.test.utils import override_settings

import satchmo_export
from satchmo_export.resources import RESOURCES
from satchmo_store import urls as satchmo_urls
from teststore.tests.base import EXPORT, TOKEN, ExportTestCase

REPOSITORY = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..')
PACKAGE = os.path.dirname(os.path.abspath(satchmo_export.__file__))


def readme(path):
    with open(os.path.join(REPOSITORY, path)) as f:
        return f.read()


def python_blocks(path):
    """The ```python blocks of a README."""
    return re.findall(r'```python\n(.*?)```', readme(path), re.S)


APP_README = python_blocks('satchmo_export/README.md')


class ReadmeTest(ExportTestCase):

    def test_the_shops_guide_is_the_one_place_of_the_settings_and_urls(self):
        self.assertEqual(len(APP_README), 2)
        self.assertIn('satchmo_export/README.md', readme('README.md'), 'the top README points the shop to it')
        for other in ('README.md', 'oesync_pull/README.md'):
            for block in APP_README:
                self.assertNotIn(block, readme(other), 'written once, in the shop\'s guide')

    def settings_of_the_readme(self, environ):
        """What the README's settings.py lines give, in a shop whose settings have INSTALLED_APPS."""
        saved = os.environ.copy()
        os.environ.clear()
        os.environ.update(environ)
        try:
            shop_settings = {'INSTALLED_APPS': ('django.contrib.sites', 'satchmo_store.shop')}
            exec APP_README[0] in shop_settings
        finally:
            os.environ.clear()
            os.environ.update(saved)
        self.assertEqual(shop_settings['INSTALLED_APPS'][-1], 'satchmo_export')
        return shop_settings['SATCHMO_EXPORT']

    def test_settings_without_the_variable_keep_the_shop_up_and_the_export_answers_503(self):
        export = self.settings_of_the_readme({})
        with override_settings(SATCHMO_EXPORT=export):
            self.assertEqual(self.get('orders/', token='').status_code, 503)
        export = self.settings_of_the_readme({'SATCHMO_EXPORT_TOKEN': TOKEN})
        with override_settings(SATCHMO_EXPORT=export):
            self.assertEqual(self.get('orders/').status_code, 200)

    def test_urls_change_puts_the_export_before_satchmo(self):
        shop_urls = types.ModuleType('shop_urls')
        shop_urls.urlpatterns = list(satchmo_urls.urlpatterns)     # a shop's urls.py, as Satchmo's
        exec APP_README[1] in shop_urls.__dict__
        resolver = RegexURLResolver(r'^/', shop_urls)
        self.assertEqual(resolver.resolve('/export/orders/').func.__name__, 'listing')
        self.assertEqual(resolver.resolve('/export/invoices/').func.__name__, 'unknown')
        self.assertEqual(resolver.resolve('/').func.__name__, 'home')          # Satchmo's pages stay


class InstalledPackageTest(ExportTestCase):

    def test_the_package_brings_no_tests_that_need_this_test_store(self):
        # what `manage.py test` collects from the app in any shop
        self.assertEqual(build_suite(get_app('satchmo_export')).countTestCases(), 0)
        for folder, _, files in os.walk(PACKAGE):
            for name in files:
                if name.endswith('.py'):
                    with open(os.path.join(folder, name)) as f:
                        self.assertNotIn('teststore', f.read(), name)

    def test_the_package_ships_the_index_of_the_change_log(self):
        with open(os.path.join(REPOSITORY, 'satchmo_export', 'MANIFEST.in')) as f:
            self.assertIn('*.sql', f.read())
        self.assertTrue(os.path.exists(os.path.join(PACKAGE, 'sql', 'changelog.sql')))


class CheckCommandTest(ExportTestCase):

    def check(self):
        """(exit status, stdout, stderr) of manage.py satchmo_export_check."""
        out, err = StringIO.StringIO(), StringIO.StringIO()
        try:
            call_command('satchmo_export_check', stdout=out, stderr=err)
            status = 0
        except SystemExit as e:
            status = e.code
        return status, out.getvalue(), err.getvalue()

    def test_a_working_export(self):
        status, out, err = self.check()
        self.assertEqual((status, err), (0, ''))
        self.assertIn('/export/products/: 22 of 22 records listed', out)
        self.assertIn('without the token: refused (401)', out)
        self.assertIn('OK', out)
        self.assertNotIn(TOKEN, out)

    def test_no_token(self):
        with override_settings(SATCHMO_EXPORT={}):
            status, out, err = self.check()
        self.assertEqual(status, 1)
        self.assertIn("SATCHMO_EXPORT['TOKEN'] is not set", err)

    def test_urls_not_included(self):
        with override_settings(ROOT_URLCONF='satchmo_store.urls'):
            status, out, err = self.check()
        self.assertEqual(status, 1)
        self.assertIn("urls.py does not include satchmo_export.urls", err)

    def test_a_record_that_fails_to_export(self):
        resource = RESOURCES['contacts']

        def broken(records, absolute_url):
            raise ValueError('an address without a country')
        resource.load = broken
        try:
            status, out, err = self.check()
        finally:
            del resource.load
        self.assertEqual(status, 1)
        self.assertIn('/export/contacts/', err)
        self.assertIn('HTTP 500', err)
        self.assertIn('ValueError: an address without a country', err)    # the traceback, from the log

    @override_settings(SATCHMO_EXPORT=dict(EXPORT, MAX_PAGE_SIZE=7))
    def test_follows_every_page(self):
        status, out, err = self.check()
        self.assertEqual(status, 0, err)
        self.assertIn('/export/countries/: 244 of 244 records listed', out)
