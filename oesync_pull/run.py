# -*- coding: utf-8 -*-
"""The run: one pull of one backend, the only part that walks pages and commits.

`ImportRun` walks the export's listings and change feeds page by page: it imports a page's missing
dependencies first (the export's `ids` filter), each record in its own savepoint (a failing record
is marked failed, what it cached is forgotten, and the run goes on), executes the steps an importer
returns for a record (an order's booking) each made durable on its own, and commits each page
together with its cursor and its counts, so that a crash loses nothing and the next run resumes
where this one stopped. It makes the environment, the binder and the lookups, and hands them down.

`Run` is what pull.py's run_import drives whatever the mode (the health check and the parallel import
are runs too, registered in pull.RUNS): the page transactions, the importers, the log's notice.
"""
import logging

import psycopg2
from openerp import SUPERUSER_ID
from openerp.osv import orm, osv
from openerp.tools import ustr
from openerp.tools.translate import _

from .adapter import SatchmoError, adapter_for
from .binder import Binder
from .catalog_importer import CategoryImporter, CountryImporter, ProductImporter
from .contact_importer import ContactImporter
from .environment import Environment
from .existing import escape
from .importer import Result, parents_first
from .lookups import Lookups
from .mapper import MappingError, pull_language
from .order_importer import OrderImporter
from .progress import Progress
from .sync_log import COUNTS
from .sync_state import RESOURCES, now_string

_logger = logging.getLogger(__name__)

IMPORTERS = dict((i.resource, i) for i in (CountryImporter, CategoryImporter, ProductImporter, ContactImporter,
                                            OrderImporter))
RETRY_PAGES = 5          # failed records retried per resource and run: pages of page_size
DEPENDENCY_DEPTH = 8     # parents of parents of ... fetched at most this deep
FAILURES_IN_NOTICE = 20
# PostgreSQL errors another transaction causes (serialization failure, deadlock, NOWAIT lock taken,
# the same binding inserted by another worker of a parallel import): the record is worth another try
CONFLICT_CODES = ('40001', '40P01', '55P03', '23505')


def is_conflict(error):
    return isinstance(error, psycopg2.Error) and error.pgcode in CONFLICT_CODES


class Run(object):
    """One run of a backend with its log: its environment, binder and lookups, its page transactions.

    commit=True (every real trigger): each page commits. commit=False (the addon's own tests): pages
    are savepoints of the caller's transaction.
    """
    detached = False   # True: its log is ended by others (a parallel import's cron workers)
    changes_books = True   # False: a run that leaves OpenERP as it found it (a preview): no notice, no Last Checked
    localcontext = property(pull_language)   # the language of its messages: the pull's

    def __init__(self, cr, pool, backend, log_id, commit=True, options=None):
        self.cr, self.pool, self.log_id, self.commit_pages = cr, pool, log_id, commit
        self.options = options or {}   # the caller's context (a parallel import's trial limit, workers)
        self.adapter = adapter_for(backend)
        self.env = Environment(cr, pool, backend, self.adapter, lang=self.options.get('lang'))
        self.binder = Binder(self.env)
        self.lookups = Lookups(self.env, self.binder)
        self.importers = {}
        self.counts = {}       # resource -> {count: n}, up to the last committed page
        self.progress = Progress()
        self.message = False
        self.in_page = False

    backend = property(lambda self: self.env.backend)

    def execute(self, mode, resources, retry_ids=None):
        raise NotImplementedError

    def importer(self, resource):
        if resource not in self.importers:
            self.importers[resource] = IMPORTERS[resource](self.env, self.binder, self.lookups,
                                                          self.pool['satchmo.mapper'])
        return self.importers[resource]

    def begin_page(self):
        self.in_page = True
        if not self.commit_pages:
            self.cr.execute('SAVEPOINT satchmo_page')

    def commit_page(self):
        if self.commit_pages:
            self.cr.commit()
        else:
            self.cr.execute('RELEASE SAVEPOINT satchmo_page')
        self.in_page = False

    def abort_page(self):
        """The run stops: the page in progress is undone, nothing of it stays."""
        if self.commit_pages:
            self.cr.rollback()
        elif self.in_page:
            self.cr.execute('ROLLBACK TO SAVEPOINT satchmo_page')
        self.in_page = False

    def failed(self):
        return sum(c['failed'] for c in self.counts.values())

    def save_counts(self):
        pass

    @staticmethod
    def cause(error):
        """The message of a MappingError or of OpenERP's own error (its title and text)."""
        return error.args[0] if isinstance(error, MappingError) else '%s: %s' % (error.name, error.value)

    def unexpected(self, error):
        """The message of an error no rule foresaw (its traceback is logged)."""
        try:
            text = unicode(error)
        except UnicodeError:   # bytes, not ASCII (PostgreSQL's message quoting a value with accents)
            text = ustr(str(error))
        return _('Unexpected error: %s: %s (the OpenERP server log has the details).') % (type(error).__name__, text)

    @classmethod
    def busy(cls, cr, backend_id):
        """Why no run of the backend may start now, or None."""
        return None

    @classmethod
    def interrupted(cls, cr, pool, log):
        """A log of this kind of run still running when a new run starts: its run was stopped."""
        context = log._context   # the new pull's language (pull.py browses the log with it): _() finds it here
        pool['satchmo.sync.log'].write(cr, SUPERUSER_ID, [log.id], {'state': 'failed', 'message': _(
            'Interrupted (the server stopped during the pull); the next pull resumed where it stopped.')})

    @classmethod
    def notice(cls, cr, pool, log):
        """(subject, body) of the message on the backend when a run ended with failed records."""
        context = log._context   # the pull's language (pull.py browses the log with it): _() finds it here
        obj = pool['satchmo.sync.log.failure']
        failures = obj.browse(cr, SUPERUSER_ID, obj.search(cr, SUPERUSER_ID, [('log_id', '=', log.id)],
                                                           limit=FAILURES_IN_NOTICE, order='id'))
        rows = ''.join('<li>%s %s: %s</li>' % (f.resource, f.satchmo_id, escape(f.message)) for f in failures)
        more = log.failed - FAILURES_IN_NOTICE
        return (_('Satchmo pull: %d record(s) failed') % log.failed,
                _('<p>The %s pull of %s imported the rest; these records failed and will be retried (Sales > Satchmo '
                  '> Sync States, filter Failed):</p><ul>%s</ul>%s')
                % (log.mode, log.date_start, rows, _('<p>... and %d more.</p>') % more if more > 0 else ''))


