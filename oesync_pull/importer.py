# -*- coding: utf-8 -*-
"""The importers, one per shop resource, and the run that drives them.

`Importer.import_record` reads as the steps of the job: skip if unchanged,
skip by rule, map, match or create or write, the after-steps, bind.
`ImportRun` walks the export's pages: it imports a page's missing
dependencies first (the export's `ids` filter), each record in its own
savepoint (a failing record is marked failed and the run goes on), and
commits each page together with its cursor, so that a crash loses nothing
and the next run resumes where this one stopped.
"""
import base64
import datetime
import json
import logging
from decimal import Decimal

import psycopg2
from openerp import SUPERUSER_ID
from openerp.osv import orm, osv
from openerp.tools.float_utils import float_round

from .adapter import SatchmoAdapter, SatchmoError
from .existing import ADDRESS, is_adopted, keep_existing, note_differences
from .mapper import MappingError, billing_address, dec
from .sync_log import COUNTS
from .sync_state import RESOURCES, now_string, payload_hash

_logger = logging.getLogger(__name__)

# creates and writes of a pull: no chatter, no followers, no tracking
PULL_CONTEXT = {'mail_create_nolog': True, 'mail_create_nosubscribe': True, 'mail_notrack': True}
# ISO codes the shop may use that OpenERP 7 knows under another one
COUNTRY_ALIASES = {'TL': 'TP', 'UK': 'GB'}
RETRY_PAGES = 5          # failed records retried per resource and run: pages of page_size
DEPENDENCY_DEPTH = 8     # parents of parents of ... fetched at most this deep
# PostgreSQL errors another transaction causes (serialization failure, deadlock, NOWAIT lock taken,
# the same binding inserted by another worker of a parallel import): the record is worth another try
CONFLICT_CODES = ('40001', '40P01', '55P03', '23505')


def is_conflict(error):
    return isinstance(error, psycopg2.Error) and error.pgcode in CONFLICT_CODES


class Importer(object):
    """Imports the records of one resource; subclasses fill in the steps."""
    resource = None
    model = None

    def __init__(self, run):
        self.run = run
        self.cr = run.cr
        self.pool = run.pool
        self.obj = run.pool[self.model]
        self.mapper = run.pool['satchmo.mapper']

    def dependencies(self, record):
        """[(resource, shop id)] that must be in OpenERP before this record."""
        return []

    def skip_reason(self, record):
        """Why an import rule leaves this record out (it is then 'skipped'), or None."""
        return None

    def map(self, record):
        raise NotImplementedError

    def match(self, record, vals):
        """An existing OpenERP record to bind instead of creating one (first sync), or None."""
        return None

    def create(self, record, vals):
        return self.obj.create(self.cr, SUPERUSER_ID, vals, context=self.run.context)

    def write(self, record, res_id, vals):
        self.obj.write(self.cr, SUPERUSER_ID, [res_id], vals, context=self.run.context)

    def after_import(self, record, res_id, binding):
        """What the record brings besides its own values (addresses, price tiers, image)."""

    def import_record(self, record, binding):
        """Import one shop record; returns what happened (one of sync_log.COUNTS), or (count, message)
        when it was skipped or stopped short: its sync state then says why."""
        if record.get('deleted'):
            return self.archive(record, binding)
        digest = payload_hash(record)
        res_id = binding and binding['alive'] and binding['res_id']
        if res_id and binding['state'] == 'synced' and binding['payload_hash'] == digest and not binding['deleted']:
            return 'unchanged'
        reason = self.skip_reason(record)
        if reason:
            return 'skipped', reason
        vals = self.map(record)
        adopted = bool(res_id) and is_adopted(self.run, binding)
        if not res_id:
            res_id = self.match(record, vals)
            adopted = bool(res_id)
        differences = None
        if adopted and self.run.backend.existing_policy == 'keep':
            vals, differences = self.keep(record, res_id, vals)
        if res_id:
            self.write(record, res_id, vals)
            result = 'updated'
        else:
            res_id = self.create(record, vals)
            result = 'created'
        self.after_import(record, res_id, binding)
        binding_id = self.run.bind(self.resource, record, binding, self.model, res_id, digest)
        if adopted:
            self.run.states.write(self.cr, SUPERUSER_ID, [binding_id], {'adopted': True})
        if differences is not None:
            note_differences(self, record, res_id, binding_id, differences)
        return result

    def keep(self, record, res_id, vals):
        """What a pull writes on a record OpenERP had before (existing.py), and what it leaves."""
        return keep_existing(self, record, res_id, vals)

    def archive(self, record, binding):
        """A tombstone: the record is gone from the shop. Archive (never delete) what it became."""
        if not binding or binding['deleted']:
            return 'unchanged'
        keep = self.run.backend.existing_policy == 'keep' and is_adopted(self.run, binding)
        if binding['alive'] and 'active' in self.obj._all_columns and not keep:
            self.obj.write(self.cr, SUPERUSER_ID, [binding['res_id']], {'active': False}, context=self.run.context)
        self.run.states.save(self.cr, self.run.backend.id, self.resource, record['id'], binding, {
            'deleted': True, 'state': 'synced', 'error': False, 'attempts': 0, 'next_retry': False,
            'payload_hash': payload_hash(record), 'payload': json.dumps(record)})
        return 'updated'

    def unbound(self, ids):
        """The ids of `ids` that no shop record of this backend is bound to yet."""
        if not ids:
            return []
        self.cr.execute('SELECT res_id FROM satchmo_sync_state WHERE backend_id = %s AND res_model = %s '
                        'AND res_id IN %s', (self.run.backend.id, self.model, tuple(ids)))
        bound = set(r[0] for r in self.cr.fetchall())
        return [i for i in ids if i not in bound]


