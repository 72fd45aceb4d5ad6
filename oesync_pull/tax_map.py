# -*- coding: utf-8 -*-
"""Which OpenERP taxes a Satchmo tax class means: configuration records, editable in the UI."""
from openerp.osv import fields, orm

from .mapper import MappingError

DEFAULT_CLASS = 'Default'   # Satchmo's class of a taxable product without a tax class


class satchmo_tax_map(orm.Model):
    _name = 'satchmo.tax.map'
    _description = 'Satchmo Tax Class Mapping'
    _rec_name = 'tax_class'
    _order = 'backend_id, tax_class'

    _columns = {
        'backend_id': fields.many2one('satchmo.backend', 'Backend', required=True, ondelete='cascade'),
        'tax_class': fields.char('Satchmo Tax Class', size=64, required=True,
                                 help="The title of the shop's tax class, e.g. 'Default' (Satchmo's class of "
                                      "taxable products that have no tax class of their own) or 'Shipping'."),
        'tax_ids': fields.many2many('account.tax', 'satchmo_tax_map_tax_rel', 'map_id', 'tax_id', 'OpenERP Taxes',
                                    domain=[('type_tax_use', 'in', ('sale', 'all'))],
                                    help="Customer taxes of the products of this class (none: not taxed)."),
    }

    _sql_constraints = [
        ('class_uniq', 'unique(backend_id, tax_class)', 'This tax class is mapped already on this backend.'),
    ]

    def taxes_of(self, cr, uid, backend, taxable, tax_class, context=None):
        """OpenERP tax ids of a product of the shop; a missing mapping is an error naming what to add."""
        if not taxable:
            return []
        title = tax_class or DEFAULT_CLASS
        for rule in backend.tax_map_ids:
            if rule.tax_class.strip().lower() == title.lower():
                return [t.id for t in rule.tax_ids]
        raise MappingError(
            "Tax class '%s' has no OpenERP taxes: add it under Sales > Configuration > Satchmo > Backends, "
            "backend '%s', tab Tax Classes (no taxes there means: not taxed)." % (title, backend.name))
