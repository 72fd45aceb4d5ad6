# -*- coding: utf-8 -*-
"""Importing the catalog and the customers from recorded export payloads."""
import copy

import mock

from openerp.addons.oesync_pull.catalog_importer import ProductImporter
from openerp.addons.oesync_pull.mapper import MappingError

from .common import SHOP, TOKEN, ShopTestCase, objects, recording


class test_catalog_and_customers(ShopTestCase):
    resources = ('countries', 'categories', 'products', 'contacts')

    def test_full_import_maps_every_record(self):
        log = self.pull()
        self.assertEqual(log.state, 'done', log.message)
        counts = self.counts(log)
        self.assertEqual(counts['categories']['created'], 8)
        self.assertEqual(counts['products']['created'], 22)
        self.assertEqual(counts['contacts']['created'], 3)
        self.assertEqual(counts['countries']['updated'], 4, 'countries are matched, never created')
        self.assertEqual(log.failed, 0)

        _, fiction = self.bound('categories', 4)
        _, scifi = self.bound('categories', 5)
        self.assertEqual((scifi.name, scifi.parent_id.id, fiction.parent_id.name), ('Science Fiction', fiction.id, 'Books'))

        state, shirt = self.bound('products', 2)
        self.assertEqual((shirt.default_code, shirt.name, shirt.lst_price), ('PY-Rocks', 'Python Rocks shirt', 19.5))
        self.assertEqual(shirt.categ_id.name, 'Short Sleeve')
        self.assertEqual(shirt.taxes_id, [], 'PY-Rocks is not taxable in the shop')
        self.assertEqual((state.state, state.res_model), ('synced', 'product.product'))

        _, parent = self.bound('products', 1)
        self.assertEqual([t.id for t in parent.taxes_id], [self.tax_id], "taxable, class None = 'Default'")
        _, blue = self.bound('products', 8)   # Small/Blue: +2.00 for blue
        self.assertEqual(blue.product_tmpl_id.id, parent.product_tmpl_id.id)
        self.assertEqual((blue.default_code, blue.variants, blue.price_extra, blue.lst_price),
                         ('dj-rocks-s-bl', 'Small / Blue', 2.0, 22.0))
        for product in objects('products'):
            _, record = self.bound('products', product['id'])
            self.assertAlmostEqual(record.lst_price, float(product['unit_price'] or 0), places=2,
                                   msg='price of %s' % product['slug'])

        _, computer = self.bound('products', 30)
        self.assertEqual(computer.default_code, 'satch-1')

    def test_contacts_become_people_companies_and_addresses(self):
        self.pull()
        _, chris = self.bound('contacts', 1)
        self.assertEqual((chris.name, chris.email, chris.phone, chris.street, chris.zip, chris.city),
                         ('Chris Smith', 'chris@aol.com', '601-555-5511', '8235 Pike Street', '38138', 'Anywhere Town'))
        self.assertEqual((chris.state_id.code, chris.state_id.name, chris.country_id.code),
                         ('TN', 'Tennessee', 'US'))
        self.assertTrue(chris.customer)
        self.assertFalse(chris.parent_id)
        _, fred = self.bound('contacts', 3)
        self.assertEqual((fred.fax, fred.phone, fred.street2), ('755-555-1111', '800-188-7611', '918 Funky Town St'))
        self.assertTrue(fred.parent_id.is_company)
        self.assertEqual(fred.parent_id.name, 'Rhinestone Ronny')
        self.assertTrue(fred.supplier)

    def test_second_pull_writes_nothing(self):
        self.pull()
        _, shirt = self.bound('products', 2)
        self.cr.execute('SELECT max(write_date) FROM satchmo_sync_state')
        before = self.cr.fetchone()[0]
        log = self.pull()
        self.assertEqual(sum(c['created'] + c['updated'] for c in self.counts(log).values()), 0)
        self.assertEqual(self.counts(log)['products']['unchanged'], 22)
        self.cr.execute('SELECT max(write_date) FROM satchmo_sync_state')
        self.assertEqual(self.cr.fetchone()[0], before, 'an unchanged record writes nothing')

    def test_change_feed_updates_and_tombstones_archive(self):
        self.pull()
        self.shop.changes['products'] = [objects('products_changes') + [{'id': 4, 'deleted': True}]]
        self.shop.changes['contacts'] = [objects('contacts_changes')]
        log = self.pull('changes')
        counts = self.counts(log)
        self.assertEqual(counts['products']['updated'], 2)
        self.assertEqual(counts['contacts']['updated'], 1)
        _, shirt = self.bound('products', 2)
        self.assertEqual(shirt.lst_price, 18.75)
        _, john = self.bound('contacts', 2)
        self.assertEqual((john.comment, john.phone), ('Prefers e-mail', '651-555-0199'))
        state, robots = self.bound('products', 4)
        self.assertTrue(state.deleted)
        self.assertFalse(robots.active, 'gone from the shop: archived, never deleted')
        # a feed that repeats itself (at-least-once delivery) changes nothing
        self.shop.changes['products'] = [objects('products_changes')]
        self.assertEqual(self.counts(self.pull('changes'))['products']['unchanged'], 1)

    def test_full_rescan_archives_what_is_gone(self):
        self.pull()
        self.shop.listings['contacts'] = [c for c in self.shop.listings['contacts'] if c['id'] != 2]
        log = self.pull('full')
        state, john = self.bound('contacts', 2)
        self.assertTrue(state.deleted)
        self.assertFalse(john.active)
        self.assertEqual(self.counts(log)['contacts'], {'created': 0, 'updated': 1, 'unchanged': 2, 'failed': 0,
                                                        'skipped': 0})

    def test_paging_commits_each_page_and_stores_the_cursor(self):
        self.backend_obj.write(self.cr, self.uid, [self.backend_id], {'page_size': 5})
        log = self.pull('full', resources=['products'])
        self.assertEqual(self.counts(log)['products']['created'], 22)
        listings = [p for path, p in self.shop.requests if path == '/export/products/' and 'ids' not in p]
        self.assertEqual(len(listings), 5)
        cursors = self.registry('satchmo.backend.cursor')
        cursor = cursors.read(self.cr, self.uid, cursors.search(self.cr, self.uid, [
            ('backend_id', '=', self.backend_id), ('resource', '=', 'products')]), ['changes_cursor', 'full_cursor'])[0]
        self.assertEqual((cursor['changes_cursor'], cursor['full_cursor']), ('changes:products:start', False))

    def test_missing_tax_mapping_fails_the_record_and_a_retry_imports_it(self):
        self.registry('satchmo.tax.map').unlink(self.cr, self.uid, self.registry('satchmo.tax.map').search(
            self.cr, self.uid, [('backend_id', '=', self.backend_id)]))
        log = self.pull('full', resources=['products'])
        self.assertEqual(log.state, 'partial')
        taxable = [p['id'] for p in objects('products') if p['taxable']]
        self.assertEqual(log.failed, len(taxable))
        self.assertEqual(self.counts(log)['products']['created'], 22 - len(taxable))
        state = self.state_obj.browse(self.cr, self.uid, self.state_obj.search(
            self.cr, self.uid, [('resource', '=', 'products'), ('satchmo_id', '=', '1')])[0])
        self.assertEqual((state.state, state.attempts), ('failed', 1))
        self.assertIn("Tax class 'Default' has no OpenERP taxes", state.error)
        self.assertIn('Tax Classes', state.error, 'the message says where to add it')
        self.assertTrue(state.next_retry)
        self.assertEqual(len(log.failure_ids), len(taxable))
        # the failure notice reaches the backend's followers
        messages = self.registry('satchmo.backend').browse(self.cr, self.uid, self.backend_id).message_ids
        self.assertIn('record(s) failed', messages[0].subject)

        self.backend_obj.write(self.cr, self.uid, [self.backend_id], {'tax_map_ids': [
            (0, 0, {'tax_class': 'Default', 'tax_ids': [(6, 0, [self.tax_id])]})]})
        failed = self.state_obj.search(self.cr, self.uid, [('state', '=', 'failed')])
        log = self.pull('retry', retry_ids=failed)
        self.assertEqual((log.state, self.counts(log)['products']['created']), ('done', len(taxable)))
        self.assertEqual(self.state_obj.search(self.cr, self.uid, [('state', '!=', 'synced')]), [])

    def test_a_broken_record_is_isolated(self):
        broken = copy.deepcopy(self.shop.record('products', 2))
        broken['category_ids'] = [999]   # a category the shop does not have
        self.shop.listings['products'] = [broken if p['id'] == 2 else p for p in self.shop.listings['products']]
        log = self.pull('full', resources=['products'])
        self.assertEqual(self.counts(log)['products'], {'created': 21, 'updated': 0, 'unchanged': 0, 'failed': 1,
                                                        'skipped': 0})
        self.assertIn('categories 999', log.failure_ids[0].message)
        self.assertIn('gone from the shop', log.failure_ids[0].message)

    def test_dependencies_are_fetched_by_id(self):
        log = self.pull('full', resources=['products'])
        parents = dict((c['id'], c['parent_id']) for c in objects('categories'))
        direct = set(c for p in objects('products') for c in p['category_ids'])
        above = set(parents[c] for c in direct if parents[c]) - direct
        self.assertEqual(self.counts(log)['categories']['created'], len(direct | above))
        asked = [p['ids'] for path, p in self.shop.requests if 'ids' in p]
        self.assertEqual([sorted(map(int, ids.split(','))) for ids in asked], [sorted(direct), sorted(above)],
                         'one request for the categories of the page, one for their missing parents')

    def test_price_tiers_become_pricelist_items(self):
        self.pull('full', resources=['products'])
        _, software = self.bound('products', 21)   # 2.00 from 50 units, no unit price
        pricelist = self.registry('product.pricelist')
        list0 = self.backend_obj.browse(self.cr, self.uid, self.backend_id).pricelist_id.id
        price = lambda qty: pricelist.price_get(self.cr, self.uid, [list0], software.id, qty)[list0]
        self.assertEqual(price(50), 2.0)
        self.assertEqual(price(1), 0.0)

    def test_a_failed_record_leaves_no_stale_id_behind(self):
        """The first product creates the pricelist's version and the shop price type, then fails: both are
        undone with it, and the products after it get their own, not the ids of records rolled back."""
        cr, uid = self.cr, self.uid
        usd = self.registry('res.currency').search(cr, uid, [('name', '=', 'USD')])[0]
        bare = self.registry('product.pricelist').create(cr, uid, {'name': 'No version yet', 'type': 'sale',
                                                                   'currency_id': usd})
        self.backend_obj.write(cr, uid, [self.backend_id], {'pricelist_id': bare})
        price_type = self.registry('product.price.type')
        self.assertFalse(price_type.search(cr, uid, [('field', '=', 'satchmo_price')]))
        products = [p for p in self.shop.listings['products'] if not p['parent_id']]
        first = products[0]['id']
        original = ProductImporter.import_image

        def fail_first(importer, record, *args):
            if record['id'] == first:
                raise MappingError('simulated: the first product fails after its price tiers')
            return original(importer, record, *args)
        with mock.patch.object(ProductImporter, 'import_image', autospec=True, side_effect=fail_first):
            log = self.pull('full', resources=['products'])
        counts = self.counts(log)['products']
        variations = [p['id'] for p in self.shop.listings['products'] if p['parent_id'] == first]
        failed = 1 + len(variations)   # the first product, and its variations, which need it
        self.assertEqual((counts['failed'], counts['created']), (failed, len(self.shop.listings['products']) - failed),
                         [f.message for f in log.failure_ids])
        self.assertIn('simulated', log.failure_ids[0].message)
        self.assertEqual(sorted(int(f.satchmo_id) for f in log.failure_ids), sorted([first] + variations))
        versions = self.registry('product.pricelist.version').search(cr, uid, [('pricelist_id', '=', bare)])
        self.assertEqual(len(versions), 1)
        items = self.registry('product.pricelist.item').search(cr, uid, [('satchmo_backend_id', '=', self.backend_id)])
        self.assertTrue(items)
        shop_type = price_type.search(cr, uid, [('field', '=', 'satchmo_price')])
        for item in self.registry('product.pricelist.item').browse(cr, uid, items):
            self.assertEqual((item.price_version_id.id, item.base), (versions[0], shop_type[0]))

    def test_existing_partner_is_matched_and_a_shared_email_is_not(self):
        partner = self.registry('res.partner')
        chris = partner.create(self.cr, self.uid, {'name': 'Chris  Smith', 'email': 'CHRIS@aol.com'})
        other = partner.create(self.cr, self.uid, {'name': 'Office', 'email': 'abc@comcast.com'})
        self.pull('full', resources=['contacts'])
        self.assertEqual(self.bound('contacts', 1)[1].id, chris)
        self.assertNotEqual(self.bound('contacts', 2)[1].id, other)
        self.assertEqual(partner.search(self.cr, self.uid, [('email', '=ilike', 'chris@aol.com')]), [chris])

    def test_shop_errors_fail_the_run_and_write_nothing(self):
        for status, body, expected in ((401, recording('error_401')['body'], 'refused the token'),
                                       (200, '<html>login</html>', 'not JSON'),
                                       (404, '<html>Not found</html>', 'No satchmo_export at')):
            self.shop.error = (status, body)
            log = self.pull()
            self.assertEqual(log.state, 'failed')
            self.assertIn(expected, log.message)
            self.assertNotIn(TOKEN, log.message)
            self.assertEqual(self.state_obj.search(self.cr, self.uid, []), [])

    def test_unknown_api_version_fails_the_run(self):
        meta = recording('meta')['body']
        meta['api_version'] = '2'
        self.shop.error = (200, meta)
        log = self.pull()
        self.assertEqual(log.state, 'failed')
        self.assertIn("speaks export API version 2;", log.message)

    def test_the_replayed_shop_answers_as_the_recorded_export(self):
        """The replay's own answers (ids requests, pages) have the shape and records of the real export's
        (the recorder asked for contacts and orders after it had changed some: their fields only)."""
        for name in ('products_ids', 'categories_ids', 'contacts_ids', 'orders_ids'):
            exchange = recording(name)
            answer = self.shop(SHOP + exchange['request']['path'][len('/export/'):],
                               exchange['request']['params']).json()
            recorded = exchange['body']
            self.assertEqual(answer['meta'], recorded['meta'], name)
            self.assertEqual([sorted(o) for o in answer['objects']], [sorted(o) for o in recorded['objects']], name)
            if name in ('products_ids', 'categories_ids'):
                self.assertEqual(answer, recorded, name)
        page = self.shop(SHOP + 'products/', {'page_size': 5}).json()
        self.assertEqual(page['objects'], recording('products_page1')['body']['objects'])

