# -*- coding: utf-8 -*-
"""Which journal a Satchmo payment method posts to: configuration records, editable in the UI."""
from openerp.osv import fields, orm
from openerp.tools.translate import _

from .mapper import MappingError


class satchmo_payment_map(orm.Model):
    _name = 'satchmo.payment.map'
    _description = 'Satchmo Payment Method'
    _rec_name = 'method'
    _order = 'backend_id, method'

    _columns = {
        'backend_id': fields.many2one('satchmo.backend', 'Backend', required=True, ondelete='cascade'),
        'method': fields.char('Satchmo Payment Method', size=64, required=True,
                              help="The key of the shop's payment module, as on its payments: e.g. DUMMY, "
                                   "PAYPAL, AUTHORIZENET, PURCHASEORDER, GIFTCERTIFICATE."),
        'journal_id': fields.many2one('account.journal', 'Journal', required=True,
                                      domain=[('type', 'in', ('bank', 'cash'))],
                                      help="The bank or cash journal its payments are registered in."),
    }

    _sql_constraints = [
        ('method_uniq', 'unique(backend_id, method)', 'This payment method is mapped already on this backend.'),
    ]

    def journal_of(self, cr, uid, backend, method, context=None):
        for rule in backend.payment_map_ids:
            if rule.method.strip().upper() == (method or '').strip().upper():
                return rule.journal_id
        raise MappingError(
            _("Payment method '%s' has no journal: add it under Sales > Configuration > Satchmo > Backends, "
              "backend '%s', tab Orders, Payment Methods.") % (method, backend.name))
