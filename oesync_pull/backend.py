# -*- coding: utf-8 -*-
"""The Satchmo backend: one shop this database pulls from, its settings, and where its pulls stand.

The pulls themselves (`run_import` and its triggers) are in pull.py; the booking policies in
booking_policy.py, the parallel import in parallel.py, the health check in health.py, Test Connection
and the scheduled pulls in configuration.py, Set Up from the Shop in shop_setup.py.
"""
from openerp import SUPERUSER_ID
from openerp.osv import fields, orm
from openerp.tools.translate import _

from .sync_state import RESOURCE_SELECTION, RESOURCES

LOCK_NAMESPACE = 0x5a7c  # first key of pg_try_advisory_xact_lock(namespace, backend id)


def try_lock(cr, backend_id):
    """The backend's pull lock, for the rest of `cr`'s transaction; False when another pull holds it."""
    cr.execute('SELECT pg_try_advisory_xact_lock(%s, %s)', (LOCK_NAMESPACE, backend_id))
    return cr.fetchone()[0]


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
        default.setdefault('name', _('%s (copy)') % self.browse(cr, uid, id, context=context).name)
        return super(satchmo_backend, self).copy(cr, uid, id, default, context=context)

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

    def position(self, cr, backend_id, resource, create=True):
        """{id, changes_cursor, full_cursor, full_after}: where the backend's next walk of `resource` starts.
        None yet: a new cursor (create=True), else an empty position (a preview creates none)."""
        ids = self.search(cr, SUPERUSER_ID, [('backend_id', '=', backend_id), ('resource', '=', resource)])
        if not ids and not create:
            return {'id': False, 'changes_cursor': False, 'full_cursor': False, 'full_after': 0}
        ids = ids or [self.create(cr, SUPERUSER_ID, {'backend_id': backend_id, 'resource': resource})]
        return self.read(cr, SUPERUSER_ID, ids[0], ['changes_cursor', 'full_cursor', 'full_after'])

    def action_rewind(self, cr, uid, ids, context=None):
        """Forget where the pulls were: the next pull walks every record again (unchanged ones cost
        nothing). Refused while a pull of the backend runs."""
        for cursor in self.browse(cr, uid, ids, context=context):
            if not try_lock(cr, cursor.backend_id.id):
                raise orm.except_orm(_('Pull running'), _('A pull of backend %s is running: rewind when it has '
                                                          'ended.') % cursor.backend_id.name)
        self.write(cr, uid, ids, {'changes_cursor': False, 'full_cursor': False, 'full_after': 0}, context=context)
        return True

