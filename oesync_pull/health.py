# -*- coding: utf-8 -*-
"""The health check: are the shop and the books the same?

`satchmo.backend.health_check` walks the shop's full listings page by page and compares each shop
record with what OpenERP holds for it: that it is bound to a record that exists, the products' names,
prices and activity, the customers' names and billing addresses, and every imported order's total,
invoice and amount paid. Bound OpenERP records the shop no longer has must be archived (orders:
cancelled or refunded). It is a run like a pull (same lock, same log, mode 'health'); it writes
nothing but its report, one row per difference, each saying what differs and how to set it right.
"""
from decimal import Decimal

from openerp import SUPERUSER_ID
from openerp.osv import fields, orm
from openerp.tools.float_utils import float_compare
from openerp.tools.translate import _

from .booking import CANCELLED
from .existing import escape
from .gift_certificates import check_gift_certificates
from .lookups import COUNTRY_ALIASES
from .mapper import amount, billing_address, dec, pull_language, shop_amounts
from .pull import RUNS
from .run import FAILURES_IN_NOTICE, Run
from .sync_state import RESOURCE_SELECTION

CHECKED = ('categories', 'products', 'contacts', 'orders')


class satchmo_health_difference(orm.Model):
    _name = 'satchmo.health.difference'
    _description = 'Satchmo health check: a difference between the shop and OpenERP'
    _order = 'log_id, id'

    _columns = {
        'log_id': fields.many2one('satchmo.sync.log', 'Health Check', required=True, ondelete='cascade',
                                  select=True),
        'resource': fields.selection(RESOURCE_SELECTION, 'Resource', required=True),
        'satchmo_id': fields.char('Shop ID', size=32),
        'state_id': fields.many2one('satchmo.sync.state', 'Sync State', ondelete='set null'),
        'res_model': fields.char('OpenERP Model', size=64),
        'res_id': fields.integer('OpenERP ID'),
        'what': fields.char('What', size=64),
        'shop_value': fields.char('In the Shop', size=256),
        'openerp_value': fields.char('In OpenERP', size=256),
        'message': fields.text('Difference and Cure'),
    }

    def action_open_record(self, cr, uid, ids, context=None):
        diff = self.browse(cr, uid, ids[0], context=context)
        if not diff.res_model or not diff.res_id:
            raise orm.except_orm(_('Nothing to open'), _('No OpenERP record goes with this difference.'))
        return {'type': 'ir.actions.act_window', 'res_model': diff.res_model, 'res_id': diff.res_id,
                'view_type': 'form', 'view_mode': 'form', 'target': 'current'}


class satchmo_sync_log(orm.Model):
    _inherit = 'satchmo.sync.log'
    _columns = {
        'differences': fields.integer('Differences', help="What the health check found the shop and OpenERP "
                                                         "disagree on."),
        'difference_ids': fields.one2many('satchmo.health.difference', 'log_id', 'Differences'),
    }


class satchmo_backend(orm.Model):
    _inherit = 'satchmo.backend'

    def health_check(self, cr, uid, ids, context=None, commit=True):
        """Compare the shop with OpenERP, now; returns [{'backend_id', 'log_id', 'state', 'differences'}]
        (state 'done': none found, 'partial': differences, 'failed': the shop could not be read,
        'skipped': a pull was running). commit=False: in the caller's transaction (the addon's tests)."""
        trigger = (context or {}).get('satchmo_trigger', 'script')
        result = []
        for backend_id in ids:
            log_id = self.run_import(cr, uid, backend_id, 'health', trigger=trigger, commit=commit, context=context)
            log = self.run_result(cr, log_id, commit)
            result.append({'backend_id': backend_id, 'log_id': log_id, 'state': log['state'],
                           'differences': log['differences']})
        return result

    def action_health_check(self, cr, uid, ids, context=None):
        log_ids = [r['log_id'] for r in self.health_check(cr, uid, ids, dict(context or {}, satchmo_trigger='button'))]
        return self.pool['satchmo.sync.log'].action_open(cr, uid, log_ids, context=context)


