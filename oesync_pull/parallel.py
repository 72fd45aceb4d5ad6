# -*- coding: utf-8 -*-
"""A parallel import: a first import cut into chunks that OpenERP's own cron workers run side by side.

`satchmo.backend.parallel_import` is a pull like the others (same lock, same log): it imports the
countries and the categories itself, walks the full listings of products, contacts and orders, and
writes their ids down as chunks (`satchmo.import.chunk`, `chunk_size` records each, in that order),
with the listings' change-feed cursors. It then queues `import_workers` one-shot scheduled actions.
Each one, in whichever cron worker takes it (`--workers` with `--max-cron-threads`, on one server or
several on the database), claims the next chunk no other worker holds (a row lock, `SKIP LOCKED`),
fetches its records by id and imports them one by one, each in its own transaction. A record that
collides with another worker's (a journal's sequence, a customer two orders bring) is tried again in
a new transaction. A worker that dies lets its chunk go; the job runs again and takes it back. The
worker that finds the last chunk done ends the run: its log gets the chunks' counts. Until then every
other pull of the backend is skipped (the chunks would be imported twice).
"""
import calendar
import logging
import os
import random
import time

import psycopg2
from openerp import SUPERUSER_ID, sql_db
from openerp.osv import fields, orm
from openerp.tools.translate import _

from .mapper import pull_language
from .pull import RUNS
from .run import ImportRun, is_conflict
from .sync_log import COUNTS
from .sync_state import RESOURCE_SELECTION, RESOURCES, now_string

_logger = logging.getLogger(__name__)

INLINE = ('countries', 'categories')   # few, and a tree: the splitting run imports them itself
CONFLICT_ATTEMPTS = 10                  # tries of a record that keeps colliding; the last one fails it
FINISH_LOCK = 0x5a7d                    # pg_advisory_xact_lock(FINISH_LOCK, log id): one worker ends a run
CHUNK_LOCK = 0x5a7e                     # pg_advisory_xact_lock(CHUNK_LOCK, chunk id): a worker imports it
WORKER_FUNCTION = '_work_chunks'


class satchmo_import_chunk(orm.Model):
    _name = 'satchmo.import.chunk'
    _description = 'Satchmo parallel import: a chunk of shop records'
    _order = 'log_id, sequence, id'

    _columns = dict([(name, fields.integer(name.capitalize(), readonly=True)) for name in COUNTS], **{
        'log_id': fields.many2one('satchmo.sync.log', 'Run', required=True, ondelete='cascade', select=True),
        'backend_id': fields.many2one('satchmo.backend', 'Backend', required=True, ondelete='cascade',
                                      select=True),
        'resource': fields.selection(RESOURCE_SELECTION, 'Resource', required=True),
        'sequence': fields.integer('Sequence'),
        'satchmo_ids': fields.text('Shop IDs', required=True),
        'state': fields.selection([('pending', 'Pending'), ('done', 'Done'), ('failed', 'Failed')], 'State',
                                  required=True, select=True),
        'date_start': fields.datetime('Start'),
        'date_end': fields.datetime('End'),
        'duration': fields.float('Duration (s)', digits=(16, 2)),
        'worker': fields.char('Worker', size=64, help='The process id of the cron worker that imported it.'),
        'message': fields.text('Message'),
    })
    _defaults = {'state': 'pending'}


class satchmo_sync_log(orm.Model):
    _inherit = 'satchmo.sync.log'

    def _chunk_states(self, cr, uid, ids, names, arg, context=None):
        result = dict((i, dict.fromkeys(names, 0)) for i in ids)
        for log_id, counts in chunk_progress(cr, ids).items():
            result[log_id].update(chunks_done=counts['done'], chunks_running=counts['running'],
                                  chunks_left=counts['left'])
        return result

    _columns = {
        'chunk_ids': fields.one2many('satchmo.import.chunk', 'log_id', 'Chunks'),
        'chunks_done': fields.function(_chunk_states, type='integer', string='Chunks Done', multi='chunks'),
        'chunks_running': fields.function(_chunk_states, type='integer', string='Chunks Running', multi='chunks',
                                          help='Chunks a cron worker is importing now, over all the workers.'),
        'chunks_left': fields.function(_chunk_states, type='integer', string='Chunks Left', multi='chunks'),
    }

    def progress_counts(self, cr, uid, log, context=None):
        """A parallel import: what the splitting run imported itself, and its chunks' records."""
        done, total = super(satchmo_sync_log, self).progress_counts(cr, uid, log, context=context)
        if log.mode != 'parallel':
            return done, total
        counts = chunk_progress(cr, [log.id]).get(log.id)
        if not counts:
            return done, total
        if log.state != 'running':   # ended: its counts include the chunks'
            return log.record_count, log.record_count + counts['records_left']
        return done + counts['records_done'], done + counts['records']

    def action_stop(self, cr, uid, ids, context=None):
        """Stop a parallel import (no cron worker runs, or it is not wanted now): its chunks no worker has
        taken are dropped, a chunk being imported ends first; the log ends once none is left."""
        self.pool['satchmo.backend'].check_access_rights(cr, uid, 'write')
        user = self.pool['res.users'].browse(cr, uid, uid, context=context).name
        for log in self.browse(cr, uid, ids, context=context):
            if log.mode != 'parallel' or log.state != 'running':
                continue
            cr.execute("UPDATE satchmo_import_chunk SET state = 'failed', message = %s WHERE id IN ("
                       "SELECT id FROM satchmo_import_chunk WHERE log_id = %s AND state = 'pending' "
                       "FOR UPDATE SKIP LOCKED)", (_('Stopped by %s before a cron worker took it.') % user, log.id))
            close_log(cr, self.pool, log.id)
        return True


