# -*- coding: utf-8 -*-
"""The order's mapping: a shop order becomes a sale order's values, its lines at the shop's cents.

OpenERP computes a sale order as Satchmo cannot: it rounds each line to the cent and the tax on them,
where Satchmo keeps 10 decimals and rounds nothing. So each line is given the cent it must come to
(`allocate`: Satchmo's untaxed amount, rounded, split over the lines by largest remainder, the split
that also gives Satchmo's rounded tax when one does), and its unit price or discount % is nudged at
the fourth decimal when Satchmo's own values miss that cent (`fit_line`). What is left is absorbed by
a rounding line within the backend's tolerance (booking.py, check_totals).

`satchmo.mapper` gets its order methods here (field by field, overridable by `_inherit` like the
others); `OrderMapping` puts them together with the lookups: customer, addresses, products, taxes.
"""
from decimal import ROUND_FLOOR, Decimal

from openerp import SUPERUSER_ID
from openerp.osv import orm
from openerp.tools.float_utils import float_repr, float_round
from openerp.tools.translate import _

from .mapper import CENT, MappingError, cents, dec, pull_language, shop_amounts


def allocate(subs, rates):
    """The cent each line must come to: each rounded down, the cents missing to the rounded sum given to
    the largest remainders; when the tax on those bases misses Satchmo's rounded tax, one rounded-up
    and one rounded-down line swap their cent if that hits it."""
    want = [s.quantize(CENT, rounding=ROUND_FLOOR) for s in subs]
    missing = int((cents(sum(subs, Decimal(0))) - sum(want, Decimal(0))) / CENT)
    for i in sorted(range(len(subs)), key=lambda i: (want[i] - subs[i], i))[:missing]:
        want[i] += CENT
    tax = lambda bases: cents(sum((r * b for r, b in zip(rates, bases)), Decimal(0)))
    wanted_tax = tax(subs)
    if tax(want) != wanted_tax:
        for i in [i for i in range(len(subs)) if want[i] > subs[i]]:
            for j in [j for j in range(len(subs)) if want[j] < subs[j]]:
                swapped = list(want)
                swapped[i] -= CENT
                swapped[j] += CENT
                if tax(swapped) == wanted_tax:
                    return swapped
    return want


def fit_line(price, quantity, discount, target, price_digits, discount_digits):
    """Unit price and discount % (as OpenERP stores them) whose line subtotal is `target` cents:
    the shop's own when they give it, else the discount nudged (a discounted item), else the price."""
    stored = lambda x, digits: float(float_repr(float_round(x, precision_digits=digits), digits))
    subtotal = lambda p, d: float_round(p * (1 - d / 100.0) * quantity, 2)
    target = float(target)
    price, discount = stored(price, price_digits), stored(discount, discount_digits)
    if not quantity or abs(subtotal(price, discount) - target) < 0.001:
        return price, discount
    if discount and price:
        first = stored(100.0 * (1.0 - target / (price * quantity)), discount_digits)
        for k in (0, 1, -1, 2, -2, 3, -3, 4, -4):
            d = stored(first + k * 10.0 ** -discount_digits, discount_digits)
            if abs(subtotal(price, d) - target) < 0.001:
                return price, d
    if discount < 100:
        first = stored(target / (quantity * (1 - discount / 100.0)), price_digits)
        for k in (0, 1, -1, 2, -2, 3, -3):
            p = stored(first + k * 10.0 ** -price_digits, price_digits)
            if abs(subtotal(p, discount) - target) < 0.001:
                return p, discount
    return price, discount


