# -*- coding: utf-8 -*-
"""What a product imported from the shop shows besides OpenERP's own: its brand (satchmo_ext.brand), a
variant's own (Satchmo brands each variation)."""
from openerp.osv import fields, orm


class product_product(orm.Model):
    _inherit = 'product.product'

    _columns = {
        'satchmo_brand': fields.char('Brand', size=128, select=True,
                                     help="The product's brand in the Satchmo shop (several: comma-separated)."),
    }
