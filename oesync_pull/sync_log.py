# -*- coding: utf-8 -*-
"""The sync log: one row per run per backend, its counts and its failures; and the records per day.

A scheduled pull that found nothing new leaves no log (backend.py: the backend's Shop Last Checked
says when it looked); logs of runs that created, updated or failed nothing are vacuumed after
`EMPTY_LOG_DAYS` (system parameter oesync_pull.empty_log_days). Logs with records, failures or
differences are kept.
"""
import datetime

from openerp import SUPERUSER_ID
from openerp.osv import fields, orm
from openerp.tools import DEFAULT_SERVER_DATETIME_FORMAT
from openerp.tools.translate import _

from .sync_state import RESOURCE_SELECTION

COUNTS = ('created', 'updated', 'unchanged', 'failed', 'skipped')
TRIGGERS = [('cron', 'Scheduled action'), ('menu', 'Menu'), ('button', 'Button'), ('script', 'Script')]
MODES = [('changes', 'Changes since the last pull'), ('full', 'Full re-scan'), ('retry', 'Retry'),
         ('parallel', 'Parallel first import'), ('health', 'Health check'), ('preview', 'Preview')]
EMPTY_LOG_DAYS = 30
LOG_STATES = [('running', 'Running'), ('done', 'Done'), ('partial', 'Done, with failed records or differences'),
              ('failed', 'Failed'), ('skipped', 'Skipped')]


def _count_columns():
    return dict((name, fields.integer(name.capitalize())) for name in COUNTS)


class satchmo_sync_log(orm.Model):
    _name = 'satchmo.sync.log'
    _description = 'Satchmo Sync Log'
    _order = 'date_start desc, id desc'

    def _day(self, cr, uid, ids, name, arg, context=None):
        return dict((log['id'], (log['date_start'] or '')[:10] or False)
                    for log in self.read(cr, uid, ids, ['date_start'], context=context))

    def _total(self, cr, uid, ids, name, arg, context=None):
        return dict((log.id, sum(log[c] for c in COUNTS)) for log in self.browse(cr, uid, ids, context=context))

    def _progress(self, cr, uid, ids, names, arg, context=None):
        """Percent done and the time left, from the records walked and those still to walk."""
        result = {}
        for log in self.browse(cr, uid, ids, context=context):
            done, total = self.progress_counts(cr, uid, log, context=context)
            running = log.state == 'running'
            result[log.id] = {'progress': 100.0 * done / total if total else (0.0 if running else 100.0),
                              'time_left': running and time_left(cr, log.date_start, done, total, context) or False}
        return result

    def progress_counts(self, cr, uid, log, context=None):
        """(records walked, records the run will have walked), as the run saved them after its last page."""
        return log.progress_done, max(log.progress_total, log.progress_done)

    _columns = dict(_count_columns(), **{
        'name': fields.char('Run', size=64, required=True),
        'backend_id': fields.many2one('satchmo.backend', 'Backend', required=True, ondelete='cascade', select=True),
        'trigger': fields.selection(TRIGGERS, 'Trigger', required=True),
        'mode': fields.selection(MODES, 'Mode', required=True),
        'resources': fields.char('Resources', size=128),
        'date_start': fields.datetime('Start', required=True, select=True),
        # OpenERP 7 groups dates by month only: the day as text groups (and plots) by day
        'day': fields.function(_day, type='char', size=10, string='Day (UTC)', select=True, store={
            'satchmo.sync.log': (lambda self, cr, uid, ids, c=None: ids, ['date_start'], 10)}),
        'date_end': fields.datetime('End'),
        'duration': fields.float('Duration (s)', digits=(16, 1)),
        'state': fields.selection(LOG_STATES, 'State', required=True, select=True),
        'message': fields.text('Message'),
        'requests': fields.integer('HTTP Requests'),
        'record_count': fields.function(_total, type='integer', string='Records', store={
            'satchmo.sync.log': (lambda self, cr, uid, ids, c=None: ids, list(COUNTS), 10)}),
        'progress_done': fields.integer('Records Walked', help='Shop records this run has walked so far.'),
        'progress_total': fields.integer(
            'Records to Walk', help='Records walked and still to walk, as the shop counted them (its listing, or '
                                    'the size of its change feed); exact once the run has ended.'),
        'progress': fields.function(_progress, type='float', string='Progress (%)', multi='progress',
                                    digits=(16, 1)),
        'time_left': fields.function(_progress, type='char', size=32, string='Time Left', multi='progress',
                                     help='Estimated from the pace of the run so far.'),
        'count_ids': fields.one2many('satchmo.sync.log.count', 'log_id', 'Counts per Resource'),
        'failure_ids': fields.one2many('satchmo.sync.log.failure', 'log_id', 'Failed Records'),
    })

    def copy(self, cr, uid, id, default=None, context=None):
        raise orm.except_orm(_('Kept by the connector'),
                             _('A sync log cannot be duplicated: it is the record of a run.'))

    def vacuum(self, cr, uid, context=None):
        """Delete the logs of runs that did nothing (no record created, updated or failed, no difference
        found; records skipped again by the import rules do not count), older than the system parameter
        oesync_pull.empty_log_days (default 30)."""
        days = self.pool['ir.config_parameter'].get_param(cr, SUPERUSER_ID, 'oesync_pull.empty_log_days')
        try:
            days = int(days) if days else EMPTY_LOG_DAYS
        except ValueError:
            days = EMPTY_LOG_DAYS
        before = (datetime.datetime.utcnow() - datetime.timedelta(days=days)).strftime(
            DEFAULT_SERVER_DATETIME_FORMAT)
        cr.execute("DELETE FROM satchmo_sync_log WHERE date_start < %s AND state IN ('done', 'skipped') AND "
                   "coalesce(created, 0) + coalesce(updated, 0) + coalesce(failed, 0) + coalesce(differences, 0) = 0",
                   (before,))
        return cr.rowcount

    def action_open(self, cr, uid, ids, context=None):
        action = {'type': 'ir.actions.act_window', 'res_model': 'satchmo.sync.log', 'name': _('Sync Log'),
                  'view_type': 'form', 'target': 'current'}
        if len(ids) == 1:
            action.update(res_id=ids[0], view_mode='form,tree')
        else:
            action.update(domain=[('id', 'in', ids)], view_mode='tree,form')
        return action


