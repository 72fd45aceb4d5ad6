# -*- coding: utf-8 -*-
"""Satchmo's price tiers (satchmo_ext.tieredpricing): a customer group's own prices and quantity breaks.

Each tier of the shop (the export's setup/ `pricing_tiers`) gets a sale pricelist of its own, in the
currency of the backend's pricelist and built like it (pricelist.py): for each product with tiered
prices, an item per quantity break at the tier's price, read from the shop price; for every other
product, the backend's pricelist less the tier's discount percent. A gift certificate keeps its price
(Satchmo discounts none). A customer of the tier's group gets its pricelist; one in several groups the
pricelist of the oldest tier. OpenERP then quotes such a customer the shop's price at every quantity.
"""
import datetime

from openerp import SUPERUSER_ID
from openerp.osv import fields, orm

from .mapper import dec
from .pricelist import version_today


class product_pricelist(orm.Model):
    _inherit = 'product.pricelist'

    _columns = {
        'satchmo_backend_id': fields.many2one('satchmo.backend', 'Satchmo Backend', ondelete='set null',
                                              readonly=True),
        'satchmo_tier_id': fields.integer('Satchmo Price Tier', readonly=True,
                                          help="The shop's price tier this pricelist quotes (its customers' group)."),
    }


def shop_tiers(lookups):
    """{tier id: the shop's tier} (setup/), read once a pull."""
    cache = lookups.env.cache
    if not cache.has('pricing_tiers'):
        setup = lookups.env.adapter.setup() if lookups.meta.get('setup_url') else {}
        cache.set('pricing_tiers', None, dict((t['id'], t) for t in setup.get('pricing_tiers') or []))
    return cache.get('pricing_tiers')


def tier_pricelist_id(lookups, tier_id):
    """The pricelist of the shop's tier `tier_id`, created or brought up to date (name, discount) once a pull."""
    cache = lookups.env.cache
    if cache.has('tier_pricelist', tier_id):
        return cache.get('tier_pricelist', tier_id)
    cr, pool, backend = lookups.cr, lookups.pool, lookups.backend
    tier = shop_tiers(lookups).get(tier_id) or {'title': 'Tier %s' % tier_id, 'discount_percent': None}
    base = backend.pricelist_id
    fallback = {'name': 'Satchmo: %s' % tier['title'], 'base': -1, 'base_pricelist_id': base.id, 'sequence': 1000,
                'price_discount': -float(dec(tier['discount_percent']) or 0) / 100, 'satchmo_backend_id': backend.id}
    name = '%s - %s' % (base.name, tier['title'])
    pricelist_obj = pool['product.pricelist']
    ids = pricelist_obj.search(cr, SUPERUSER_ID, [('satchmo_backend_id', '=', backend.id),
                                                  ('satchmo_tier_id', '=', tier_id)], order='id', limit=1,
                               context={'active_test': False})
    if ids:
        version_id = tier_version_id(lookups, ids[0])
        item_obj = pool['product.pricelist.item']
        old = item_obj.search(cr, SUPERUSER_ID, [('price_version_id', '=', version_id), ('base', '=', -1),
                                                 ('product_id', '=', False), ('product_tmpl_id', '=', False)])
        item_obj.unlink(cr, SUPERUSER_ID, old)
        item_obj.create(cr, SUPERUSER_ID, dict(fallback, price_version_id=version_id), context=lookups.context)
        pricelist_obj.write(cr, SUPERUSER_ID, ids, {'name': name, 'currency_id': base.currency_id.id},
                            context=lookups.context)
    else:
        ids = [pricelist_obj.create(cr, SUPERUSER_ID, {
            'name': name, 'type': 'sale', 'currency_id': base.currency_id.id, 'company_id': backend.company_id.id,
            'satchmo_backend_id': backend.id, 'satchmo_tier_id': tier_id,
            'version_id': [(0, 0, {'name': 'Satchmo prices', 'items_id': [(0, 0, fallback)]})]},
            context=lookups.context)]
    return cache.set('tier_pricelist', tier_id, ids[0])


def tier_version_id(lookups, pricelist_id):
    return version_today(lookups.cr, lookups.pool, pricelist_id, context=lookups.context)


def import_tier_prices(lookups, record, target, first):
    """The product's tiered prices as items of their tiers' pricelists (the backend's items of the product
    were just removed: pricelist.py). A price is the tier's own from its quantity on, whatever the variant's
    options (Satchmo's TieredPriceManager)."""
    item_obj = lookups.pool['product.pricelist.item']
    today = datetime.date.today().isoformat()
    rows = [p for p in record.get('tiered_prices') or [] if not p['expires'] or p['expires'] >= today]
    if record.get('kind') == 'gift_certificate' and not record['parent_id']:
        rows = [{'tier_id': tier_id, 'quantity': '0', 'price': None} for tier_id in sorted(shop_tiers(lookups))]
    rows.sort(key=lambda p: (p['tier_id'], -dec(p['quantity'])))
    for rank, row in enumerate(rows):
        version_id = tier_version_id(lookups, tier_pricelist_id(lookups, row['tier_id']))
        vals = {'name': 'Satchmo: %s from %s' % (record['sku'] or record['slug'], row['quantity']),
                'price_version_id': version_id, target[0]: target[1], 'min_quantity': float(dec(row['quantity'])),
                'sequence': first + rank, 'satchmo_backend_id': lookups.backend.id}
        if row['price'] is None:   # its price in the backend's pricelist
            vals.update(base=-1, base_pricelist_id=lookups.backend.pricelist_id.id)
        else:
            vals.update(base=lookups.shop_price_type_id(), price_discount=-1.0,
                        price_surcharge=float(dec(row['price'])))
        item_obj.create(lookups.cr, SUPERUSER_ID, vals, context=lookups.context)


def customer_pricelist(lookups, record, partner):
    """{'property_product_pricelist': id} for a customer of a tier; for one who left every tier, the backend's
    pricelist again; else {}."""
    tier_ids = record.get('pricing_tier_ids') or []
    if tier_ids:
        pricelist_id = tier_pricelist_id(lookups, min(tier_ids))
    elif partner.property_product_pricelist.satchmo_tier_id and \
            partner.property_product_pricelist.satchmo_backend_id.id == lookups.backend.id:
        pricelist_id = lookups.backend.pricelist_id.id
    else:
        return {}
    return {} if partner.property_product_pricelist.id == pricelist_id else {'property_product_pricelist': pricelist_id}
