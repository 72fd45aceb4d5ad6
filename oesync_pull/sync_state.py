# -*- coding: utf-8 -*-
"""The sync state: one row per shop record, its OpenERP record and how its import went (the binder,
binder.py, reads and writes them during a pull; here are the model and what users do with it).

Public API (users' scripts and reports read it over XML-RPC): model
`satchmo.sync.state`, fields backend_id, resource, satchmo_id, res_model,
res_id, state, payload_hash, payload, last_sync, error, attempts, next_retry.
"""
import datetime
import hashlib
import json

from openerp import SUPERUSER_ID, sql_db
from openerp.osv import fields, orm
from openerp.tools import DEFAULT_SERVER_DATETIME_FORMAT
from openerp.tools.translate import _

# what the shop exports, in the order a pull imports it
RESOURCES = ('countries', 'categories', 'products', 'contacts', 'orders')
RESOURCE_SELECTION = [
    ('countries', 'Countries'),
    ('categories', 'Categories'),
    ('products', 'Products'),
    ('contacts', 'Contacts'),
    ('orders', 'Orders'),
    # parts of a payload with OpenERP records of their own
    ('organizations', 'Organizations'),
    ('addresses', 'Addresses'),
    ('payments', 'Payments'),
    ('refunds', 'Credit Notes'),
]
# in the order the form's status bar shows them: pending, then where it ended
STATES = [('pending', 'Pending'), ('synced', 'Synced'), ('failed', 'Failed'), ('skipped', 'Skipped')]

RETRY_FIRST = datetime.timedelta(minutes=5)   # doubled on each failed attempt
RETRY_LONGEST = datetime.timedelta(days=1)


def payload_hash(record):
    return hashlib.sha1(json.dumps(record, sort_keys=True, separators=(',', ':'))).hexdigest()


def now_string(delta=None):
    return (datetime.datetime.utcnow() + (delta or datetime.timedelta())).strftime(DEFAULT_SERVER_DATETIME_FORMAT)


def retry_delay(attempts):
    return min(RETRY_FIRST * 2 ** max(attempts - 1, 0), RETRY_LONGEST)


