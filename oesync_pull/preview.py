# -*- coding: utf-8 -*-
"""The preview: what a pull would do, record by record, without changing anything in OpenERP.

`satchmo.backend.preview` (the backend's Preview button, XML-RPC, `cli.py --preview`) walks what the
next pull would walk: a listing for a backend that has never pulled (or whose listing a crash
interrupted), else the change feed from the backend's cursors, and the failed records due for a
retry. Each shop record gets a line on a sync log in mode 'preview': create, adopt (the OpenERP
record found, and each field where it and the shop differ), update (which fields), archive, skip
(why), fail (cause and cure), unchanged; an order also gets its total, tax, rounding line and
payments (order_preview.py). The importers' own hooks decide (skip rules, mapping, matching), on
the run's page transactions: each page is undone before its lines are written, and nothing is
created that would take a number from a sequence, so the next pull's numbers follow without a gap.
"""
from openerp import SUPERUSER_ID
from openerp.osv import fields, orm, osv
from openerp.tools.translate import _

from .adapter import SatchmoError
from .binder import Binder
from .existing import THE_CONNECTORS, same
from .lookups import Lookups
from .mapper import MappingError
from .order_preview import OrderPreview
from .pull import RUNS
from .run import RETRY_PAGES, ImportRun
from .sync_log import COUNTS
from .sync_state import RESOURCE_SELECTION, now_string

ACTIONS = [('create', 'Create'), ('adopt', 'Adopt'), ('update', 'Update'), ('archive', 'Archive'),
           ('skip', 'Skip'), ('fail', 'Fail'), ('unchanged', 'Unchanged')]
# the count of the pull's log each action is
COUNT_OF = {'create': 'created', 'adopt': 'updated', 'update': 'updated', 'archive': 'updated', 'skip': 'skipped',
            'fail': 'failed', 'unchanged': 'unchanged'}
# seconds a record takes in a real pull on 2 cores (`make bench`, docs/): the estimate of its duration
SECONDS = {'orders': 1.0, 'contacts': 0.08, 'products': 0.05, 'categories': 0.02, 'countries': 0.01}
QUICK = 0.002   # an unchanged or skipped record
CREATED = ('binding', 'state', 'price_version')   # what the cache may hold of a record's undone work
LINE_COLUMNS = ('resource', 'satchmo_id', 'name', 'action', 'record', 'details', 'amount_total', 'amount_tax',
                'rounding', 'currency', 'payments')


class satchmo_preview_line(orm.Model):
    _name = 'satchmo.preview.line'
    _description = 'Satchmo preview: what a pull would do with one shop record'
    _order = 'log_id, sequence, id'

    _columns = {
        'log_id': fields.many2one('satchmo.sync.log', 'Preview', required=True, ondelete='cascade', select=True),
        'backend_id': fields.many2one('satchmo.backend', 'Backend', readonly=True),
        'sequence': fields.integer('Sequence'),
        'resource': fields.selection(RESOURCE_SELECTION, 'Resource', required=True, select=True),
        'satchmo_id': fields.char('Shop ID', size=32),
        'name': fields.char('Shop Record', size=256),
        'action': fields.selection(ACTIONS, 'The Pull Would', required=True, select=True),
        'record': fields.char('OpenERP Record', size=256, help='The record found in OpenERP (adopt, update).'),
        'details': fields.text('Details', help='Fields that differ and what the policy does with them, why a record '
                                              'is skipped, what makes it fail and how to cure it.'),
        'amount_total': fields.float('Total', digits=(16, 2)),
        'amount_tax': fields.float('Tax', digits=(16, 2)),
        'rounding': fields.float('Rounding Line', digits=(16, 2)),
        'currency': fields.char('Currency', size=8),
        'payments': fields.text('Payments'),
    }


class satchmo_sync_log(orm.Model):
    _inherit = 'satchmo.sync.log'
    _columns = {
        'preview_line_ids': fields.one2many('satchmo.preview.line', 'log_id', 'What the Pull Would Do'),
        'estimate': fields.float('Estimated Pull (s)', digits=(16, 0),
                                 help='How long the pull this preview shows would take, from the time a record of '
                                      'each kind takes in the benchmark.'),
    }

    def action_preview_lines(self, cr, uid, ids, context=None):
        return {'type': 'ir.actions.act_window', 'res_model': 'satchmo.preview.line', 'name': _('Preview'),
                'view_type': 'form', 'view_mode': 'tree,form', 'domain': [('log_id', 'in', ids)],
                'context': {'search_default_group_resource': 1}}


