# -*- coding: utf-8 -*-
"""Which OpenERP taxes a Satchmo tax class means, where: configuration records, editable in the UI.

A rule without country and state gives a product's customer taxes. An
order's lines use the most specific rule for the order's tax address (the
state's, else the country's, else the general one), the way Satchmo's area
tax module picks a rate for a state, then for a country.
"""
from openerp.osv import fields, orm
from openerp.tools.translate import _

from .mapper import MappingError

DEFAULT_CLASS = 'Default'   # Satchmo's class of a taxable product without a tax class


class satchmo_tax_map(orm.Model):
    _name = 'satchmo.tax.map'
    _description = 'Satchmo Tax Class Mapping'
    _rec_name = 'tax_class'
    _order = 'backend_id, tax_class, country_id, state_id'

    _columns = {
        'backend_id': fields.many2one('satchmo.backend', 'Backend', required=True, ondelete='cascade'),
        'tax_class': fields.char('Satchmo Tax Class', size=64, required=True,
                                 help="The title of the shop's tax class, e.g. 'Default' (Satchmo's class of "
                                      "taxable products that have no tax class of their own) or 'Shipping'."),
        'country_id': fields.many2one('res.country', 'Country', help="Only for orders taxed in this country."),
        'state_id': fields.many2one('res.country.state', 'State', help="Only for orders taxed in this state."),
        'tax_ids': fields.many2many('account.tax', 'satchmo_tax_map_tax_rel', 'map_id', 'tax_id', 'OpenERP Taxes',
                                    domain=[('type_tax_use', 'in', ('sale', 'all'))],
                                    help="The OpenERP taxes of this class here (none: not taxed)."),
    }

    _sql_constraints = [
        ('class_uniq', 'unique(backend_id, tax_class, country_id, state_id)',
         'This tax class is mapped already for this place on this backend.'),
    ]

    def onchange_state(self, cr, uid, ids, state_id, context=None):
        if not state_id:
            return {}
        state = self.pool['res.country.state'].browse(cr, uid, state_id, context=context)
        return {'value': {'country_id': state.country_id.id}}

    def _rule(self, backend, tax_class, country_id=False, state_id=False):
        title = (tax_class or DEFAULT_CLASS).strip().lower()
        rules = [r for r in backend.tax_map_ids if r.tax_class.strip().lower() == title]
        for place in ((country_id, state_id), (country_id, False), (False, False)):
            for rule in rules:
                if (rule.country_id.id or False, rule.state_id.id or False) == place:
                    return rule
        return None

    def taxes_of(self, cr, uid, backend, taxable, tax_class, context=None):
        """Customer taxes of a product of the shop; a missing mapping is an error naming what to add."""
        if not taxable:
            return []
        rule = self._rule(backend, tax_class)
        if rule is None:
            raise MappingError(
                _("Tax class '%s' has no OpenERP taxes: add it under Sales > Configuration > Satchmo > Backends, "
                  "backend '%s', tab Tax Classes, without country and state (products get those taxes; no taxes "
                  "there means: not taxed).")
                % (tax_class or DEFAULT_CLASS, backend.name))
        return [t.id for t in rule.tax_ids]

    def order_taxes(self, cr, uid, backend, tax_class, country_id, state_id, context=None):
        """Taxes of an order line of this class taxed at this place."""
        rule = self._rule(backend, tax_class, country_id, state_id)
        if rule is None or not rule.tax_ids:
            where = ', '.join(r.name for r in self.pool['res.country.state'].browse(cr, uid, [state_id]) if state_id) \
                or (country_id and self.pool['res.country'].browse(cr, uid, country_id).name) or _('anywhere')
            raise MappingError(
                _("The shop taxed a line of tax class '%s' in %s, and that class has no OpenERP taxes there: add a "
                  "rule for it under Sales > Configuration > Satchmo > Backends, backend '%s', tab Tax Classes "
                  "(with the state, or the country, and the tax of that rate).")
                % (tax_class or DEFAULT_CLASS, where, backend.name))
        return [t.id for t in rule.tax_ids]
