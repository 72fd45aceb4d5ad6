# -*- coding: utf-8 -*-
"""The sync log: one row per run per backend, its counts and its failures."""
from openerp.osv import fields, orm

from .sync_state import RESOURCE_SELECTION

COUNTS = ('created', 'updated', 'unchanged', 'failed', 'skipped')
TRIGGERS = [('cron', 'Scheduled action'), ('menu', 'Menu'), ('button', 'Button'), ('script', 'Script')]
MODES = [('changes', 'Changes since the last pull'), ('full', 'Full re-scan'), ('retry', 'Retry'),
         ('parallel', 'Parallel first import'), ('health', 'Health check')]
LOG_STATES = [('running', 'Running'), ('done', 'Done'), ('partial', 'Done, with failed records or differences'),
              ('failed', 'Failed'), ('skipped', 'Skipped')]


def _count_columns():
    return dict((name, fields.integer(name.capitalize())) for name in COUNTS)


class satchmo_sync_log(orm.Model):
    _name = 'satchmo.sync.log'
    _description = 'Satchmo Sync Log'
    _order = 'date_start desc, id desc'

    def _total(self, cr, uid, ids, name, arg, context=None):
        return dict((log.id, sum(log[c] for c in COUNTS)) for log in self.browse(cr, uid, ids, context=context))

    _columns = dict(_count_columns(), **{
        'name': fields.char('Run', size=64, required=True),
        'backend_id': fields.many2one('satchmo.backend', 'Backend', required=True, ondelete='cascade', select=True),
        'trigger': fields.selection(TRIGGERS, 'Trigger', required=True),
        'mode': fields.selection(MODES, 'Mode', required=True),
        'resources': fields.char('Resources', size=128),
        'date_start': fields.datetime('Start', required=True, select=True),
        'date_end': fields.datetime('End'),
        'duration': fields.float('Duration (s)', digits=(16, 1)),
        'state': fields.selection(LOG_STATES, 'State', required=True, select=True),
        'message': fields.text('Message'),
        'requests': fields.integer('HTTP Requests'),
        'record_count': fields.function(_total, type='integer', string='Records', store={
            'satchmo.sync.log': (lambda self, cr, uid, ids, c=None: ids, list(COUNTS), 10)}),
        'count_ids': fields.one2many('satchmo.sync.log.count', 'log_id', 'Counts per Resource'),
        'failure_ids': fields.one2many('satchmo.sync.log.failure', 'log_id', 'Failed Records'),
    })

    def action_open(self, cr, uid, ids, context=None):
        action = {'type': 'ir.actions.act_window', 'res_model': 'satchmo.sync.log', 'name': 'Satchmo Sync Log',
                  'view_type': 'form', 'target': 'current'}
        if len(ids) == 1:
            action.update(res_id=ids[0], view_mode='form,tree')
        else:
            action.update(domain=[('id', 'in', ids)], view_mode='tree,form')
        return action


class satchmo_sync_log_count(orm.Model):
    _name = 'satchmo.sync.log.count'
    _description = 'Satchmo Sync Log: counts of one resource'
    _order = 'log_id, sequence'

    _columns = dict(_count_columns(), **{
        'log_id': fields.many2one('satchmo.sync.log', 'Run', required=True, ondelete='cascade', select=True),
        'resource': fields.selection(RESOURCE_SELECTION, 'Resource', required=True),
        'sequence': fields.integer('Sequence'),
    })


class satchmo_sync_log_failure(orm.Model):
    _name = 'satchmo.sync.log.failure'
    _description = 'Satchmo Sync Log: a failed record'
    _order = 'log_id, id'

    _columns = {
        'log_id': fields.many2one('satchmo.sync.log', 'Run', required=True, ondelete='cascade', select=True),
        'resource': fields.selection(RESOURCE_SELECTION, 'Resource', required=True),
        'satchmo_id': fields.char('Shop ID', size=32),
        'state_id': fields.many2one('satchmo.sync.state', 'Sync State', ondelete='set null'),
        'message': fields.text('Message'),
    }
