# -*- coding: utf-8 -*-
"""The soak: seeded rounds of random shop activity (teststore/soak.py) with a pull after each round,
then the health check, which must find the books as the shop, and no record left failed or pending.

Short by default (part of `make test`); `make soak` runs the long form. OESYNC_SOAK_ROUNDS,
OESYNC_SOAK_OPERATIONS and OESYNC_SOAK_SEED set its size and seed.
"""
import json
import os

from conftest import BUILD, configure_backend, start_shop

ROUNDS = int(os.environ.get('OESYNC_SOAK_ROUNDS', '10'))
OPERATIONS = int(os.environ.get('OESYNC_SOAK_OPERATIONS', '12'))
SEED = int(os.environ.get('OESYNC_SOAK_SEED', '2026'))


def test_soak_rounds_keep_the_books_as_the_shop(openerp_db):
    oe = openerp_db('soak')
    with start_shop('cross-shop-soak.log') as store:
        backend = configure_backend(oe, store, 'Soak store')
        report = {'seed': SEED, 'rounds': ROUNDS, 'operations_per_round': OPERATIONS, 'actions': {}, 'pulls': []}
        oe.execute('satchmo.backend', 'import_now', [backend])
        for number in range(ROUNDS):
            for action, count in store.scenario('soak_round', SEED, number, OPERATIONS, module='soak').items():
                report['actions'][action] = report['actions'].get(action, 0) + count
            [log_id] = oe.execute('satchmo.backend', 'import_now', [backend])
            [log] = oe.execute('satchmo.sync.log', 'read', [log_id], ['state', 'record_count', 'failed', 'message'])
            report['pulls'].append(log)
            assert log['state'] in ('done', 'partial'), log
        [result] = oe.execute('satchmo.backend', 'health_check', [backend])
        report['shop'] = store.scenario('soak_totals', module='soak')
        report['differences'] = oe.search_read('satchmo.health.difference', [('log_id', '=', result['log_id'])],
                                               ['resource', 'satchmo_id', 'what', 'message'])
        report['not_synced'] = oe.search_read('satchmo.sync.state', [('state', 'in', ('failed', 'pending'))],
                                              ['resource', 'satchmo_id', 'state', 'error'])
        with open(os.path.join(BUILD, 'run', 'soak-report.json'), 'w') as f:
            json.dump(report, f, indent=1, sort_keys=True, default=str)
        assert report['not_synced'] == []
        assert (result['state'], result['differences']) == ('done', 0), report['differences']