class satchmo_backend(orm.Model):
    _inherit = 'satchmo.backend'

    def preview(self, cr, uid, ids, resources=None, context=None, commit=True):
        """What the next pull would do, changing nothing: per backend {backend_id, log_id, counts}.
        commit=False: in the caller's transaction (the addon's tests)."""
        result = []
        trigger = (context or {}).get('satchmo_trigger', 'script')
        for backend_id in ids:
            log_id = self.run_import(cr, uid, backend_id, 'preview', resources=resources, trigger=trigger,
                                     commit=commit, context=context)
            counts = self.run_result(cr, log_id, commit)['counts']
            result.append({'backend_id': backend_id, 'log_id': log_id, 'counts': counts})
        return result

    def action_preview(self, cr, uid, ids, context=None):
        result = self.preview(cr, uid, ids, context=dict(context or {}, satchmo_trigger='button'))
        return self.pool['satchmo.sync.log'].action_open(cr, uid, [r['log_id'] for r in result], context=context)


class PreviewBinder(Binder):
    """The binder of a preview: a record the pull would create (`planned`) answers with a stand-in id
    (negative, never written) and its payload; one it would fail fails its dependants as in the pull."""

    def __init__(self, env):
        super(PreviewBinder, self).__init__(env)
        self.planned = {}    # (resource, shop id) -> (action, res_id or a negative stand-in, payload, message)
        self.new_ids = 0

    def plan(self, resource, record, action, res_id=None, message=None):
        if action == 'create':
            self.new_ids += 1
            res_id = -self.new_ids
        payload = record if resource == 'products' else None   # its tax class, for the orders
        self.planned[(resource, str(record['id']))] = (action, res_id, payload, message)

    def res_id(self, resource, shop_id):
        action, res_id, payload, message = self.planned.get((resource, str(shop_id)), (None, None, None, None))
        if action in ('fail', 'skip'):
            why = (_('it failed: %s') if action == 'fail' else _('it skipped: %s')) % message   # as the pull's Binder
            raise MappingError(_('Needs %s %s, which is not in OpenERP: %s') % (resource, shop_id, why))
        if res_id:
            return res_id
        return super(PreviewBinder, self).res_id(resource, shop_id)

    def shop_payload(self, resource, shop_id):
        planned = self.planned.get((resource, str(shop_id)))
        if planned and planned[2]:
            return planned[2]
        return super(PreviewBinder, self).shop_payload(resource, shop_id)


class PreviewLookups(Lookups):

    def product_uom_id(self, product_id):
        if product_id < 0:   # a product the pull creates: the backend's unit
            return self.backend.uom_id.id
        return super(PreviewLookups, self).product_uom_id(product_id)


