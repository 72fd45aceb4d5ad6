# -*- coding: utf-8 -*-
from psycopg2 import IntegrityError

from openerp.osv.orm import except_orm
from openerp.tests import common

from .common import TOKEN, ShopTestCase, recording


class test_backend(common.TransactionCase):

    def test_backend_defaults_and_unique_name(self):
        backend = self.registry('satchmo.backend')
        cr, uid = self.cr, self.uid
        bid = backend.create(cr, uid, {'name': 'Shop', 'location': 'http://127.0.0.1:8000/export/',
                                       'token': 'secret'})
        rec = backend.browse(cr, uid, bid)
        self.assertTrue(rec.active)
        user = self.registry('res.users').browse(cr, uid, uid)
        self.assertEqual(rec.company_id.id, user.company_id.id)
        with self.assertRaises((IntegrityError, except_orm)):
            cr.execute('SAVEPOINT dup')
            try:
                backend.create(cr, uid, {'name': 'Shop', 'location': 'http://x/', 'token': 't'})
            finally:
                cr.execute('ROLLBACK TO SAVEPOINT dup')


class test_backend_buttons(ShopTestCase):

    def test_test_connection_shows_the_shop_or_why_it_failed(self):
        self.backend_obj.action_test_connection(self.cr, self.uid, [self.backend_id])
        status = self.backend_obj.browse(self.cr, self.uid, self.backend_id).connection_status
        self.assertIn('OK', status)
        self.assertIn('currency USD', status)
        self.assertIn('22 products', status)
        self.shop.error = (401, recording('error_401')['body'])
        self.backend_obj.action_test_connection(self.cr, self.uid, [self.backend_id])
        status = self.backend_obj.browse(self.cr, self.uid, self.backend_id).connection_status
        self.assertIn('FAILED', status)
        self.assertIn('refused the token', status)
        self.assertNotIn(TOKEN, status)

    def test_rewind_makes_the_next_pull_walk_everything(self):
        self.pull('full', resources=['categories'])
        self.backend_obj.action_rewind(self.cr, self.uid, [self.backend_id])
        cursors = self.backend_obj.browse(self.cr, self.uid, self.backend_id).cursor_ids
        self.assertEqual([c.changes_cursor for c in cursors if c.resource == 'categories'], [False])
        del self.shop.requests[:]
        log = self.pull('changes', resources=['categories'])
        self.assertIn(('/export/categories/', {'mode': 'full', 'page_size': 100}), self.shop.requests)
        self.assertEqual(self.counts(log)['categories']['unchanged'], 8, 'walked again, nothing written')

