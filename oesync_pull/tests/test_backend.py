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
        self.assertIn('"My Site - Trunk", currency USD', status)
        self.assertIn('tax rate(s) of the shop have no OpenERP taxes', status, 'the test backend maps 3 states')
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
        self.assertIn(('/export/categories/', {'mode': 'full', 'page_size': 100, 'count': '1'}), self.shop.requests)
        self.assertEqual(self.counts(log)['categories']['unchanged'], 8, 'walked again, nothing written')



class test_configuration_check(ShopTestCase):

    def test_a_new_backend_is_scheduled_only_once_started_with_a_sound_configuration(self):
        cr, uid = self.cr, self.uid
        backend = self.backend_obj.browse(cr, uid, self.backend_id)
        self.assertFalse(backend.scheduled, 'a new backend is not pulled by the scheduled actions')
        self.backend_obj.run_scheduled_imports(cr, uid, 'changes')
        self.assertEqual(self.log_obj.search(cr, uid, [('backend_id', '=', self.backend_id)]), [])

        writeoff = backend.writeoff_account_id.id
        backend.write({'writeoff_account_id': False})
        self.registry('decimal.precision').write(cr, uid, self.registry('decimal.precision').search(
            cr, uid, [('name', '=', 'Discount')]), {'digits': 2})
        with self.assertRaises(except_orm) as refused:
            self.backend_obj.action_start_schedule(cr, uid, [self.backend_id])
        self.assertIn('No Payment Write-off Account', refused.exception.value)
        self.assertIn("Decimal precision 'Discount'", refused.exception.value)
        self.backend_obj.action_test_connection(cr, uid, [self.backend_id])
        status = self.backend_obj.browse(cr, uid, self.backend_id).connection_status
        self.assertTrue(status.startswith('CHECK THE CONFIGURATION'), status)

        self.cr.execute("UPDATE account_period SET state = 'done' WHERE date_start <= current_date "
                        "AND date_stop >= current_date AND NOT special")
        self.backend_obj.action_test_connection(cr, uid, [self.backend_id])
        self.assertIn('is closed', self.backend_obj.browse(cr, uid, self.backend_id).connection_status)
        self.cr.execute("UPDATE account_period SET state = 'draft'")

        backend.write({'writeoff_account_id': writeoff, 'tax_account_id': self.registry('account.account').search(
            cr, uid, [('code', '=', '255000')])[0]})
        self.backend_obj.action_setup_from_shop(cr, uid, [self.backend_id])   # the shop's other rates
        self.registry('decimal.precision').write(cr, uid, self.registry('decimal.precision').search(
            cr, uid, [('name', '=', 'Discount')]), {'digits': 4})
        self.backend_obj.action_start_schedule(cr, uid, [self.backend_id])
        self.assertTrue(self.backend_obj.browse(cr, uid, self.backend_id).scheduled)
        self.backend_obj.action_stop_schedule(cr, uid, [self.backend_id])
        self.assertFalse(self.backend_obj.browse(cr, uid, self.backend_id).scheduled)
