# -*- coding: utf-8 -*-
"""Backfill the change log with every exported record (data older than the app).

    manage.py satchmo_export_backfill [resource ...]

A change feed started before the backfill then lists every record once.
"""
from django.core.management.base import BaseCommand, CommandError

from satchmo_export.models import ChangeLog
from satchmo_export.resources import ORDER, RESOURCES

CHUNK = 1000


class Command(BaseCommand):
    args = '[%s ...]' % ' '.join(ORDER)
    help = 'Mark every exported record (or those of the given resources) as changed.'

    def handle(self, *names, **options):
        unknown = [n for n in names if n not in RESOURCES]
        if unknown:
            raise CommandError('Unknown resource(s): %s. Choose from: %s.' % (', '.join(unknown), ', '.join(ORDER)))
        for name in names or ORDER:
            count, after = 0, 0
            ids = RESOURCES[name].queryset().order_by('pk').values_list('pk', flat=True)
            while True:
                chunk = list(ids.filter(pk__gt=after)[:CHUNK])
                if not chunk:
                    break
                ChangeLog.objects.bulk_create([ChangeLog(resource=name, object_id=i) for i in chunk])
                count, after = count + len(chunk), chunk[-1]
            if int(options.get('verbosity', 1)) >= 1:
                self.stdout.write('%s: %d record(s) marked\n' % (name, count))
