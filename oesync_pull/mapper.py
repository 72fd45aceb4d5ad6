# -*- coding: utf-8 -*-
"""The mapper: one shop record in, one ORM `vals` dict out, nothing else.

Which Satchmo field fills which OpenERP field is decided here, one method
per kind of record (the order's in order_mapping.py). A shop's own addon
changes it with `_inherit`:

    class satchmo_mapper(orm.AbstractModel):
        _inherit = 'satchmo.mapper'

        def map_product(self, cr, uid, lookups, record, context=None):
            vals = super(satchmo_mapper, self).map_product(cr, uid, lookups, record, context=context)
            vals['description_sale'] = record['description']
            return vals

`lookups` (lookups.py; an override that names it `run` works the same) offers
what a mapping needs: `lookups.backend`, `lookups.res_id(resource, shop_id)`
(the OpenERP id of an imported record), `lookups.country_id(iso2)`,
`lookups.state_id(country_id, text)`, `lookups.taxes(taxable, tax_class)`.
Each raises MappingError, with what to do, when the answer is missing.
"""
from decimal import ROUND_HALF_UP, Decimal

from openerp.osv import orm
from openerp.tools.float_utils import float_repr, float_round
from openerp.tools.translate import _

CENT = Decimal('0.01')

# Satchmo weight units -> kilograms
KILOGRAMS = {'kg': Decimal('1'), 'g': Decimal('0.001'), 'lb': Decimal('0.45359237'),
             'lbs': Decimal('0.45359237'), 'oz': Decimal('0.028349523125')}


class MappingError(Exception):
    """A shop record cannot be mapped: the message says why and what to do."""


def pull_language(helper):
    """`localcontext` of the pull's helpers (lookups, binder, booking...): OpenERP's _() looks there for the
    language of a message when its caller has no `context` argument: the language of the user who started
    the pull (environment.py), English for one without."""
    return helper.env.language


def dec(value):
    return Decimal(value) if value not in (None, '') else None


def money(value):
    """A decimal string of the export as the float the ORM takes (None -> 0.0)."""
    return float(dec(value) or 0)


def cents(value):
    """A shop amount rounded to the cent (half up, as OpenERP rounds)."""
    return Decimal(value or 0).quantize(CENT, rounding=ROUND_HALF_UP)


def amount(value):
    """An OpenERP float amount as cents."""
    return Decimal(float_repr(float_round(value or 0.0, precision_digits=2), 2))


def shop_amounts(record):
    """An order's untaxed, tax and total, rounded: the total is exact, the parts may be a cent off it."""
    total, tax = Decimal(record['total'] or 0), Decimal(record['tax'] or 0)
    return cents(total - tax), cents(tax), cents(total)


