# -*- coding: utf-8 -*-
"""Runs OpenERP 7 addons' tests in-process, with a real exit code.

    python run_addon_tests.py -c openerp.conf -d DB [--result FILE] ADDON...

`openerp-server --test-enable` always exits 0 and runs tests only while a
module installs. This loads the registry of an existing database (cloned
from the shop template) and runs, with unittest2, the test modules each
addon lists in `checks` and `fast_suite` of its tests/__init__.py.
Exit code 1 on any failure or error, on a test module that does not import,
and on an addon that has no test.
"""
import argparse
import importlib
import json
import sys

import unittest2


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-c', dest='conf', required=True)
    parser.add_argument('-d', dest='db', required=True)
    parser.add_argument('--result')
    parser.add_argument('addons', nargs='+')
    args = parser.parse_args()

    import openerp
    openerp.tools.config.parse_config(['-c', args.conf, '-d', args.db, '--log-level=warn'])
    openerp.modules.registry.RegistryManager.get(args.db)

    suite = unittest2.TestSuite()
    broken = []
    counts = {}
    for addon in args.addons:
        try:
            package = importlib.import_module('openerp.addons.%s.tests' % addon)
        except Exception as e:
            broken.append('%s: tests do not import: %s' % (addon, e))
            continue
        modules = list(getattr(package, 'checks', [])) + list(getattr(package, 'fast_suite', []))
        addon_suite = unittest2.TestSuite(
            unittest2.defaultTestLoader.loadTestsFromModule(m) for m in modules)
        counts[addon] = addon_suite.countTestCases()
        if not counts[addon]:
            broken.append('%s: no test listed in checks/fast_suite of its tests/__init__.py' % addon)
        suite.addTest(addon_suite)

    result = unittest2.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    for line in broken:
        print('ERROR: %s' % line)
    bad_tests = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    skipped = len(result.skipped)
    failed = bad_tests + len(broken)
    if args.result:
        with open(args.result, 'w') as f:
            json.dump({'suite': 'OpenERP addons (%s)' % ', '.join(args.addons), 'ran': result.testsRun,
                       'failed': failed, 'skipped': skipped,
                       'passed': result.testsRun - bad_tests - skipped}, f)
    sys.exit(1 if failed or not result.testsRun else 0)


if __name__ == '__main__':
    main()
