# -*- coding: utf-8 -*-
"""What a sale order imported from the shop shows besides OpenERP's own: the shop's status and its
history, the shop's amounts beside OpenERP's, why it needs a person's look, and the end of each
subscription it sold."""
import openerp.addons.decimal_precision as dp
from openerp.osv import fields, orm


class sale_order(orm.Model):
    _inherit = 'sale.order'

    _columns = {
        'satchmo_status': fields.char('Shop Status', size=32, readonly=True, select=True,
                                      help="The order's status in the Satchmo shop, at the last pull."),
        'satchmo_status_history': fields.text('Shop Status History', readonly=True),
        'satchmo_untaxed': fields.float('Shop Untaxed Amount', digits_compute=dp.get_precision('Account'),
                                        readonly=True),
        'satchmo_tax': fields.float('Shop Taxes', digits_compute=dp.get_precision('Account'), readonly=True),
        'satchmo_total': fields.float('Shop Total', digits_compute=dp.get_precision('Account'), readonly=True),
        'satchmo_totals_differ': fields.boolean('Totals Differ', readonly=True, select=True,
                                                help="OpenERP's amounts differ from the shop's by more than the "
                                                     "backend's tolerance: the order stays a quotation."),
        'satchmo_review': fields.text('Needs Review', readonly=True,
                                      help="Why this order needs a person's look (set by the Satchmo pull)."),
        'satchmo_cancelled': fields.boolean('Cancelled in the Shop', readonly=True, select=True,
                                            help='The shop cancelled or deleted the order: a quotation is cancelled, '
                                                 'an invoiced order gets its credit note among its invoices.'),
    }

    def copy(self, cr, uid, id, default=None, context=None):
        default = dict(default or {}, satchmo_status=False, satchmo_status_history=False, satchmo_untaxed=0.0,
                       satchmo_tax=0.0, satchmo_total=0.0, satchmo_totals_differ=False, satchmo_review=False,
                       satchmo_cancelled=False)
        return super(sale_order, self).copy(cr, uid, id, default, context=context)


class sale_order_line(orm.Model):
    _inherit = 'sale.order.line'

    _columns = {
        'satchmo_expire_date': fields.date('Subscription End', readonly=True,
                                           help="The end of the subscription this line sold, as the shop set it."),
    }

    def copy_data(self, cr, uid, id, default=None, context=None):
        default = dict(default or {}, satchmo_expire_date=False)
        return super(sale_order_line, self).copy_data(cr, uid, id, default, context=context)