class SplitRun(ImportRun):
    """The splitting pull: countries and categories imported, the rest written down as chunks."""
    chunks = 0
    localcontext = property(pull_language)   # the language of its messages: the pull's

    def execute(self, mode, resources, retry_ids=None):
        """Chunks and cursors are written in one transaction with the jobs: a walk that fails leaves none."""
        self.counts = dict((resource, dict.fromkeys(COUNTS, 0)) for resource in resources)
        self.env.meta = self.adapter.meta()
        self.lookups.ensure_pricelist()
        limit = self.options.get('satchmo_split_limit')   # a trial: the first records of each listing
        size = max(self.backend.chunk_size or 1, 1)
        self.chunks, cursors = 0, {}
        for resource in resources:
            if resource in INLINE:
                self.pull_full(resource)
                continue
            listed = 0
            for meta, objects, after, upto in self.adapter.listing(resource):
                ids = [o['id'] for o in sorted(objects, key=lambda o: (shared_by(resource, o), o['id']))]
                if limit is None:   # the whole listing: what it no longer shows gets archived too
                    ids += self.binder.gone_ids(resource, after, upto, ids)
                    cursors[resource] = {'full_cursor': False, 'full_after': 0,
                                         'changes_cursor': meta['changes_cursor']}
                else:
                    ids = ids[:max(limit - listed, 0)]
                listed += len(ids)
                for start in range(0, len(ids), size):
                    self.chunks += 1
                    self.pool['satchmo.import.chunk'].create(self.cr, SUPERUSER_ID, {
                        'log_id': self.log_id, 'backend_id': self.backend.id, 'resource': resource,
                        'sequence': self.chunks, 'satchmo_ids': ','.join(str(i) for i in ids[start:start + size])})
                if limit is not None and listed >= limit:
                    break
        cursor_obj = self.pool['satchmo.backend.cursor']
        for resource, vals in cursors.items():
            cursor_obj.write(self.cr, SUPERUSER_ID, [self.cursor(resource)['id']], dict(vals, last_pull=now_string()))
        workers = min(self.options.get('satchmo_workers') or self.backend.import_workers or 1, self.chunks)
        self.detached = bool(self.chunks)
        if self.chunks:
            queue_workers(self.cr, self.pool, self.backend, self.log_id, workers)
            self.message = (_('%d chunks of at most %d records for %d cron workers; this log ends when the last '
                              'chunk is imported.') % (self.chunks, size, workers))
        self.begin_page()
        self.end_page(resources[-1])

    @classmethod
    def busy(cls, cr, backend_id):
        """A parallel import's chunks wait for the cron workers: no other run may import them too."""
        cr.execute("SELECT count(*) FROM satchmo_import_chunk WHERE backend_id = %s AND state = 'pending'",
                   (backend_id,))
        pending = cr.fetchone()[0]
        return pending and (_('A parallel import of this backend is in progress (%d chunks left for the cron '
                              'workers): this pull did nothing.') % pending)

    @classmethod
    def interrupted(cls, cr, pool, log):
        close_log(cr, pool, log.id)   # its last worker stopped before ending it


RUNS['parallel'] = SplitRun


def shared_by(resource, record):
    """What a record shares with others that two workers would both write: a page's records are chunked in
    that order, so that an order's customer (a contact's company) is booked by one worker at a time."""
    if resource == 'orders':
        return record.get('contact_id') or 0
    if resource == 'contacts':
        return (record.get('organization') or {}).get('id') or 0
    return 0


