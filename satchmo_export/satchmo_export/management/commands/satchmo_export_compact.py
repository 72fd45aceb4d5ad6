# -*- coding: utf-8 -*-
"""Compact the change log: keep each record's latest row only.

    manage.py satchmo_export_compact

Safe while the shop runs and while clients pull (see changelog.compact);
run it from cron, e.g. nightly, so the log grows with the number of
records, not with the number of changes.
"""
from django.core.management.base import NoArgsCommand

from satchmo_export import changelog
from satchmo_export.models import ChangeLog


class Command(NoArgsCommand):
    help = "Delete the change log rows followed by a later row of the same record."

    def handle_noargs(self, **options):
        deleted = changelog.compact()
        if int(options.get('verbosity', 1)) >= 1:
            self.stdout.write('%d change log row(s) deleted, %d kept\n' % (deleted, ChangeLog.objects.count()))
