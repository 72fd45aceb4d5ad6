# -*- coding: utf-8 -*-
"""What the connector's screens ask of the server: group-bys and graphs OpenERP 7 can answer, records the
connector keeps shown read-only, sync states that say what they are, a history that does not bury the
real runs under empty ones. (tests/test_browser.py clicks through the same screens in a real browser.)"""
import datetime

from lxml import etree

from openerp.osv.orm import except_orm
from openerp.tools import DEFAULT_SERVER_DATETIME_FORMAT
from openerp.tools.safe_eval import safe_eval

from .common import ShopTestCase

MODELS = ('satchmo.sync.log', 'satchmo.sync.state', 'satchmo.sync.report', 'sale.order')
VIEW_ADDONS = {'graph': 'web_graph', 'calendar': 'web_calendar', 'gantt': 'web_gantt'}


class test_screens(ShopTestCase):

    def test_every_group_by_of_the_search_views_is_answered(self):
        """After a pull every model has records (sale.order: the shop's orders); each group-by of its search
        view puts each of them in one group."""
        self.pull()
        cr, uid = self.cr, self.uid
        for model in MODELS:
            obj = self.registry(model)
            total = obj.search(cr, uid, [], count=True)
            self.assertTrue(total, '%s: the pull left records to group' % model)
            arch = etree.fromstring(obj.fields_view_get(cr, uid, view_type='search')['arch'])
            group_bys = [safe_eval(node.get('context') or '{}', {'uid': uid}).get('group_by')
                         for node in arch.iter('filter')]
            group_bys = [g for g in group_bys if g]
            self.assertTrue(group_bys, '%s: its search view groups' % model)
            for group_by in group_bys:
                field = group_by.split(':')[0]
                groups = obj.read_group(cr, uid, [], [field], [group_by])
                self.assertEqual(sum(g['%s_count' % field] for g in groups), total,
                                 '%s grouped by %s: every record in a group' % (model, group_by))

    def test_logs_group_by_day(self):
        log = self.pull()
        day = log.date_start[:10]
        self.assertEqual(log.day, day)
        groups = self.log_obj.read_group(self.cr, self.uid, [('backend_id', '=', self.backend_id)],
                                         ['day', 'created'], ['day'])
        self.assertEqual([(g['day'], g['day_count'], g['created']) for g in groups], [(day, 1, log.created)])

    def test_the_views_of_our_actions_can_be_drawn(self):
        """Records per Day opens on our graph view. A graph view without web_graph installed crashes the client
        ('viewclass is not a constructor'), so does any view whose web addon is missing."""
        cr, uid = self.cr, self.uid
        data = self.registry('ir.model.data')
        ids = data.search(cr, uid, [('module', '=', 'oesync_pull'), ('model', '=', 'ir.actions.act_window')])
        actions = self.registry('ir.actions.act_window').browse(cr, uid, [d.res_id for d in data.browse(cr, uid, ids)])
        [report] = [a for a in actions if a.res_model == 'satchmo.sync.report']
        self.assertEqual(report.view_mode.split(',')[0], 'graph', 'Records per Day opens on its graph')
        [graph_view_id] = [view_id for view_id, mode in report.views if mode == 'graph']
        graph = self.registry('satchmo.sync.report').fields_view_get(cr, uid, graph_view_id or None, 'graph')
        self.assertEqual(graph['view_id'],
                         data.get_object_reference(cr, uid, 'oesync_pull', 'satchmo_sync_report_view_graph')[1])
        self.assertEqual(etree.fromstring(graph['arch']).tag, 'graph')
        module = self.registry('ir.module.module')
        for action in actions:
            for mode in action.view_mode.split(','):
                if mode in VIEW_ADDONS:
                    self.assertTrue(module.search(cr, uid, [('name', '=', VIEW_ADDONS[mode]), ('state', '=', 'installed')]),
                                    '%s: its %s view needs %s' % (action.name, mode, VIEW_ADDONS[mode]))

    def test_records_per_day_shows_pulled_and_failed(self):
        luxury = dict(self.shop.record('products', 2), id=900, slug='luxury', sku='LUX', taxable=True,
                      tax_class={'title': 'Luxury', 'description': 'Luxury'})   # no OpenERP taxes for it
        self.shop.listings['products'].append(luxury)
        log = self.pull(resources=('categories', 'products'))
        self.assertTrue(log.failed)
        report = self.registry('satchmo.sync.report')
        arch = etree.fromstring(report.fields_view_get(self.cr, self.uid, view_type='graph')['arch'])
        fields = [(f.get('name'), f.get('group')) for f in arch.iter('field')]
        self.assertEqual(fields, [('day', None), ('kind', 'True'), ('records', None)],
                         'x: the day; one bar per kind; OpenERP 7 plots only the first measure')
        groups = report.read_group(self.cr, self.uid, [('log_id', '=', log.id)], ['kind', 'records'], ['kind'])
        self.assertEqual(dict((g['kind'], g['records']) for g in groups),
                         {'pulled': log.created + log.updated, 'failed': log.failed})

    def test_an_empty_scheduled_pull_leaves_no_log_and_says_when_it_looked(self):
        self.pull()
        logs = self.log_obj.search(self.cr, self.uid, [('backend_id', '=', self.backend_id)])
        self.assertFalse(self.backend_obj.run_import(self.cr, self.uid, self.backend_id, 'changes', trigger='cron',
                                                     commit=False))
        self.assertEqual(self.log_obj.search(self.cr, self.uid, [('backend_id', '=', self.backend_id)]), logs)
        backend = self.backend_obj.browse(self.cr, self.uid, self.backend_id)
        self.assertTrue(backend.last_check >= self.log_obj.browse(self.cr, self.uid, logs[0]).date_start)
        # a scheduled pull that brings something keeps its log, and so does one started by a person
        contact = dict(self.shop.record('contacts', 1), first_name='Christopher')
        self.shop.changes['contacts'] = [[contact]]
        log_id = self.backend_obj.run_import(self.cr, self.uid, self.backend_id, 'changes', trigger='cron',
                                             commit=False)
        self.assertEqual(self.log_obj.browse(self.cr, self.uid, log_id).updated, 1)
        self.assertTrue(self.backend_obj.run_import(self.cr, self.uid, self.backend_id, 'changes', trigger='menu',
                                                    commit=False))

    def test_old_logs_of_runs_that_did_nothing_are_vacuumed(self):
        full = self.pull()
        empty = self.pull()   # a full re-scan finding everything unchanged
        self.assertEqual(empty.created + empty.updated + empty.failed, 0)
        recent = self.pull()
        old = (datetime.datetime.utcnow() - datetime.timedelta(days=31)).strftime(DEFAULT_SERVER_DATETIME_FORMAT)
        self.log_obj.write(self.cr, self.uid, [full.id, empty.id], {'date_start': old})
        self.assertEqual(self.log_obj.vacuum(self.cr, self.uid), 1)
        kept = self.log_obj.search(self.cr, self.uid, [('backend_id', '=', self.backend_id)])
        self.assertEqual(sorted(kept), sorted([full.id, recent.id]), 'records imported stay; recent runs stay')

    def test_logs_and_sync_states_are_read_only_on_screen(self):
        log = self.pull()
        cr, uid = self.cr, self.uid
        for model in ('satchmo.sync.log', 'satchmo.sync.state'):
            for view_type in ('tree', 'form'):
                arch = etree.fromstring(self.registry(model).fields_view_get(cr, uid, view_type=view_type)['arch'])
                self.assertEqual([arch.get(a) for a in ('create', 'edit', 'delete')], ['false'] * 3,
                                 '%s %s view' % (model, view_type))
        with self.assertRaises(except_orm):
            self.log_obj.copy(cr, uid, log.id)
        with self.assertRaises(except_orm):
            self.state_obj.copy(cr, uid, self.bound('orders', 1)[0].id)

    def test_a_sync_state_says_what_it_is(self):
        self.pull()
        cr, uid = self.cr, self.uid
        state, order = self.bound('orders', 1)
        self.assertEqual(self.state_obj.name_get(cr, uid, [state.id]), [(state.id, 'Orders 1: %s' % order.name)])
        state, partner = self.bound('contacts', 1)
        self.assertEqual(state.record_name, partner.name)
        skipped = self.state_obj.search(cr, uid, [('backend_id', '=', self.backend_id), ('state', '=', 'skipped')])
        self.assertEqual(len(skipped), 1)
        skipped = self.state_obj.browse(cr, uid, skipped[0])
        self.assertEqual((skipped.name_get()[0][1], skipped.record_name), ('Orders %s' % skipped.satchmo_id, False))
        tree = etree.fromstring(self.state_obj.fields_view_get(cr, uid, view_type='tree')['arch'])
        shown = [f.get('name') for f in tree.iter('field') if f.get('invisible') not in ('1', 'True')]
        self.assertIn('record_name', shown)
        self.assertNotIn('res_id', shown, 'a bare id, 0 when not bound')

    def test_retry_names_what_it_retried_and_why_a_record_was_skipped(self):
        self.pull()
        cr, uid = self.cr, self.uid
        skipped = self.state_obj.search(cr, uid, [('backend_id', '=', self.backend_id), ('state', '=', 'skipped')])
        [log_id] = self.state_obj.retry(cr, uid, skipped, commit=False)
        log = self.log_obj.browse(cr, uid, log_id)
        self.assertEqual((log.mode, log.resources, log.skipped), ('retry', 'orders', 1))
        self.assertEqual([c.resource for c in log.count_ids], ['orders'])
        self.assertIn('Skipped Orders %s: Cancelled in the shop before it was imported' %
                      self.state_obj.browse(cr, uid, skipped[0]).satchmo_id, log.message)