def time_left(cr, date_start, done, total, context=None):
    """'about N min' (or s, h) left for a run that started at `date_start` and walked `done` of `total`, in the
    language of `context` (_() finds it there, and the cursor `cr`)."""
    if not done or total <= done or not date_start:
        return False
    started = datetime.datetime.strptime(date_start, DEFAULT_SERVER_DATETIME_FORMAT)
    elapsed = (datetime.datetime.utcnow() - started).total_seconds()
    left = elapsed / done * (total - done)
    if left < 90:
        return _('about %d s') % max(left, 1)
    if left < 5400:
        return _('about %d min') % round(left / 60)
    return _('about %.1f h') % (left / 3600)


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


class satchmo_sync_report(orm.Model):
    """Records pulled and failed per day and backend: the graph of Sales > Satchmo > Records per Day."""
    _name = 'satchmo.sync.report'
    _description = 'Satchmo: records pulled and failed per day'
    _auto = False
    _order = 'day desc, kind'

    _columns = {
        'day': fields.char('Day (UTC)', size=10, readonly=True),
        'backend_id': fields.many2one('satchmo.backend', 'Backend', readonly=True),
        'log_id': fields.many2one('satchmo.sync.log', 'Run', readonly=True),
        'kind': fields.selection([('pulled', 'Pulled (created or updated)'), ('failed', 'Failed')], 'Records',
                                 readonly=True),
        'records': fields.integer('Records', readonly=True),
    }

    def init(self, cr):
        cr.execute("DROP VIEW IF EXISTS satchmo_sync_report")
        cr.execute("""CREATE VIEW satchmo_sync_report AS
            SELECT id * 2 AS id, id AS log_id, backend_id, day, 'pulled'::varchar AS kind,
                   coalesce(created, 0) + coalesce(updated, 0) AS records
              FROM satchmo_sync_log WHERE mode != 'health'
            UNION ALL
            SELECT id * 2 + 1, id, backend_id, day, 'failed'::varchar, coalesce(failed, 0)
              FROM satchmo_sync_log WHERE mode != 'health'""")
