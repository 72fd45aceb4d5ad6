# -*- coding: utf-8 -*-
"""The pulls of a backend: one code path, several triggers.

Every pull goes through `run_import`: the scheduled actions, the "Import from Satchmo" wizard, the
form's buttons, XML-RPC `import_now`/`full_reconcile` and the command line. A pull holds a PostgreSQL
advisory lock per backend for its whole duration: a second pull of the same backend, from this server
or another one on the same database, finds it taken and is logged as skipped. What a pull does is its
run's (run.py); which run a mode is, the table RUNS says (health.py and parallel.py add theirs).
"""
import logging
import time

from openerp import SUPERUSER_ID, sql_db
from openerp.osv import fields, orm
from openerp.tools.translate import _

from .adapter import SatchmoError
from .backend import try_lock
from .existing import escape
from .mapper import MappingError
from .run import ImportRun
from .sync_log import COUNTS
from .sync_state import RESOURCES, now_string

_logger = logging.getLogger(__name__)

# mode -> the class of its run (run.Run); extensions register theirs: health.py 'health', parallel.py 'parallel'
RUNS = dict.fromkeys(('changes', 'full', 'retry'), ImportRun)


class satchmo_backend(orm.Model):
    _inherit = 'satchmo.backend'

    def _running(self, cr, uid, ids, names, arg, context=None):
        """The backend's run in progress (its newest running log) and how far it is."""
        log_obj = self.pool['satchmo.sync.log']
        result = dict((i, dict.fromkeys(names, False)) for i in ids)
        for backend_id in ids:
            log_ids = log_obj.search(cr, uid, [('backend_id', '=', backend_id), ('state', '=', 'running')], limit=1,
                                     context=context)
            if not log_ids:
                continue
            log = log_obj.browse(cr, uid, log_ids[0], context=context)
            done, total = log_obj.progress_counts(cr, uid, log, context=context)
            modes = dict(log_obj.fields_get(cr, uid, ['mode'], context=context)['mode']['selection'])   # translated
            status = (modes[log.mode], done, total, log.failed, log.time_left)
            result[backend_id].update(running_log_id=log.id, running_progress=log.progress, running_status=(
                _('%s: %d of %d records, %d failed, %s left') % status if log.time_left else
                _('%s: %d of %d records, %d failed') % status[:4]))
        return result

    _columns = {
        'running_log_id': fields.function(_running, type='many2one', relation='satchmo.sync.log', multi='running',
                                          string='Running Now'),
        'running_progress': fields.function(_running, type='float', multi='running', string='Progress (%)'),
        'running_status': fields.function(_running, type='char', size=256, multi='running', string='Progress'),
    }

    def import_now(self, cr, uid, ids, context=None):
        """Pull the changes since the last pull, now; returns when done, with the runs' log ids."""
        trigger = (context or {}).get('satchmo_trigger', 'script')
        return [self.run_import(cr, uid, i, 'changes', trigger=trigger, context=context) for i in ids]

    def full_reconcile(self, cr, uid, ids, context=None):
        """Walk every record of the shop, update what differs, archive what is gone; returns the log ids."""
        trigger = (context or {}).get('satchmo_trigger', 'script')
        return [self.run_import(cr, uid, i, 'full', trigger=trigger, context=context) for i in ids]

    def run_scheduled_imports(self, cr, uid, mode='changes', context=None):
        """The scheduled actions: one pull (mode 'health': one health check) of every active backend whose
        scheduled pulls were started (configuration.py)."""
        ids = self.search(cr, uid, [('scheduled', '=', True)], context=context)
        if not ids:
            _logger.info('Satchmo: no active backend, nothing to pull (%s).', mode)
            return True
        for backend_id in ids:
            self.run_import(cr, uid, backend_id, mode, trigger='cron', context=context)
        self.pool['satchmo.sync.log'].vacuum(cr, uid, context=context)
        return True

    def run_import(self, cr, uid, backend_id, mode, resources=None, trigger='script', retry_ids=None,
                   commit=True, context=None):
        """Pull one backend; returns the id of the run's sync log.

        mode: 'changes', 'full', 'retry' (the sync states `retry_ids`, imported again even when the shop
        did not change them), 'parallel' (parallel.py) or 'health' (health.py); resources: a subset of
        sync_state.RESOURCES (default all). With commit=True the run works in transactions of its own
        and commits each page; commit=False keeps it in `cr` (the addon's tests).
        """
        self.check_access_rights(cr, uid, 'write')   # only who may configure backends starts pulls
        context = dict(self.pool['res.users'].context_get(cr, uid), **(context or {}))   # its language
        resources = [r for r in RESOURCES if not resources or r in resources]
        if not commit:
            return self._run(cr, cr, backend_id, mode, resources, trigger, retry_ids, commit, context)
        db = sql_db.db_connect(cr.dbname)
        lock_cr, work_cr = db.cursor(), db.cursor()
        try:
            return self._run(lock_cr, work_cr, backend_id, mode, resources, trigger, retry_ids, commit, context)
        finally:
            work_cr.close()
            lock_cr.close()   # ends its transaction: the lock is released

    def run_result(self, cr, log_id, commit=True):
        """{state, message, differences, counts} of a run's log as the run left it. commit=True: read in a
        transaction of its own (the caller's may have begun before the run committed its log)."""
        read_cr = sql_db.db_connect(cr.dbname).cursor() if commit else cr
        try:
            log = self.pool['satchmo.sync.log'].browse(read_cr, SUPERUSER_ID, log_id)
            return {'state': log.state, 'message': log.message, 'differences': log.differences,
                    'counts': dict((c.resource, dict((k, c[k]) for k in COUNTS)) for c in log.count_ids)}
        finally:
            if commit:
                read_cr.close()

    def _run(self, lock_cr, cr, backend_id, mode, resources, trigger, retry_ids, commit, context=None):
        log_obj = self.pool['satchmo.sync.log']
        backend = self.browse(cr, SUPERUSER_ID, backend_id)
        started = time.time()
        vals = {'name': '%s %s' % (backend.name, now_string()), 'backend_id': backend_id, 'trigger': trigger,
                'mode': mode, 'resources': ', '.join(resources), 'date_start': now_string(), 'state': 'running'}
        if not try_lock(lock_cr, backend_id):
            why = _('Another pull of this backend was running: this one did nothing.')
        else:
            why = next((w for w in (cls.busy(cr, backend_id) for cls in set(RUNS.values())) if w), None)
        if why:
            _logger.info('Satchmo backend %s: %s pull skipped: %s', backend.name, mode, why)
            vals.update(state='skipped', date_end=now_string(), duration=0.0, message=why)
            log_id = log_obj.create(cr, SUPERUSER_ID, vals)
            commit and cr.commit()
            return log_id
        interrupted = log_obj.search(cr, SUPERUSER_ID, [('backend_id', '=', backend_id), ('state', '=', 'running')])
        for log in log_obj.browse(cr, SUPERUSER_ID, interrupted, context=context):   # its language, for the message
            RUNS.get(log.mode, ImportRun).interrupted(cr, self.pool, log)
        log_id = log_obj.create(cr, SUPERUSER_ID, vals)
        commit and cr.commit()
        run = RUNS[mode](cr, self.pool, backend, log_id, commit, options=dict(context or {}))
        message = self._execute(run, mode, resources, retry_ids)
        if not message and run.detached:   # a parallel import: its cron workers end it
            log_obj.write(cr, SUPERUSER_ID, [log_id], {'message': run.message})
            commit and cr.commit()
            return log_id
        state = 'failed' if message else 'partial' if run.failed() else 'done'
        log_obj.write(cr, SUPERUSER_ID, [log_id], {
            'state': state, 'message': message or run.message, 'date_end': now_string(),
            'duration': round(time.time() - started, 1)})
        if state != 'done' and run.changes_books:
            self._notify(cr, backend, log_obj.browse(cr, SUPERUSER_ID, log_id, context=context))   # its language
        if state != 'failed' and run.changes_books:
            self.write(cr, SUPERUSER_ID, [backend_id], {'last_check': vals['date_start']})
        found = sum(c[k] for c in run.counts.values() for k in ('created', 'updated', 'failed', 'skipped'))
        if trigger == 'cron' and mode == 'changes' and state == 'done' and not found and not run.message:
            log_obj.unlink(cr, SUPERUSER_ID, [log_id])   # nothing new: Shop Last Checked says it looked
            log_id = False
        commit and cr.commit()
        _logger.info('Satchmo backend %s: %s pull %s in %.1f s', backend.name, mode, state, time.time() - started)
        return log_id

    def _execute(self, run, mode, resources, retry_ids):
        """The run's work; the message of what stopped it, or False."""
        message = False
        try:
            run.execute(mode, resources, retry_ids)
        except (SatchmoError, MappingError) as e:   # the shop cannot be read, or what it says be booked
            run.abort_page()
            message = unicode(e.args[0] if isinstance(e, MappingError) else e)
        except Exception as e:
            run.abort_page()
            _logger.exception('Satchmo backend %s: the pull failed', run.backend.name)
            message = run.unexpected(e)
        finally:
            run.adapter.close()
        run.save_counts()
        return message

    def _notify(self, cr, backend, log):
        """A message on the backend for its followers (mailed to them): what failed and why, in the language of the
        pull (the log browsed with its context)."""
        context = log._context   # where _() finds it
        if log.state == 'failed':
            subject = _('Satchmo pull failed')
            body = _('<p>The %s pull of %s failed: %s</p>') % (log.mode, log.date_start, escape(log.message))
        else:
            subject, body = RUNS.get(log.mode, ImportRun).notice(cr, self.pool, log)
        self.message_post(cr, SUPERUSER_ID, [backend.id], body=body, subject=subject, type='comment',
                          subtype='mail.mt_comment')

    def action_import_now(self, cr, uid, ids, context=None):
        log_ids = [self.run_import(cr, uid, i, 'changes', trigger='button', context=context) for i in ids]
        return self.pool['satchmo.sync.log'].action_open(cr, uid, log_ids, context=context)

    def action_full_reconcile(self, cr, uid, ids, context=None):
        log_ids = [self.run_import(cr, uid, i, 'full', trigger='button', context=context) for i in ids]
        return self.pool['satchmo.sync.log'].action_open(cr, uid, log_ids, context=context)