class HealthCheck(Run):
    """The comparison, page by page: what it keeps in memory is one page and its OpenERP records."""
    localcontext = property(pull_language)   # the language of its messages: the pull's

    def __init__(self, cr, pool, backend, log_id, commit=True, options=None):
        super(HealthCheck, self).__init__(cr, pool, backend, log_id, commit, options)
        self.found = 0
        self.checked = {}
        self.kept, self.quotes = set(), {}
        self.diff_obj = pool['satchmo.health.difference']
        self.digits = pool['decimal.precision'].precision_get(cr, SUPERUSER_ID, 'Product Price')

    def execute(self, mode, resources, retry_ids=None):
        self.env.meta = self.adapter.meta()
        for resource in [r for r in CHECKED if r in resources]:
            for meta, objects, after, upto in self.adapter.listing(resource):
                self.begin_page()
                self.check_page(resource, objects)
                self.check_gone(resource, after, upto, [o['id'] for o in objects])
                self.save_counts()
                self.commit_page()
        if 'orders' in resources:
            self.begin_page()
            check_gift_certificates(self)
            self.save_counts()
            self.commit_page()
        self.message = _('Checked %s: %s.') % (
            ', '.join('%d %s' % (self.checked.get(r, 0), r) for r in CHECKED if r in resources),
            _('%d difference(s), listed below') % self.found if self.found else _('the shop and OpenERP agree'))

    def abort_page(self):
        super(HealthCheck, self).abort_page()
        self.found = self.diff_obj.search(self.cr, SUPERUSER_ID, [('log_id', '=', self.log_id)], count=True)

    def failed(self):
        return self.found

    def save_counts(self):
        self.pool['satchmo.sync.log'].write(self.cr, SUPERUSER_ID, [self.log_id], {
            'differences': self.found, 'requests': self.adapter.requests, 'message': self.message})

    @classmethod
    def notice(cls, cr, pool, log):
        obj = pool['satchmo.health.difference']
        found = obj.browse(cr, SUPERUSER_ID, obj.search(cr, SUPERUSER_ID, [('log_id', '=', log.id)],
                                                        limit=FAILURES_IN_NOTICE, order='id'))
        rows = ''.join('<li>%s %s, %s: %s</li>' % (d.resource, d.satchmo_id, d.what, escape(d.message)) for d in found)
        more = log.differences - FAILURES_IN_NOTICE
        return (_('Satchmo health check: %d difference(s) between the shop and OpenERP') % log.differences,
                _('<p>The health check of %s found:</p><ul>%s</ul>%s') % (
                    log.date_start, rows, _('<p>... and %d more (Sales > Satchmo > Sync Logs).</p>') % more
                    if more > 0 else ''))

    # -- one page ------------------------------------------------------------

    def check_page(self, resource, records):
        self.env.cache.clear()   # memory: one page's lookups
        self.checked[resource] = self.checked.get(resource, 0) + len(records)
        bindings = self.binder.find(resource, [r['id'] for r in records])
        compare = getattr(self, 'compare_' + resource)
        bound = {}
        for record in records:
            binding = bindings.get(str(record['id']))
            if self.check_binding(resource, record, binding):
                bound[record['id']] = binding
        if not bound:
            return
        model = self.pool[bound.values()[0]['res_model']]
        ids = [b['res_id'] for b in bound.values()]
        self.kept = set()   # adopted records whose users' values the policy keeps: the shop's are not the books'
        if self.backend.existing_policy == 'keep':
            self.cr.execute('SELECT id FROM satchmo_sync_state WHERE adopted AND id IN %s',
                            (tuple(b['id'] for b in bound.values()),))
            self.kept = set(r[0] for r in self.cr.fetchall())
        found = dict((r.id, r) for r in model.browse(self.cr, SUPERUSER_ID, ids, context={'active_test': False}))
        self.quotes = self.quotes_of(ids) if resource == 'products' else {}
        for record in records:
            if record['id'] in bound:
                binding = bound[record['id']]
                compare(record, binding, found[binding['res_id']])

    def quotes_of(self, product_ids):
        """{product id: price of one in the backend's pricelist}, for a page of products at once."""
        pricelist = self.backend.pricelist_id
        if not pricelist:
            return {}
        prices = self.pool['product.pricelist'].price_get_multi(
            self.cr, SUPERUSER_ID, [pricelist.id], [(i, 1.0, False) for i in product_ids])
        return dict((i, prices[i][pricelist.id]) for i in product_ids if i in prices)

    def check_binding(self, resource, record, binding):
        """A shop record has a live binding, in a state that says the books follow it; True: compare it."""
        differ = lambda message: self.differ(resource, record['id'], binding, 'sync state', message)
        reason = self.importer(resource).skip_reason(record)
        if not binding:
            if not reason:
                differ(_('Not in OpenERP: the shop has it, no pull imported it yet; %s') % self.cure_rescan())
            return False
        if binding['deleted']:
            differ(_('Marked gone from the shop, which has it: %s') % self.cure_rescan())
        elif binding['state'] == 'failed':
            differ(_('Its import failed: %s') % self.state_error(binding))
        elif binding['state'] == 'skipped' and not reason:
            differ(_("Skipped earlier (%s); the shop's record no longer is: %s") % (self.state_error(binding),
                                                                                  self.cure_rescan()))
        elif binding['state'] == 'skipped' and binding['alive']:
            differ(self.state_error(binding))   # an order flagged for review
        elif binding['state'] == 'pending':
            differ(_('Its booking has not ended: the next pull goes on with it.'))
        elif binding['state'] == 'synced' and not binding['alive']:
            differ(_('Its OpenERP record was deleted: %s') % self.cure_retry())
        else:
            return binding['state'] == 'synced'
        return False

    def cure_retry(self):
        return _("select it in Sales > Satchmo > Sync States and click Retry (OpenERP takes the shop's values "
                 "again).")

    def cure_rescan(self):
        return _('run a Full Re-scan of the backend.')

    def state_error(self, binding):
        return self.binder.read(binding['id'], 'error') or ''

    def stored(self, model, field, text):
        """A shop text as OpenERP stores it in `field` (cut to the column's size)."""
        size = self.pool[model]._all_columns[field].column.size
        return (text or '')[:size] if size else text

    def compare_categories(self, record, binding, category):
        self.same('categories', record, binding, 'name', self.stored('product.category', 'name', record['name']),
                  category.name)

    def compare_products(self, record, binding, product):
        if not record['parent_id']:
            name = self.pool['satchmo.mapper'].product_name(record)
            self.same('products', record, binding, 'name', self.stored('product.product', 'name', name),
                      product.name)
        shop_price = dec(record['unit_price']) or Decimal(0)
        quote = self.quotes.get(product.id)
        if quote is not None and float_compare(quote, float(shop_price), precision_digits=self.digits):
            self.differ('products', record['id'], binding, 'quote', _(
                "The backend's pricelist %s quotes %s, the shop sells at %s: check the pricelist's items of this "
                "product, or %s") % (self.backend.pricelist_id.name, quote, shop_price, self.cure_retry()),
                shop_price, quote)
        same_currency = self.lookups.shop_currency().id == self.backend.company_id.currency_id.id
        if same_currency and binding['id'] not in self.kept and \
                float_compare(product.lst_price, float(shop_price), precision_digits=self.digits):
            self.differ('products', record['id'], binding, 'price', _('Sale price differs: %s') % self.cure_retry(),
                        shop_price, product.lst_price)
        if bool(record['active']) != bool(product.active) and binding['id'] not in self.kept:
            self.differ('products', record['id'], binding, 'active', _('Sold in one and archived in the other: %s')
                        % self.cure_retry(), record['active'], product.active)

    def compare_contacts(self, record, binding, partner):
        name = self.pool['satchmo.mapper'].contact_name(record)
        self.same('contacts', record, binding, 'name', self.stored('res.partner', 'name', name), partner.name)
        address = billing_address(record)
        if not address:
            return
        for what, shop in (('street', address['street1']), ('city', address['city']), ('zip', address['postal_code'])):
            self.same('contacts', record, binding, what, self.stored('res.partner', what, shop), partner[what])
        code = (address['country'] or '').strip().upper()
        self.same('contacts', record, binding, 'country', COUNTRY_ALIASES.get(code, code) or False,
                  partner.country_id.code or False)

    def compare_orders(self, record, binding, order):
        differ = lambda what, message, shop=None, mine=None: self.differ('orders', record['id'], binding, what,
                                                                         message, shop, mine)
        backend = self.backend
        if record['status'] == CANCELLED:
            refunded = (self.binder.one('refunds', record['id']) or {}).get('alive')
            if order.state != 'cancel' and not refunded:
                differ('state', _('Cancelled in the shop, %s in OpenERP (%s): cancel or refund it, or Retry '
                                  'the order.') % (order.state, order.name), CANCELLED, order.state)
            return
        if order.state == 'cancel':
            differ('state', _("Cancelled in OpenERP (%s) but not in the shop: the shop's books count it.")
                   % order.name, record['status'], order.state)
            return
        total = shop_amounts(record)[2]
        if amount(order.amount_total) != total:
            differ('total', _("Sale order %s comes to %s, the shop's order to %s: correct the sale order (or its "
                              "invoice) by hand.") % (order.name, amount(order.amount_total), total),
                   total, amount(order.amount_total))
            return   # what is open follows from the total: one difference, not two
        if not (backend.confirm_orders and backend.invoice_orders):
            return
        invoices = [i for i in order.invoice_ids if i.type == 'out_invoice' and i.state in ('open', 'paid')]
        if not invoices:
            differ('invoice', _('Sale order %s has no validated invoice: Retry the order, or invoice it by hand.')
                   % order.name, 'invoiced', 'not invoiced')
            return
        if not backend.pay_orders:
            return
        paid = sum((dec(p['amount']) or Decimal(0) for p in record['payments']), Decimal(0))
        shop_open = max(total - paid, Decimal(0))
        mine = sum((amount(i.residual) for i in invoices), Decimal(0))
        if mine != shop_open:
            differ('amount paid', _('Invoice %s has %s open, the shop %s (paid %s of %s): register the missing '
                                    'payment (or Retry the order, which registers shop payments whose voucher is '
                                    'gone), or undo a payment the shop does not have.')
                   % (invoices[0].number, mine, shop_open, paid, total), shop_open, mine)

    def same(self, resource, record, binding, what, shop, mine):
        if binding['id'] in self.kept:
            return
        if (shop or False) != (mine or False):
            self.differ(resource, record['id'], binding, what, _('%s differs: %s') % (what.capitalize(),
                                                                                      self.cure_retry()),
                        shop, mine)

    # -- what the shop no longer has -----------------------------------------

    def check_gone(self, resource, after, upto, seen):
        """Bound records of the listing's id range (after, upto] the shop did not list: they must be archived
        (orders: cancelled or refunded)."""
        keep = self.backend.existing_policy == 'keep'
        for row in self.binder.unseen(resource, after, upto, seen, 'AND res_id IS NOT NULL'):
            if not row['res_model'] or keep and row['adopted']:   # kept, by policy, when the shop deletes it
                continue
            model = self.pool[row['res_model']]
            records = model.browse(self.cr, SUPERUSER_ID, [row['res_id']], context={'active_test': False})
            if not model.exists(self.cr, SUPERUSER_ID, [row['res_id']]):
                continue
            record = records[0]
            if resource == 'orders':
                refunded = (self.binder.one('refunds', row['satchmo_id']) or {}).get('alive')
                if record.state != 'cancel' and not refunded and not record.satchmo_review:
                    self.differ(resource, row['satchmo_id'], row, 'gone', _('The shop no longer has this order; '
                                'sale order %s is %s: cancel or refund it, or run a Full Re-scan.')
                                % (record.name, record.state), 'deleted', record.state)
            elif 'active' in model._all_columns and record.active:
                self.differ(resource, row['satchmo_id'], row, 'gone', _('The shop no longer has it and it is still '
                            'active in OpenERP: archive it, or run a Full Re-scan.'), 'deleted', 'active')

    def differ(self, resource, satchmo_id, binding, what, message, shop=None, mine=None):
        self.found += 1
        value = lambda v: v if v is None or isinstance(v, basestring) else unicode(v)
        self.diff_obj.create(self.cr, SUPERUSER_ID, {
            'log_id': self.log_id, 'resource': resource, 'satchmo_id': str(satchmo_id),
            'state_id': binding and binding['id'], 'res_model': binding and binding['res_model'],
            'res_id': binding and binding['res_id'], 'what': what, 'message': message,
            'shop_value': value(shop) and value(shop)[:256], 'openerp_value': value(mine) and value(mine)[:256]})


RUNS['health'] = HealthCheck