class satchmo_sync_state(orm.Model):
    _name = 'satchmo.sync.state'
    _description = 'Satchmo Sync State'
    _rec_name = 'satchmo_id'
    _order = 'backend_id, resource, id'

    def _record_name(self, cr, uid, ids, name, arg, context=None):
        """The display name of each bound OpenERP record (read in one call per model), else False."""
        result = dict.fromkeys(ids, False)
        by_model = {}
        for row in self.read(cr, uid, ids, ['res_model', 'res_id'], context=context):
            if row['res_model'] and row['res_id'] and row['res_model'] in self.pool.models:
                by_model.setdefault(row['res_model'], {}).setdefault(row['res_id'], []).append(row['id'])
        for model, states in by_model.items():
            ctx = dict(context or {}, active_test=False)
            target = self.pool[model]
            alive = target.search(cr, SUPERUSER_ID, [('id', 'in', list(states))], context=ctx)
            for res_id, res_name in target.name_get(cr, SUPERUSER_ID, alive, context=ctx):
                for state_id in states[res_id]:
                    result[state_id] = res_name
            for res_id in set(states) - set(alive):
                for state_id in states[res_id]:
                    result[state_id] = _('(deleted in OpenERP)')
        return result

    _columns = {
        'backend_id': fields.many2one('satchmo.backend', 'Backend', required=True, ondelete='cascade', select=True),
        'resource': fields.selection(RESOURCE_SELECTION, 'Resource', required=True, select=True),
        'satchmo_id': fields.char('Shop ID', size=32, required=True, help="The record's id in the shop."),
        'res_model': fields.char('OpenERP Model', size=64),
        'res_id': fields.integer('OpenERP ID', select=True),
        'state': fields.selection(STATES, 'State', required=True, select=True),
        'deleted': fields.boolean('Gone from the shop', help="The shop deleted the record (or no longer exports "
                                  "it): its OpenERP record was archived."),
        'payload_hash': fields.char('Payload Hash', size=40),
        'payload': fields.text('Last Payload', help="The record as the shop last sent it (for diagnosis)."),
        'last_sync': fields.datetime('Last Sync', help="When the record was last imported or tried."),
        'error': fields.text('Error', help="Why the record failed or was skipped, and what to do."),
        'attempts': fields.integer('Failed Attempts'),
        'next_retry': fields.datetime('Next Retry'),
        'adopted': fields.boolean('Found in OpenERP', readonly=True,
                                  help="The OpenERP record existed before the connector: the pull bound it "
                                       "instead of creating it (see the backend's Records Found in OpenERP)."),
        'note_hash': fields.char('Differences Noted', size=40, readonly=True),
        'record_name': fields.function(_record_name, type='char', string='OpenERP Record',
                                       help="The OpenERP record this shop record became."),
    }

    _defaults = {
        'state': 'pending',
        'attempts': 0,
    }

    _sql_constraints = [
        ('satchmo_uniq', 'unique(backend_id, resource, satchmo_id)',
         'A shop record can be bound only once per backend.'),
    ]

    def name_get(self, cr, uid, ids, context=None):
        """'Orders 12: SO012': the kind of shop record, its shop id and what it became in OpenERP."""
        if isinstance(ids, (int, long)):
            ids = [ids]
        kinds = dict(RESOURCE_SELECTION)
        names = self._record_name(cr, uid, ids, 'record_name', None, context=context)
        result = []
        for row in self.read(cr, uid, ids, ['resource', 'satchmo_id'], context=context):
            name = '%s %s' % (kinds.get(row['resource'], row['resource']), row['satchmo_id'])
            result.append((row['id'], '%s: %s' % (name, names[row['id']]) if names[row['id']] else name))
        return result

    def copy(self, cr, uid, id, default=None, context=None):
        raise orm.except_orm(_('Kept by the connector'), _('A sync state cannot be duplicated: the pulls keep one '
                                                           'per shop record.'))

    def _auto_init(self, cr, context=None):
        res = super(satchmo_sync_state, self)._auto_init(cr, context)
        cr.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'satchmo_sync_state_res_idx'")
        if not cr.fetchone():
            cr.execute('CREATE INDEX satchmo_sync_state_res_idx ON satchmo_sync_state (res_model, res_id)')
        return res

    # -- user actions ------------------------------------------------------

    def action_retry(self, cr, uid, ids, context=None):
        """Retry selected: import these records again now, then show the run's log."""
        log_ids = self.retry(cr, uid, ids, context=context)
        return self.pool.get('satchmo.sync.log').action_open(cr, uid, log_ids, context=context)

    def retry(self, cr, uid, ids, commit=True, context=None):
        """Import these records again now, one run per backend; returns the runs' log ids. A log names the
        kinds of records retried, and says why a record retried was skipped."""
        by_backend = {}
        for state in self.browse(cr, uid, ids, context=context):
            by_backend.setdefault(state.backend_id.id, []).append(state)
        backend_obj = self.pool.get('satchmo.backend')
        log_ids = []
        for backend_id, states in sorted(by_backend.items()):
            resources = sorted(set(s.resource for s in states if s.resource in RESOURCES), key=RESOURCES.index)
            log_ids.append(backend_obj.run_import(cr, uid, backend_id, 'retry', resources=resources or None,
                                                  trigger='menu', retry_ids=[s.id for s in states],
                                                  commit=commit, context=context))
        # a committed run is not in this transaction's snapshot: read and write its outcome in a fresh one
        work_cr = sql_db.db_connect(cr.dbname).cursor() if commit else cr
        try:
            self._explain_skipped(work_cr, log_ids, ids, context=context)
            commit and work_cr.commit()
        finally:
            if commit:
                work_cr.close()
        return log_ids

    def _explain_skipped(self, cr, log_ids, ids, context=None):
        """A retried record the import rules leave out: the log's message says which and why."""
        skipped = self.search(cr, SUPERUSER_ID, [('id', 'in', ids), ('state', '=', 'skipped')], context=context)
        if not skipped:
            return
        names = dict(self.name_get(cr, SUPERUSER_ID, skipped, context=context))
        states = self.browse(cr, SUPERUSER_ID, skipped, context=context)
        for log in self.pool['satchmo.sync.log'].browse(cr, SUPERUSER_ID, log_ids, context=context):
            lines = [_('Skipped %s: %s') % (names[s.id], s.error or _('no reason given'))
                     for s in states if s.backend_id.id == log.backend_id.id]
            if lines:
                log.write({'message': '\n'.join(filter(None, [log.message] + lines))})

    def action_open_record(self, cr, uid, ids, context=None):
        state = self.browse(cr, uid, ids[0], context=context)
        if not state.res_model or not state.res_id:
            raise orm.except_orm(_('Nothing to open'), _('This shop record is not bound to an OpenERP record yet.'))
        return {
            'type': 'ir.actions.act_window', 'res_model': state.res_model, 'res_id': state.res_id,
            'view_type': 'form', 'view_mode': 'form', 'target': 'current',
        }