class CountryImporter(Importer):
    """Countries are OpenERP's own, matched by ISO code, never created or changed.
    The shop's coded regions of a country become its states where OpenERP lacks them."""
    resource, model = 'countries', 'res.country'

    def skip_reason(self, record):
        if not record['active'] and not self.run.find_country(record['iso2_code']):
            return ('Country %s (%s) is inactive in the shop and unknown to OpenERP: nothing to import.'
                    % (record['name'], record['iso2_code']))

    def map(self, record):
        return {}

    def match(self, record, vals):
        return self.run.country_id(record['iso2_code'])

    def write(self, record, res_id, vals):
        pass

    def after_import(self, record, res_id, binding):
        for area in record['admin_areas']:
            if area['active'] and area['code']:
                self.run.state_id(res_id, area['code'], area['name'])


class CategoryImporter(Importer):
    resource, model = 'categories', 'product.category'

    def dependencies(self, record):
        return [('categories', record['parent_id'])] if record['parent_id'] else []

    def map(self, record):
        return self.mapper.map_category(self.cr, SUPERUSER_ID, self.run, record, context=self.run.context)

    def match(self, record, vals):
        ids = self.obj.search(self.cr, SUPERUSER_ID, [('name', '=', vals['name']),
                                                      ('parent_id', '=', vals['parent_id'])], order='id')
        return next(iter(self.unbound(ids)), None)


class ProductImporter(Importer):
    """A product, or a variation: a variant of its configurable product's template."""
    resource, model = 'products', 'product.product'

    def dependencies(self, record):
        deps = [('categories', c) for c in record['category_ids']]
        if record['parent_id']:
            deps.append(('products', record['parent_id']))
        return deps

    def map(self, record):
        return self.mapper.map_product(self.cr, SUPERUSER_ID, self.run, record, context=self.run.context)

    def match(self, record, vals):
        """Same internal reference (and, for a variation, same template): the product is already there.
        No reference matches nothing (not every product without one)."""
        if not vals['default_code']:
            return None
        domain = [('default_code', '=', vals['default_code'])]
        if 'product_tmpl_id' in vals:
            domain.append(('product_tmpl_id', '=', vals['product_tmpl_id']))
        ids = self.obj.search(self.cr, SUPERUSER_ID, domain, order='id', context={'active_test': False})
        return next(iter(self.unbound(ids)), None)

    def create(self, record, vals):
        backend = self.run.backend
        if 'product_tmpl_id' not in vals:
            vals = dict(vals, uom_id=backend.uom_id.id, uom_po_id=backend.uom_id.id,
                        company_id=backend.company_id.id)
        return super(ProductImporter, self).create(record, vals)

    def write(self, record, res_id, vals):
        vals = dict(vals)
        vals.pop('product_tmpl_id', None)   # a variant never moves to another template
        super(ProductImporter, self).write(record, res_id, vals)

    def after_import(self, record, res_id, binding):
        self.import_price_tiers(record, res_id)
        self.import_image(record, res_id, binding)

    def import_price_tiers(self, record, res_id):
        """The shop's prices as items of the backend's pricelist, on the shop price (pricelist.py), replaced
        on each import: a product's template gets its unit price (each variant's own shop price, see
        mapper.map_product) and its quantity prices; a variation only the quantity prices of its own.

        A quantity price's item: the variant's shop price + (tier price - the shop's unit price), so a
        parent's tiers also price its variations the way Satchmo does (tier + the options' changes).
        """
        item_obj = self.pool['product.pricelist.item']
        cr, backend = self.cr, self.run.backend
        variation = bool(record['parent_id'])
        if variation:
            target = ('product_id', res_id)
        else:
            target = ('product_tmpl_id', self.obj.read(cr, SUPERUSER_ID, res_id, ['product_tmpl_id'])
                      ['product_tmpl_id'][0])
        old = item_obj.search(cr, SUPERUSER_ID, [('satchmo_backend_id', '=', backend.id), (target[0], '=', target[1])])
        if old:
            item_obj.unlink(cr, SUPERUSER_ID, old)
        today = datetime.date.today().isoformat()
        tiers = [p for p in record['prices'] if dec(p['quantity']) > 1 and (not p['expires'] or p['expires'] >= today)]
        unit = dec(record['unit_price']) or Decimal('0')
        tiers.sort(key=lambda p: dec(p['quantity']), reverse=True)
        if not variation:
            tiers.append({'quantity': '0', 'price': str(unit)})
        if not tiers:
            return
        version_id = self.run.price_version_id()
        first = -2000 if variation else -1000   # a variant's own tiers before its template's
        for rank, tier in enumerate(tiers):
            item_obj.create(cr, SUPERUSER_ID, {
                'name': 'Satchmo: %s from %s' % (record['sku'] or record['slug'], tier['quantity']),
                'price_version_id': version_id, target[0]: target[1],
                'min_quantity': float(dec(tier['quantity'])),
                'base': self.run.shop_price_type_id(),
                'price_surcharge': float(dec(tier['price']) - unit),
                'sequence': first + rank,
                'satchmo_backend_id': backend.id,
            }, context=self.run.context)

    def import_image(self, record, res_id, binding):
        """The first image, downloaded when its URL changed; a bad image never fails the product."""
        images = sorted(record['images'], key=lambda i: (i['sort'], i['id']))
        if not images:
            return
        url = images[0]['url']
        old = self.run.old_payload(binding)
        old_images = sorted(old.get('images') or [], key=lambda i: (i['sort'], i['id'])) if old else []
        if old_images and old_images[0]['url'] == url:
            return
        content = self.run.adapter.download(url)
        if content:
            try:
                self.obj.write(self.cr, SUPERUSER_ID, [res_id], {'image': base64.b64encode(content)},
                               context=self.run.context)
            except Exception as e:   # PIL refuses what is not an image
                _logger.warning('Satchmo image %s of product %s not stored: %s', url, record['id'], e)


