# -*- coding: utf-8 -*-
"""Test runner of the store: Django's, plus two things `make test` needs.

- Satchmo's shipped fixtures are loaded once into the test database, after
  it is created: every TestCase starts from a real shop (countries, the
  sample contacts and store config, the sample catalog, US taxes) and rolls
  back to it, instead of reloading ~5,000 rows for each test.
- The counts (passed, failed, errors, skipped) are written as JSON to the
  file named by $OESYNC_RESULT, for the summary line of `make test`.
"""
import json
import os

from django.core.management import call_command
from django.test.simple import DjangoTestSuiteRunner

SHIPPED_FIXTURES = ('l10n_data.xml', 'sample-store-data.yaml', 'products.yaml', 'us_tax.yaml')


class StoreTestRunner(DjangoTestSuiteRunner):

    def setup_databases(self, **kwargs):
        config = super(StoreTestRunner, self).setup_databases(**kwargs)
        call_command('loaddata', *SHIPPED_FIXTURES, verbosity=0, commit=True)
        return config

    def run_suite(self, suite, **kwargs):
        result = super(StoreTestRunner, self).run_suite(suite, **kwargs)
        path = os.environ.get('OESYNC_RESULT')
        if path:
            bad = len(result.failures) + len(result.errors) + len(getattr(result, 'unexpectedSuccesses', []))
            skipped = len(getattr(result, 'skipped', []))
            with open(path, 'w') as f:
                json.dump({'suite': 'satchmo_export (Django)', 'ran': result.testsRun,
                           'failed': bad, 'skipped': skipped,
                           'passed': result.testsRun - bad - skipped}, f)
        return result
