# -*- coding: utf-8 -*-
"""The cost of a sync, measured in-process on one OpenERP database (`make bench`, scripts/bench.sh).

    python bench.py -c CONF -d DB --shop EXPORT_URL --token TOKEN --tax-rules FILE --shop-data DIR
                    [--limit N] [--orders N] [--sample N] [--push-url URL --push-db DB] --out FILE
                    [--payment-route voucher|move] [--delivery-policy shop|openerp]
                    [--orders-only --push-books FILE]

Phases, each timed and its SQL queries counted (a counter on OpenERP's cursor):
- ours: the initial pull, one resource at a time (records per second, queries per record): every
  record, or the first --limit of a bigger shop (orders: the first --orders, booked fully: confirmed,
  invoiced, paid; the customers and products they need imported before, untimed), the change feed
  then set past the rest;
- noop: a pull with nothing changed (time, HTTP requests);
- changed: a pull after 1% of the products and contacts changed in the shop;
- bare: the same kind of records created by plain ORM calls with no sync bookkeeping (products,
  partners; orders: partner, order and the lines `ours` gave it, confirm, invoice dated on the order,
  validate, a voucher per shop payment), rolled back;
- push: that order chain over XML-RPC against a running server (the predecessor's way, no deliveries);
- health, preview: the health check over the whole shop, and the backend's preview over XML-RPC, its
  cursors rewound for it so that it too walks the whole shop (None when the server has no preview), timed
  side by side;
- books: the journal items of the first --sample orders (with payments) as `ours` booked them against
  the push's (oesync_pull/books.py): 'identical', or each order's differences;
- where an order's time goes: during `ours`, time and queries per booking step (mapping, creating the
  sale order, checking totals, confirming, invoicing, each payment); then --profile more orders
  imported under cProfile, its top functions written to --profile-out.
--payment-route and --delivery-policy set the backend's policies (default: the backend's defaults).
--orders-only: a policy run on a fresh database: the orders phase of `ours` alone, its books compared
with the push's of the main run (--push-books: that run's --out).
Writes one JSON object to --out, with this process's peak memory.
"""
import argparse
import cProfile
import json
import pstats
import resource
import StringIO
import os
import subprocess
import time
import xmlrpclib
from decimal import Decimal

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QUERIES = [0]
STEPS = {}   # booking step -> [calls, seconds, queries]


def count_queries():
    import openerp.sql_db
    execute = openerp.sql_db.Cursor.execute

    def counted(self, *args, **kwargs):
        QUERIES[0] += 1
        return execute(self, *args, **kwargs)
    openerp.sql_db.Cursor.execute = counted


def time_steps(extra=()):
    """Time and count the queries of an order's parts: its mapping and creation (OrderImporter's `map`,
    `create`), its totals check (OrderBooking's `check_totals`) and each booking step by name, payments as one
    (ImportRun's `run_step`); `extra`: other methods of OrderImporter, by name."""
    from openerp.addons.oesync_pull.booking import OrderBooking
    from openerp.addons.oesync_pull.order_importer import OrderImporter
    from openerp.addons.oesync_pull.run import ImportRun

    def timed(method, name_of):
        def wrapper(*args, **kwargs):
            t0, q0 = time.time(), QUERIES[0]
            try:
                return method(*args, **kwargs)
            finally:
                step = STEPS.setdefault(name_of(args), [0, 0.0, 0])
                step[0] += 1
                step[1] += time.time() - t0
                step[2] += QUERIES[0] - q0
        return wrapper
    ImportRun.run_step = timed(ImportRun.run_step, lambda a: a[4].split(' payment')[0] + (' payment' if 'payment' in a[4] else ''))
    OrderBooking.check_totals = timed(OrderBooking.check_totals, lambda a: 'check_totals')
    for name in ('map', 'create') + tuple(extra):
        setattr(OrderImporter, name, timed(getattr(OrderImporter, name), lambda a, n=name: n))


class Measure(object):
    """with Measure() as m: ...  ->  m.seconds, m.queries"""

    def __enter__(self):
        self.t0, self.q0 = time.time(), QUERIES[0]
        return self

    def __exit__(self, *exc):
        self.seconds, self.queries = time.time() - self.t0, QUERIES[0] - self.q0


