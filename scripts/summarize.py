# -*- coding: utf-8 -*-
"""Adds up the suites' result files into the last line of `make test`.

    python summarize.py RESULT_DIR SUITE...

Each suite writes RESULT_DIR/SUITE.json ({"ran", "passed", "failed",
"skipped"}). A suite with no file (it crashed, timed out or never started)
or that ran no test counts as one failure. Exit code 1 when anything failed.
"""
import json
import os
import sys


def main(result_dir, suites):
    passed = failed = skipped = 0
    for name in suites:
        path = os.path.join(result_dir, name + '.json')
        if not os.path.exists(path):
            print('  %-28s no result: the suite crashed, timed out or did not run' % name)
            failed += 1
            continue
        with open(path) as f:
            r = json.load(f)
        note = ''
        if not r['ran']:
            note = ' (ran no test)'
            failed += 1
        print('  %-28s %d passed, %d failed, %d skipped%s' % (name, r['passed'], r['failed'], r['skipped'], note))
        passed += r['passed']
        failed += r['failed']
        skipped += r['skipped']
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1], sys.argv[2:]))
