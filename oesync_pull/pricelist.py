# -*- coding: utf-8 -*-
"""Shop prices in OpenERP's pricelists.

A product's `list_price` is in the currency of OpenERP's "Public Price" (the company's). The shop's
price, in the shop's currency, is kept as it is in `satchmo_price` on each variant, a price type of the
shop's currency ("Satchmo Shop Price") reads it, and the backend's pricelist gets, for each shop product,
an item on that price type (and one per quantity price): OpenERP quotes a shop product in the backend's
pricelist at the shop's own price, whatever the rates do.
"""
import datetime

import openerp.addons.decimal_precision as dp
from openerp import SUPERUSER_ID
from openerp.osv import fields, orm

SHOP_PRICE_FIELD = 'satchmo_price'


def version_today(cr, pool, pricelist_id, vals=None, context=None):
    """The id of the pricelist's version valid today; none: one created with `vals`."""
    version_obj = pool['product.pricelist.version']
    today = datetime.date.today().isoformat()
    ids = version_obj.search(cr, SUPERUSER_ID, [
        ('pricelist_id', '=', pricelist_id), '|', ('date_start', '=', False), ('date_start', '<=', today),
        '|', ('date_end', '=', False), ('date_end', '>=', today)], order='id', limit=1)
    return ids[0] if ids else version_obj.create(cr, SUPERUSER_ID, dict(
        vals or {}, name='Satchmo prices', pricelist_id=pricelist_id), context=context)


class product_pricelist_item(orm.Model):
    """The shop's prices become pricelist items; this marks the ones a backend manages."""
    _inherit = 'product.pricelist.item'

    _columns = {
        'satchmo_backend_id': fields.many2one('satchmo.backend', 'Satchmo Backend', ondelete='cascade',
                                              readonly=True, help="Managed by this backend: replaced when "
                                              "the shop's prices of the product change."),
    }


class product_product(orm.Model):
    _inherit = 'product.product'

    _columns = {
        SHOP_PRICE_FIELD: fields.float('Satchmo Shop Price', digits_compute=dp.get_precision('Product Price'),
                                       readonly=True, help="The shop's unit price of this variant, in the shop's "
                                       "currency: the Satchmo backend's pricelist quotes it."),
    }

    def _auto_init(self, cr, context=None):
        """Products a backend imported before the shop price existed: their price so far (the company sold
        in the shop's currency), and their next full re-scan writes them again, pricelist items included."""
        cr.execute("SELECT 1 FROM information_schema.columns WHERE table_name = 'product_product' "
                   "AND column_name = %s", (SHOP_PRICE_FIELD,))
        new_column = not cr.fetchone()
        result = super(product_product, self)._auto_init(cr, context)
        cr.execute("SELECT 1 FROM information_schema.tables WHERE table_name = 'satchmo_sync_state'")
        if new_column and cr.fetchone():
            cr.execute("UPDATE product_product p SET satchmo_price = t.list_price + coalesce(p.price_extra, 0) "
                       "FROM product_template t, satchmo_sync_state s WHERE t.id = p.product_tmpl_id "
                       "AND s.res_model = 'product.product' AND s.res_id = p.id")
            cr.execute("UPDATE satchmo_sync_state SET payload_hash = NULL WHERE resource = 'products'")
        return result

    def copy(self, cr, uid, id, default=None, context=None):
        default = dict(default or {}, **{SHOP_PRICE_FIELD: 0.0})
        return super(product_product, self).copy(cr, uid, id, default, context=context)


class product_price_type(orm.Model):
    _inherit = 'product.price.type'

    def shop_price_type(self, cr, uid, currency_id, context=None):
        """The price type of the shop price (one currency: OpenERP reads a price field's currency from its
        first price type), created on first use."""
        ids = self.search(cr, uid, [('field', '=', SHOP_PRICE_FIELD)], order='id', context=context)
        if ids:
            return self.browse(cr, uid, ids[0], context=context)
        currency = self.pool['res.currency'].browse(cr, uid, currency_id, context=context)
        return self.browse(cr, uid, self.create(cr, uid, {
            'name': 'Satchmo Shop Price (%s)' % currency.name, 'field': SHOP_PRICE_FIELD,
            'currency_id': currency_id}, context=context), context=context)