def rate(count, m):
    return {'records': count, 'seconds': round(m.seconds, 2), 'queries': m.queries,
            'per_second': round(count / m.seconds, 1) if m.seconds and count else None,
            'ms_per_record': round(1000.0 * m.seconds / count, 1) if count else None,
            'queries_per_record': round(float(m.queries) / count, 1) if count else None}


class Bench(object):

    def __init__(self, args):
        import openerp
        from openerp import SUPERUSER_ID
        openerp.tools.config.parse_config(['-c', args.conf, '-d', args.db, '--log-level=warn'])
        self.registry = openerp.modules.registry.RegistryManager.get(args.db)
        self.uid, self.args = SUPERUSER_ID, args
        self.headers = {'Authorization': 'Token %s' % args.token}

    def model(self, name):
        return self.registry[name]

    def cursor(self):
        return self.registry.db.cursor()

    def call(self, model, method, *args):
        """One ORM call in a transaction of its own, committed."""
        cr = self.cursor()
        try:
            result = getattr(self.model(model), method)(cr, self.uid, *args)
            cr.commit()
            return result
        finally:
            cr.close()

    def shop(self, resource, **params):
        response = requests.get(self.args.shop + resource, params=params, headers=self.headers, timeout=600)
        response.raise_for_status()
        return response.json()

    def configure(self):
        """A backend as the shop's accountant sets it up; the books open for the bench shop's past years."""
        first = lambda model, domain: self.call(model, 'search', domain, 0, 1, 'id')[0]
        for year in range(2018, int(time.strftime('%Y'))):
            if not self.call('account.fiscalyear', 'search', [('code', '=', str(year))]):
                fiscal_year = self.call('account.fiscalyear', 'create', {
                    'name': str(year), 'code': str(year), 'date_start': '%d-01-01' % year,
                    'date_stop': '%d-12-31' % year})
                self.call('account.fiscalyear', 'create_period', [fiscal_year])
        company = self.call('res.users', 'read', self.uid, ['company_id'])['company_id'][0]
        currency = self.call('res.company', 'read', company, ['currency_id'])['currency_id'][0]
        rates = self.call('res.currency.rate', 'search', [('currency_id', '=', currency)], 0, 1, 'name')
        first_rate = self.call('res.currency.rate', 'read', rates[0], ['rate'])['rate']
        self.call('res.currency.rate', 'create', {'currency_id': currency, 'name': '2018-01-01', 'rate': first_rate})
        self.backend = self.call('satchmo.backend', 'create', {
            'name': 'Bench', 'location': self.args.shop, 'token': self.args.token, 'page_size': 500,
            'payment_route': self.args.payment_route, 'delivery_policy': self.args.delivery_policy,
            'writeoff_account_id': first('account.account', [('type', '=', 'other'),
                                                             ('user_type.code', '=', 'expense')]),
            'payment_map_ids': [(0, 0, {'method': m, 'journal_id': first('account.journal', [('type', '=', 'bank')])})
                                for m in ('DUMMY', 'PURCHASEORDER')]})
        with open(self.args.tax_rules) as f:
            rules = json.load(f)
        self.call('satchmo.backend', 'setup_tax_rules', [self.backend], rules,
                  first('account.account', [('code', '=', '255000')]))
        tax = self.call('account.tax', 'create', {'name': 'Bench product tax', 'type': 'percent', 'amount': 0.07,
                                                  'type_tax_use': 'sale'})
        maps = self.call('satchmo.tax.map', 'search', [('backend_id', '=', self.backend), ('country_id', '=', False)])
        self.call('satchmo.tax.map', 'write', maps, {'tax_ids': [(6, 0, [tax])]})

    def pull(self, mode, resources=None, retry_ids=None):
        with Measure() as m:
            log_id = self.call('satchmo.backend', 'run_import', self.backend, mode, resources, 'script', retry_ids)
        log = self.call('satchmo.sync.log', 'read', log_id, ['state', 'requests', 'message', 'count_ids', 'failed'])
        counts = self.call('satchmo.sync.log.count', 'read', log['count_ids'], [])
        log['counts'] = dict((c['resource'], dict((k, c[k]) for k in ('created', 'updated', 'unchanged', 'failed',
                                                                     'skipped'))) for c in counts)
        return m, log

    # -- phases --------------------------------------------------------------

    def ours(self):
        """The initial pull, a resource at a time: every record, or the first --limit (orders: --orders)."""
        result = {}
        resources = ('countries', 'categories', 'products', 'contacts', 'orders')
        for resource in resources[-1:] if self.args.orders_only else resources:
            limit = self.args.orders if resource == 'orders' else self.args.limit
            if resource == 'orders':
                if self.args.orders_only:
                    self.pull('full', ['countries', 'categories'])
                self.import_dependencies(limit)
            m, log, pulled = self.pull_first(resource, limit)
            result[resource] = dict(rate(pulled, m), state=log['state'], counts=log['counts'].get(resource))
        orders = result['orders']
        orders['fully_paid'] = len(self.call('sale.order', 'search', [('invoice_ids.state', '=', 'paid')]))
        booked = orders['counts']['created'] + orders['counts']['updated'] if orders['counts'] else 0
        orders['booked'] = booked   # the others: skipped by status (cancelled before import...)
        orders['orders_per_minute'] = round(60.0 * booked / orders['seconds'], 1) if booked else None
        orders['ms_per_booked_order'] = round(1000.0 * orders['seconds'] / booked, 1) if booked else None
        orders['queries_per_booked_order'] = round(float(orders['queries']) / booked, 1) if booked else None
        orders['steps'] = dict((name, {'calls': calls, 'ms_per_order': round(1000.0 * seconds / booked, 1),
                                       'queries_per_order': round(float(queries) / booked, 1)})
                               for name, (calls, seconds, queries) in STEPS.items()) if booked else {}
        orders['policies'] = {'payment_route': self.args.payment_route, 'delivery_policy': self.args.delivery_policy}
        return result

    def import_dependencies(self, limit):
        """The customers and products of the first `limit` orders that the first --limit did not bring (a big
        shop's orders refer to any of them): imported before the orders are timed, which then book only."""
        orders = self.shop('orders/', page_size=min(limit, 500))['objects']
        wanted = {'contacts': set(o['contact_id'] for o in orders if o['contact_id']),
                  'products': set(i['product_id'] for o in orders for i in o['items'] if i['product_id'])}
        states = []
        for resource, ids in sorted(wanted.items()):
            bound = set(int(s['satchmo_id']) for s in self.call('satchmo.sync.state', 'read', self.call(
                'satchmo.sync.state', 'search', [('backend_id', '=', self.backend), ('resource', '=', resource)]),
                ['satchmo_id']))
            states += [self.call('satchmo.sync.state', 'create', {'backend_id': self.backend, 'resource': resource,
                                                                   'satchmo_id': str(i), 'state': 'pending'})
                       for i in sorted(ids - bound)]
        if states:
            self.pull('retry', retry_ids=states)

    def pull_first(self, resource, limit):
        """A full pull of `resource` when the shop has at most `limit` records; else its first `limit`
        (the retry of that many pending sync states), the change feed set past the rest."""
        total = self.shop('')['resources'][resource]['count']
        if total <= limit:
            m, log = self.pull('full', [resource])
            return m, log, sum(log['counts'][resource].values())
        page = self.shop(resource + '/', page_size=min(limit, 500))
        ids = [o['id'] for o in page['objects']]
        while len(ids) < limit and page['meta']['has_more']:
            page = self.shop(resource + '/', cursor=page['meta']['next'], page_size=min(limit - len(ids), 500))
            ids += [o['id'] for o in page['objects']]
        cursor_ids = self.call('satchmo.backend.cursor', 'search', [('backend_id', '=', self.backend),
                                                                    ('resource', '=', resource)])
        self.call('satchmo.backend.cursor', 'write', cursor_ids, {'changes_cursor': page['meta']['changes_cursor']})
        states = [self.call('satchmo.sync.state', 'create', {'backend_id': self.backend, 'resource': resource,
                                                              'satchmo_id': str(i), 'state': 'pending'})
                  for i in ids]
        m, log = self.pull('retry', retry_ids=states)
        return m, log, len(ids)

    def profile(self, count, path):
        """The next `count` orders imported under cProfile: its top functions, by own and by cumulative time."""
        ids = [o['id'] for o in self.shop('orders/', page_size=min(self.args.orders + count, 500))['objects']]
        ids = ids[self.args.orders:self.args.orders + count]
        self.import_dependencies(self.args.orders + count)
        states = [self.call('satchmo.sync.state', 'create', {'backend_id': self.backend, 'resource': 'orders',
                                                              'satchmo_id': str(i), 'state': 'pending'}) for i in ids]
        profiler = cProfile.Profile()
        profiler.enable()
        self.pull('retry', retry_ids=states)
        profiler.disable()
        out = StringIO.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        out.write('%d orders imported under cProfile (times inflated by the profiler)\n' % len(ids))
        stats.sort_stats('cumulative').print_stats(40)
        stats.sort_stats('tottime').print_stats(25)
        with open(path, 'w') as f:
            f.write(out.getvalue())
        return len(ids)

    def noop(self):
        m, log = self.pull('changes')
        return dict(seconds=round(m.seconds, 2), queries=m.queries, requests=log['requests'], state=log['state'],
                    written=sum(c['created'] + c['updated'] for c in log['counts'].values()))

    def health(self):
        """The health check over the whole shop (the records not pulled are differences: 'not in OpenERP')."""
        meta = self.shop('')
        with Measure() as m:
            [result] = self.call('satchmo.backend', 'health_check', [self.backend])
        log = self.call('satchmo.sync.log', 'read', result['log_id'], ['requests', 'message'])
        records = sum(meta['resources'][r]['count'] for r in ('categories', 'products', 'contacts', 'orders'))
        return dict(seconds=round(m.seconds, 1), queries=m.queries, requests=log['requests'], records=records,
                    ms_per_record=round(1000.0 * m.seconds / records, 2), differences=result['differences'],
                    state=result['state'], message=log['message'])

    def preview(self):
        """The backend's preview (what a pull would do, written nowhere but its log of mode 'preview') over
        XML-RPC, timed beside the health check; seconds None when the server has no such method. The backend's
        cursors are rewound for it and put back after: it walks every listing, as the health check does (from
        the cursors, it would walk an empty change feed)."""
        url, db = self.args.push_url, self.args.push_db
        if not url:
            return {'seconds': None, 'error': 'no server (--push-url)'}
        uid = xmlrpclib.ServerProxy(url + '/xmlrpc/common').login(db, 'admin', 'admin')
        rpc = xmlrpclib.ServerProxy(url + '/xmlrpc/object', allow_none=True)
        fields = ['changes_cursor', 'full_cursor', 'full_after']
        cursors = self.call('satchmo.backend.cursor', 'read', self.call(
            'satchmo.backend.cursor', 'search', [('backend_id', '=', self.backend)]), fields)
        self.call('satchmo.backend.cursor', 'write', [c['id'] for c in cursors],
                  {'changes_cursor': False, 'full_cursor': False, 'full_after': 0})
        t0 = time.time()
        try:
            [result] = rpc.execute(db, uid, 'admin', 'satchmo.backend', 'preview', [self.backend])
        except xmlrpclib.Fault as e:
            return {'seconds': None, 'error': e.faultString.strip().splitlines()[-1][:300]}
        finally:
            seconds = time.time() - t0
            for cursor in cursors:
                self.call('satchmo.backend.cursor', 'write', [cursor['id']], dict((k, cursor[k]) for k in fields))
        log = self.call('satchmo.sync.log', 'read', result['log_id'], ['mode', 'state', 'requests', 'record_count'])
        return dict(seconds=round(seconds, 2), records=log['record_count'], mode=log['mode'], state=log['state'],
                    requests=log['requests'], counts=result.get('counts'))

    def changed(self):
        """1% of the products (a price) and of the contacts (their notes) changed in the shop, then a pull."""
        code = ("from decimal import Decimal; from product.models import Price, Product; "
                "from satchmo_store.contact.models import Contact\n"
                "products = list(Product.objects.order_by('pk').values_list('pk', flat=True))\n"
                "for pk in products[::100]:\n"
                "    for price in Price.objects.filter(product=pk): price.price = price.price + Decimal('0.10'); price.save()\n"
                "contacts = list(Contact.objects.order_by('pk'))[::100]\n"
                "for contact in contacts: contact.notes = 'bench'; contact.save()\n"
                "print len(products[::100]) + len(contacts)")
        changed = int(subprocess.check_output(
            ['bash', os.path.join(ROOT, 'scripts', 'shop.sh'), 'py', code],
            env=dict(os.environ, OESYNC_SHOP_DATA=self.args.shop_data)).strip().splitlines()[-1])
        m, log = self.pull('changes')
        return dict(changed_in_shop=changed, seconds=round(m.seconds, 2), queries=m.queries,
                    requests=log['requests'], counts=log['counts'], state=log['state'])

    def bare(self):
        """Plain ORM creates of records like the pull's, no bookkeeping, rolled back."""
        import openerp
        from openerp import netsvc
        sample = self.args.sample
        products = self.shop('products/', page_size=sample)['objects']
        contacts = self.shop('contacts/', page_size=sample)['objects']
        cr = self.cursor()
        result = {}
        try:
            categ = self.model('ir.model.data').get_object_reference(cr, self.uid, 'product', 'product_category_all')[1]
            with Measure() as m:
                for p in products:
                    self.model('product.product').create(cr, self.uid, {
                        'name': p['name'], 'default_code': p['sku'] or p['slug'], 'categ_id': categ,
                        'list_price': float(p['unit_price'] or 0), 'description': p['description'] or False})
            result['products'] = rate(len(products), m)
            partner = self.model('res.partner')
            with Measure() as m:   # the same partners as the pull's: company, person, its other addresses
                for c in contacts:
                    company = c['organization'] and partner.create(cr, self.uid, {
                        'name': c['organization']['name'], 'is_company': True, 'customer': True})
                    addresses = c['addresses'] or [{}]
                    person = partner.create(cr, self.uid, dict(self.address(addresses[0]), **{
                        'name': '%s %s' % (c['first_name'], c['last_name']), 'email': c['email'],
                        'parent_id': company or False, 'customer': True,
                        'phone': c['phones'] and c['phones'][0]['phone'] or False}))
                    for address in addresses[1:]:
                        partner.create(cr, self.uid, dict(self.address(address), name=address['addressee'] or 'Address',
                                                          parent_id=person, type='delivery'))
            result['contacts'] = rate(len(contacts), m)
            result['orders'] = self.order_chain(lambda model, method, *a: getattr(self.model(model), method)(
                cr, self.uid, *a), lambda model, signal, res_id: netsvc.LocalService('workflow').trg_validate(
                    self.uid, model, res_id, signal, cr), self.sample_orders(), 'bare')
        finally:
            cr.rollback()
            cr.close()
        return result

    def address(self, address):
        return {'street': address.get('street1') or False, 'street2': address.get('street2') or False,
                'city': address.get('city') or False, 'zip': address.get('postal_code') or False}

    def push(self):
        """The predecessor's way: one XML-RPC call chain per order against a running server; then its books
        against ours."""
        url, db = self.args.push_url, self.args.push_db
        uid = xmlrpclib.ServerProxy(url + '/xmlrpc/common').login(db, 'admin', 'admin')
        rpc = xmlrpclib.ServerProxy(url + '/xmlrpc/object', allow_none=True)
        execute = lambda model, method, *a: rpc.execute(db, uid, 'admin', model, method, *a)
        signal = lambda model, name, res_id: rpc.exec_workflow(db, uid, 'admin', model, name, res_id)
        orders = self.sample_orders()
        result = self.order_chain(execute, signal, orders, 'push')
        pushed = self.call('sale.order', 'search', [('client_order_ref', 'in', ['push %s' % o['id'] for o in orders])])
        invoices = dict((int(so['client_order_ref'].split()[1]), so['invoice_ids'][0]) for so in self.call(
            'sale.order', 'read', pushed, ['client_order_ref', 'invoice_ids']))
        result['books'] = self.books_of(invoices)
        return result

    def sample_orders(self):
        """The first --sample shop orders with payments that `ours` invoiced, as it booked them: its sale order's
        date, pricelist and lines, the shop's billing address and payments (each with its journal)."""
        records = [o for o in self.shop('orders/', page_size=self.args.sample)['objects'] if o['payments']]
        cr = self.cursor()
        try:
            backend = self.model('satchmo.backend').browse(cr, self.uid, self.backend)
            orders = []
            for record in records:
                so_ids = self.model('sale.order').search(cr, self.uid, [('client_order_ref', '=', str(record['id']))])
                so = so_ids and self.model('sale.order').browse(cr, self.uid, so_ids[0])
                if not so or not [i for i in so.invoice_ids if i.state in ('open', 'paid')]:
                    continue
                orders.append(dict(record, tolerance=Decimal(str(backend.tolerance)).quantize(Decimal('0.01')),
                                   writeoff_account=backend.writeoff_account_id.id, sale_order={
                    'date_order': so.date_order, 'pricelist_id': so.pricelist_id.id, 'lines': [{
                        'name': l.name, 'product_id': l.product_id.id or False, 'product_uom_qty': l.product_uom_qty,
                        'product_uom': l.product_uom.id, 'price_unit': l.price_unit, 'discount': l.discount,
                        'tax_id': [(6, 0, [t.id for t in l.tax_id])]} for l in so.order_line]},
                    journals=dict((p['id'], self.model('satchmo.payment.map').journal_of(
                        cr, self.uid, backend, p['method']).id) for p in record['payments'])))
            return orders
        finally:
            cr.close()

    def order_chain(self, execute, signal, orders, ref):
        """Per order: a partner from the shop's billing address, the sale order with ours' lines, confirm,
        invoice dated on the order, validate, one voucher per shop payment on its journal (dated on it,
        reconciled with the invoice when it settles it; a payment over the invoice by no more than the
        backend's tolerance writes the difference off, as ours does)."""
        q0, t0 = QUERIES[0], time.time()
        for order in orders:
            address, so = order['bill_address'], order['sale_order']
            partner = execute('res.partner', 'create', {'name': address['addressee'] or 'Shop customer %s'
                                                        % order['contact_id'], 'street': address['street1'],
                                                        'city': address['city'], 'zip': address['postal_code'],
                                                        'customer': True})
            so_id = execute('sale.order', 'create', {
                'partner_id': partner, 'partner_invoice_id': partner, 'partner_shipping_id': partner,
                'date_order': so['date_order'], 'pricelist_id': so['pricelist_id'], 'order_policy': 'manual',
                'order_line': [(0, 0, line) for line in so['lines']], 'client_order_ref': '%s %s' % (ref, order['id'])})
            signal('sale.order', 'order_confirm', so_id)
            signal('sale.order', 'manual_invoice', so_id)
            invoice = execute('sale.order', 'read', [so_id], ['invoice_ids'])[0]['invoice_ids'][0]
            execute('account.invoice', 'write', [invoice], {'date_invoice': so['date_order'],
                                                            'date_due': so['date_order']})
            signal('account.invoice', 'invoice_open', invoice)
            move = execute('account.invoice', 'read', [invoice], ['move_id'])[0]['move_id'][0]
            for payment in order['payments']:
                paid = Decimal(payment['amount'])
                if paid <= 0:
                    continue
                [line] = execute('account.move.line', 'read', execute('account.move.line', 'search', [
                    ('move_id', '=', move), ('account_id.type', '=', 'receivable')]), ['account_id', 'amount_residual'])
                if not line['amount_residual']:
                    continue
                share = min(paid, Decimal(str(line['amount_residual'])).quantize(Decimal('0.01')))
                journal = execute('account.journal', 'read', [order['journals'][payment['id']]],
                                  ['default_debit_account_id'])[0]
                date = (payment['time_stamp'] or order['time_stamp'])[:10]
                over = paid - share
                writeoff = {'payment_option': 'with_writeoff', 'writeoff_acc_id': order['writeoff_account'],
                            'comment': 'Shop rounding'} if 0 < over <= order['tolerance'] else {}
                voucher = execute('account.voucher', 'create', dict(writeoff, **{
                    'type': 'receipt', 'partner_id': partner, 'journal_id': journal['id'], 'date': date,
                    'period_id': execute('account.period', 'find', date)[0], 'amount': float(paid),
                    'account_id': journal['default_debit_account_id'][0], 'line_cr_ids': [(0, 0, {
                        'move_line_id': line['id'], 'type': 'cr', 'amount': float(share),
                        'reconcile': float(share) == line['amount_residual'],
                        'account_id': line['account_id'][0]})]}))
                signal('account.voucher', 'proforma_voucher', voucher)
        seconds = time.time() - t0
        return {'orders': len(orders), 'seconds': round(seconds, 2), 'ms_per_order': round(1000 * seconds / len(orders)),
                'queries_per_order': round(float(QUERIES[0] - q0) / len(orders)) if QUERIES[0] > q0 else None,
                'orders_per_minute': round(60 * len(orders) / seconds, 1)}

    def books_of(self, invoices):
        """{shop order id: the journal items of its invoice and payments} (oesync_pull/books.py)."""
        from openerp.addons.oesync_pull.tests.books import journal_items
        cr = self.cursor()
        try:
            items = journal_items(cr, invoices.values())
        finally:
            cr.close()
        return dict((str(shop_id), items[invoice]) for shop_id, invoice in invoices.items())

    def compare_books(self, push_books):
        """Ours' books of the push's orders against the push's: 'identical', or the differences per order."""
        from openerp.addons.oesync_pull.tests.books import differences
        ids = self.call('sale.order', 'search', [('client_order_ref', 'in', push_books.keys())])
        invoices = dict((int(so['client_order_ref']), so['invoice_ids'][0]) for so in self.call(
            'sale.order', 'read', ids, ['client_order_ref', 'invoice_ids']) if so['invoice_ids'])
        ours = self.books_of(invoices)
        found = dict((shop_id, differences([tuple(r) for r in ours.get(shop_id, [])], [tuple(r) for r in rows]))
                     for shop_id, rows in push_books.items())
        different = dict((k, v) for k, v in found.items() if v)
        return {'orders': len(found), 'journal_items': sum(len(rows) - 1 for rows in push_books.values()),
                'identical': len(found) - len(different), 'verdict': 'identical' if not different else
                '%d of %d orders differ' % (len(different), len(found)), 'differences': different}


