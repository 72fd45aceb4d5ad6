# -*- coding: utf-8 -*-
"""`make demo`'s OpenERP side, over XML-RPC as an administrator would: create
(or update) the Satchmo backend pointing at the demo store, configure it as
the shop's accountant would (a tax per shop tax rate, a journal per payment
method, a write-off account), pull the shop, and print what the run did, a
reconciliation of the orders against the shop, the health check's verdict,
and where to see it all.

    python demo_import.py --url URL --db DB --shop EXPORT_URL --token TOKEN --tax-rules FILE

FILE: the shop's tax rates as JSON ([{tax_class, country, state, percentage}],
teststore.scenario.tax_rules()).
"""
import argparse
import json
import xmlrpclib
from decimal import ROUND_HALF_UP, Decimal

BACKEND = 'Satchmo demo store'


def cents(value):
    return Decimal(str(value)).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--url', required=True)
    p.add_argument('--db', required=True)
    p.add_argument('--shop', required=True)
    p.add_argument('--token', required=True)
    p.add_argument('--tax-rules', required=True)
    p.add_argument('--login', default='admin')
    p.add_argument('--password', default='admin')
    a = p.parse_args()

    uid = xmlrpclib.ServerProxy(a.url + '/xmlrpc/common').login(a.db, a.login, a.password)
    obj = xmlrpclib.ServerProxy(a.url + '/xmlrpc/object', allow_none=True)

    def execute(model, method, *args):
        return obj.execute(a.db, uid, a.password, model, method, *args)

    backend = configure(execute, a)
    print('Satchmo backend #%d "%s" -> %s' % (backend, BACKEND, a.shop))
    execute('satchmo.backend', 'action_test_connection', [backend])
    print('Test connection: %s' % execute('satchmo.backend', 'read', [backend],
                                          ['connection_status'])[0]['connection_status'])

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
    reconciliation(execute, backend)
    health(execute, backend)
    execute('satchmo.backend', 'action_start_schedule', [backend])
    print('Scheduled pulls started (the configuration check found no problem).')
    print('\nIn OpenERP: Sales > Satchmo > Sync Logs (this run and the health check), Sync States (every shop record), '
          'Import from Satchmo;\nSales > Sales Orders (filters "Totals differ", "To review"; tab Satchmo), '
          'Accounting > Customers > Customer Invoices and Customer Payments;\nthe backend under '
          'Sales > Configuration > Satchmo > Backends.')


def configure(execute, a):
    """The backend, and (once) its tax rules, payment methods and write-off account."""
    first = lambda model, domain: execute(model, 'search', domain, 0, 1, 'id')[0]
    vals = {'name': BACKEND, 'location': a.shop, 'token': a.token}
    ids = execute('satchmo.backend', 'search', [('name', '=', BACKEND)])
    if ids:
        execute('satchmo.backend', 'write', ids, vals)
        return ids[0]
    vals.update({
        'writeoff_account_id': first('account.account', [('type', '=', 'other'), ('user_type.code', '=', 'expense')]),
        'payment_map_ids': [(0, 0, {'method': 'DUMMY', 'journal_id': first('account.journal', [('type', '=', 'bank')])}),
                            (0, 0, {'method': 'PURCHASEORDER',
                                    'journal_id': first('account.journal', [('type', '=', 'cash')])})],
    })
    backend = execute('satchmo.backend', 'create', vals)
    with open(a.tax_rules) as f:
        rules = json.load(f)
    execute('satchmo.backend', 'setup_tax_rules', [backend], rules,
            first('account.account', [('code', '=', '255000')]))
    return backend


def reconciliation(execute, backend):
    """The shop's orders against OpenERP's: totals, invoices, payments."""
    states = execute('satchmo.sync.state', 'read', execute('satchmo.sync.state', 'search', [
        ('backend_id', '=', backend), ('resource', '=', 'orders')]), ['satchmo_id', 'res_id', 'state', 'error'])
    booked = [s for s in states if s['res_id']]
    orders = execute('sale.order', 'read', [s['res_id'] for s in booked], [
        'name', 'client_order_ref', 'state', 'amount_total', 'satchmo_total', 'satchmo_totals_differ', 'invoice_ids',
        'satchmo_status', 'satchmo_review'])
    print('\nOrders: %d in the shop\'s feed, %d booked, %d skipped, %d failed'
          % (len(states), len(booked), len([s for s in states if s['state'] == 'skipped']),
             len([s for s in states if s['state'] == 'failed'])))
    print('  %-6s %-8s %-11s %-10s %10s %10s %6s  %s' % ('shop', 'order', 'shop status', 'state', 'shop total',
                                                       'OpenERP', 'match', 'invoice'))
    matched = paid = open_ = 0
    for so in sorted(orders, key=lambda o: int(o['client_order_ref'])):
        invoices = execute('account.invoice', 'read', so['invoice_ids'], ['number', 'type', 'state', 'residual'])
        described = ', '.join('%s %s%s' % (i['number'] or 'draft', i['state'],
                                           ' (residual %s)' % cents(i['residual']) if i['state'] == 'open' else '')
                              for i in invoices)
        same = cents(so['amount_total']) == cents(so['satchmo_total']) and not so['satchmo_totals_differ']
        matched += same
        paid += len([i for i in invoices if i['type'] == 'out_invoice' and i['state'] == 'paid'])
        open_ += len([i for i in invoices if i['type'] == 'out_invoice' and i['state'] == 'open'])
        print('  %-6s %-8s %-11s %-10s %10s %10s %6s  %s' % (so['client_order_ref'], so['name'], so['satchmo_status'],
                                                           so['state'], cents(so['satchmo_total']),
                                                           cents(so['amount_total']), 'yes' if same else 'NO',
                                                           described or '-'))
        if so['satchmo_review']:
            print('         %s' % so['satchmo_review'])
    for state in states:
        if not state['res_id']:
            print('  %-6s %s: %s' % (state['satchmo_id'], state['state'], state['error']))
    print('Totals matched: %d of %d; differences: %d; invoices paid: %d, open: %d'
          % (matched, len(orders), len(orders) - matched, paid, open_))


def health(execute, backend):
    """The health check: the shop's export against OpenERP, record by record."""
    [result] = execute('satchmo.backend', 'health_check', [backend])
    log = execute('satchmo.sync.log', 'read', [result['log_id']], ['message', 'duration'])[0]
    print('\nHealth check (%.1f s): %s' % (log['duration'], log['message']))
    for diff in execute('satchmo.health.difference', 'read', execute(
            'satchmo.health.difference', 'search', [('log_id', '=', result['log_id'])]), []):
        print('  differs: %s %s, %s: %s' % (diff['resource'], diff['satchmo_id'], diff['what'], diff['message']))


if __name__ == '__main__':
    main()
