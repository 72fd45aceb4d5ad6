# -*- coding: utf-8 -*-
"""The import template: one shop record in, its OpenERP record and its binding out.

`Importer.import_record` reads as the steps of the job: archive what the shop no longer has, skip if
unchanged, skip by rule, map, match or adopt or create or write, the after-import work, bind. Each
entity's importer (catalog_importer.py, contact_importer.py, order_importer.py) fills the hooks.
An importer gets the pull's environment, the binder and the lookups; it never commits. What must be
made durable one piece at a time (an order's booking) it returns as steps, which the run executes.
"""
from collections import namedtuple

from openerp import SUPERUSER_ID
from openerp.tools.translate import _

from .existing import keep_existing, note_differences
from .mapper import pull_language
from .sync_state import payload_hash


class Result(namedtuple('Result', 'count message steps binding_id res_id')):
    """What became of one shop record: `count`, a key of sync_log.COUNTS; `message`, why it was skipped or
    stopped short (its sync state then says it); `steps`, [(name, function, args)] the run executes one by
    one after it, each made durable on its own, each `function(record, res_id, *args)` returning None or
    the Result that stops the record there; `binding_id`, the binding marked synced once they are done."""

    def __new__(cls, count, message=None, steps=(), binding_id=None, res_id=None):
        return super(Result, cls).__new__(cls, count, message, tuple(steps), binding_id, res_id)


class Importer(object):
    """Imports the records of one resource; subclasses fill in the hooks."""
    resource = None
    model = None
    adopts = True   # a record OpenERP had before may be matched and adopted (existing.py)
    localcontext = property(pull_language)   # the language of its messages: the pull's

    def __init__(self, env, binder, lookups, mapper):
        self.env, self.binder, self.lookups, self.mapper = env, binder, lookups, mapper
        self.cr, self.pool, self.context = env.cr, env.pool, env.context
        self.obj = env.pool[self.model]

    @property
    def backend(self):
        return self.env.backend

    # -- hooks ---------------------------------------------------------------

    def dependencies(self, record):
        """[(resource, shop id)] that must be in OpenERP before this record."""
        return []

    def skip_reason(self, record):
        """Why an import rule leaves this record out when it is new (it is then 'skipped'), or None."""
        return None

    def digest(self, record):
        """What tells a changed record from an unchanged one."""
        return payload_hash(record)

    def map(self, record, res_id=None):
        """The values of the OpenERP record (None: nothing to write on the existing `res_id`)."""
        raise NotImplementedError

    def match(self, record, vals):
        """An existing OpenERP record to bind instead of creating one (first sync), or None."""
        return None

    def create(self, record, vals):
        return self.obj.create(self.cr, SUPERUSER_ID, vals, context=self.context)

    def write(self, record, res_id, vals):
        """Write the shop's values; a message when the record must stop short (it keeps what is written)."""
        self.obj.write(self.cr, SUPERUSER_ID, [res_id], vals, context=self.context)

    def keep(self, record, res_id, vals):
        """What a pull writes on a record OpenERP had before (existing.py), and what it leaves."""
        return keep_existing(self, record, res_id, vals)

    def after_import(self, record, res_id, binding):
        """What the record brings besides its own values (addresses, price tiers, image); a Result when it
        stops the record short (it keeps what is done)."""

    def booking(self, record, res_id):
        """Steps that take the record further once it is bound (an order's booking), or none."""
        return []

    # -- the template --------------------------------------------------------

    def import_record(self, record, binding):
        """Import one shop record; returns its Result."""
        if record.get('deleted'):
            return self.archive(record, binding)
        digest = self.digest(record)
        res_id = binding and binding['alive'] and binding['res_id']
        if res_id and binding['state'] == 'synced' and binding['payload_hash'] == digest and not binding['deleted']:
            return Result('unchanged')
        if not res_id:
            reason = self.skip_reason(record)
            if reason:
                return Result('skipped', reason)
        vals = self.map(record, res_id)
        matched = not res_id and self.match(record, vals)
        res_id = res_id or matched
        keeps = self.adopts and self.backend.existing_policy == 'keep'
        differences = None
        if keeps and res_id and (matched or self.binder.adopted(binding)):
            vals, differences = self.keep(record, res_id, vals)
        if res_id:
            review = self.write(record, res_id, vals)
            if review:
                return Result('failed', review)
            count = 'updated'
        else:
            res_id, count = self.create(record, vals), 'created'
        stopped = self.after_import(record, res_id, binding)
        steps = [] if stopped else self.booking(record, res_id)
        binding_id = self.binder.bind(self.resource, record, binding, self.model, res_id, digest,
                                      state='pending' if stopped or steps else 'synced')
        if matched:
            self.binder.write([binding_id], {'adopted': True})
        if differences is not None:
            note_differences(self, record, res_id, binding_id, differences)
        return stopped or Result(count, steps=steps, binding_id=binding_id, res_id=res_id)

    def archive(self, record, binding):
        """A tombstone: the record is gone from the shop. Archive (never delete) what it became."""
        if not binding or binding['deleted']:
            return Result('unchanged')
        keep = self.backend.existing_policy == 'keep' and self.binder.adopted(binding)
        if binding['alive'] and 'active' in self.obj._all_columns and not keep:
            self.obj.write(self.cr, SUPERUSER_ID, [binding['res_id']], {'active': False}, context=self.context)
        self.binder.archive(self.resource, record, binding)
        return Result('updated')

    def stopped_at(self, record, res_id, step, cause):
        """The message of a step that failed (the record keeps the steps done before)."""
        return _('Stopped at %s: %s') % (step, cause)


def parents_first(importer, records):
    """The page's records, each after those of the page it depends on (a category's parent...)."""
    pending = list(records)
    ids = set(r['id'] for r in records)
    done, ordered = set(), []
    while pending:
        ready = [r for r in pending if r.get('deleted') or all(
            dep in done or dep not in ids for res, dep in importer.dependencies(r) if res == importer.resource)
        ] or pending[:1]   # a cycle: take them as they come
        for record in ready:
            pending.remove(record)
            done.add(record['id'])
            ordered.append(record)
    return ordered
