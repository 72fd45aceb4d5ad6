# -*- coding: utf-8 -*-
"""The mapper: one shop record in, one ORM `vals` dict out, nothing else.

Which Satchmo field fills which OpenERP field is decided here, one method
per kind of record. A shop's own addon changes it with `_inherit`:

    class satchmo_mapper(orm.AbstractModel):
        _inherit = 'satchmo.mapper'

        def map_product(self, cr, uid, run, record, context=None):
            vals = super(satchmo_mapper, self).map_product(cr, uid, run, record, context=context)
            vals['description_sale'] = record['description']
            return vals

`run` (importer.ImportRun) offers the lookups a mapping needs: `run.backend`,
`run.res_id(resource, shop_id)` (the OpenERP id of an imported record),
`run.country_id(iso2)`, `run.state_id(country_id, text)`, `run.taxes(...)`.
Each raises MappingError, with what to do, when the answer is missing.
"""
from decimal import ROUND_HALF_UP, Decimal

from openerp.osv import orm

# Satchmo weight units -> kilograms
KILOGRAMS = {'kg': Decimal('1'), 'g': Decimal('0.001'), 'lb': Decimal('0.45359237'),
             'lbs': Decimal('0.45359237'), 'oz': Decimal('0.028349523125')}


class MappingError(Exception):
    """A shop record cannot be mapped: the message says why and what to do."""


def dec(value):
    return Decimal(value) if value not in (None, '') else None


def money(value):
    """A decimal string of the export as the float the ORM takes (None -> 0.0)."""
    return float(dec(value) or 0)


def cents(value):
    """A shop amount rounded to the cent (half up, as OpenERP rounds)."""
    return Decimal(value or 0).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)


def shop_amounts(record):
    """An order's untaxed, tax and total, rounded: the total is exact, the parts may be a cent off it."""
    total, tax = Decimal(record['total'] or 0), Decimal(record['tax'] or 0)
    return cents(total - tax), cents(tax), cents(total)


