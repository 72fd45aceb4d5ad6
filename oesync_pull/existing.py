# -*- coding: utf-8 -*-
"""Records OpenERP had before the connector: found, not overwritten.

A shop product or customer the first pull finds in OpenERP (same SKU; same email and name; a company
of the same name) is *adopted*: bound, marked so on its sync state (`adopted`), and, under the
backend's default policy `existing_policy` "Keep what OpenERP's users entered", never cleared or
replaced (nor archived when the shop deletes it). The shop's values fill only the
fields that are empty; flags (customer, supplier, active) are only ever switched on; what the shop
does not own (a product's type, units, company) is left alone; the shop's categories (its main one
too: the product keeps its own main category) and taxes are added; a shop billing address other than
the partner's becomes another address of the partner. What the shop says differently, where it says
something, is noted on the record's chatter, once for each set of differences. Records the connector
created follow the shop, as under the policy "The shop is the master" every record does.

`keep_existing` only reads: a preview may ask it which differences a pull would note.
"""
import hashlib
import math
from decimal import ROUND_HALF_UP, Decimal

from openerp import SUPERUSER_ID
from openerp.tools import ustr
from openerp.tools.float_utils import float_compare
from openerp.tools.translate import _

from .mapper import dec

ADDRESS = ('street', 'street2', 'city', 'zip', 'country_id', 'state_id')
NOT_THE_SHOPS = ('type', 'uom_id', 'uom_po_id', 'company_id', 'product_tmpl_id')
THE_CONNECTORS = ('satchmo_price',)   # the connector's own fields: always written
EMPTY = (False, None, '', 0, 0.0, [])
# a main category the record keeps; the shop's joins the extra ones (product_m2mcategories)
EXTRA = {'categ_id': 'categ_ids'}


def keep_existing(importer, record, res_id, vals):
    """The values of `vals` a pull may write on an adopted record, and the differences it keeps: [(field
    label, OpenERP's value, the shop's value)], display text, the shop's own amounts for its prices.
    Writes nothing."""
    cr, obj = importer.cr, importer.obj
    columns = obj._all_columns
    vals = with_extra(record, vals, columns)
    names = [f for f in vals if f in columns and f not in NOT_THE_SHOPS]
    mains = [m for m, extra in EXTRA.items() if extra in names]
    current = obj.read(cr, SUPERUSER_ID, [res_id], names + mains, context={'active_test': False})[0] if names else {}
    kept, differences = {}, []
    for field in names:
        column, new, mine = columns[field].column, vals[field], current[field]
        if field in THE_CONNECTORS:
            kept[field] = new
        elif column._type == 'boolean':
            if new and not mine:
                kept[field] = True
        elif column._type in ('many2many', 'one2many'):
            ids = [i for command in new if command[0] == 6 for i in command[2]]
            have = set(mine) | set(current[m][0] for m in mains if EXTRA[m] == field and current[m])
            kept[field] = [(4, i) for i in ids if i not in have]
        elif mine in EMPTY:
            if new not in EMPTY:
                kept[field] = new
        elif isinstance(mine, tuple):   # many2one: (id, name)
            if new and new != mine[0]:
                differences.append((column.string, mine[1], display(importer, column, new)))
        elif not empty(new) and not same(column, mine, new):
            difference = price_difference(importer, record, field, mine) if field in PRICES else (
                column.string, text(column, mine), text(column, new))
            if difference:
                differences.append(difference)
    return kept, sorted(differences)


def with_extra(record, vals, columns):
    """The shop's categories, its main one first, all as extra ones: the record keeps its main category.
    A product the shop puts in no category has the backend's category as main one: not the shop's."""
    vals = dict(vals)
    for main, extra in EXTRA.items():
        if main in vals and extra in columns:
            shop = vals.pop(main)
            ids = [i for command in vals.get(extra, []) if command[0] == 6 for i in command[2]]
            vals[extra] = [(6, 0, ([shop] if record.get('category_ids') else []) + ids)]
    return vals


def empty(value):
    """The shop says nothing: no value, or only blanks."""
    if isinstance(value, basestring):
        return not value.strip()
    return value is None or value is False or value in ([], ())