class PreviewRun(ImportRun):
    """Walks as the next changes pull would, page by page; each page's work is undone, its lines kept."""
    changes_books = False

    def __init__(self, cr, pool, backend, log_id, commit=True, options=None):
        super(PreviewRun, self).__init__(cr, pool, backend, log_id, commit, options)
        self.binder = PreviewBinder(self.env)
        self.lookups = PreviewLookups(self.env, self.binder)
        self.lines = []
        self.estimate = 0.0
        self.order_preview = None   # one for the run: it remembers its lookups

    def execute(self, mode, resources, retry_ids=None):
        self.counts = dict((resource, dict.fromkeys(COUNTS, 0)) for resource in resources)
        self.env.meta = self.adapter.meta()
        for resource, full in self.walks('changes', resources):
            cursor = self.cursor(resource)
            changes = cursor['changes_cursor']
            if full:
                start = cursor['full_after'] if cursor['full_cursor'] else 0
                for meta, objects, after, upto in self.adapter.listing(resource, cursor['full_cursor'] or None, start):
                    self.progress.walking((resource, 'full'), meta, objects)
                    gone = self.binder.gone_ids(resource, after, upto, [o['id'] for o in objects])
                    self.preview_page(resource, objects + [{'id': i, 'deleted': True} for i in gone])
                    changes = meta.get('changes_cursor') or changes
            for meta, objects in self.adapter.pages(resource, 'changes', changes):
                self.progress.walking((resource, 'changes'), meta, objects)
                self.preview_page(resource, objects)
            self.preview_retries(resource)
        self.progress.finish()
        self.message = (_('Preview: nothing was changed in OpenERP. The pull would take about %s (%d records).')
                        % (duration(self.cr, self.estimate, self.env.language),
                           sum(sum(c.values()) for c in self.counts.values())))

    def cursor(self, resource):
        return self.pool['satchmo.backend.cursor'].position(self.cr, self.backend.id, resource, create=False)

    def preview_retries(self, resource):
        """The failed records whose retry time has come: the pull fetches them again."""
        states = self.pool['satchmo.sync.state']
        ids = states.search(self.cr, SUPERUSER_ID, [
            ('backend_id', '=', self.backend.id), ('resource', '=', resource), ('state', 'in', ('failed', 'pending')),
            '|', ('next_retry', '=', False), ('next_retry', '<=', now_string())], order='next_retry, id',
            limit=self.adapter.page_size * RETRY_PAGES)
        seen = set((line['resource'], line['satchmo_id']) for line in self.lines)   # walked already
        shop_ids = [r['satchmo_id'] for r in states.read(self.cr, SUPERUSER_ID, ids, ['satchmo_id'])
                    if (resource, r['satchmo_id']) not in seen]
        for start in range(0, len(shop_ids), self.adapter.page_size):
            self.preview_page(resource, self.adapter.read(resource, shop_ids[start:start + self.adapter.page_size]))

    # -- one page ------------------------------------------------------------

    def preview_page(self, resource, records):
        """The page's records previewed in a transaction that is then undone; their lines and counts kept."""
        self.begin_page()
        self.env.cache.clear()
        self.page_lines = []
        try:
            self.lookups.ensure_pricelist()
            self.cr.execute('SAVEPOINT satchmo_preview')   # each record is undone back to it
            self.process_page(resource, records)
        finally:
            self.abort_page()
            self.env.cache.clear()
            self.env.reload_backend()   # a pricelist the page took for it is undone
        self.begin_page()
        self.write_lines(self.page_lines)
        for line in self.page_lines:
            self.lines.append({'resource': line['resource'], 'satchmo_id': line['satchmo_id']})
            self.count(line['resource'], COUNT_OF[line['action']])
            quick = line['action'] in ('unchanged', 'skip')
            self.estimate += QUICK if quick else SECONDS.get(line['resource'], 0.05)
        self.end_page(resource)

    def write_lines(self, lines):
        """The page's lines in one INSERT (a report of thousands of rows: not the ORM's create, row by row)."""
        if not lines:
            return
        stamp = now_string()
        rows = [(SUPERUSER_ID, stamp, SUPERUSER_ID, stamp, self.log_id, self.backend.id, len(self.lines) + n) +
                tuple(None if line.get(column) is False else line.get(column) for column in LINE_COLUMNS)
                for n, line in enumerate(lines)]
        self.cr.execute('INSERT INTO satchmo_preview_line (create_uid, create_date, write_uid, write_date, log_id, '
                        'backend_id, sequence, %s) VALUES %s'
                        % (', '.join(LINE_COLUMNS), ', '.join(['%s'] * len(rows))), rows)

    def importer(self, resource):
        importer = super(PreviewRun, self).importer(resource)
        if resource == 'contacts':
            importer.import_organization = self.organization   # found or planned, never written
        return importer

    def organization(self, organization):
        """A contact's company as the pull would find it (contact_importer.py), without writing it: its bound
        partner, one of the same name (policy 'email'), else a stand-in for the one the pull creates."""
        binding = self.binder.one('organizations', organization['id'])
        if binding and binding['alive']:
            return binding['res_id']
        planned = self.binder.planned.get(('organizations', str(organization['id'])))
        if planned:
            return planned[1]
        name = self.pool['satchmo.mapper'].map_organization(self.cr, SUPERUSER_ID, self.lookups, organization,
                                                            context=self.env.context)['name']
        found = None
        if self.backend.partner_policy == 'email':
            self.cr.execute('SELECT id FROM res_partner WHERE lower(name) = lower(%s) AND is_company AND active '
                            'ORDER BY id LIMIT 1', (name,))
            found = self.cr.fetchone()
        self.binder.plan('organizations', organization, found and 'adopt' or 'create', found and found[0])
        return self.binder.planned[('organizations', str(organization['id']))][1]

    def arranged(self, resource, shop_id):
        return (resource, str(shop_id)) in self.binder.planned   # previewed already: the pull imports it first

    def import_one(self, importer, record, binding):
        """What the pull would do with the record (decide), as a line; whatever deciding did is undone."""
        cr = self.cr
        self.env.cache.begin()
        try:
            line = self.decide(importer, record, binding)
        except SatchmoError:
            raise
        except (MappingError, orm.except_orm, osv.except_osv) as e:
            line = {'action': 'fail', 'details': self.cause(e)}
        except Exception as e:
            line = {'action': 'fail', 'details': self.unexpected(e)}
        cr.execute('ROLLBACK TO SAVEPOINT satchmo_preview')
        self.env.cache.forget(CREATED)
        res_id = line.pop('res_id', None)
        self.binder.plan(importer.resource, record, line['action'], res_id, line.get('details'))
        line.update(resource=importer.resource, satchmo_id=str(record['id']), name=line.get('name') or label(record))
        self.page_lines.append(line)

    def decide(self, importer, record, binding):
        """What import_record (importer.py) would do with the record, as a line."""
        res_id = binding and binding['alive'] and binding['res_id']
        if record.get('deleted'):
            if not binding or binding['deleted']:
                return {'action': 'unchanged', 'details': _('Gone from the shop, and archived before.')}
            keep = self.backend.existing_policy == 'keep' and self.binder.adopted(binding)
            return {'action': 'archive', 'res_id': res_id, 'record': self.name_of(importer, res_id), 'details': (
                _('Gone from the shop: kept active, it was in OpenERP before the connector.') if keep else
                _('Gone from the shop: archived (never deleted).') if importer.resource != 'orders' else
                _('Deleted in the shop: booked as cancelled.'))}
        if res_id and binding['state'] == 'synced' and not binding['deleted'] and \
                binding['payload_hash'] == importer.digest(record):
            return {'action': 'unchanged', 'res_id': res_id}
        if not res_id:
            reason = importer.skip_reason(record)
            if reason:
                return {'action': 'skip', 'details': reason}
        if importer.resource == 'orders':
            self.order_preview = self.order_preview or OrderPreview(importer, self.lookups)
            return self.order_preview.decide(record, res_id)
        try:
            vals = importer.map(record, res_id)
        except Exception:
            new = [d for d in importer.dependencies(record) if (self.binder.planned.get(
                (d[0], str(d[1]))) or ('',))[0] == 'create']
            if res_id or not new:
                raise
            return {'action': 'create', 'details': _('After %s %s, which the pull creates first.') % new[0]}
        matched = not res_id and importer.match(record, vals)
        target = res_id or matched
        if not target:
            return {'action': 'create'}
        keeps = importer.adopts and self.backend.existing_policy == 'keep' and (
            matched or self.binder.adopted(binding))
        if keeps:
            kept = _('%s: %s here, in the shop %s: kept (policy "Keep what OpenERP\'s users entered").')
            details = '\n'.join(kept % d for d in importer.keep(record, target, vals)[1])
        else:
            changed = changed_fields(importer, target, vals)
            details = changed and (_('Fields the shop changes: %s.') % ', '.join(changed)) or ''
        return {'action': 'adopt' if matched else 'update', 'res_id': target,
                'record': self.name_of(importer, target), 'details': details or False}

    def name_of(self, importer, res_id):
        if not res_id or res_id < 0:
            return False
        names = importer.obj.name_get(self.cr, SUPERUSER_ID, [res_id], context={'active_test': False})
        return names and names[0][1] or False

    def save_counts(self):
        super(PreviewRun, self).save_counts()
        self.pool['satchmo.sync.log'].write(self.cr, SUPERUSER_ID, [self.log_id], {'estimate': self.estimate})