class ImportRun(Run):
    """A pull: changes, a full re-scan, or a retry of chosen records."""

    def __init__(self, cr, pool, backend, log_id, commit=True, options=None, log_counts=True):
        super(ImportRun, self).__init__(cr, pool, backend, log_id, commit, options)
        self.log_counts = log_counts   # False: the caller keeps them (a parallel import's chunk)
        self.page_counts = {}          # the counts of the page in progress
        self.savepoints = 0
        self.record_savepoint = None
        self.raise_conflicts = False   # a conflict fails the record (True: it stops the page, see parallel.py)

    # -- the walk ------------------------------------------------------------

    def execute(self, mode, resources, retry_ids=None):
        self.counts = dict((resource, dict.fromkeys(COUNTS, 0)) for resource in resources)
        self.env.meta = self.adapter.meta()
        self.lookups.ensure_pricelist()
        if mode == 'retry':
            self.retry(retry_ids=retry_ids)
        else:
            for resource, full in self.walks(mode, resources):
                if full:
                    self.pull_full(resource)
                if mode == 'changes':
                    self.pull_changes(resource)
                self.retry(resource=resource)
        self.progress.finish()   # walked to the end: 100% is every record

    def walks(self, mode, resources):
        """[(resource, whether the run walks its full listing: a full re-scan, one a crash interrupted, the first
        pull)]; the progress expects the listings' records (the shop's meta counts them)."""
        walks = []
        for resource in resources:
            cursor = self.cursor(resource)
            full = mode == 'full' or bool(cursor['full_cursor']) or not cursor['changes_cursor']
            if full and not cursor['full_cursor']:
                listed = self.env.meta.get('resources', {}).get(resource, {}).get('count')
                self.progress.expect((resource, 'full'), listed)
            walks.append((resource, full))
        return walks

    def pull_full(self, resource):
        """Every record of a listing (resuming one a crash interrupted); what is gone gets archived."""
        cursor = self.cursor(resource)
        start = cursor['full_after'] if cursor['full_cursor'] else 0
        for meta, objects, after, upto in self.adapter.listing(resource, cursor['full_cursor'] or None, start):
            self.progress.walking((resource, 'full'), meta, objects)
            self.begin_page()
            self.process_page(resource, objects)
            gone = self.binder.gone_ids(resource, after, upto, [o['id'] for o in objects])
            if gone:
                self.process_page(resource, [{'id': i, 'deleted': True} for i in gone])
            if meta['has_more']:
                vals = {'full_cursor': meta['next'], 'full_after': upto}
            else:
                vals = {'full_cursor': False, 'full_after': 0, 'changes_cursor': meta['changes_cursor']}
            self.end_page(resource, vals)

    def pull_changes(self, resource):
        for meta, objects in self.adapter.pages(resource, 'changes', self.cursor(resource)['changes_cursor']):
            self.progress.walking((resource, 'changes'), meta, objects)
            self.import_page(resource, objects, {'changes_cursor': meta['next']})

    def retry(self, resource=None, retry_ids=None):
        """Failed records whose retry time has come (or the ones chosen), fetched again by id."""
        states = self.pool['satchmo.sync.state']
        domain = [('backend_id', '=', self.backend.id), ('resource', 'in', RESOURCES)]
        if retry_ids:
            domain.append(('id', 'in', retry_ids))
        else:
            domain += [('resource', '=', resource), ('state', 'in', ('failed', 'pending')),
                       '|', ('next_retry', '=', False), ('next_retry', '<=', now_string())]
        ids = states.search(self.cr, SUPERUSER_ID, domain, order='next_retry, id',
                            limit=self.adapter.page_size * RETRY_PAGES)
        if retry_ids:   # chosen by a person: imported again even if the shop did not change them
            states.write(self.cr, SUPERUSER_ID, ids, {'payload_hash': False})
        wanted = {}
        for row in states.read(self.cr, SUPERUSER_ID, ids, ['resource', 'satchmo_id']):
            wanted.setdefault(row['resource'], []).append(row['satchmo_id'])
        for name in RESOURCES:
            shop_ids = wanted.get(name, [])
            self.progress.expect((name, 'retry'), len(shop_ids))
            for start in range(0, len(shop_ids), self.adapter.page_size):
                objects = self.adapter.read(name, shop_ids[start:start + self.adapter.page_size])
                self.progress.walking((name, 'retry'), {}, objects)
                self.import_page(name, objects)

    def cursor(self, resource):
        return self.pool['satchmo.backend.cursor'].position(self.cr, self.backend.id, resource)

    # -- one page ------------------------------------------------------------

    def import_page(self, resource, records, cursor_vals=None):
        """One page of records, made durable with its cursor."""
        self.begin_page()
        self.process_page(resource, records)
        self.end_page(resource, cursor_vals)

    def process_page(self, resource, records, depth=0):
        importer = self.importer(resource)
        records = parents_first(importer, records)
        self.import_dependencies(importer, records, depth)
        bindings = self.binder.find(resource, [r['id'] for r in records])
        for record in records:
            self.import_one(importer, record, bindings.get(str(record['id'])))

    def import_dependencies(self, importer, records, depth):
        in_page = set(r['id'] for r in records)
        needed = {}
        for record in records:
            if record.get('deleted'):
                continue
            for resource, shop_id in importer.dependencies(record):
                if not (resource == importer.resource and shop_id in in_page or self.arranged(resource, shop_id)):
                    needed.setdefault(resource, set()).add(shop_id)
        for resource in sorted(needed, key=RESOURCES.index):
            known = self.binder.find(resource, needed[resource])
            missing = sorted(i for i in needed[resource] if not (known.get(str(i)) or {}).get('alive'))
            if missing and depth < DEPENDENCY_DEPTH:
                fetched = self.adapter.read(resource, missing)
                self.binder.gone.update((resource, str(o['id'])) for o in fetched if o.get('deleted'))
                self.process_page(resource, [o for o in fetched if not o.get('deleted')], depth + 1)

    def arranged(self, resource, shop_id):
        """A dependency the run has seen to otherwise (a preview: one it planned)."""
        return False

    def import_one(self, importer, record, binding):
        """One record in a savepoint of its own: a failure undoes the record alone and marks it failed.
        A Result with a message: the record stopped short (an order at a step that failed), it keeps what
        is done and its sync state says why."""
        cr = self.cr
        self.savepoints += 1
        self.record_savepoint = 'satchmo_record_%d' % self.savepoints
        cr.execute('SAVEPOINT %s' % self.record_savepoint)
        self.env.cache.begin()
        try:
            result = importer.import_record(record, binding)
            if result.steps:
                result = self.run_steps(importer, record, result)
        except SatchmoError:
            raise   # the shop cannot be read: the run stops, its page is undone
        except (MappingError, orm.except_orm, osv.except_osv) as e:
            message = self.cause(e)
        except Exception as e:
            if self.raise_conflicts and is_conflict(e):
                raise
            _logger.exception('Satchmo %s %s failed', importer.resource, record.get('id'))
            message = self.unexpected(e)
        else:
            cr.execute('RELEASE SAVEPOINT %s' % self.record_savepoint)
            if result.message:
                self.record_failure(importer.resource, record, result.message, result.count)
            self.count(importer.resource, result.count)
            return result.count
        cr.execute('ROLLBACK TO SAVEPOINT %s' % self.record_savepoint)
        self.env.cache.forget()
        self.record_failure(importer.resource, record, message, 'failed', binding)
        self.count(importer.resource, 'failed')
        return 'failed'

    def run_steps(self, importer, record, result):
        """The record's steps, one at a time: it stops at the first that fails or says stop, with what the steps
        before it did; once all are done its binding says synced."""
        for name, step, args in result.steps:
            stopped = self.run_step(importer, record, result.res_id, name, step, args)
            if stopped:
                return stopped
        if result.binding_id:
            self.binder.write([result.binding_id], {'state': 'synced'})
        return Result(result.count)

    def run_step(self, importer, record, res_id, name, step, args):
        """One step in a savepoint of its own, made durable when it succeeds. OpenERP's workflow actions write
        before they fail: a failing step is rolled back whole, never half kept. Returns what stops the record."""
        cr = self.cr
        cr.execute('SAVEPOINT satchmo_step')
        try:
            stopped = step(record, res_id, *args)
        except (MappingError, orm.except_orm, osv.except_osv) as e:
            cr.execute('ROLLBACK TO SAVEPOINT satchmo_step')
            cause = self.cause(e)
        except Exception as e:
            if self.raise_conflicts and is_conflict(e):
                raise   # the whole record again, in a new transaction (parallel.py)
            cr.execute('ROLLBACK TO SAVEPOINT satchmo_step')
            _logger.exception('Satchmo %s %s: %s failed', importer.resource, record['id'], name)
            cause = self.unexpected(e)
        else:
            cr.execute('RELEASE SAVEPOINT satchmo_step')
            self.checkpoint()
            return stopped
        return Result('failed', importer.stopped_at(record, res_id, name, cause))

    def checkpoint(self):
        """What the record in progress did so far becomes durable (an order's steps commit one by one)."""
        if self.commit_pages:
            self.cr.commit()
            self.cr.execute('SAVEPOINT %s' % self.record_savepoint)
            self.env.cache.begin()

    def record_failure(self, resource, record, message, state, binding=None):
        """The record's sync state says why it failed (or was skipped); a failure is listed on the log."""
        state_id = self.binder.fail(resource, record, binding, message, state)
        if state == 'failed':
            self.pool['satchmo.sync.log.failure'].create(self.cr, SUPERUSER_ID, {
                'log_id': self.log_id, 'resource': resource, 'satchmo_id': str(record['id']),
                'state_id': state_id, 'message': message})

    def begin_page(self):
        super(ImportRun, self).begin_page()
        self.page_counts = {}

    def end_page(self, resource, cursor_vals=None):
        """The page's records, its cursor and the run's counts become durable together."""
        if cursor_vals:
            self.pool['satchmo.backend.cursor'].write(self.cr, SUPERUSER_ID, [self.cursor(resource)['id']],
                                                       dict(cursor_vals, last_pull=now_string()))
        for name, counts in self.page_counts.items():
            total = self.counts.setdefault(name, dict.fromkeys(COUNTS, 0))
            for key, value in counts.items():
                total[key] += value
        self.page_counts = {}
        self.save_counts()
        self.commit_page()

    def abort_page(self):
        super(ImportRun, self).abort_page()
        self.page_counts = {}

    def count(self, resource, result):
        self.page_counts.setdefault(resource, dict.fromkeys(COUNTS, 0))[result] += 1

    def save_counts(self):
        if not self.log_counts:
            return
        log_obj, count_obj = self.pool['satchmo.sync.log'], self.pool['satchmo.sync.log.count']
        existing = dict((c.resource, c.id) for c in log_obj.browse(self.cr, SUPERUSER_ID, self.log_id).count_ids)
        for resource, counts in self.counts.items():
            if resource in existing:
                count_obj.write(self.cr, SUPERUSER_ID, [existing[resource]], counts)
            else:
                count_obj.create(self.cr, SUPERUSER_ID, dict(counts, log_id=self.log_id, resource=resource,
                                                              sequence=RESOURCES.index(resource)))
        totals = dict((key, sum(c[key] for c in self.counts.values())) for key in COUNTS)
        log_obj.write(self.cr, SUPERUSER_ID, [self.log_id], dict(totals, requests=self.adapter.requests,
                                                                 **self.progress.values(self.counts)))