class satchmo_mapper(orm.AbstractModel):
    _inherit = 'satchmo.mapper'

    def map_order(self, cr, uid, lookups, record, context=None):
        """The sale order's own values (OrderMapping adds the customer and its addresses)."""
        backend = lookups.backend
        lookups.check_pricelist()
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
        vals.update(self.map_order_status(cr, uid, lookups, record, context=context))
        return vals

    def map_order_status(self, cr, uid, lookups, record, context=None):
        history = ['%s  %s%s' % ((h['time_stamp'] or '')[:16].replace('T', ' '), h['status'],
                                 ': %s' % h['notes'] if h['notes'] else '') for h in record.get('status_history', [])]
        return {'satchmo_status': record['status'], 'satchmo_status_history': '\n'.join(history) or False}

    def map_order_line(self, cr, uid, lookups, record, item, product_id, tax_ids, context=None):
        """An item's line; its price and discount are set by the importer (to the cent). No product_id:
        the shop deleted the item's product before OpenERP had it, the line is the item's text alone."""
        details = ''.join('\n%s: %s' % (d['name'], d['value'])
                          for d in sorted(item['details'], key=lambda d: d['sort_order']))
        return {
            'product_id': product_id,
            'name': (item['description'] or item['sku'] or 'Item %s' % item['id']) + details,
            'product_uom_qty': float(dec(item['quantity'])),
            'product_uom': lookups.product_uom_id(product_id) if product_id else lookups.backend.uom_id.id,
            'tax_id': [(6, 0, tax_ids)],
            'sequence': 10,
            'satchmo_expire_date': item.get('expire_date') or False,
        }

    def map_shipping_line(self, cr, uid, lookups, record, tax_ids, context=None):
        product = lookups.backend.shipping_product_id
        return {
            'product_id': product.id,
            'name': record['shipping_description'] or record['shipping_method'] or product.name,
            'product_uom_qty': 1.0,
            'product_uom': product.uom_id.id,
            'tax_id': [(6, 0, tax_ids)],
            'sequence': 90,
        }

    def map_rounding_line(self, cr, uid, lookups, record, difference, context=None):
        product = lookups.backend.rounding_product_id
        return {
            'product_id': product.id,
            'name': 'Rounding difference (shop total %s)' % shop_amounts(record)[2],
            'product_uom_qty': 1.0,
            'product_uom': product.uom_id.id,
            'price_unit': difference,
            'tax_id': [(6, 0, [])],
            'sequence': 99,
        }


