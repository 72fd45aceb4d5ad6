# -*- coding: utf-8 -*-
"""Upgrade to 7.0.0.2: the scheduled pull every minute where it still has the old default (../schedule.py)."""
from openerp.addons.oesync_pull.migrations.schedule import pull_every_minute


def migrate(cr, version):
    pull_every_minute(cr)