class satchmo_mapper(orm.AbstractModel):
    _name = 'satchmo.mapper'
    _description = 'Satchmo record -> OpenERP values'

    def map_category(self, cr, uid, run, record, context=None):
        return {
            'name': record['name'],
            'parent_id': run.res_id('categories', record['parent_id']) if record['parent_id'] else False,
        }

    def map_product(self, cr, uid, run, record, context=None):
        """A product's values; a variation's are those of its own variant under its parent's template."""
        vals = {
            'default_code': record['sku'] or record['slug'] or False,
            'active': record['active'],
        }
        vals['satchmo_price'] = money(record['unit_price'])   # the shop's, in its currency (pricelist.py)
        if record['parent_id']:
            parent_id = run.res_id('products', record['parent_id'])
            parent = run.pool['product.product'].browse(cr, uid, parent_id, context=context)
            vals.update({
                'product_tmpl_id': parent.product_tmpl_id.id,
                'variants': ' / '.join(o['name'] for o in record['options'])[:64] or False,
                'price_extra': self.price_extra(run, record, parent.list_price),
            })
            return vals
        categories = [run.res_id('categories', c) for c in record['category_ids']]
        weight = self.kilograms(record['weight'], record['weight_units'])
        vals.update({
            'name': self.product_name(record),
            'description': record['description'] or False,
            'description_sale': record['short_description'] or False,
            'list_price': run.company_price(dec(record['unit_price']) or 0),
            'sale_ok': record['unit_price'] is not None or bool(record['prices']),
            'type': 'service' if record['shipclass'] == 'NO' else 'consu',
            'categ_id': categories[0] if categories else run.backend.categ_id.id,
            'categ_ids': [(6, 0, categories[1:])],
            'taxes_id': [(6, 0, run.taxes(record['taxable'], record['tax_class'] and record['tax_class']['title']))],
        })
        if weight is not None:
            vals['weight'] = vals['weight_net'] = float(weight)
        return vals

    def product_name(self, record):
        name = (record['name'] or '').strip()
        return name or record['sku'] or record['slug'] or 'Satchmo product %s' % record['id']

    def price_extra(self, run, record, parent_price):
        """What a variation costs above its template's list price (in the company's currency), the way
        Satchmo prices it: without prices of its own, the sum of its options' price changes; with them,
        the difference."""
        if not record['prices']:
            return run.company_price(sum((dec(o['price_change']) or 0 for o in record['options']), Decimal('0')))
        return run.company_price(dec(record['unit_price']) or 0) - parent_price

    def kilograms(self, weight, units):
        factor = KILOGRAMS.get((units or '').strip().lower())
        if dec(weight) is None or factor is None:
            return None
        return dec(weight) * factor

    def map_organization(self, cr, uid, run, organization, context=None):
        supplier = organization['role'] == 'Supplier'
        return {'name': organization['name'], 'is_company': True, 'active': True,
                'customer': not supplier, 'supplier': supplier}

    def map_contact(self, cr, uid, run, record, context=None):
        """The person; its own address is the contact's billing address (see ContactImporter)."""
        supplier = record['role'] == 'Supplier'
        phones = dict(self.phones(record['phones']))
        vals = {
            'name': self.contact_name(record),
            'is_company': False,
            'active': True,
            'email': (record['email'] or '').strip() or False,
            'phone': phones.get('phone', False),
            'mobile': phones.get('mobile', False),
            'fax': phones.get('fax', False),
            'comment': record['notes'] or False,
            'birthdate': record['dob'] or False,
            'customer': not supplier,
            'supplier': supplier,
        }
        vals.update(self.map_address(cr, uid, run, billing_address(record), context=context))
        return vals

    def contact_name(self, record):
        name = ' '.join(n.strip() for n in (record['first_name'], record['last_name']) if n and n.strip())
        return name or record['email'] or 'Satchmo contact %s' % record['id']

    def phones(self, phones):
        """(field, number) for phone, mobile and fax: the primary number of each kind wins."""
        kinds = {'fax': 'fax', 'mobile': 'mobile', 'cell': 'mobile'}
        for phone in sorted(phones, key=lambda p: (not p['primary'], p['id']), reverse=True):
            yield kinds.get((phone['type'] or '').lower(), 'phone'), phone['phone']

    def map_address(self, cr, uid, run, address, context=None):
        """Address fields of a partner from one shop address (empty when there is none)."""
        if not address:
            return {}
        country_id = run.country_id(address['country'])
        return {
            'street': address['street1'] or False,
            'street2': address['street2'] or False,
            'city': address['city'] or False,
            'zip': address['postal_code'] or False,
            'country_id': country_id,
            'state_id': run.state_id(country_id, address['state']),
        }


    def map_order(self, cr, uid, run, record, context=None):
        """The sale order's own values (the importer adds the customer and its addresses)."""
        backend = run.backend
        currency = run.meta.get('currency')
        if currency and backend.pricelist_id.currency_id.name != currency:
            raise MappingError("The shop sells in %s, the backend's pricelist %s is in %s: choose a pricelist in %s "
                               "on the backend." % (currency, backend.pricelist_id.name,
                                                    backend.pricelist_id.currency_id.name, currency))
        untaxed, tax, total = shop_amounts(record)
        vals = {
            'date_order': record['time_stamp'][:10],   # the shop's own date (its time zone: meta time_zone)
            'client_order_ref': str(record['id']),
            'origin': str(record['id']),
            'shop_id': backend.shop_id.id,
            'pricelist_id': backend.pricelist_id.id,
            'order_policy': 'manual',
            'note': record['notes'] or False,
            'satchmo_untaxed': float(untaxed),
            'satchmo_tax': float(tax),
            'satchmo_total': float(total),
        }
        vals.update(self.map_order_status(cr, uid, run, record, context=context))
        return vals

    def map_order_status(self, cr, uid, run, record, context=None):
        history = ['%s  %s%s' % ((h['time_stamp'] or '')[:16].replace('T', ' '), h['status'],
                                 ': %s' % h['notes'] if h['notes'] else '') for h in record.get('status_history', [])]
        return {'satchmo_status': record['status'], 'satchmo_status_history': '\n'.join(history) or False}

    def map_order_line(self, cr, uid, run, record, item, product_id, tax_ids, context=None):
        """An item's line; its price and discount are set by the importer (to the cent). No product_id:
        the shop deleted the item's product before OpenERP had it, the line is the item's text alone."""
        details = ''.join('\n%s: %s' % (d['name'], d['value'])
                          for d in sorted(item['details'], key=lambda d: d['sort_order']))
        return {
            'product_id': product_id,
            'name': (item['description'] or item['sku'] or 'Item %s' % item['id']) + details,
            'product_uom_qty': float(dec(item['quantity'])),
            'product_uom': run.product_uom_id(product_id) if product_id else run.backend.uom_id.id,
            'tax_id': [(6, 0, tax_ids)],
            'sequence': 10,
        }

    def map_shipping_line(self, cr, uid, run, record, tax_ids, context=None):
        product = run.backend.shipping_product_id
        return {
            'product_id': product.id,
            'name': record['shipping_description'] or record['shipping_method'] or product.name,
            'product_uom_qty': 1.0,
            'product_uom': product.uom_id.id,
            'tax_id': [(6, 0, tax_ids)],
            'sequence': 90,
        }

    def map_rounding_line(self, cr, uid, run, record, difference, context=None):
        product = run.backend.rounding_product_id
        return {
            'product_id': product.id,
            'name': 'Rounding difference (shop total %s)' % shop_amounts(record)[2],
            'product_uom_qty': 1.0,
            'product_uom': product.uom_id.id,
            'price_unit': difference,
            'tax_id': [(6, 0, [])],
            'sequence': 99,
        }


def billing_address(record):
    """The contact's default billing address (else its first), or None."""
    addresses = record['addresses']
    return next((a for a in addresses if a['is_default_billing']), addresses[0] if addresses else None)
