# -*- coding: utf-8 -*-
"""Records OpenERP had before the connector: found, not overwritten.

A shop product or customer the first pull finds in OpenERP (same SKU; same email and name; a company
of the same name) is *adopted*: bound, marked so on its sync state (`adopted`), and, under the
backend's default policy `existing_policy` "Keep what OpenERP's users entered", never cleared or
replaced (nor archived when the shop deletes it). The shop's values fill only the
fields that are empty; flags (customer, supplier, active) are only ever switched on; what the shop
does not own (a product's type, units, company) is left alone; extra categories are added; a shop
billing address other than the partner's becomes another address of the partner. What the shop says
differently is noted on the record's chatter, once for each set of differences. Records the connector
created follow the shop, as under the policy "The shop is the master" every record does.
"""
import hashlib

from openerp import SUPERUSER_ID
from openerp.tools import ustr
from openerp.tools.float_utils import float_compare

ADDRESS = ('street', 'street2', 'city', 'zip', 'country_id', 'state_id')
NOT_THE_SHOPS = ('type', 'uom_id', 'uom_po_id', 'company_id', 'product_tmpl_id')
THE_CONNECTORS = ('satchmo_price',)   # the connector's own fields: always written
EMPTY = (False, None, '', 0, 0.0, [])


def keep_existing(importer, record, res_id, vals):
    """The values of `vals` a pull may write on an adopted record, and the differences it keeps (field
    label, OpenERP's value, the shop's value)."""
    cr, obj = importer.cr, importer.obj
    columns = obj._all_columns
    names = [f for f in vals if f in columns and f not in NOT_THE_SHOPS]
    current = obj.read(cr, SUPERUSER_ID, [res_id], names, context={'active_test': False})[0] if names else {}
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
            kept[field] = [(4, i) for i in ids if i not in mine]
        elif isinstance(mine, tuple) and mine:   # many2one: (id, name)
            if new and new != mine[0]:
                differences.append((column.string, mine[1], display(importer, column, new)))
        elif mine in EMPTY:
            if new not in EMPTY:
                kept[field] = new
        elif not same(column, mine, new):
            differences.append((column.string, mine, new))
    return kept, differences


def same(column, mine, new):
    if column._type == 'float':
        return not float_compare(mine or 0.0, new or 0.0, precision_digits=4)
    if isinstance(mine, basestring) and isinstance(new, basestring):
        return ' '.join(mine.split()).lower() == ' '.join(new.split()).lower()
    return mine == new


def display(importer, column, res_id):
    return importer.pool[column._obj].name_get(importer.cr, SUPERUSER_ID, [res_id])[0][1]


def note_differences(importer, record, res_id, binding_id, differences, resource=None):
    """The shop's other values on the record's chatter, once for each set of differences."""
    digest = differences and hashlib.sha1(repr(sorted(differences))).hexdigest() or False
    if importer.binder.read(binding_id, 'note_hash') == digest:
        return
    importer.binder.write([binding_id], {'note_hash': digest})
    if not differences or not hasattr(importer.obj, 'message_post'):
        return
    rows = ''.join('<li>%s: %s here, %s in the shop</li>' % (escape(label), escape(mine), escape(shop))
                   for label, mine, shop in differences)
    importer.obj.message_post(
        importer.cr, SUPERUSER_ID, [res_id], subject='Satchmo: the shop says otherwise',
        body='<p>Satchmo backend %s, %s %s: this record was in OpenERP before the connector, so its values were '
             'kept (policy "Keep what OpenERP\'s users entered"). The shop says:</p><ul>%s</ul>'
             % (escape(importer.backend.name), resource or importer.resource, record['id'], rows),
        type='comment', subtype=False, context=importer.context)   # a note: no mail to followers


def escape(value):
    return ustr(value if value not in (None, False) else '').replace('&', '&amp;').replace('<', '&lt;') \
        .replace('>', '&gt;')
