# -*- coding: utf-8 -*-
"""The export's change log: Satchmo 0.9.2 keeps no modification time stamps.

One row per change of an exported record (or of a child row in its payload),
appended by the signal handlers in `signals.py`. The row id is the log
sequence the change feed pages on. Rows are never updated; the compaction
command deletes those followed by a later row of the same record.
`syncdb` also creates the index (resource, id) of sql/changelog.sql.
"""
import datetime

from django.db import models


class ChangeLog(models.Model):
    resource = models.CharField(max_length=20)
    object_id = models.IntegerField()
    created = models.DateTimeField(default=datetime.datetime.now, db_index=True)

    class Meta:
        ordering = ('id',)

    def __unicode__(self):
        return u'#%s %s %s' % (self.id, self.resource, self.object_id)


from satchmo_export import signals  # noqa: connects the handlers once the models are loaded
signals.connect()
