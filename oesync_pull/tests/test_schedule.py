# -*- coding: utf-8 -*-
"""The scheduled pull's interval: every minute in a new database; the upgrade to 7.0.0.2 switches a
database's from the old default of 5 minutes to 1 minute, unless a person edited it."""
import imp

from openerp.modules.module import get_module_resource
from openerp.tests import common

from openerp.addons.oesync_pull.migrations.schedule import pull_every_minute


class test_schedule(common.TransactionCase):

    def setUp(self):
        super(test_schedule, self).setUp()
        self.cron = self.registry('ir.cron')
        self.cron_id = self.registry('ir.model.data').get_object_reference(
            self.cr, self.uid, 'oesync_pull', 'ir_cron_pull_satchmo_changes')[1]

    def interval(self):
        cron = self.cron.read(self.cr, self.uid, self.cron_id, ['interval_number', 'interval_type'])
        return cron['interval_number'], cron['interval_type']

    def as_the_old_version_installed_it(self):
        """5 minutes, and never written since its create (as the cron's own runs leave it)."""
        self.cr.execute("UPDATE ir_cron SET interval_number = 5, interval_type = 'minutes', write_date = create_date, "
                        "nextcall = (now() at time zone 'UTC') + interval '3 minutes' WHERE id = %s", (self.cron_id,))

    def test_a_new_database_pulls_every_minute(self):
        self.assertEqual(self.interval(), (1, 'minutes'))

    def test_a_schedule_left_at_the_old_default_pulls_every_minute(self):
        self.as_the_old_version_installed_it()
        self.assertEqual(pull_every_minute(self.cr), [self.cron_id])
        self.assertEqual(self.interval(), (1, 'minutes'))
        self.assertEqual(pull_every_minute(self.cr), [], 'once is enough')

    def test_a_schedule_a_person_edited_is_left_alone(self):
        self.as_the_old_version_installed_it()
        self.cron.write(self.cr, self.uid, [self.cron_id], {'interval_number': 5})   # chose 5 minutes
        self.assertEqual(pull_every_minute(self.cr), [])
        self.assertEqual(self.interval(), (5, 'minutes'))
        self.cron.write(self.cr, self.uid, [self.cron_id], {'interval_number': 10})
        self.assertEqual(pull_every_minute(self.cr), [])
        self.assertEqual(self.interval(), (10, 'minutes'))

    def test_the_upgrade_to_7_0_0_2_runs_it(self):
        """As OpenERP's migration manager does: load migrations/7.0.0.2/post-migrate.py, call migrate()."""
        self.as_the_old_version_installed_it()
        script = imp.load_source('oesync_pull_post_migrate_7_0_0_2', get_module_resource(
            'oesync_pull', 'migrations', '7.0.0.2', 'post-migrate.py'))
        script.migrate(self.cr, '7.0.0.1')
        self.assertEqual(self.interval(), (1, 'minutes'))