def import_chunk(run, resource, shop_ids):
    """One chunk, in a cron worker: its records fetched by id, each imported in a transaction of its own
    (`run`: an ImportRun whose counts stay with the caller); returns the counts."""
    run.counts = {}
    for record in run.adapter.read(resource, shop_ids):
        for attempt in range(1, CONFLICT_ATTEMPTS + 1):
            run.raise_conflicts = attempt < CONFLICT_ATTEMPTS
            try:
                run.import_page(resource, [record])
                break
            except psycopg2.Error as e:
                if not is_conflict(e):
                    raise
                run.abort_page()
                run.env.cache.clear()   # it may hold ids the rolled back transaction created
                _logger.debug('Satchmo %s %s: collided with another worker (%s), try %d', resource,
                              record['id'], e.pgcode, attempt)
                time.sleep(random.uniform(0.1, 0.5) * 2 ** min(attempt - 1, 4))   # 0.1-0.5 s up to 1.6-8 s
    return run.counts


def queue_workers(cr, pool, backend, log_id, workers):
    """One-shot scheduled actions, due now, each running `_work_chunks` for the run until no chunk is left."""
    cron_obj = pool['ir.cron']
    spent = cron_obj.search(cr, SUPERUSER_ID, [('model', '=', 'satchmo.backend'), ('function', '=', WORKER_FUNCTION),
                                               ('numbercall', '=', 0), ('active', '=', False)])
    if spent:
        cron_obj.unlink(cr, SUPERUSER_ID, spent)
    for n in range(workers):
        cron_obj.create(cr, SUPERUSER_ID, {
            'name': 'Satchmo parallel import of %s: worker %d of %d' % (backend.name, n + 1, workers),
            'model': 'satchmo.backend', 'function': WORKER_FUNCTION, 'args': repr((log_id,)),
            'user_id': SUPERUSER_ID, 'interval_number': 1, 'interval_type': 'minutes', 'numbercall': 1,
            'doall': False, 'priority': 1, 'nextcall': now_string()})


class satchmo_backend(orm.Model):
    _inherit = 'satchmo.backend'

    _columns = {
        'import_workers': fields.integer('Parallel Import Workers', help="Scheduled jobs a parallel import queues: "
                                         "as many as the server's cron workers (--max-cron-threads)."),
        'chunk_size': fields.integer('Records per Chunk', help="A parallel import's unit of work (each cron "
                                     "worker imports one chunk at a time)."),
    }
    _defaults = {'import_workers': 2, 'chunk_size': 20}

    def parallel_import(self, cr, uid, ids, context=None):
        """Start a first import (a full re-scan) in chunks for the cron workers; returns the runs' log ids
        at once. Each log stays running until its last chunk is imported."""
        trigger = (context or {}).get('satchmo_trigger', 'script')
        return [self.run_import(cr, uid, i, 'parallel', trigger=trigger, context=context) for i in ids]

    def action_parallel_import(self, cr, uid, ids, context=None):
        log_ids = self.parallel_import(cr, uid, ids, context=dict(context or {}, satchmo_trigger='button'))
        return self.pool['satchmo.sync.log'].action_open(cr, uid, log_ids, context=context)

    def _work_chunks(self, cr, uid, log_id, context=None):
        """A cron worker's job: the run's next unclaimed chunk, until none is left; then end the run."""
        db = sql_db.db_connect(cr.dbname)
        while True:
            lock_cr = db.cursor()
            try:
                lock_cr.execute("SELECT id FROM satchmo_import_chunk WHERE log_id = %s AND state = 'pending' "
                                "ORDER BY sequence, id LIMIT 1 FOR UPDATE SKIP LOCKED", (log_id,))
                row = lock_cr.fetchone()
                if not row:
                    break
                lock_cr.execute('SELECT pg_advisory_xact_lock(%s, %s)', (CHUNK_LOCK, row[0]))   # it runs
                self._import_chunk(db, lock_cr, row[0])
                lock_cr.commit()
            finally:
                lock_cr.close()
        self._finish_parallel(db, log_id)
        return True

    def _import_chunk(self, db, lock_cr, chunk_id):
        chunk = self.pool['satchmo.import.chunk'].browse(lock_cr, SUPERUSER_ID, chunk_id)
        started, date_start = time.time(), now_string()
        work_cr = db.cursor()
        run = None
        try:
            backend = self.browse(work_cr, SUPERUSER_ID, chunk.backend_id.id)
            run = ImportRun(work_cr, self.pool, backend, chunk.log_id.id, log_counts=False)
            counts = import_chunk(run, chunk.resource, [int(i) for i in chunk.satchmo_ids.split(',')])
            vals = dict(counts.get(chunk.resource, {}), state='done')
        except Exception as e:
            work_cr.rollback()
            _logger.exception('Satchmo chunk %s (%s) failed', chunk_id, chunk.resource)
            vals = dict(run and run.counts.get(chunk.resource) or {}, state='failed', message=(
                _('%s: %s. Its records not counted here are imported by the next full re-scan (the nightly '
                  'reconciliation, or "Full re-scan" in Import from Satchmo).') % (type(e).__name__, e)))
        finally:
            if run:
                run.adapter.close()
            work_cr.close()
        vals.update(date_start=date_start, date_end=now_string(), duration=time.time() - started,
                    worker=str(os.getpid()))
        self.pool['satchmo.import.chunk'].write(lock_cr, SUPERUSER_ID, [chunk_id], vals)

    def _finish_parallel(self, db, log_id):
        """The run's log takes the chunks' counts once none is left (one worker does it, whichever ends last)."""
        lock_cr = db.cursor()
        try:
            lock_cr.execute('SELECT pg_advisory_xact_lock(%s, %s)', (FINISH_LOCK, log_id))
            cr = db.cursor()   # its snapshot starts after the lock: it sees the other workers' chunks
            try:
                close_log(cr, self.pool, log_id)
                cr.commit()
            finally:
                cr.close()
        finally:
            lock_cr.close()


