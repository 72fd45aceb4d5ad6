# -*- coding: utf-8 -*-
"""Import from Satchmo: choose a backend, the resources and the mode; the same pull as the cron."""
from openerp.osv import fields, orm
from openerp.tools.translate import _

from ..sync_state import RESOURCES


class satchmo_import_wizard(orm.TransientModel):
    _name = 'satchmo.import.wizard'
    _description = 'Import from Satchmo'

    def _default_backend(self, cr, uid, context=None):
        ids = self.pool['satchmo.backend'].search(cr, uid, [], limit=2, context=context)
        return ids[0] if len(ids) == 1 else False

    _columns = dict(
        [('import_%s' % r, fields.boolean(r.capitalize())) for r in RESOURCES],
        backend_id=fields.many2one('satchmo.backend', 'Backend', required=True),
        mode=fields.selection([('changes', 'Changes since the last pull'),
                               ('full', 'Full re-scan (also archives what is gone from the shop)'),
                               ('parallel', "Parallel full re-scan (in chunks, by the server's cron workers)")],
                              'Mode', required=True),
    )

    _defaults = dict([('import_%s' % r, True) for r in RESOURCES], mode='changes', backend_id=_default_backend)

    def action_import(self, cr, uid, ids, context=None):
        wizard = self.browse(cr, uid, ids[0], context=context)
        resources = [r for r in RESOURCES if wizard['import_%s' % r]]
        if not resources:
            raise orm.except_orm(_('Nothing to import'), _('Choose at least one kind of record to import.'))
        log_id = self.pool['satchmo.backend'].run_import(cr, uid, wizard.backend_id.id, wizard.mode,
                                                          resources=resources, trigger='menu', context=context)
        return self.pool['satchmo.sync.log'].action_open(cr, uid, [log_id], context=context)