class ContactImporter(Importer):
    """A contact: a person (under its organization's company), with invoice and delivery addresses.

    The person's own address is the contact's billing address; a different default shipping address
    becomes a delivery address under the person, any other address an 'other' one.
    """
    resource, model = 'contacts', 'res.partner'

    billing_child = None   # an adopted person's other billing address (see keep)

    def map(self, record):
        self.billing_child = None
        vals = self.mapper.map_contact(self.cr, SUPERUSER_ID, self.run, record, context=self.run.context)
        vals['parent_id'] = self.import_organization(record['organization']) if record['organization'] else False
        return vals

    def match(self, record, vals):
        """Policy 'email': an existing person with the same email and the same name (a returning guest,
        a customer entered by hand). A shared email with another name never merges."""
        if self.run.backend.partner_policy != 'email' or not vals.get('email'):
            return None
        self.cr.execute("SELECT id, name FROM res_partner WHERE lower(email) = lower(%s) AND active "
                        "AND NOT coalesce(is_company, false) "
                        "AND coalesce(type, 'contact') NOT IN ('invoice', 'delivery', 'other') ORDER BY id",
                        (vals['email'],))
        same_name = [pid for pid, name in self.cr.fetchall() if normalized(name) == normalized(vals['name'])]
        return same_name[0] if same_name else None

    def import_organization(self, organization):
        """The organization's company partner (bound under 'organizations'), written when it changed."""
        run, cr = self.run, self.cr
        vals = self.mapper.map_organization(cr, SUPERUSER_ID, run, organization, context=run.context)
        binding = run.bindings('organizations', [organization['id']]).get(str(organization['id']))
        digest = payload_hash(organization)
        res_id = binding and binding['alive'] and binding['res_id']
        if res_id and binding['payload_hash'] == digest:
            return res_id
        adopted = bool(res_id) and is_adopted(run, binding)
        if not res_id and run.backend.partner_policy == 'email':
            cr.execute('SELECT id FROM res_partner WHERE lower(name) = lower(%s) AND is_company AND active '
                       'ORDER BY id LIMIT 1', (vals['name'],))
            row = cr.fetchone()
            res_id = adopted = row and row[0]
        differences = None
        if adopted and run.backend.existing_policy == 'keep':
            vals, differences = keep_existing(self, organization, res_id, vals)
        if res_id:
            self.obj.write(cr, SUPERUSER_ID, [res_id], vals, context=run.context)
        else:
            res_id = self.obj.create(cr, SUPERUSER_ID, dict(vals, company_id=run.backend.company_id.id),
                                     context=run.context)
        binding_id = run.bind('organizations', organization, binding, self.model, res_id, digest)
        if adopted:
            run.states.write(cr, SUPERUSER_ID, [binding_id], {'adopted': True})
        if differences is not None:
            note_differences(self, organization, res_id, binding_id, differences, 'organizations')
        return res_id

    def keep(self, record, res_id, vals):
        """An adopted person keeps its address: the shop's billing address, when it is another one, becomes
        an invoice address of the person (after_import binds it there)."""
        address = dict((f, vals.pop(f)) for f in ADDRESS if f in vals)
        kept, differences = keep_existing(self, record, res_id, vals)
        partner = self.obj.read(self.cr, SUPERUSER_ID, [res_id], list(ADDRESS))[0]
        mine = dict((f, partner[f][0] if isinstance(partner[f], tuple) else partner[f]) for f in ADDRESS)
        if not any(mine.values()):
            kept.update(address)
        elif any(address.values()) and any((mine[f] or False) != (address.get(f) or False) for f in ADDRESS):
            self.billing_child = dict(address, name=self.mapper.contact_name(record), type='invoice',
                                      parent_id=res_id, active=True, customer=False, supplier=False,
                                      use_parent_address=False)
        return kept, differences

    def create(self, record, vals):
        return super(ContactImporter, self).create(record, dict(vals, company_id=self.run.backend.company_id.id))

    def after_import(self, record, res_id, binding):
        """Every address of the contact: the billing one is the person (or, for a person OpenERP had with
        another address, an invoice address of it), others are its children."""
        run, cr = self.run, self.cr
        billing = billing_address(record)
        addresses = record['addresses']
        bindings = run.bindings('addresses', [a['id'] for a in addresses])
        for address in addresses:
            bound = bindings.get(str(address['id']))
            if address is billing and self.billing_child:
                child_id = bound and bound['alive'] and bound['res_id'] != res_id and bound['res_id']
                child_id = child_id or self.same_address(res_id, self.billing_child)
                if child_id:
                    self.obj.write(cr, SUPERUSER_ID, [child_id], self.billing_child, context=run.context)
                else:
                    child_id = self.obj.create(cr, SUPERUSER_ID, self.billing_child, context=run.context)
                run.bind('addresses', address, bound, self.model, child_id)
                continue
            if address is billing:
                run.bind('addresses', address, bound, self.model, res_id)
                continue
            vals = self.mapper.map_address(cr, SUPERUSER_ID, run, address, context=run.context)
            vals.update(name=address['addressee'] or address['description'] or record['last_name'] or 'Address',
                        type='delivery' if address['is_default_shipping'] else 'other',
                        parent_id=res_id, active=True, customer=False, supplier=False, use_parent_address=False)
            child_id = bound and bound['alive'] and bound['res_id'] != res_id and bound['res_id']
            child_id = child_id or self.same_address(res_id, vals)
            if child_id:
                self.obj.write(cr, SUPERUSER_ID, [child_id], vals, context=run.context)
            else:
                child_id = self.obj.create(cr, SUPERUSER_ID, vals, context=run.context)
            run.bind('addresses', address, bound, self.model, child_id)
        self.archive_addresses(res_id, [str(a['id']) for a in addresses])

    def same_address(self, parent_id, vals):
        """A child of the person with the very same address (first sync of a matched partner)."""
        domain = [('parent_id', '=', parent_id)] + [(f, '=', vals[f]) for f in
                                                    ('street', 'street2', 'city', 'zip', 'country_id')]
        return next(iter(self.unbound(self.obj.search(self.cr, SUPERUSER_ID, domain, order='id'))), None)

    def archive_addresses(self, person_id, current):
        """Children of the person bound to addresses the contact no longer has: archived."""
        cr = self.cr
        cr.execute("SELECT s.id, s.res_id FROM satchmo_sync_state s JOIN res_partner p ON p.id = s.res_id "
                   "WHERE s.backend_id = %s AND s.resource = 'addresses' AND NOT coalesce(s.deleted, false) "
                   "AND p.parent_id = %s AND s.satchmo_id NOT IN %s",
                   (self.run.backend.id, person_id, tuple(current) or ('',)))
        rows = cr.fetchall()
        if rows:
            self.obj.write(cr, SUPERUSER_ID, [r[1] for r in rows], {'active': False}, context=self.run.context)
            self.run.states.write(cr, SUPERUSER_ID, [r[0] for r in rows], {'deleted': True})

    def archive(self, record, binding):
        result = super(ContactImporter, self).archive(record, binding)
        if result == 'updated' and binding['alive']:
            self.archive_addresses(binding['res_id'], [])
        return result