def main():
    p = argparse.ArgumentParser()
    p.add_argument('-c', dest='conf', required=True)
    p.add_argument('-d', dest='db', required=True)
    p.add_argument('--shop', required=True)
    p.add_argument('--token', required=True)
    p.add_argument('--tax-rules', required=True)
    p.add_argument('--shop-data', required=True)
    p.add_argument('--limit', type=int, default=1000)
    p.add_argument('--orders', type=int, default=200)
    p.add_argument('--sample', type=int, default=50)
    p.add_argument('--push-url')
    p.add_argument('--push-db')
    p.add_argument('--out', required=True)
    p.add_argument('--profile', type=int, default=0)
    p.add_argument('--profile-out')
    p.add_argument('--payment-route', choices=('voucher', 'move'), default='voucher')
    p.add_argument('--delivery-policy', choices=('shop', 'openerp'), default='shop')
    p.add_argument('--orders-only', action='store_true')
    p.add_argument('--push-books')
    args = p.parse_args()
    count_queries()
    bench = Bench(args)
    time_steps()
    bench.configure()
    result = {'ours': bench.ours()}
    if args.orders_only:
        with open(args.push_books) as f:
            result['books'] = bench.compare_books(json.load(f)['push']['books'])
    elif args.profile and args.profile_out:
        result['profiled_orders'] = bench.profile(args.profile, args.profile_out)
    if not args.orders_only:
        result['noop'] = bench.noop()
        result['changed'] = bench.changed()
        result['health'] = bench.health()
        result['preview'] = bench.preview()
        result['bare'] = bench.bare()
    if args.push_url:
        result['push'] = bench.push()
        result['books'] = bench.compare_books(result['push']['books'])
    result['peak_rss_mb'] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1)   # this process
    with open(args.out, 'w') as f:
        json.dump(result, f, indent=1, sort_keys=True)
    print(json.dumps(result, indent=1, sort_keys=True))


if __name__ == '__main__':
    main()
