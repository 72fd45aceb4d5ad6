# -*- coding: utf-8 -*-
"""The binder: which OpenERP record each shop record became, and its sync state.

One row of `satchmo.sync.state` per shop record and backend (sync_state.py holds the model and what
users do with it). The binder reads them in bulk (`find`), writes one per imported record (`bind`,
`fail`, `archive`), answers the mappers' "which OpenERP id is shop record X" (`res_id`) and the
importers' and the health check's other questions (`unbound`, `unseen`, `adopted`, `payload`).
"""
import json

from openerp import SUPERUSER_ID
from openerp.tools.translate import _

from .mapper import MappingError, pull_language
from .sync_state import now_string, payload_hash, retry_delay

COLUMNS = 'id, satchmo_id, res_model, res_id, state, payload_hash, deleted, attempts'


class Binder(object):
    localcontext = property(pull_language)   # the language of its messages: the pull's

    def __init__(self, env):
        self.env = env
        self.cr = env.cr
        self.states = env.pool['satchmo.sync.state']
        self.backend_id = env.backend.id
        self.gone = set()      # (resource, shop id) the shop said it does not have

    # -- reading -------------------------------------------------------------

    def rows(self, resource, shop_ids):
        """{shop id: row} of the given shop ids, in one query (row: id, res_id, state, payload_hash, ...)."""
        if not shop_ids:
            return {}
        self.cr.execute('SELECT %s FROM satchmo_sync_state WHERE backend_id = %%s AND resource = %%s '
                        'AND satchmo_id IN %%s' % COLUMNS,
                        (self.backend_id, resource, tuple(str(i) for i in shop_ids)))
        return dict((row['satchmo_id'], row) for row in self.cr.dictfetchall())

    def find(self, resource, shop_ids):
        """The bindings of these shop ids, each with 'alive': its OpenERP record still exists."""
        rows = self.rows(resource, shop_ids)
        by_model = {}
        for row in rows.values():
            if row['res_model'] and row['res_id']:
                by_model.setdefault(row['res_model'], set()).add(row['res_id'])
        alive = set()
        for model, ids in by_model.items():
            self.cr.execute('SELECT id FROM "%s" WHERE id IN %%s' % self.env.pool[model]._table, (tuple(ids),))
            alive.update((model, r[0]) for r in self.cr.fetchall())
        for shop_id, row in rows.items():
            row['alive'] = (row['res_model'], row['res_id']) in alive
            if row['alive'] and not row['deleted']:
                self.env.cache.set('binding', (resource, shop_id), row['res_id'])
        return rows

    def one(self, resource, shop_id):
        """The binding of one shop id, or None."""
        return self.find(resource, [shop_id]).get(str(shop_id))

    def res_id(self, resource, shop_id):
        """The OpenERP id of an imported shop record; a MappingError saying why when there is none."""
        key = (resource, str(shop_id))
        cache = self.env.cache
        if not cache.has('binding', key):
            self.find(resource, [shop_id])
        if cache.has('binding', key):
            return cache.get('binding', key)
        ids = self.states.search(self.cr, SUPERUSER_ID, [('backend_id', '=', self.backend_id),
                                                         ('resource', '=', resource), ('satchmo_id', '=', str(shop_id))])
        state = ids and self.states.browse(self.cr, SUPERUSER_ID, ids[0])
        if key in self.gone or state and state.deleted:
            why = _('it is gone from the shop')
        elif state and state.state in ('failed', 'skipped'):
            why = (_('it failed: %s') if state.state == 'failed' else _('it skipped: %s')) % state.error
        else:
            why = _('it is not imported yet')
        raise MappingError(_('Needs %s %s, which is not in OpenERP: %s') % (resource, shop_id, why))

    def unbound(self, model, ids):
        """The ids of `ids` that no shop record of this backend is bound to yet."""
        if not ids:
            return []
        self.cr.execute('SELECT res_id FROM satchmo_sync_state WHERE backend_id = %s AND res_model = %s '
                        'AND res_id IN %s', (self.backend_id, model, tuple(ids)))
        bound = set(r[0] for r in self.cr.fetchall())
        return [i for i in ids if i not in bound]

    def unseen(self, resource, after, upto, seen, where=''):
        """The binding rows of a full listing's id range (after, upto] (upto None: to the end) that the
        listing did not show, and that match the SQL condition `where`."""
        sql = ("SELECT id, satchmo_id, res_model, res_id, deleted, adopted FROM satchmo_sync_state "
               "WHERE backend_id = %s AND resource = %s AND satchmo_id ~ '^[0-9]+$' AND satchmo_id::bigint > %s "
               + where)
        args = [self.backend_id, resource, after]
        if upto is not None:
            sql += ' AND satchmo_id::bigint <= %s'
            args.append(upto)
        self.cr.execute(sql, args)
        seen = set(str(i) for i in seen)
        return [row for row in self.cr.dictfetchall() if row['satchmo_id'] not in seen]

    def gone_ids(self, resource, after, upto, seen):
        """Shop ids of a full listing's id range that are bound and that the listing no longer shows."""
        return sorted(int(row['satchmo_id']) for row in self.unseen(
            resource, after, upto, seen, 'AND NOT coalesce(deleted, false)'))

    def adopted(self, binding):
        """The binding's OpenERP record was in OpenERP before the connector (existing.py)."""
        if not (binding and binding.get('id')):
            return False
        return self.read(binding['id'], 'adopted')

    def read(self, binding_id, field):
        return self.states.read(self.cr, SUPERUSER_ID, binding_id, [field])[field]

    def payload(self, binding):
        """The record as the shop sent it when it was last imported, or None."""
        payload = binding and self.read(binding['id'], 'payload')
        return json.loads(payload) if payload else None

    def shop_payload(self, resource, shop_id):
        """The last payload of a shop record, by its shop id (None when it has none)."""
        return self.payload(self.rows(resource, [shop_id]).get(str(shop_id)))

    # -- writing -------------------------------------------------------------

    def save(self, resource, shop_id, binding, vals):
        """Create or update the binding row of one shop record."""
        vals = dict(vals, last_sync=now_string())
        if not binding:   # bound earlier in this run?
            binding = self.rows(resource, [shop_id]).get(str(shop_id))
        if binding:
            self.states.write(self.cr, SUPERUSER_ID, [binding['id']], vals)
            return binding['id']
        vals.update(backend_id=self.backend_id, resource=resource, satchmo_id=str(shop_id))
        return self.states.create(self.cr, SUPERUSER_ID, vals)

    def bind(self, resource, record, binding, model, res_id, digest=None, state='synced'):
        """The shop record became OpenERP's `model` `res_id`; its sync state says `state`."""
        binding_id = self.save(resource, record['id'], binding, {
            'res_model': model, 'res_id': res_id, 'state': state, 'deleted': False, 'error': False,
            'attempts': 0, 'next_retry': False, 'payload_hash': digest,
            'payload': json.dumps(record, sort_keys=True, indent=1) if digest else False,
        })
        self.env.cache.set('binding', (resource, str(record['id'])), res_id)
        return binding_id

    def fail(self, resource, record, binding, message, state='failed'):
        """The record failed (retried later, each time later) or was skipped: its state says why."""
        if not binding:
            binding = self.rows(resource, [record['id']]).get(str(record['id']))
        attempts = (binding and binding['attempts'] or 0) + 1 if state == 'failed' else 0
        return self.save(resource, record['id'], binding, {
            'state': state, 'error': message, 'attempts': attempts,
            'next_retry': now_string(retry_delay(attempts)) if state == 'failed' else False,
            'payload_hash': payload_hash(record),
            'payload': json.dumps(record, sort_keys=True, indent=1),
        })

    def archive(self, resource, record, binding):
        """The shop no longer has the record: its state says so (its OpenERP record is archived, or kept)."""
        return self.save(resource, record['id'], binding, {
            'deleted': True, 'state': 'synced', 'error': False, 'attempts': 0, 'next_retry': False,
            'payload_hash': payload_hash(record), 'payload': json.dumps(record)})

    def write(self, binding_ids, vals):
        self.states.write(self.cr, SUPERUSER_ID, binding_ids, vals)