def same(column, mine, new):
    if column._type == 'float':
        return not float_compare(mine or 0.0, new or 0.0, precision_digits=4)
    if isinstance(mine, basestring) and isinstance(new, basestring):
        return ' '.join(mine.split()).lower() == ' '.join(new.split()).lower()
    return mine == new


def display(importer, column, res_id):
    if res_id < 0:   # a preview's stand-in for a record the pull creates (preview.py)
        cr, context = importer.cr, importer.env.language   # noqa: F841 (_() finds them here)
        return _('a new %s from the shop') % column.string
    return importer.pool[column._obj].name_get(importer.cr, SUPERUSER_ID, [res_id])[0][1]


def text(column, value):
    """A value as a user reads it: a float with its field's decimals."""
    if column._type == 'float' and column.digits:
        return '%.*f' % (column.digits[1], value)
    return ustr(value)


# -- prices: the shop's in its currency, OpenERP's in the company's -----------

def shop_list_price(importer, record):
    return dec(record.get('unit_price'))


def shop_price_extra(importer, record):
    """What a variation costs above its configurable product in the shop (as mapper.price_extra counts)."""
    if not record.get('parent_id'):
        return None
    if not record['prices']:
        return sum((dec(o['price_change']) or 0 for o in record['options']), Decimal('0'))
    parent = importer.binder.shop_payload('products', record['parent_id'])
    unit, parent_unit = dec(record['unit_price']), parent and dec(parent['unit_price'])
    return unit - parent_unit if unit is not None and parent_unit is not None else None


# the fields the mapper fills with a shop price converted to the company's currency: the shop's own amount
PRICES = {'list_price': shop_list_price, 'price_extra': shop_price_extra}


def price_difference(importer, record, field, mine):
    """(label, OpenERP's price in the company's currency, the shop's in its own and, when they differ,
    converted as the pull converts it); None when the shop has no price."""
    shop_amount = PRICES[field](importer, record)
    if shop_amount is None:
        return None
    lookups = importer.lookups
    company, shop = importer.backend.company_id.currency_id, lookups.shop_currency()
    theirs = money(shop_amount, shop)
    if shop.id != company.id:
        cr, context = importer.cr, importer.env.language   # where _() finds the pull's language
        theirs += ' (%s)' % (_('%s at the rate of %s') % (money(lookups.company_price(shop_amount), company),
                                                           lookups.rate_date(shop, company)))
    return importer.obj._all_columns[field].column.string, money(mine, company), theirs


def money(value, currency):
    """An amount with its currency's decimals and its code: '19.50 USD'."""
    digits = max(0, int(math.ceil(round(-math.log10(currency.rounding), 6)))) if currency.rounding else 2
    amount = Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return '%s %s' % (amount, currency.name)


# -- the note ----------------------------------------------------------------

def note_differences(importer, record, res_id, binding_id, differences, resource=None):
    """The shop's other values on the record's chatter, once for each set of differences."""
    digest = differences and hashlib.sha1(repr(sorted(differences))).hexdigest() or False
    if importer.binder.read(binding_id, 'note_hash') == digest:
        return
    importer.binder.write([binding_id], {'note_hash': digest})
    if not differences or not hasattr(importer.obj, 'message_post'):
        return
    cr, context = importer.cr, importer.env.language   # where _() finds the pull's language
    row = _('<li>%s: %s here, in the shop %s</li>')
    rows = ''.join(row % (escape(label), escape(mine), escape(shop)) for label, mine, shop in differences)
    importer.obj.message_post(
        cr, SUPERUSER_ID, [res_id], subject=_('Satchmo: the shop says otherwise'),
        body=_('<p>Satchmo backend %s, %s %s: this record was in OpenERP before the connector, so its values were '
               'kept (policy "Keep what OpenERP\'s users entered"). The shop says:</p><ul>%s</ul>')
        % (escape(importer.backend.name), resource or importer.resource, record['id'], rows),
        type='comment', subtype=False, context=importer.context)   # a note: no mail to followers


def escape(value):
    return ustr(value if value not in (None, False) else '').replace('&', '&amp;').replace('<', '&lt;') \
        .replace('>', '&gt;')