class OrderMapping(object):
    """A shop order's sale order values and lines, from the mapper and the lookups."""
    localcontext = property(pull_language)   # the language of its messages: the pull's

    def __init__(self, env, binder, lookups, mapper):
        self.env, self.binder, self.lookups, self.mapper = env, binder, lookups, mapper
        self.cr, self.pool, self.context = env.cr, env.pool, env.context
        precision = self.pool['decimal.precision']
        self.price_digits = precision.precision_get(self.cr, SUPERUSER_ID, 'Product Price')
        self.discount_digits = precision.precision_get(self.cr, SUPERUSER_ID, 'Discount')

    def values(self, record):
        """The mapper's values, with the customer and the addresses copied onto the order."""
        vals = self.mapper.map_order(self.cr, SUPERUSER_ID, self.lookups, record, context=self.context)
        partner_id = self.lookups.res_id('contacts', record['contact_id'])
        vals.update(partner_id=partner_id,
                    partner_invoice_id=self.address_id(partner_id, record['bill_address'], 'invoice'),
                    partner_shipping_id=self.address_id(partner_id, record['ship_address'], 'delivery'))
        return vals

    def address_id(self, partner_id, address, kind):
        """The customer, or one of its addresses, at this address; a new address of the customer when none is."""
        vals = self.mapper.map_address(self.cr, SUPERUSER_ID, self.lookups, address, context=self.context)
        partner_obj = self.pool['res.partner']
        ids = partner_obj.search(self.cr, SUPERUSER_ID, ['|', ('id', '=', partner_id), ('parent_id', '=', partner_id)]
                                 + [(f, '=', vals[f]) for f in ('street', 'street2', 'city', 'zip', 'country_id',
                                                                'state_id')], order='id')
        if partner_id in ids:
            return partner_id
        if ids:
            return ids[0]
        customer = partner_obj.browse(self.cr, SUPERUSER_ID, partner_id)
        vals.update(name=address['addressee'] or customer.name, type=kind, parent_id=partner_id, customer=False,
                    use_parent_address=False)
        return partner_obj.create(self.cr, SUPERUSER_ID, vals, context=self.context)

    def lines(self, record):
        """The order's lines: one per item, the shipping; each at the cent `allocate` gives it."""
        lookups = self.lookups
        if not record['items']:
            raise MappingError(_('Order %s has no items (total %s): a sale order needs lines. Add its items in '
                                 'the shop, or cancel the order there; the next pull takes it up.')
                               % (record['id'], shop_amounts(record)[2]))
        place = self.tax_place(record)
        parts = []
        for item in record['items']:
            if not dec(item['quantity']) > 0:
                raise MappingError(
                    _('Order %s: item %s has quantity %s, and a sale order line needs a positive one (goods coming '
                      'back are a credit note in OpenERP): correct the item in the shop, or remove it; the next '
                      'pull books the order.') % (record['id'], item['id'], item['quantity']))
            product_id = self.item_product(item)
            taxes = self.item_taxes(item, place)
            parts.append((self.mapper.map_order_line(self.cr, SUPERUSER_ID, lookups, record, item, product_id, taxes,
                                                     context=self.context),
                          dec(item['unit_price']), dec(item['quantity']), dec(item['line_item_price']),
                          dec(item['discount']) or Decimal(0)))
        shipping, shipping_discount = dec(record['shipping_cost']) or Decimal(0), dec(record['shipping_discount']) or 0
        if shipping or shipping_discount:
            taxes = self.shipping_taxes(record, place)
            parts.append((self.mapper.map_shipping_line(self.cr, SUPERUSER_ID, lookups, record, taxes,
                                                        context=self.context),
                          shipping, Decimal(1), shipping, shipping_discount))
        rates = [lookups.tax_rate(part[0]['tax_id'][0][2]) for part in parts]
        want = allocate([part[3] - part[4] for part in parts], rates)   # line_item_price less discount
        lines = []
        for (vals, price, quantity, lip, disc), target in zip(parts, want):
            percent = float(100 * disc / lip) if lip else 0.0
            vals['price_unit'], vals['discount'] = fit_line(float(price), float(quantity), percent, target,
                                                            self.price_digits, self.discount_digits)
            lines.append(vals)
        return lines

    def item_product(self, item):
        """The item's product. One the shop deleted (the item keeps its id, or none): its archived product
        when OpenERP had it, else none (the line books the item's text, price and taxes)."""
        shop_id = item['product_id']
        if not shop_id:
            return False
        try:
            return self.lookups.res_id('products', shop_id)
        except MappingError:
            binding = self.binder.one('products', shop_id)
            if binding and binding['deleted'] and binding['alive']:
                return binding['res_id']
            if ('products', str(shop_id)) in self.binder.gone or binding and binding['deleted']:
                return False
            raise

    def tax_place(self, record):
        """(country id, state id) of the address the shop taxes by."""
        address = record['ship_address' if self.env.backend.tax_address == 'ship' else 'bill_address']
        country_id = self.lookups.country_id(address['country'])
        return country_id, self.lookups.state_id(country_id, address['state'])

    def item_taxes(self, item, place):
        """The taxes of an item the shop taxed (the item's tax class at the order's place), else none."""
        if not dec(item['tax']):
            return []
        return self.lookups.order_taxes(self.lookups.product_tax_class(item['product_id']), *place)

    def shipping_taxes(self, record, place):
        """Shipping is taxed when the shop's tax exceeds the items' (Satchmo taxes it in some places only)."""
        item_tax = sum((dec(i['tax']) or Decimal(0) for i in record['items']), Decimal(0))
        if abs((dec(record['tax']) or Decimal(0)) - item_tax) < Decimal('0.000001'):
            return []
        return self.lookups.order_taxes(self.env.backend.shipping_tax_class, *place)