def normalized(name):
    return ' '.join((name or '').lower().split())


IMPORTERS = dict((i.resource, i) for i in (CountryImporter, CategoryImporter, ProductImporter, ContactImporter))


class ImportRun(object):
    """One pull of one backend: its adapter, its counts, and the pages it walks.

    commit=True (every real trigger): each page commits with its cursor. commit=False (the addon's
    own tests): pages are savepoints of the caller's transaction.
    """

    def __init__(self, cr, pool, backend, log_id, commit=True):
        self.cr, self.pool, self.backend, self.log_id = cr, pool, backend, log_id
        self.commit_pages = commit
        self.context = dict(PULL_CONTEXT, force_company=backend.company_id.id)
        self.adapter = SatchmoAdapter(backend.location, backend.token, timeout=backend.timeout or 60,
                                      verify=backend.verify_ssl, page_size=backend.page_size or 100)
        self.states = pool['satchmo.sync.state']
        self.counts = {}       # resource -> {count: n}, up to the last committed page
        self.page_counts = {}  # the same for the page in progress
        self.known = {}        # (resource, shop id) -> OpenERP id, of records bound and still there
        self.touched = []      # keys of `known` added by the record in progress
        self.importers = {}
        self.gone = set()      # (resource, shop id) the shop said it does not have
        self.savepoints = 0
        self.in_page = False
        self._price_version_id = None
        self.meta = {}
        self.record_savepoint = None
        self.options = {}              # the caller's context (a parallel import's trial limit, workers)
        self.raise_conflicts = False   # a conflict fails the record (True: it stops the page, see parallel.py)

    # -- the walk ------------------------------------------------------------

    def execute(self, mode, resources, retry_ids=None):
        self.counts = dict((resource, dict.fromkeys(COUNTS, 0)) for resource in resources)
        self.meta = self.adapter.meta()
        self.ensure_pricelist()
        if mode == 'retry':
            self.retry(retry_ids=retry_ids)
            return
        for resource in resources:
            cursor = self.cursor(resource)
            if mode == 'full' or cursor['full_cursor'] or not cursor['changes_cursor']:
                self.pull_full(resource)
            if mode == 'changes':
                self.pull_changes(resource)
            self.retry(resource=resource)

    def pull_full(self, resource):
        """Every record of a listing (resuming one a crash interrupted); what is gone gets archived."""
        cursor = self.cursor(resource)
        after = cursor['full_after'] if cursor['full_cursor'] else 0
        for meta, objects in self.adapter.pages(resource, 'full', cursor['full_cursor'] or None):
            self.begin_page()
            self.process_page(resource, objects)
            last = objects[-1]['id'] if objects else after
            self.archive_gone(resource, after, last if meta['has_more'] else None, [o['id'] for o in objects])
            if meta['has_more']:
                vals = {'full_cursor': meta['next'], 'full_after': last}
            else:
                vals = {'full_cursor': False, 'full_after': 0, 'changes_cursor': meta['changes_cursor']}
            self.end_page(resource, vals)
            after = last

    def pull_changes(self, resource):
        for meta, objects in self.adapter.pages(resource, 'changes', self.cursor(resource)['changes_cursor']):
            self.begin_page()
            self.process_page(resource, objects)
            self.end_page(resource, {'changes_cursor': meta['next']})

    def retry(self, resource=None, retry_ids=None):
        """Failed records whose retry time has come (or the ones chosen), fetched again by id."""
        domain = [('backend_id', '=', self.backend.id), ('resource', 'in', RESOURCES)]
        if retry_ids:
            domain.append(('id', 'in', retry_ids))
        else:
            domain += [('resource', '=', resource), ('state', 'in', ('failed', 'pending')),
                       '|', ('next_retry', '=', False), ('next_retry', '<=', now_string())]
        ids = self.states.search(self.cr, SUPERUSER_ID, domain, order='next_retry, id',
                                 limit=self.adapter.page_size * RETRY_PAGES)
        if retry_ids:   # chosen by a person: imported again even if the shop did not change them
            self.states.write(self.cr, SUPERUSER_ID, ids, {'payload_hash': False})
        wanted = {}
        for row in self.states.read(self.cr, SUPERUSER_ID, ids, ['resource', 'satchmo_id']):
            wanted.setdefault(row['resource'], []).append(row['satchmo_id'])
        for name in RESOURCES:
            shop_ids = wanted.get(name, [])
            for start in range(0, len(shop_ids), self.adapter.page_size):
                self.begin_page()
                self.process_page(name, self.adapter.read(name, shop_ids[start:start + self.adapter.page_size]))
                self.end_page(name)

    def archive_gone(self, resource, after, upto, seen):
        """Bound records of a full listing's id range (after, upto] that the listing did not show."""
        gone = self.gone_ids(resource, after, upto, seen)
        if gone:
            self.process_page(resource, [{'id': i, 'deleted': True} for i in gone])

    def gone_ids(self, resource, after, upto, seen):
        return sorted(int(row['satchmo_id']) for row in self.unseen_bindings(
            resource, after, upto, seen, 'AND NOT coalesce(deleted, false)'))

    def unseen_bindings(self, resource, after, upto, seen, where=''):
        """The binding rows of a full listing's id range (after, upto] (upto None: to the end) that the
        listing did not show, and that match the SQL condition `where`."""
        sql = ("SELECT id, satchmo_id, res_model, res_id, deleted, adopted FROM satchmo_sync_state "
               "WHERE backend_id = %s AND resource = %s AND satchmo_id ~ '^[0-9]+$' AND satchmo_id::bigint > %s "
               + where)
        args = [self.backend.id, resource, after]
        if upto is not None:
            sql += ' AND satchmo_id::bigint <= %s'
            args.append(upto)
        self.cr.execute(sql, args)
        seen = set(str(i) for i in seen)
        return [row for row in self.cr.dictfetchall() if row['satchmo_id'] not in seen]

    # -- one page ------------------------------------------------------------

    def process_page(self, resource, records, depth=0):
        importer = self.importer(resource)
        records = self.parents_first(importer, records)
        self.import_dependencies(importer, records, depth)
        bindings = self.bindings(resource, [r['id'] for r in records])
        for record in records:
            self.import_one(importer, record, bindings.get(str(record['id'])))

    def parents_first(self, importer, records):
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

    def import_dependencies(self, importer, records, depth):
        in_page = set(r['id'] for r in records)
        needed = {}
        for record in records:
            if record.get('deleted'):
                continue
            for resource, shop_id in importer.dependencies(record):
                if not (resource == importer.resource and shop_id in in_page):
                    needed.setdefault(resource, set()).add(shop_id)
        for resource in sorted(needed, key=RESOURCES.index):
            known = self.bindings(resource, needed[resource])
            missing = sorted(i for i in needed[resource] if not (known.get(str(i)) or {}).get('alive'))
            if missing and depth < DEPENDENCY_DEPTH:
                fetched = self.adapter.read(resource, missing)
                self.gone.update((resource, str(o['id'])) for o in fetched if o.get('deleted'))
                self.process_page(resource, [o for o in fetched if not o.get('deleted')], depth + 1)

    def import_one(self, importer, record, binding):
        """One record in a savepoint of its own: a failure undoes the record alone and marks it failed.
        An importer may also return (count key, message): the record stopped short (an order at a step
        that failed), it keeps what is done and its sync state says why."""
        cr = self.cr
        self.savepoints += 1
        self.record_savepoint = 'satchmo_record_%d' % self.savepoints
        cr.execute('SAVEPOINT %s' % self.record_savepoint)
        self.touched = []
        try:
            result = importer.import_record(record, binding)
        except SatchmoError:
            raise   # the shop cannot be read: the run stops, its page is undone
        except (MappingError, orm.except_orm, osv.except_osv) as e:
            message = e.args[0] if isinstance(e, MappingError) else '%s: %s' % (e.name, e.value)
        except Exception as e:
            if self.raise_conflicts and is_conflict(e):
                raise
            _logger.exception('Satchmo %s %s failed', importer.resource, record.get('id'))
            message = 'Unexpected error: %s: %s (the OpenERP server log has the details).' % (type(e).__name__, e)
        else:
            cr.execute('RELEASE SAVEPOINT %s' % self.record_savepoint)
            if isinstance(result, tuple):
                result, message = result
                self.record_failure(importer.resource, record, message, result)
            self.count(importer.resource, result)
            return result
        cr.execute('ROLLBACK TO SAVEPOINT %s' % self.record_savepoint)
        for key in self.touched:
            self.known.pop(key, None)
        self.record_failure(importer.resource, record, message, 'failed', binding)
        self.count(importer.resource, 'failed')
        return 'failed'

    def record_failure(self, resource, record, message, state, binding=None):
        """The record's sync state says why it failed (or was skipped); a failure is listed on the log."""
        state_id = self.states.fail(self.cr, self.backend.id, resource, record, binding, message, state)
        if state == 'failed':
            self.pool['satchmo.sync.log.failure'].create(self.cr, SUPERUSER_ID, {
                'log_id': self.log_id, 'resource': resource, 'satchmo_id': str(record['id']),
                'state_id': state_id, 'message': message})

    def checkpoint(self):
        """What the record in progress did so far becomes durable (an order's steps commit one by one)."""
        if self.commit_pages:
            self.cr.commit()
            self.cr.execute('SAVEPOINT %s' % self.record_savepoint)
            self.touched = []

    def begin_page(self):
        self.in_page = True
        self.page_counts = {}
        if not self.commit_pages:
            self.cr.execute('SAVEPOINT satchmo_page')

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
        self.page_counts = {}
        self.in_page = False

    def count(self, resource, result):
        counts = self.page_counts.setdefault(resource, dict.fromkeys(COUNTS, 0))
        counts[result] += 1

    def failed(self):
        return sum(c['failed'] for c in self.counts.values())

    def save_counts(self):
        log_obj = self.pool['satchmo.sync.log']
        count_obj = self.pool['satchmo.sync.log.count']
        existing = dict((c.resource, c.id) for c in log_obj.browse(self.cr, SUPERUSER_ID, self.log_id).count_ids)
        for resource, counts in self.counts.items():
            if resource in existing:
                count_obj.write(self.cr, SUPERUSER_ID, [existing[resource]], counts)
            else:
                count_obj.create(self.cr, SUPERUSER_ID, dict(counts, log_id=self.log_id, resource=resource,
                                                              sequence=RESOURCES.index(resource)))
        totals = dict((key, sum(c[key] for c in self.counts.values())) for key in COUNTS)
        log_obj.write(self.cr, SUPERUSER_ID, [self.log_id], dict(totals, requests=self.adapter.requests))

    # -- bindings and lookups ------------------------------------------------

    def importer(self, resource):
        if resource not in self.importers:
            self.importers[resource] = IMPORTERS[resource](self)
        return self.importers[resource]

    def cursor(self, resource):
        cursor_obj = self.pool['satchmo.backend.cursor']
        ids = cursor_obj.search(self.cr, SUPERUSER_ID, [('backend_id', '=', self.backend.id),
                                                        ('resource', '=', resource)])
        if not ids:
            ids = [cursor_obj.create(self.cr, SUPERUSER_ID, {'backend_id': self.backend.id, 'resource': resource})]
        return cursor_obj.read(self.cr, SUPERUSER_ID, ids[0], ['changes_cursor', 'full_cursor', 'full_after'])

    def bindings(self, resource, shop_ids):
        """The bindings of these shop ids, each with 'alive': its OpenERP record still exists."""
        rows = self.states.bindings(self.cr, self.backend.id, resource, shop_ids)
        by_model = {}
        for row in rows.values():
            if row['res_model'] and row['res_id']:
                by_model.setdefault(row['res_model'], set()).add(row['res_id'])
        alive = set()
        for model, ids in by_model.items():
            self.cr.execute('SELECT id FROM "%s" WHERE id IN %%s' % self.pool[model]._table, (tuple(ids),))
            alive.update((model, r[0]) for r in self.cr.fetchall())
        for shop_id, row in rows.items():
            row['alive'] = (row['res_model'], row['res_id']) in alive
            if row['alive'] and not row['deleted']:
                self.known[(resource, shop_id)] = row['res_id']
        return rows

    def bind(self, resource, record, binding, model, res_id, digest=None, state='synced'):
        binding_id = self.states.bind(self.cr, self.backend.id, resource, record, binding, model, res_id, digest,
                                      state)
        key = (resource, str(record['id']))
        self.known[key] = res_id
        self.touched.append(key)
        return binding_id

    def res_id(self, resource, shop_id):
        """The OpenERP id of an imported shop record; a MappingError saying why when there is none."""
        key = (resource, str(shop_id))
        if key not in self.known:
            self.bindings(resource, [shop_id])
        if key in self.known:
            return self.known[key]
        ids = self.states.search(self.cr, SUPERUSER_ID, [('backend_id', '=', self.backend.id),
                                                         ('resource', '=', resource), ('satchmo_id', '=', str(shop_id))])
        state = ids and self.states.browse(self.cr, SUPERUSER_ID, ids[0])
        if key in self.gone or state and state.deleted:
            why = 'it is gone from the shop'
        elif state and state.state in ('failed', 'skipped'):
            why = 'it %s: %s' % (state.state, state.error)
        else:
            why = 'it is not imported yet'
        raise MappingError('Needs %s %s, which is not in OpenERP: %s' % (resource, shop_id, why))

    def old_payload(self, binding):
        if not binding:
            return None
        payload = self.states.read(self.cr, SUPERUSER_ID, binding['id'], ['payload'])['payload']
        return json.loads(payload) if payload else None

    def find_country(self, code):
        code = (code or '').strip().upper()
        ids = self.pool['res.country'].search(self.cr, SUPERUSER_ID,
                                              [('code', 'in', [code, COUNTRY_ALIASES.get(code, code)])])
        return ids and ids[0] or None

    def country_id(self, code):
        """OpenERP's country of an ISO code (False for none); an unknown one is an error naming it."""
        if not (code or '').strip():
            return False
        key = ('country', code.strip().upper())
        if key not in self.known:
            country_id = self.find_country(code)
            if not country_id:
                raise MappingError("Country '%s' is not in OpenERP: correct the address in the shop, or, if the "
                                   "country exists, add it under Sales > Configuration > Address Book > "
                                   "Localization > Countries with the code %s." % (key[1], key[1]))
            self.known[key] = country_id
        return self.known[key]

    def state_id(self, country_id, text, name=None):
        """The country's state whose code or name is `text`, created when OpenERP lacks it."""
        text = (text or '').strip()
        if not country_id or not text:
            return False
        key = ('state', country_id, text.lower())
        if key not in self.known:
            self.cr.execute('SELECT id FROM res_country_state WHERE country_id = %s '
                            'AND (lower(code) = lower(%s) OR lower(name) = lower(%s)) ORDER BY lower(code) = lower(%s) DESC, id LIMIT 1',
                            (country_id, text, text, text))
            row = self.cr.fetchone()
            if row:
                self.known[key] = row[0]
            else:
                code = text if len(text) <= 3 else text[:3]
                self.known[key] = self.pool['res.country.state'].create(self.cr, SUPERUSER_ID, {
                    'country_id': country_id, 'code': code.upper(), 'name': name or text})
            self.touched.append(key)
        return self.known[key]

    def product_tax_class(self, shop_id):
        """The tax class title of an imported shop product (None: Satchmo's 'Default'), from its payload."""
        key = ('tax_class', str(shop_id))
        if key not in self.known:
            ids = self.states.search(self.cr, SUPERUSER_ID, [('backend_id', '=', self.backend.id),
                                                             ('resource', '=', 'products'), ('satchmo_id', '=', str(shop_id))])
            payload = ids and self.states.read(self.cr, SUPERUSER_ID, ids[0], ['payload'])['payload']
            tax_class = payload and json.loads(payload).get('tax_class')
            self.known[key] = tax_class and tax_class['title']
        return self.known[key]

    def product_uom_id(self, product_id):
        key = ('uom', product_id)
        if key not in self.known:
            self.known[key] = self.pool['product.product'].read(self.cr, SUPERUSER_ID, product_id, ['uom_id'])['uom_id'][0]
        return self.known[key]

    def open_period(self, date, what):
        """The accounting period OpenERP finds for `date`; a clear error when it has none or it is closed."""
        period_obj = self.pool['account.period']
        context = dict(self.context, company_id=self.backend.company_id.id, account_period_prefer_normal=True)
        try:
            period_id = period_obj.find(self.cr, SUPERUSER_ID, date, context=context)[0]
        except (orm.except_orm, osv.except_osv):
            raise MappingError('No accounting period for %s (the date of the %s): create the fiscal year and its '
                               'periods under Accounting > Configuration > Periods.' % (date, what))
        period = period_obj.browse(self.cr, SUPERUSER_ID, period_id)
        if period.state == 'done':
            raise MappingError('The accounting period %s is closed, and the %s is dated %s in it: reopen the period '
                               '(Accounting > Configuration > Periods) and the next pull books it.'
                               % (period.name, what, date))
        return period_id

    def taxes(self, taxable, tax_class):
        return self.pool['satchmo.tax.map'].taxes_of(self.cr, SUPERUSER_ID, self.backend, taxable, tax_class)

    def list_price_type_id(self):
        return self.pool['ir.model.data'].get_object_reference(self.cr, SUPERUSER_ID, 'product', 'list_price')[1]

    def shop_currency(self):
        """The shop's currency (the export's meta; the backend's pricelist's for an export that does not say)."""
        if 'shop_currency' not in self.known:
            code = self.meta.get('currency')
            ids = code and self.pool['res.currency'].search(self.cr, SUPERUSER_ID, [('name', '=', code)],
                                                           context={'active_test': False})
            if code and not ids:
                raise MappingError("The shop sells in %s, a currency OpenERP does not have: add it under "
                                   "Accounting > Configuration > Miscellaneous > Currencies." % code)
            currency = ids and self.pool['res.currency'].browse(self.cr, SUPERUSER_ID, ids[0]) or (
                self.backend.pricelist_id.currency_id or self.backend.company_id.currency_id)
            self.known['shop_currency'] = currency
        return self.known['shop_currency']

    def ensure_pricelist(self):
        """A backend without a pricelist gets one in the shop's currency: the first sale pricelist of its
        company in that currency, else a new one named after the backend."""
        if self.backend.pricelist_id:
            return
        cr, currency, company = self.cr, self.shop_currency(), self.backend.company_id
        pricelist_obj = self.pool['product.pricelist']
        ids = pricelist_obj.search(cr, SUPERUSER_ID, [('type', '=', 'sale'), ('currency_id', '=', currency.id),
                                                      '|', ('company_id', '=', False), ('company_id', '=', company.id)],
                                   order='id', limit=1)
        pricelist_id = ids and ids[0] or pricelist_obj.create(cr, SUPERUSER_ID, {
            'name': '%s (%s)' % (self.backend.name, currency.name), 'type': 'sale', 'currency_id': currency.id,
            'company_id': company.id})
        self.pool['satchmo.backend'].write(cr, SUPERUSER_ID, [self.backend.id], {'pricelist_id': pricelist_id})
        self.backend = self.pool['satchmo.backend'].browse(cr, SUPERUSER_ID, self.backend.id)

    def shop_price_type_id(self):
        if 'shop_price_type' not in self.known:
            self.known['shop_price_type'] = self.pool['product.price.type'].shop_price_type(
                self.cr, SUPERUSER_ID, self.shop_currency().id).id
        return self.known['shop_price_type']

    def company_price(self, price):
        """A shop price in the company's currency, at today's rate (a product's list price, a variant's
        extra), at the 'Product Price' precision; the same number when the company sells in the shop's."""
        shop, company = self.shop_currency(), self.backend.company_id.currency_id
        if shop.id == company.id:
            return float(price)
        if 'price_digits' not in self.known:
            self.known['price_digits'] = self.pool['decimal.precision'].precision_get(
                self.cr, SUPERUSER_ID, 'Product Price')
        converted = self.pool['res.currency'].compute(self.cr, SUPERUSER_ID, shop.id, company.id, float(price),
                                                      round=False)
        return float_round(converted, precision_digits=self.known['price_digits'])

    def price_version_id(self):
        """The version of the backend's pricelist valid today (created when there is none)."""
        if self._price_version_id is None:
            version_obj = self.pool['product.pricelist.version']
            today = datetime.date.today().isoformat()
            pricelist_id = self.backend.pricelist_id.id
            ids = version_obj.search(self.cr, SUPERUSER_ID, [
                ('pricelist_id', '=', pricelist_id), '|', ('date_start', '=', False), ('date_start', '<=', today),
                '|', ('date_end', '=', False), ('date_end', '>=', today)], order='id', limit=1)
            if not ids:
                ids = [version_obj.create(self.cr, SUPERUSER_ID, {
                    'name': 'Satchmo prices', 'pricelist_id': pricelist_id,
                    'items_id': [(0, 0, {'name': 'List price', 'base': self.list_price_type_id(), 'sequence': 99})],
                })]
            self._price_version_id = ids[0]
        return self._price_version_id
