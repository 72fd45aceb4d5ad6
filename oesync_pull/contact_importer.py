# -*- coding: utf-8 -*-
"""The customers' importer: a shop contact becomes a person, under its organization's company, with
its addresses as the person's own address and children (invoice, delivery, other), and the pricelist of
its price tier (tiers.py)."""
from openerp import SUPERUSER_ID

from .existing import ADDRESS, keep_existing, note_differences
from .importer import Importer
from .mapper import billing_address
from .sync_state import payload_hash
from .tiers import customer_pricelist


class ContactImporter(Importer):
    """A contact: a person (under its organization's company), with invoice and delivery addresses.

    The person's own address is the contact's billing address; a different default shipping address
    becomes a delivery address under the person, any other address an 'other' one.
    """
    resource, model = 'contacts', 'res.partner'

    billing_child = None   # an adopted person's other billing address (see keep)

    def map(self, record, res_id=None):
        self.billing_child = None
        vals = self.mapper.map_contact(self.cr, SUPERUSER_ID, self.lookups, record, context=self.context)
        vals['parent_id'] = self.import_organization(record['organization']) if record['organization'] else False
        return vals

    def match(self, record, vals):
        """Policy 'email': an existing person with the same email and the same name (a returning guest,
        a customer entered by hand). A shared email with another name never merges."""
        if self.backend.partner_policy != 'email' or not vals.get('email'):
            return None
        self.cr.execute("SELECT id, name FROM res_partner WHERE lower(email) = lower(%s) AND active "
                        "AND NOT coalesce(is_company, false) "
                        "AND coalesce(type, 'contact') NOT IN ('invoice', 'delivery', 'other') ORDER BY id",
                        (vals['email'],))
        same_name = [pid for pid, name in self.cr.fetchall() if normalized(name) == normalized(vals['name'])]
        return same_name[0] if same_name else None

    def import_organization(self, organization):
        """The organization's company partner (bound under 'organizations'), written when it changed."""
        cr, backend = self.cr, self.backend
        vals = self.mapper.map_organization(cr, SUPERUSER_ID, self.lookups, organization, context=self.context)
        binding = self.binder.one('organizations', organization['id'])
        digest = payload_hash(organization)
        res_id = binding and binding['alive'] and binding['res_id']
        if res_id and binding['payload_hash'] == digest:
            return res_id
        adopted = bool(res_id) and self.binder.adopted(binding)
        if not res_id and backend.partner_policy == 'email':
            cr.execute('SELECT id FROM res_partner WHERE lower(name) = lower(%s) AND is_company AND active '
                       'ORDER BY id LIMIT 1', (vals['name'],))
            row = cr.fetchone()
            res_id = adopted = row and row[0]
        differences = None
        if adopted and backend.existing_policy == 'keep':
            vals, differences = keep_existing(self, organization, res_id, vals)
        if res_id:
            self.obj.write(cr, SUPERUSER_ID, [res_id], vals, context=self.context)
        else:
            res_id = self.obj.create(cr, SUPERUSER_ID, dict(vals, company_id=backend.company_id.id),
                                     context=self.context)
        binding_id = self.binder.bind('organizations', organization, binding, self.model, res_id, digest)
        if adopted:
            self.binder.write([binding_id], {'adopted': True})
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
        return super(ContactImporter, self).create(record, dict(vals, company_id=self.backend.company_id.id))

    def after_import(self, record, res_id, binding):
        """Every address of the contact: the billing one is the person (or, for a person OpenERP had with
        another address, an invoice address of it), others are its children."""
        cr, context = self.cr, self.context
        billing = billing_address(record)
        addresses = record['addresses']
        bindings = self.binder.find('addresses', [a['id'] for a in addresses])
        for address in addresses:
            bound = bindings.get(str(address['id']))
            if address is billing and self.billing_child:
                child_id = bound and bound['alive'] and bound['res_id'] != res_id and bound['res_id']
                child_id = child_id or self.same_address(res_id, self.billing_child)
                if child_id:
                    self.obj.write(cr, SUPERUSER_ID, [child_id], self.billing_child, context=context)
                else:
                    child_id = self.obj.create(cr, SUPERUSER_ID, self.billing_child, context=context)
                self.binder.bind('addresses', address, bound, self.model, child_id)
                continue
            if address is billing:
                self.binder.bind('addresses', address, bound, self.model, res_id)
                continue
            vals = self.mapper.map_address(cr, SUPERUSER_ID, self.lookups, address, context=context)
            vals.update(name=address['addressee'] or address['description'] or record['last_name'] or 'Address',
                        type='delivery' if address['is_default_shipping'] else 'other',
                        parent_id=res_id, active=True, customer=False, supplier=False, use_parent_address=False)
            child_id = bound and bound['alive'] and bound['res_id'] != res_id and bound['res_id']
            child_id = child_id or self.same_address(res_id, vals)
            if child_id:
                self.obj.write(cr, SUPERUSER_ID, [child_id], vals, context=context)
            else:
                child_id = self.obj.create(cr, SUPERUSER_ID, vals, context=context)
            self.binder.bind('addresses', address, bound, self.model, child_id)
        self.archive_addresses(res_id, [str(a['id']) for a in addresses])
        pricelist = customer_pricelist(self.lookups, record, self.obj.browse(cr, SUPERUSER_ID, res_id, context=context))
        if pricelist:
            self.obj.write(cr, SUPERUSER_ID, [res_id], pricelist, context=context)

    def same_address(self, parent_id, vals):
        """A child of the person with the very same address (first sync of a matched partner)."""
        domain = [('parent_id', '=', parent_id)] + [(f, '=', vals[f]) for f in
                                                    ('street', 'street2', 'city', 'zip', 'country_id')]
        ids = self.obj.search(self.cr, SUPERUSER_ID, domain, order='id')
        return next(iter(self.binder.unbound(self.model, ids)), None)

    def archive_addresses(self, person_id, current):
        """Children of the person bound to addresses the contact no longer has: archived."""
        cr = self.cr
        cr.execute("SELECT s.id, s.res_id FROM satchmo_sync_state s JOIN res_partner p ON p.id = s.res_id "
                   "WHERE s.backend_id = %s AND s.resource = 'addresses' AND NOT coalesce(s.deleted, false) "
                   "AND p.parent_id = %s AND s.satchmo_id NOT IN %s",
                   (self.backend.id, person_id, tuple(current) or ('',)))
        rows = cr.fetchall()
        if rows:
            self.obj.write(cr, SUPERUSER_ID, [r[1] for r in rows], {'active': False}, context=self.context)
            self.binder.write([r[0] for r in rows], {'deleted': True})

    def archive(self, record, binding):
        result = super(ContactImporter, self).archive(record, binding)
        if result.count == 'updated' and binding['alive']:
            self.archive_addresses(binding['res_id'], [])
        return result


def normalized(name):
    return ' '.join((name or '').lower().split())
