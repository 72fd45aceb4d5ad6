# -*- coding: utf-8 -*-
"""A backend set up from its form only: Test Connection lists the shop's tax rates and payment methods
that OpenERP lacks, Set Up from the Shop creates them (never twice), and the orders then book."""
from openerp.osv.orm import except_orm

from .common import SHOP, TOKEN, ShopTestCase, recording


class test_set_up_from_the_shop(ShopTestCase):

    def setUp(self):
        super(test_set_up_from_the_shop, self).setUp()
        cr, uid = self.cr, self.uid
        account = self.registry('account.account')
        self.writeoff = account.search(cr, uid, [('type', '=', 'other'), ('user_type.code', '=', 'expense')])[0]
        self.tax_account = account.search(cr, uid, [('code', '=', '255000')])[0]
        self.new = self.backend_obj.create(cr, uid, {'name': 'Set up by hand', 'location': SHOP, 'token': TOKEN,
                                                     'writeoff_account_id': self.writeoff})
        self.setup = recording('setup')['body']

    def status(self):
        self.backend_obj.action_test_connection(self.cr, self.uid, [self.new])
        return self.backend_obj.browse(self.cr, self.uid, self.new).connection_status

    def records(self):
        cr, uid = self.cr, self.uid
        return (self.registry('satchmo.tax.map').search(cr, uid, [('backend_id', '=', self.new)], count=True),
                self.registry('account.tax').search(cr, uid, [], count=True),
                self.registry('account.journal').search(cr, uid, [], count=True),
                self.registry('account.account').search(cr, uid, [], count=True))

    def test_the_check_lists_what_is_missing_and_the_button_creates_it_once(self):
        cr, uid = self.cr, self.uid
        status = self.status()
        self.assertIn("tax rate(s) of the shop have no OpenERP taxes (Default in US/AL 4%", status)
        self.assertIn('Tax class(es) Default, Shipping of the shop have no rule without place', status)
        self.assertIn("Payment method(s) DUMMY (3 payments), PURCHASEORDER (1 payments) of the shop's orders have "
                      "no journal", status)
        with self.assertRaises(except_orm) as refused:
            self.backend_obj.action_setup_from_shop(cr, uid, [self.new])
        self.assertIn('Set the Sales Tax Account', refused.exception.value)

        self.backend_obj.write(cr, uid, [self.new], {'tax_account_id': self.tax_account})
        self.backend_obj.action_setup_from_shop(cr, uid, [self.new])
        backend = self.backend_obj.browse(cr, uid, self.new)
        self.assertEqual(len(backend.tax_map_ids), len(self.setup['tax_rates']) + len(self.setup['tax_classes']))
        tn = [r for r in backend.tax_map_ids if (r.tax_class, r.state_id.code) == ('Shipping', 'TN')]
        self.assertEqual([t.amount for r in tn for t in r.tax_ids], [0.07])
        self.assertEqual(sorted((m.method, m.journal_id.type) for m in backend.payment_map_ids),
                         [('DUMMY', 'bank'), ('PURCHASEORDER', 'bank')])
        self.assertEqual((backend.shipping_tax_class, backend.tax_address), ('Shipping', 'ship'))
        status = self.status()
        self.assertNotIn('Problem', status)
        self.assertTrue(status.startswith('OK'), status)

        before = self.records()
        self.backend_obj.action_setup_from_shop(cr, uid, [self.new])
        self.assertEqual(self.records(), before, 'what exists is never created twice')
        self.assertEqual(self.backend_obj.setup_tax_rules(cr, uid, [self.new], self.setup['tax_rates'][:3],
                                                          self.tax_account), [],
                         'rates mapped already are left alone, not an error')

        self.backend_id = self.new
        log = self.pull()
        self.assertEqual(log.state, 'done', [f.message for f in log.failure_ids])
        self.assertEqual(self.counts(log)['orders']['created'], 4)
        self.backend_obj.action_start_schedule(cr, uid, [self.new])
        self.assertTrue(self.backend_obj.browse(cr, uid, self.new).scheduled)
