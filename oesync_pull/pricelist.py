# -*- coding: utf-8 -*-
from openerp.osv import fields, orm


class product_pricelist_item(orm.Model):
    """The shop's quantity prices become pricelist items; this marks the ones a backend manages."""
    _inherit = 'product.pricelist.item'

    _columns = {
        'satchmo_backend_id': fields.many2one('satchmo.backend', 'Satchmo Backend', ondelete='cascade',
                                              readonly=True, help="Managed by this backend: replaced when "
                                              "the shop's quantity prices of the product change."),
    }
