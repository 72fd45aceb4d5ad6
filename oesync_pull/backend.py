# -*- coding: utf-8 -*-
"""The Satchmo backend: one shop this database pulls from, and the pulls themselves.

Every pull goes through `run_import` (one code path, several triggers: the
scheduled actions, the "Import from Satchmo" wizard, the form's buttons,
XML-RPC `import_now`/`full_reconcile` and the command line). A pull holds a
PostgreSQL advisory lock per backend for its whole duration: a second pull
of the same backend, from this server or another one on the same database,
finds it taken and is logged as skipped.
"""
import logging
import time

from openerp import SUPERUSER_ID, sql_db
from openerp.osv import fields, orm

from .adapter import SatchmoError
from .importer import ImportRun
from .sync_state import RESOURCE_SELECTION, RESOURCES, now_string

_logger = logging.getLogger(__name__)

LOCK_NAMESPACE = 0x5a7c  # first key of pg_try_advisory_xact_lock(namespace, backend id)
FAILURES_IN_NOTICE = 20


class satchmo_backend(orm.Model):
    """One Satchmo shop this database pulls from."""
    _name = 'satchmo.backend'
    _description = 'Satchmo Backend'
    _inherit = ['mail.thread']

    def _default_shop(self, cr, uid, context=None):
        company_id = self.pool['res.company']._company_default_get(cr, uid, 'satchmo.backend', context=context)
        ids = self.pool['sale.shop'].search(cr, uid, [('company_id', '=', company_id)], limit=1)
        return ids and ids[0] or False

    def _default_ref(module, name):
        def default(self, cr, uid, context=None):
            try:
                return self.pool['ir.model.data'].get_object_reference(cr, uid, module, name)[1]
            except ValueError:
                return False
        return default

    _columns = {
        'name': fields.char('Name', size=64, required=True),
        'location': fields.char(
            'Export URL', size=256, required=True,
            help="Base URL of the shop's satchmo_export, e.g. https://shop.example.com/export/"),
        'token': fields.char(
            'Token', size=256, required=True, groups='base.group_system',
            help="The shared token set in the shop's SATCHMO_EXPORT settings."),
        'timeout': fields.integer('Timeout (s)', help="How long to wait for one answer of the shop."),
        'page_size': fields.integer('Page Size', help="Records per request (the shop caps it, 500 by default)."),
        'verify_ssl': fields.boolean('Verify TLS Certificate',
                                     help="Uncheck only for a shop with a self-signed certificate you trust."),
        'company_id': fields.many2one('res.company', 'Company', required=True),
        'shop_id': fields.many2one('sale.shop', 'Sales Shop', required=True,
                                   help="The shop (warehouse, pricelist) the shop's orders are booked under."),
        'pricelist_id': fields.many2one('product.pricelist', 'Pricelist', domain=[('type', '=', 'sale')],
                                        help="Sale pricelist in the shop's currency: the shop's orders are booked "
                                             "in it and it quotes the shop's prices (an item per product). Empty: "
                                             "the first pull takes a sale pricelist in the shop's currency, or "
                                             "creates one."),
        'categ_id': fields.many2one('product.category', 'Default Product Category', required=True,
                                    help="For products the shop puts in no category."),
        'uom_id': fields.many2one('product.uom', 'Unit of Measure', required=True,
                                  help="Unit of measure of new products."),
        'partner_policy': fields.selection(
            [('email', 'Match existing partners (same email and name; companies by name)'),
             ('new', 'Always create new partners')], 'Partner Matching', required=True,
            help="How a shop customer seen for the first time finds its partner. Contacts without an email, "
                 "or sharing an email under another name, always get a partner of their own."),
        'active': fields.boolean('Active'),
        'existing_policy': fields.selection(
            [('keep', "Keep what OpenERP's users entered"), ('shop', 'The shop is the master')],
            'Records Found in OpenERP', required=True,
            help="What a pull does to a product or customer OpenERP had before the connector found it (same SKU; "
                 "same email and name; a company of the same name). Keep: fill only empty fields, switch flags "
                 "on only, never archive, add a differing billing address as an invoice address, note the "
                 "shop's other values on the record's chatter. Shop: write the shop's values, as on the records "
                 "the connector created."),
        # orders, invoices, payments
        'order_statuses': fields.char(
            'Imported Statuses', size=256, required=True,
            help="Comma-separated shop statuses whose orders become sale orders. Temp (carts and abandoned "
                 "checkouts) and Blocked are never imported; Cancelled is handled by the cancellation policy."),
        'confirm_orders': fields.boolean('Confirm Orders', help="Confirm the sale orders as the shop's."),
        'invoice_orders': fields.boolean('Invoice Orders', help="Create and validate the invoice of each confirmed "
                                                                 "order, dated on the order."),
        'pay_orders': fields.boolean('Register Payments', help="Register each shop payment against its own "
                                                                "order's invoice."),
        'cancel_policy': fields.selection(
            [('refund', 'Refund with a credit note'), ('review', 'Flag the order for review')],
            'Cancelled after Invoicing', required=True,
            help="What a cancellation in the shop does to an order already invoiced. An order not invoiced yet "
                 "is cancelled."),
        'tax_address': fields.selection([('ship', 'Shipping address'), ('bill', 'Billing address')],
                                        'Taxed at', required=True,
                                        help="The address whose state and country the shop taxes by "
                                             "(Satchmo's TAX_AREA_ADDRESS, shipping by default)."),
        'shipping_tax_class': fields.char('Shipping Tax Class', size=64, required=True,
                                          help="The tax class the shop taxes shipping with (Satchmo's TAX_CLASS)."),
        'shipping_product_id': fields.many2one('product.product', 'Shipping Product', required=True,
                                               help="Service product of the shipping line of each order."),
        'rounding_product_id': fields.many2one('product.product', 'Rounding Product', required=True,
                                               help="Service product of the line absorbing a rounding "
                                                    "difference within the tolerance."),
        'tolerance': fields.float('Tolerance', digits=(16, 2), required=True,
                                  help="Largest difference between the shop's and OpenERP's amounts absorbed by a "
                                       "rounding line (orders) or written off (payments). A larger one is "
                                       "flagged for review."),
        'writeoff_account_id': fields.many2one('account.account', 'Payment Write-off Account',
                                               domain=[('type', '=', 'other')],
                                               help="Where a payment that exceeds its invoice by no more than "
                                                    "the tolerance books the difference (Satchmo rounds "
                                                    "payments up)."),
        'payment_map_ids': fields.one2many('satchmo.payment.map', 'backend_id', 'Payment Methods'),
        'cursor_ids': fields.one2many('satchmo.backend.cursor', 'backend_id', 'Cursors', readonly=True),
        'tax_map_ids': fields.one2many('satchmo.tax.map', 'backend_id', 'Tax Classes'),
        'log_ids': fields.one2many('satchmo.sync.log', 'backend_id', 'Runs', readonly=True),
        'connection_status': fields.text('Connection', readonly=True),
        'last_check': fields.datetime('Shop Last Checked', readonly=True,
                                      help="When a pull last read the shop without failing; a scheduled pull "
                                           "that found nothing new leaves no sync log."),
    }

    _defaults = {
        'active': True,
        'existing_policy': 'keep',
        'timeout': 60,
        'page_size': 100,
        'verify_ssl': True,
        'partner_policy': 'email',
        'company_id': lambda self, cr, uid, ctx: self.pool.get('res.company')._company_default_get(
            cr, uid, 'satchmo.backend', context=ctx),
        'shop_id': _default_shop,
        'categ_id': _default_ref('product', 'product_category_all'),
        'uom_id': _default_ref('product', 'product_uom_unit'),
        'order_statuses': 'New, In Process, Billed, Shipped, Complete',
        'confirm_orders': True,
        'invoice_orders': True,
        'pay_orders': True,
        'cancel_policy': 'refund',
        'tax_address': 'ship',
        'shipping_tax_class': 'Shipping',
        'shipping_product_id': _default_ref('oesync_pull', 'product_satchmo_shipping'),
        'rounding_product_id': _default_ref('oesync_pull', 'product_satchmo_rounding'),
        'tolerance': 0.01,
    }

    _sql_constraints = [
        ('name_uniq', 'unique(name)', 'A Satchmo backend with this name already exists.'),
        ('page_size_positive', 'check(page_size > 0)', 'The page size must be positive.'),
    ]

    def create(self, cr, uid, vals, context=None):
        vals = dict(vals)
        vals.setdefault('cursor_ids', [(0, 0, {'resource': r}) for r in RESOURCES])
        backend_id = super(satchmo_backend, self).create(cr, uid, vals, context=context)
        self._round_taxes_globally(cr, uid, [backend_id], context=context)
        return backend_id

    def write(self, cr, uid, ids, vals, context=None):
        result = super(satchmo_backend, self).write(cr, uid, ids, vals, context=context)
        if 'company_id' in vals:
            self._round_taxes_globally(cr, uid, ids, context=context)
        return result

    def _round_taxes_globally(self, cr, uid, ids, context=None):
        """Satchmo rounds an order's tax once, not per line: so must the backend's company."""
        company_ids = list(set(b.company_id.id for b in self.browse(cr, SUPERUSER_ID, ids, context=context)))
        self.pool['res.company'].write(cr, SUPERUSER_ID, company_ids,
                                       {'tax_calculation_rounding_method': 'round_globally'}, context=context)

    def _setup_precision(self, cr, uid, context=None):
        """Shop prices and discounts carry more than two decimals (Satchmo keeps ten): 'Product Price'
        and 'Discount' get at least four, so that order lines come to the shop's cents."""
        precision = self.pool['decimal.precision']
        for name in ('Product Price', 'Discount'):
            ids = precision.search(cr, SUPERUSER_ID, [('name', '=', name), ('digits', '<', 4)])
            if ids:
                precision.write(cr, SUPERUSER_ID, ids, {'digits': 4}, context=context)
        return True

    def copy(self, cr, uid, id, default=None, context=None):
        default = dict(default or {}, cursor_ids=False, log_ids=[], connection_status=False, last_check=False)
        default.setdefault('name', '%s (copy)' % self.browse(cr, uid, id, context=context).name)
        return super(satchmo_backend, self).copy(cr, uid, id, default, context=context)

    # -- pulling -------------------------------------------------------------

    def import_now(self, cr, uid, ids, context=None):
        """Pull the changes since the last pull, now; returns when done, with the runs' log ids."""
        trigger = (context or {}).get('satchmo_trigger', 'script')
        return [self.run_import(cr, uid, i, 'changes', trigger=trigger, context=context) for i in ids]

    def full_reconcile(self, cr, uid, ids, context=None):
        """Walk every record of the shop, update what differs, archive what is gone; returns the log ids."""
        trigger = (context or {}).get('satchmo_trigger', 'script')
        return [self.run_import(cr, uid, i, 'full', trigger=trigger, context=context) for i in ids]

    def run_scheduled_imports(self, cr, uid, mode='changes', context=None):
        """The scheduled actions: one pull (mode 'health': one health check) of every active backend whose
        scheduled pulls were started (configuration.py)."""
        ids = self.search(cr, uid, [('scheduled', '=', True)], context=context)
        if not ids:
            _logger.info('Satchmo: no active backend, nothing to pull (%s).', mode)
            return True
        for backend_id in ids:
            self.run_import(cr, uid, backend_id, mode, trigger='cron', context=context)
        self.pool['satchmo.sync.log'].vacuum(cr, uid, context=context)
        return True

    def run_import(self, cr, uid, backend_id, mode, resources=None, trigger='script', retry_ids=None,
                   commit=True, context=None):
        """Pull one backend; returns the id of the run's sync log.

        mode: 'changes', 'full', 'retry' (the sync states `retry_ids`, imported again even when the shop
        did not change them), 'parallel' (parallel.py) or 'health' (health.py); resources: a subset of
        sync_state.RESOURCES (default all). With commit=True the run works in transactions of its own
        and commits each page; commit=False keeps it in `cr` (the addon's tests).
        """
        self.check_access_rights(cr, uid, 'write')   # only who may configure backends starts pulls
        resources = [r for r in RESOURCES if not resources or r in resources]
        if not commit:
            return self._run(cr, cr, backend_id, mode, resources, trigger, retry_ids, commit, context)
        db = sql_db.db_connect(cr.dbname)
        lock_cr, work_cr = db.cursor(), db.cursor()
        try:
            return self._run(lock_cr, work_cr, backend_id, mode, resources, trigger, retry_ids, commit, context)
        finally:
            work_cr.close()
            lock_cr.close()   # ends its transaction: the lock is released

    def _run(self, lock_cr, cr, backend_id, mode, resources, trigger, retry_ids, commit, context=None):
        log_obj = self.pool['satchmo.sync.log']
        backend = self.browse(cr, SUPERUSER_ID, backend_id)
        started = time.time()
        vals = {'name': '%s %s' % (backend.name, now_string()), 'backend_id': backend_id, 'trigger': trigger,
                'mode': mode, 'resources': ', '.join(resources), 'date_start': now_string(), 'state': 'running'}
        if not self._try_lock(lock_cr, backend_id):
            why = 'Another pull of this backend was running: this one did nothing.'
        else:
            pending = self.pending_chunks(cr, backend_id)
            why = pending and ('A parallel import of this backend is in progress (%d chunks left for the cron '
                               'workers): this pull did nothing.' % pending)
        if why:
            _logger.info('Satchmo backend %s: %s pull skipped: %s', backend.name, mode, why)
            vals.update(state='skipped', date_end=now_string(), duration=0.0, message=why)
            log_id = log_obj.create(cr, SUPERUSER_ID, vals)
            commit and cr.commit()
            return log_id
        interrupted = log_obj.search(cr, SUPERUSER_ID, [('backend_id', '=', backend_id), ('state', '=', 'running')])
        for log in log_obj.browse(cr, SUPERUSER_ID, interrupted):
            if log.mode == 'parallel':
                self._close_log(cr, log.id)   # its last worker stopped before ending it
            else:
                log.write({'state': 'failed', 'message': 'Interrupted (the server stopped during the pull); the '
                                                         'next pull resumed where it stopped.'})
        log_id = log_obj.create(cr, SUPERUSER_ID, vals)
        commit and cr.commit()
        run = self._run_class(mode)(cr, self.pool, backend, log_id, commit)
        run.options = dict(context or {})
        message = False
        try:
            run.execute(mode, resources, retry_ids)
        except SatchmoError as e:
            run.abort_page()
            message = unicode(e)
        except Exception as e:
            run.abort_page()
            _logger.exception('Satchmo backend %s: the pull failed', backend.name)
            message = 'Unexpected error: %s: %s (the OpenERP server log has the details).' % (type(e).__name__, e)
        finally:
            run.adapter.close()
        run.save_counts()
        if not message and getattr(run, 'chunks', 0):   # a parallel import: its cron workers end it
            log_obj.write(cr, SUPERUSER_ID, [log_id], {'message': run.message})
            commit and cr.commit()
            return log_id
        state = 'failed' if message else 'partial' if run.failed() else 'done'
        log_obj.write(cr, SUPERUSER_ID, [log_id], {
            'state': state, 'message': message or getattr(run, 'message', False), 'date_end': now_string(),
            'duration': round(time.time() - started, 1)})
        if state != 'done':
            self._notify(cr, backend, log_obj.browse(cr, SUPERUSER_ID, log_id))
        if state != 'failed':
            self.write(cr, SUPERUSER_ID, [backend_id], {'last_check': vals['date_start']})
        found = sum(c[k] for c in run.counts.values() for k in ('created', 'updated', 'failed', 'skipped'))
        if trigger == 'cron' and mode == 'changes' and state == 'done' and not found \
                and not getattr(run, 'message', None):
            log_obj.unlink(cr, SUPERUSER_ID, [log_id])   # nothing new: Shop Last Checked says it looked
            log_id = False
        commit and cr.commit()
        _logger.info('Satchmo backend %s: %s pull %s in %.1f s', backend.name, mode, state, time.time() - started)
        return log_id

    def _run_class(self, mode):
        return ImportRun

    def pending_chunks(self, cr, backend_id):
        """Chunks of a parallel import (parallel.py) not imported yet."""
        cr.execute("SELECT count(*) FROM satchmo_import_chunk WHERE backend_id = %s AND state = 'pending'",
                   (backend_id,))
        return cr.fetchone()[0]

    def _try_lock(self, cr, backend_id):
        cr.execute('SELECT pg_try_advisory_xact_lock(%s, %s)', (LOCK_NAMESPACE, backend_id))
        return cr.fetchone()[0]

    def _first(self, cr, model, log):
        """The first rows of a log's failures or differences (never all of them: a big shop has thousands)."""
        obj = self.pool[model]
        return obj.browse(cr, SUPERUSER_ID, obj.search(cr, SUPERUSER_ID, [('log_id', '=', log.id)],
                                                       limit=FAILURES_IN_NOTICE, order='id'))

    def _notify(self, cr, backend, log):
        """A message on the backend for its followers (mailed to them): what failed and why."""
        if log.state == 'failed':
            subject = 'Satchmo pull failed'
            body = '<p>The %s pull of %s failed: %s</p>' % (log.mode, log.date_start, escape(log.message))
        elif log.mode == 'health':
            subject = 'Satchmo health check: %d difference(s) between the shop and OpenERP' % log.differences
            rows = ''.join('<li>%s %s, %s: %s</li>' % (d.resource, d.satchmo_id, d.what, escape(d.message))
                           for d in self._first(cr, 'satchmo.health.difference', log))
            more = log.differences - FAILURES_IN_NOTICE
            body = '<p>The health check of %s found:</p><ul>%s</ul>%s' % (
                log.date_start, rows, '<p>... and %d more (Sales > Satchmo > Sync Logs).</p>' % more if more > 0 else '')
        else:
            subject = 'Satchmo pull: %d record(s) failed' % log.failed
            rows = ''.join('<li>%s %s: %s</li>' % (f.resource, f.satchmo_id, escape(f.message))
                           for f in self._first(cr, 'satchmo.sync.log.failure', log))
            more = log.failed - FAILURES_IN_NOTICE
            body = ('<p>The %s pull of %s imported the rest; these records failed and will be retried '
                    '(Sales > Satchmo > Sync States, filter Failed):</p><ul>%s</ul>%s'
                    % (log.mode, log.date_start, rows, '<p>... and %d more.</p>' % more if more > 0 else ''))
        self.message_post(cr, SUPERUSER_ID, [backend.id], body=body, subject=subject, type='comment',
                          subtype='mail.mt_comment')

    # -- buttons -------------------------------------------------------------

    def action_import_now(self, cr, uid, ids, context=None):
        log_ids = [self.run_import(cr, uid, i, 'changes', trigger='button', context=context) for i in ids]
        return self.pool['satchmo.sync.log'].action_open(cr, uid, log_ids, context=context)

    def action_full_reconcile(self, cr, uid, ids, context=None):
        log_ids = [self.run_import(cr, uid, i, 'full', trigger='button', context=context) for i in ids]
        return self.pool['satchmo.sync.log'].action_open(cr, uid, log_ids, context=context)

    def action_rewind(self, cr, uid, ids, context=None):
        cursor_obj = self.pool['satchmo.backend.cursor']
        cursor_ids = cursor_obj.search(cr, uid, [('backend_id', 'in', ids)], context=context)
        return cursor_obj.action_rewind(cr, uid, cursor_ids, context=context)


