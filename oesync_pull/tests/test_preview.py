# -*- coding: utf-8 -*-
"""The preview changes nothing (no row, no number taken from a sequence), and the pull after it does
what it said, record by record; a pull's progress ends at exactly the records it walked."""
from openerp.addons.oesync_pull.run import ImportRun

from .common import ShopTestCase

# the preview's own report
REPORT = ('satchmo_sync_log', 'satchmo_sync_log_count', 'satchmo_preview_line')


class test_preview(ShopTestCase):

    def setUp(self):
        super(test_preview, self).setUp()
        cr, uid = self.cr, self.uid
        # typed in by hand before the first pull: the pull adopts them
        self.chris = self.registry('res.partner').create(cr, uid, {
            'name': 'Chris Smith', 'email': 'chris@aol.com', 'phone': '555-0000', 'customer': True})
        self.shirt = self.registry('product.product').create(cr, uid, {
            'name': 'Python shirt (ours)', 'default_code': 'PY-Rocks', 'list_price': 25.0})
        self.backend_obj.write(cr, uid, [self.backend_id], {
            'confirm_orders': True, 'invoice_orders': True, 'pay_orders': True})

    def rows(self):
        self.cr.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                        "AND table_type = 'BASE TABLE' ORDER BY table_name")
        counts = {}
        for (table,) in self.cr.fetchall():
            if table not in REPORT:
                self.cr.execute('SELECT count(*) FROM "%s"' % table)
                counts[table] = self.cr.fetchone()[0]
        return counts

    def numbers(self):
        """Every sequence's next number: PostgreSQL's own (standard), or the row's (no gap)."""
        self.cr.execute('SELECT id, implementation, number_next FROM ir_sequence ORDER BY id')
        numbers = {}
        for seq_id, implementation, number_next in self.cr.fetchall():
            if implementation == 'standard':
                self.cr.execute('SELECT last_value, is_called FROM ir_sequence_%03d' % seq_id)
                numbers[seq_id] = self.cr.fetchone()
            else:
                numbers[seq_id] = number_next
        return numbers

    def preview(self):
        log_id = self.backend_obj.run_import(self.cr, self.uid, self.backend_id, 'preview', commit=False)
        return self.log_obj.browse(self.cr, self.uid, log_id)

    def states(self):
        state_obj = self.state_obj
        ids = state_obj.search(self.cr, self.uid, [('backend_id', '=', self.backend_id)])
        return dict(((s.resource, s.satchmo_id), s) for s in state_obj.browse(self.cr, self.uid, ids))

    def test_a_preview_changes_nothing_and_the_pull_does_what_it_said(self):
        cr, uid = self.cr, self.uid
        rows, numbers, states = self.rows(), self.numbers(), self.states()
        log = self.preview()
        self.assertEqual(log.mode, 'preview')
        self.assertEqual(self.rows(), rows)
        self.assertEqual(self.numbers(), numbers)
        self.assertEqual(self.states(), states)
        said = dict(((line.resource, line.satchmo_id), line) for line in log.preview_line_ids)
        actions = set(line.action for line in said.values())
        self.assertTrue(set(['create', 'adopt', 'skip']) <= actions, actions)
        self.assertEqual(said[('products', str(self.shop.listings['products'][0]['id']))].resource, 'products')
        adopted = [line for line in said.values() if line.action == 'adopt']
        self.assertIn('Python shirt (ours)', [line.record for line in adopted if line.resource == 'products'][0])
        orders = [line for line in said.values() if line.resource == 'orders' and line.action == 'create']
        self.assertTrue(orders and all(line.amount_total > 0 for line in orders))
        paid = [o for o in self.shop.listings['orders'] if o['payments'] and str(o['id']) in [l.satchmo_id for l in orders]]
        self.assertTrue(paid)
        for order in paid:   # each payment with its journal and currency
            line = said[('orders', str(order['id']))]
            self.assertEqual(len(line.payments.splitlines()), len([p for p in order['payments'] if float(p['amount']) > 0]))
            self.assertIn('journal', line.payments)
        for line in orders:   # an order without a payment has no payment line
            if not [p for p in self.shop.record('orders', int(line.satchmo_id))['payments'] if float(p['amount']) > 0]:
                self.assertFalse(line.payments, line.satchmo_id)

        pulled = self.pull(mode='changes')
        self.assertEqual(self.counts(pulled), self.counts(log))
        after = self.states()
        failed = set((f.resource, f.satchmo_id) for f in pulled.failure_ids)
        for key, line in said.items():
            state = after.get(key)
            if line.action == 'fail':
                self.assertIn(key, failed, (key, line.details))
            elif line.action == 'skip':
                self.assertEqual(state.state, 'skipped', key)
            elif line.action in ('create', 'adopt'):
                self.assertTrue(state and state.res_id and state.state in ('synced', 'pending'), (key, line.action))
                self.assertEqual(bool(state.adopted), line.action == 'adopt', key)
            if line.action != 'fail':
                self.assertNotIn(key, failed, (key, line.action))
        # the differences the preview showed are the ones the pull notes on the adopted product
        shirt = [l for l in adopted if l.resource == 'products'][0]
        [note] = self.registry('mail.message').search(cr, uid, [
            ('model', '=', 'product.product'), ('res_id', '=', self.shirt),
            ('subject', '=', 'Satchmo: the shop says otherwise')])
        body = self.registry('mail.message').browse(cr, uid, note).body
        rows = [r.split('</li>')[0] for r in body.split('<li>')[1:]]
        self.assertTrue(rows)
        self.assertEqual([r.replace('&amp;', '&') for r in rows],
                         [d.split(': kept (policy')[0] for d in shirt.details.splitlines()])
        for line in orders:
            so = self.registry('sale.order').browse(cr, uid, after[('orders', line.satchmo_id)].res_id)
            self.assertAlmostEqual(so.amount_total, line.amount_total, places=2)
            self.assertEqual(bool([l for l in so.order_line if 'Rounding difference' in l.name]), bool(line.rounding))

    def test_a_pulls_progress_ends_at_the_records_it_walked(self):
        seen = []
        save = ImportRun.save_counts

        def saving(run):
            save(run)
            values = run.progress.values(run.counts)
            seen.append((values['progress_done'], values['progress_total']))
        ImportRun.save_counts = saving
        try:
            log = self.pull()
        finally:
            ImportRun.save_counts = save
        walked = sum(len(self.shop.listings[r]) for r in self.shop.listings)
        self.assertEqual((log.progress_done, log.progress_total, log.progress), (walked, walked, 100.0))
        self.assertEqual(log.record_count, walked)
        dones = [d for d, _ in seen]
        self.assertEqual(dones, sorted(dones))
        self.assertTrue(all(d <= t for d, t in seen))
        self.assertTrue(any(d < t for d, t in seen), seen)   # it knew what was left before the end
