# -*- coding: utf-8 -*-
"""What a product imported from the shop shows besides OpenERP's own: its brand (satchmo_ext.brand)."""
from openerp.osv import fields, orm


class product_template(orm.Model):
    _inherit = 'product.template'

    _columns = {
        'satchmo_brand': fields.char('Brand', size=128, select=True,
                                     help="The product's brand in the Satchmo shop (several: comma-separated)."),
    }
