# -*- coding: utf-8 -*-
from openerp.osv.orm import except_orm
from openerp.tests import common
from psycopg2 import IntegrityError


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
