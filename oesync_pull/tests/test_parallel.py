# -*- coding: utf-8 -*-
"""A parallel import, offline: the split, the chunks (run here one after the other in the test's
transaction, as a cron worker would run each), a record retried after a collision, the log's end."""
import mock

from openerp import SUPERUSER_ID
from openerp.addons.oesync_pull.catalog_importer import ProductImporter
from openerp.addons.oesync_pull.parallel import close_log, import_chunk
from openerp.addons.oesync_pull.run import ImportRun

from .common import ShopTestCase, objects


class test_parallel_import(ShopTestCase):
    resources = ('countries', 'categories', 'products', 'contacts')

    def split(self):
        self.backend_obj.write(self.cr, self.uid, [self.backend_id], {'chunk_size': 5, 'import_workers': 3})
        return self.pull('parallel')

    def run_chunks(self, log):
        """Each chunk as `_work_chunks` runs it, then the log's end."""
        backend = self.backend_obj.browse(self.cr, SUPERUSER_ID, self.backend_id)
        for chunk in log.chunk_ids:
            run = ImportRun(self.cr, self.backend_obj.pool, backend, log.id, commit=False, log_counts=False)
            counts = import_chunk(run, chunk.resource, [int(i) for i in chunk.satchmo_ids.split(',')])
            chunk.write(dict(counts.get(chunk.resource, {}), state='done'))
        close_log(self.cr, self.backend_obj.pool, log.id)
        return self.log_obj.browse(self.cr, self.uid, log.id)

    def test_the_split_imports_the_tree_and_cuts_the_rest_into_chunks_for_cron_jobs(self):
        log = self.split()
        self.assertEqual((log.state, log.mode), ('running', 'parallel'), log.message)
        self.assertEqual(self.counts(log)['categories']['created'], len(self.shop.listings['categories']))
        chunks = [(c.resource, [int(i) for i in c.satchmo_ids.split(',')]) for c in log.chunk_ids]
        product_ids = [o['id'] for o in objects('products')]
        self.assertEqual([r for r, _ in chunks], ['products'] * -(-len(self.shop.listings['products']) // 5) +
                         ['contacts'] * -(-len(self.shop.listings['contacts']) // 5), 'chunks of 5 records')
        self.assertEqual(sum((ids for r, ids in chunks if r == 'products'), []), product_ids)
        self.assertTrue(all(len(ids) <= 5 for _, ids in chunks))
        self.assertEqual(set(c.state for c in log.chunk_ids), set(['pending']))
        cron = self.registry('ir.cron')
        jobs = cron.read(self.cr, self.uid, cron.search(self.cr, self.uid, [('function', '=', '_work_chunks')]),
                         ['model', 'args', 'numbercall', 'active'])
        self.assertEqual([(j['model'], j['args'], j['numbercall']) for j in jobs],
                         [('satchmo.backend', repr((log.id,)), 1)] * 3)
        self.assertFalse(self.state_obj.search(self.cr, self.uid, [('backend_id', '=', self.backend_id),
                                                                   ('resource', '=', 'products')]),
                         'products wait for the cron workers')

        other = self.pull('changes')
        self.assertEqual(other.state, 'skipped')
        self.assertIn('parallel import of this backend is in progress (%d chunks left' % len(chunks), other.message)

    def test_a_trial_takes_the_first_records_and_leaves_the_cursors(self):
        self.backend_obj.write(self.cr, self.uid, [self.backend_id], {'chunk_size': 4})
        log = self.pull('parallel', context={'satchmo_split_limit': 6, 'satchmo_workers': 1})
        chunks = [(c.resource, c.satchmo_ids) for c in log.chunk_ids]
        first = [str(o['id']) for o in objects('products')[:6]]
        self.assertEqual(chunks, [('products', ','.join(first[:4])), ('products', ','.join(first[4:])),
                                  ('contacts', '1,2,3')])
        self.assertFalse(self.pool_cursor('products').changes_cursor, 'the rest of the listing is still to pull')

    def test_the_chunks_import_everything_and_the_last_ends_the_log(self):
        log = self.run_chunks(self.split())
        self.assertEqual(log.state, 'done', log.message)
        counts = self.counts(log)
        self.assertEqual((counts['categories']['created'], counts['products']['created'],
                          counts['contacts']['created']),
                         tuple(len(self.shop.listings[r]) for r in ('categories', 'products', 'contacts')))
        _, shirt = self.bound('products', 2)
        self.assertEqual((shirt.default_code, shirt.lst_price), ('PY-Rocks', 19.5))
        self.assertTrue(log.date_end)
        cursor = self.pool_cursor('products')
        self.assertEqual((cursor.full_cursor, cursor.changes_cursor), (False, 'changes:products:start'))

        after = self.pull('changes')   # the listing's feed, from where the split read it
        self.assertEqual(after.state, 'done')
        self.assertEqual(after.created + after.failed, 0)

    def test_stop_drops_the_chunks_no_worker_took_and_ends_the_log(self):
        log = self.split()
        self.log_obj.action_stop(self.cr, self.uid, [log.id])
        log = self.log_obj.browse(self.cr, self.uid, log.id)
        self.assertEqual(log.state, 'partial')
        self.assertIn('%d chunks failed' % sum(-(-len(self.shop.listings[r]) // 5) for r in ('products', 'contacts')),
                      log.message)
        self.assertEqual(set((c.state, c.message) for c in log.chunk_ids),
                         set([('failed', 'Stopped by Administrator before a cron worker took it.')]))
        self.assertEqual(self.pull('changes').state, 'done', 'pulls go on')

    def test_a_record_colliding_with_another_worker_is_tried_again(self):
        log = self.split()
        self.cr.execute('CREATE TEMP TABLE taken (i integer PRIMARY KEY); INSERT INTO taken VALUES (1)')
        original = ProductImporter.import_record
        calls = []

        def collide_once(importer, record, binding):
            calls.append(record['id'])
            if record['id'] == 2 and calls.count(2) == 1:
                self.cr.execute('INSERT INTO taken VALUES (1)')   # a real unique violation, as another worker's
            return original(importer, record, binding)

        with mock.patch.object(ProductImporter, 'import_record', autospec=True, side_effect=collide_once):
            log = self.run_chunks(log)
        self.assertEqual(calls.count(2), 2)
        self.assertEqual(log.state, 'done', log.message)
        self.assertEqual(self.counts(log)['products'], dict(created=len(self.shop.listings['products']), updated=0,
                                                            unchanged=0, failed=0, skipped=0))
        self.assertEqual(self.bound('products', 2)[1].default_code, 'PY-Rocks')

    def pool_cursor(self, resource):
        cursor = self.registry('satchmo.backend.cursor')
        ids = cursor.search(self.cr, self.uid, [('backend_id', '=', self.backend_id), ('resource', '=', resource)])
        return cursor.browse(self.cr, self.uid, ids[0])

    def test_one_customers_orders_go_to_one_chunk(self):
        """Two workers booking orders of one customer collide on it: a page's orders are chunked by customer."""
        self.backend_obj.write(self.cr, self.uid, [self.backend_id], {'chunk_size': 2})
        log = self.pull('parallel', resources=['orders'])
        by_contact = dict((o['id'], o['contact_id']) for o in objects('orders'))
        chunks = [[int(i) for i in c.satchmo_ids.split(',')] for c in log.chunk_ids]
        self.assertEqual(sorted(sum(chunks, [])), sorted(by_contact))
        for contact in set(by_contact.values()):
            self.assertEqual(len([c for c in chunks if contact in [by_contact[i] for i in c]]), 1,
                             'the orders of customer %s in one chunk: %s' % (contact, chunks))