class satchmo_backend_cursor(orm.Model):
    """Where the next pull of one resource starts: the export's opaque cursors."""
    _name = 'satchmo.backend.cursor'
    _description = 'Satchmo Backend Cursor'
    _rec_name = 'resource'
    _order = 'backend_id, id'

    _columns = {
        'backend_id': fields.many2one('satchmo.backend', 'Backend', required=True, ondelete='cascade'),
        'resource': fields.selection(RESOURCE_SELECTION, 'Resource', required=True),
        'changes_cursor': fields.char('Changes Cursor', size=512, readonly=True,
                                      help="Where the change feed resumes. Empty: the next pull walks every "
                                           "record first."),
        'full_cursor': fields.char('Listing in Progress', size=512, readonly=True,
                                   help="A full listing interrupted here resumes here."),
        'full_after': fields.integer('Listing Done up to Shop ID', readonly=True),
        'last_pull': fields.datetime('Last Pull', readonly=True),
    }

    _sql_constraints = [
        ('resource_uniq', 'unique(backend_id, resource)', 'One cursor per resource and backend.'),
    ]

    def action_rewind(self, cr, uid, ids, context=None):
        """Forget where the pulls were: the next pull walks every record again (unchanged ones cost
        nothing). Refused while a pull of the backend runs."""
        backend_obj = self.pool['satchmo.backend']
        for cursor in self.browse(cr, uid, ids, context=context):
            if not backend_obj._try_lock(cr, cursor.backend_id.id):
                raise orm.except_orm('Pull running', 'A pull of backend %s is running: rewind when it has ended.'
                                     % cursor.backend_id.name)
        self.write(cr, uid, ids, {'changes_cursor': False, 'full_cursor': False, 'full_after': 0}, context=context)
        return True


def escape(text):
    return (text or '').replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')
