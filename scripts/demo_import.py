# -*- coding: utf-8 -*-
"""`make demo`'s OpenERP side, over XML-RPC as an administrator would: create
(or update) the Satchmo backend pointing at the demo store, map the store's
tax classes, pull the shop, and print what each run did and where to see it.

    python demo_import.py --url URL --db DB --shop EXPORT_URL --token TOKEN
"""
import argparse
import xmlrpclib

BACKEND = 'Satchmo demo store'


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--url', required=True)
    p.add_argument('--db', required=True)
    p.add_argument('--shop', required=True)
    p.add_argument('--token', required=True)
    p.add_argument('--login', default='admin')
    p.add_argument('--password', default='admin')
    a = p.parse_args()

    uid = xmlrpclib.ServerProxy(a.url + '/xmlrpc/common').login(a.db, a.login, a.password)
    obj = xmlrpclib.ServerProxy(a.url + '/xmlrpc/object', allow_none=True)

    def execute(model, method, *args):
        return obj.execute(a.db, uid, a.password, model, method, *args)

    vals = {'name': BACKEND, 'location': a.shop, 'token': a.token}
    ids = execute('satchmo.backend', 'search', [('name', '=', BACKEND)])
    if ids:
        execute('satchmo.backend', 'write', ids, vals)
    else:
        ids = [execute('satchmo.backend', 'create', vals)]
    backend = ids[0]
    configure_taxes(execute, backend)
    print('Satchmo backend #%d "%s" -> %s' % (backend, BACKEND, a.shop))
    status = execute('satchmo.backend', 'action_test_connection', [backend]) and \
        execute('satchmo.backend', 'read', [backend], ['connection_status'])[0]['connection_status']
    print('Test connection: %s' % status)

    log_id = execute('satchmo.backend', 'import_now', [backend])[0]
    log = execute('satchmo.sync.log', 'read', [log_id], [])[0]
    print('\nPull (%s, %s): %s in %.1f s, %d HTTP requests' % (log['mode'], log['trigger'], log['state'],
                                                                log['duration'], log['requests']))
    if log['message']:
        print('  %s' % log['message'])
    for count in execute('satchmo.sync.log.count', 'read', log['count_ids'], []):
        print('  %-11s %4d created %4d updated %4d unchanged %4d failed %4d skipped' % (
            count['resource'], count['created'], count['updated'], count['unchanged'], count['failed'],
            count['skipped']))
    for failure in execute('satchmo.sync.log.failure', 'read', log['failure_ids'], []):
        print('  failed: %s %s: %s' % (failure['resource'], failure['satchmo_id'], failure['message']))
    print('\nIn OpenERP: Sales > Satchmo > Sync Logs (this run), Sync States (every shop record), '
          'Import from Satchmo;\nSales > Products, Sales > Customers; the backend under '
          'Sales > Configuration > Satchmo > Backends.')


def configure_taxes(execute, backend):
    """The demo store's tax classes: 'Default' taxed by the chart's sales tax."""
    taxes = execute('account.tax', 'search', [('type_tax_use', '=', 'sale'), ('amount', '=', 0),
                                              ('name', '=', 'Tax 0.00%')])
    maps = execute('satchmo.tax.map', 'search', [('backend_id', '=', backend), ('tax_class', '=', 'Default')])
    if not maps:
        execute('satchmo.tax.map', 'create', {'backend_id': backend, 'tax_class': 'Default',
                                              'tax_ids': [(6, 0, taxes[:1])]})


if __name__ == '__main__':
    main()
