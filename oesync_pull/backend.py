# -*- coding: utf-8 -*-
from openerp.osv import orm, fields


class satchmo_backend(orm.Model):
    """One Satchmo shop this database pulls from."""
    _name = 'satchmo.backend'
    _description = 'Satchmo Backend'

    _columns = {
        'name': fields.char('Name', size=64, required=True),
        'location': fields.char(
            'Export URL', size=256, required=True,
            help="Base URL of the shop's satchmo_export, "
                 "e.g. https://shop.example.com/export/"),
        'token': fields.char(
            'Token', size=256, required=True,
            help="The shared token set in the shop's SATCHMO_EXPORT settings."),
        'active': fields.boolean('Active'),
        'company_id': fields.many2one('res.company', 'Company', required=True),
    }

    _defaults = {
        'active': True,
        'company_id': lambda self, cr, uid, ctx: self.pool.get('res.company')._company_default_get(
            cr, uid, 'satchmo.backend', context=ctx),
    }

    _sql_constraints = [
        ('name_uniq', 'unique(name)', 'A Satchmo backend with this name already exists.'),
    ]
