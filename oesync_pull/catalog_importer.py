# -*- coding: utf-8 -*-
"""The catalog's importers: countries (OpenERP's own, matched), categories, products (their price
tiers as pricelist items, their customer groups' prices in their tiers' pricelists (tiers.py), their
first image)."""
import base64
import datetime
import logging
from decimal import Decimal

from openerp import SUPERUSER_ID
from openerp.tools.translate import _

from .importer import Importer
from .mapper import dec
from .tiers import import_tier_prices

_logger = logging.getLogger(__name__)


class CountryImporter(Importer):
    """Countries are OpenERP's own, matched by ISO code, never created or changed.
    The shop's coded regions of a country become its states where OpenERP lacks them."""
    resource, model = 'countries', 'res.country'

    def skip_reason(self, record):
        if not record['active'] and not self.lookups.find_country(record['iso2_code']):
            return (_('Country %s (%s) is inactive in the shop and unknown to OpenERP: nothing to import.')
                    % (record['name'], record['iso2_code']))

    def map(self, record, res_id=None):
        return {}

    def match(self, record, vals):
        return self.lookups.country_id(record['iso2_code'])

    def write(self, record, res_id, vals):
        pass

    def after_import(self, record, res_id, binding):
        for area in record['admin_areas']:
            if area['active'] and area['code']:
                self.lookups.state_id(res_id, area['code'], area['name'])


class CategoryImporter(Importer):
    resource, model = 'categories', 'product.category'

    def dependencies(self, record):
        return [('categories', record['parent_id'])] if record['parent_id'] else []

    def map(self, record, res_id=None):
        return self.mapper.map_category(self.cr, SUPERUSER_ID, self.lookups, record, context=self.context)

    def match(self, record, vals):
        ids = self.obj.search(self.cr, SUPERUSER_ID, [('name', '=', vals['name']),
                                                      ('parent_id', '=', vals['parent_id'])], order='id')
        return next(iter(self.binder.unbound(self.model, ids)), None)


class ProductImporter(Importer):
    """A product, or a variation: a variant of its configurable product's template."""
    resource, model = 'products', 'product.product'

    def dependencies(self, record):
        deps = [('categories', c) for c in record['category_ids']]
        if record['parent_id']:
            deps.append(('products', record['parent_id']))
        return deps

    def map(self, record, res_id=None):
        return self.mapper.map_product(self.cr, SUPERUSER_ID, self.lookups, record, context=self.context)

    def match(self, record, vals):
        """Same internal reference (and, for a variation, same template): the product is already there.
        No reference matches nothing (not every product without one)."""
        if not vals['default_code']:
            return None
        domain = [('default_code', '=', vals['default_code'])]
        if 'product_tmpl_id' in vals:
            domain.append(('product_tmpl_id', '=', vals['product_tmpl_id']))
        ids = self.obj.search(self.cr, SUPERUSER_ID, domain, order='id', context={'active_test': False})
        return next(iter(self.binder.unbound(self.model, ids)), None)

    def create(self, record, vals):
        backend = self.backend
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
        cr, backend = self.cr, self.backend
        variation = bool(record['parent_id'])
        if variation:
            target = ('product_id', res_id)
        else:
            target = ('product_tmpl_id', self.obj.read(cr, SUPERUSER_ID, res_id, ['product_tmpl_id'])
                      ['product_tmpl_id'][0])
        old = item_obj.search(cr, SUPERUSER_ID, [('satchmo_backend_id', '=', backend.id), (target[0], '=', target[1])])
        if old:
            item_obj.unlink(cr, SUPERUSER_ID, old)
        import_tier_prices(self.lookups, record, target, -2000 if variation else -1000)
        today = datetime.date.today().isoformat()
        tiers = [p for p in record['prices'] if dec(p['quantity']) > 1 and (not p['expires'] or p['expires'] >= today)]
        unit = dec(record['unit_price']) or Decimal('0')
        tiers.sort(key=lambda p: dec(p['quantity']), reverse=True)
        if not variation:
            tiers.append({'quantity': '0', 'price': str(unit)})
        if not tiers:
            return
        version_id = self.lookups.price_version_id()
        first = -2000 if variation else -1000   # a variant's own tiers before its template's
        for rank, tier in enumerate(tiers):
            item_obj.create(cr, SUPERUSER_ID, {
                'name': 'Satchmo: %s from %s' % (record['sku'] or record['slug'], tier['quantity']),
                'price_version_id': version_id, target[0]: target[1],
                'min_quantity': float(dec(tier['quantity'])),
                'base': self.lookups.shop_price_type_id(),
                'price_surcharge': float(dec(tier['price']) - unit),
                'sequence': first + rank,
                'satchmo_backend_id': backend.id,
            }, context=self.context)

    def import_image(self, record, res_id, binding):
        """The first image, downloaded when its URL changed; a bad image never fails the product."""
        images = sorted(record['images'], key=lambda i: (i['sort'], i['id']))
        if not images:
            return
        url = images[0]['url']
        old = self.binder.payload(binding)
        old_images = sorted(old.get('images') or [], key=lambda i: (i['sort'], i['id'])) if old else []
        if old_images and old_images[0]['url'] == url:
            return
        content = self.env.adapter.download(url)
        if content:
            try:
                self.obj.write(self.cr, SUPERUSER_ID, [res_id], {'image': base64.b64encode(content)},
                               context=self.context)
            except Exception as e:   # PIL refuses what is not an image
                _logger.warning('Satchmo image %s of product %s not stored: %s', url, record['id'], e)