class satchmo_mapper(orm.AbstractModel):
    _name = 'satchmo.mapper'
    _description = 'Satchmo record -> OpenERP values'

    def map_category(self, cr, uid, lookups, record, context=None):
        return {
            'name': record['name'],
            'parent_id': lookups.res_id('categories', record['parent_id']) if record['parent_id'] else False,
        }

    def map_product(self, cr, uid, lookups, record, context=None):
        """A product's values; a variation's are those of its own variant under its parent's template."""
        vals = {
            'default_code': record['sku'] or record['slug'] or False,
            'active': record['active'],
        }
        vals['satchmo_price'] = money(record['unit_price'])   # the shop's, in its currency (pricelist.py)
        if 'brands' in record:
            vals['satchmo_brand'] = ', '.join(b['name'] for b in record['brands']) or False
        if record['parent_id']:
            parent_id = lookups.res_id('products', record['parent_id'])
            parent = lookups.pool['product.product'].browse(cr, uid, parent_id, context=context)
            vals.update({
                'product_tmpl_id': parent.product_tmpl_id.id,
                'variants': ' / '.join(o['name'] for o in record['options'])[:64] or False,
                'price_extra': self.price_extra(lookups, record, parent.list_price),
            })
            return vals
        categories = [lookups.res_id('categories', c) for c in record['category_ids']]
        weight = self.kilograms(record['weight'], record['weight_units'])
        vals.update({
            'name': self.product_name(record),
            'description': record['description'] or False,
            'description_sale': record['short_description'] or False,
            'list_price': lookups.company_price(dec(record['unit_price']) or 0),
            'sale_ok': record['unit_price'] is not None or bool(record['prices']),
            'type': 'consu' if self.goods(record) else 'service',
            'categ_id': categories[0] if categories else lookups.backend.categ_id.id,
            'categ_ids': [(6, 0, categories[1:])],
            'taxes_id': [(6, 0, lookups.taxes(record['taxable'], record['tax_class'] and record['tax_class']['title']))],
        })
        if weight is not None:
            vals['weight'] = vals['weight_net'] = float(weight)
        if record.get('kind') == 'gift_certificate':
            vals['property_account_income'] = self.gift_certificate_account(lookups, record)
        return vals

    def goods(self, record):
        """Something to deliver: neither a download, a subscription nor a gift certificate, and not marked
        unshippable (shipping class NO). A custom product with deferred shipping is goods shipped later
        (Satchmo's `shippable` says no: it charges no shipping at checkout)."""
        return record.get('kind', 'goods') == 'goods' and record['shipclass'] != 'NO'

    def gift_certificate_account(self, lookups, record):
        """A certificate sold is a debt of the shop (gift_certificates.py): its income account is the liability."""
        account = lookups.backend.gift_certificate_account_id
        context = lookups.model_context()   # noqa: F841 (_() reads the pull's language in this frame)
        if not account:
            raise MappingError(_('Product %s is a gift certificate: selling one is a debt of the shop, booked on '
                                 'the backend\'s Gift Certificates Outstanding account, which is not set. Run Set Up '
                                 'from the Shop (or choose the account, tab Orders); the next pull imports it.')
                               % self.product_name(record))
        return account.id

    def product_name(self, record):
        name = (record['name'] or '').strip()
        return name or record['sku'] or record['slug'] or 'Satchmo product %s' % record['id']

    def price_extra(self, lookups, record, parent_price):
        """What a variation costs above its template's list price (in the company's currency), the way
        Satchmo prices it: without prices of its own, the sum of its options' price changes; with them,
        the difference."""
        if not record['prices']:
            return lookups.company_price(sum((dec(o['price_change']) or 0 for o in record['options']), Decimal('0')))
        return lookups.company_price(dec(record['unit_price']) or 0) - parent_price

    def kilograms(self, weight, units):
        factor = KILOGRAMS.get((units or '').strip().lower())
        if dec(weight) is None or factor is None:
            return None
        return dec(weight) * factor

    def map_organization(self, cr, uid, lookups, organization, context=None):
        supplier = organization['role'] == 'Supplier'
        return {'name': organization['name'], 'is_company': True, 'active': True,
                'customer': not supplier, 'supplier': supplier}

    def map_contact(self, cr, uid, lookups, record, context=None):
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
        vals.update(self.map_address(cr, uid, lookups, billing_address(record), context=context))
        return vals

    def contact_name(self, record):
        name = ' '.join(n.strip() for n in (record['first_name'], record['last_name']) if n and n.strip())
        return name or record['email'] or 'Satchmo contact %s' % record['id']

    def phones(self, phones):
        """(field, number) for phone, mobile and fax: the primary number of each kind wins."""
        kinds = {'fax': 'fax', 'mobile': 'mobile', 'cell': 'mobile'}
        for phone in sorted(phones, key=lambda p: (not p['primary'], p['id']), reverse=True):
            yield kinds.get((phone['type'] or '').lower(), 'phone'), phone['phone']

    def map_address(self, cr, uid, lookups, address, context=None):
        """Address fields of a partner from one shop address (empty when there is none)."""
        if not address:
            return {}
        country_id = lookups.country_id(address['country'])
        return {
            'street': address['street1'] or False,
            'street2': address['street2'] or False,
            'city': address['city'] or False,
            'zip': address['postal_code'] or False,
            'country_id': country_id,
            'state_id': lookups.state_id(country_id, address['state']),
        }


def billing_address(record):
    """The contact's default billing address (else its first), or None."""
    addresses = record['addresses']
    return next((a for a in addresses if a['is_default_billing']), addresses[0] if addresses else None)
