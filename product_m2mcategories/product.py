# -*- coding: utf-8 -*-
from openerp.osv import orm, fields


class product_template(orm.Model):
    _inherit = 'product.template'

    _columns = {
        'categ_ids': fields.many2many(
            'product.category', 'product_categ_rel', 'product_id', 'categ_id',
            string='Extra Categories',
            help="Categories the product belongs to besides its main category."),
    }


class product_product(orm.Model):
    _inherit = 'product.product'

    def search(self, cr, uid, args, offset=0, limit=None, order=None,
               context=None, count=False):
        # The "Products by Category" tree passes search_default_categ_id, which
        # the product module turns into a main-category-only domain: widen it
        # to the extra categories and take the key away from the parent.
        categ = (context or {}).get('search_default_categ_id')
        if categ:
            context = dict(context, search_default_categ_id=False)
            args = list(args) + ['|', ('categ_id', 'child_of', categ),
                                 ('categ_ids', 'child_of', categ)]
        return super(product_product, self).search(
            cr, uid, args, offset=offset, limit=limit, order=order,
            context=context, count=count)