def chunk_progress(cr, log_ids):
    """{log id: {done, running, left, records, records_done, records_left}} of the runs' chunks: running,
    those a worker holds now (its advisory lock), left, those pending that none holds."""
    if not log_ids:
        return {}
    cr.execute("SELECT objid FROM pg_locks WHERE locktype = 'advisory' AND classid = %s AND objsubid = 2 "
               "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", (CHUNK_LOCK,))
    running = set(r[0] for r in cr.fetchall())
    cr.execute("SELECT log_id, id, state, array_length(string_to_array(satchmo_ids, ','), 1), %s "
               "FROM satchmo_import_chunk WHERE log_id IN %%s" % ' + '.join('coalesce(%s, 0)' % c for c in COUNTS),
               (tuple(log_ids),))
    result = {}
    for log_id, chunk_id, state, size, walked in cr.fetchall():
        counts = result.setdefault(log_id, dict.fromkeys(
            ('done', 'running', 'left', 'records', 'records_done', 'records_left'), 0))
        kind = 'done' if state != 'pending' else 'running' if chunk_id in running else 'left'
        counts[kind] += 1
        counts['records'] += size or 0
        counts['records_done'] += walked if state != 'pending' else 0
        counts['records_left'] += max((size or 0) - walked, 0) if state != 'pending' else 0
    return result


def close_log(cr, pool, log_id):
    """The run's log takes the chunks' counts once none is left pending."""
    log_obj = pool['satchmo.sync.log']
    log = log_obj.browse(cr, SUPERUSER_ID, log_id)
    cr.execute("SELECT resource, state, %s FROM satchmo_import_chunk WHERE log_id = %%s"
               % ', '.join('coalesce(%s, 0)' % c for c in COUNTS), (log_id,))
    rows = cr.fetchall()
    if log.state != 'running' or any(row[1] == 'pending' for row in rows):
        return
    totals = dict((c.resource, c) for c in log.count_ids)
    for resource in sorted(set(row[0] for row in rows), key=RESOURCES.index):
        sums = dict((key, sum(row[2 + n] for row in rows if row[0] == resource)) for n, key in enumerate(COUNTS))
        if resource in totals:
            pool['satchmo.sync.log.count'].write(cr, SUPERUSER_ID, [totals[resource].id], dict(
                (key, totals[resource][key] + sums[key]) for key in COUNTS))
        else:
            pool['satchmo.sync.log.count'].create(cr, SUPERUSER_ID, dict(
                sums, log_id=log_id, resource=resource, sequence=RESOURCES.index(resource)))
    log = log_obj.browse(cr, SUPERUSER_ID, log_id)
    vals = dict((key, sum(c[key] for c in log.count_ids)) for key in COUNTS)
    failed_chunks = [row for row in rows if row[1] == 'failed']
    state = 'partial' if vals['failed'] or failed_chunks else 'done'
    message = log.message
    if failed_chunks:
        message = '%s\n%s' % (message or '', _('%d chunks failed (the Chunks list below says why); their records '
                                              'come with the next full re-scan.') % len(failed_chunks))
    started = calendar.timegm(time.strptime(log.date_start, '%Y-%m-%d %H:%M:%S'))
    vals.update(state=state, message=message, date_end=now_string(), duration=round(time.time() - started, 1))
    log_obj.write(cr, SUPERUSER_ID, [log_id], vals)
    if state != 'done':
        pool['satchmo.backend']._notify(cr, log.backend_id, log_obj.browse(cr, SUPERUSER_ID, log_id))
    _logger.info('Satchmo backend %s: parallel import %s in %.0f s', log.backend_id.name, state, vals['duration'])