def changed_fields(importer, res_id, vals):
    """The labels of the fields whose value the shop's would change."""
    columns = importer.obj._all_columns
    names = [f for f in vals if f in columns and f not in THE_CONNECTORS]
    current = importer.obj.read(importer.cr, SUPERUSER_ID, [res_id], names, context={'active_test': False})[0]
    changed = []
    for field in names:
        column, new, mine = columns[field].column, vals[field], current[field]
        if column._type in ('many2many', 'one2many'):
            new = sorted(i for command in new if command[0] == 6 for i in command[2])
            differ = new != sorted(mine or [])
        elif column._type == 'many2one':
            differ = (new or False) != (mine and mine[0] or False)
        else:
            differ = not same(column, mine, new)
        if differ:
            changed.append(column.string)
    return changed


def label(record):
    for key in ('name', 'sku', 'email', 'iso2_code'):
        if record.get(key):
            return unicode(record[key])[:256]
    full = ' '.join(p for p in (record.get('first_name'), record.get('last_name')) if p)
    return full or ('%s %s' % (record.get('status') or '', record.get('total') or '')).strip() or False


def duration(cr, seconds, context=None):
    """'N min' (or s, h) in the language of `context` (_() finds it there, and the cursor `cr`)."""
    if seconds < 90:
        return _('%d s') % round(seconds)
    if seconds < 5400:
        return _('%d min') % round(seconds / 60)
    return _('%.1f h') % (seconds / 3600)


RUNS['preview'] = PreviewRun
