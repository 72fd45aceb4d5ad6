# -*- coding: utf-8 -*-
"""Reading the change log: which rows the feed may serve, its pages, compaction.

A page's cost does not grow with the log: it reads a bounded window of one
resource's rows after the cursor (index `(resource, id)`, see
sql/changelog.sql) and, for the commit-order check, only the rows of the
last SETTLE_SECONDS (index on `created`).
"""
import datetime

from satchmo_export import conf
from satchmo_export.models import ChangeLog
from satchmo_export.resources import CHUNK, chunks

# log rows read for a changes page, per record it may hold: one record has
# several rows (a Satchmo checkout writes 7 to 18 for its order)
LOOKAHEAD = 20


def now():
    """The server's clock (naive, in settings.TIME_ZONE); tests replace it."""
    return datetime.datetime.now()


def settled_horizon():
    return now() - datetime.timedelta(seconds=conf.get('SETTLE_SECONDS'))


def first_held(after, upto=None):
    """The lowest log sequence in (after + 1, upto] the feed must not serve yet, or None.

    A sequence is given out when a row is written, not when it commits: a
    missing sequence below a present row may belong to a transaction still
    open. A row written less than SETTLE_SECONDS ago right after such a gap
    is held back with every row after it. Once it is older, the gap's
    transaction, which wrote before it, has committed or rolled back: so
    only the young rows are looked at. (`after` itself was served: no gap
    below after + 1 can hold anything.)
    """
    # unordered: ordered by id, SQLite would scan the whole log instead of the index on created
    young = set(ChangeLog.objects.filter(created__gt=settled_horizon()).order_by().values_list('id', flat=True))
    suspects = sorted(i for i in young if i > after + 1 and (upto is None or i <= upto) and i - 1 not in young)
    present = set()
    for chunk in chunks(i - 1 for i in suspects):
        present.update(ChangeLog.objects.filter(id__in=chunk).values_list('id', flat=True))
    held = [i for i in suspects if i - 1 not in present]
    return held[0] if held else None


def position():
    """The newest log sequence with nothing held up to it: where a change feed starts."""
    rows = ChangeLog.objects.order_by('-id')
    held = first_held(0)
    if held is not None:
        rows = rows.filter(id__lt=held)
    last = list(rows.values_list('id', flat=True)[:1])
    return last[0] if last else 0


def changes(resource, after, size):
    """(record ids, next position, more) of one page of the change feed of `resource` after `after`.

    Reads at most LOOKAHEAD * size log rows of the resource, in sequence
    order, up to the first held row; serves each record once, at its latest
    row among them, ordered by it. A record that changed again further on
    comes again on a later page (delivery is at-least-once). `more`: rows
    after the page that may be served now.
    """
    window = LOOKAHEAD * size
    rows = list(ChangeLog.objects.filter(resource=resource, id__gt=after).order_by('id')
                .values_list('id', 'object_id')[:window + 1])
    held = first_held(after, rows[-1][0]) if rows else None
    if held is not None:
        rows = [r for r in rows if r[0] < held]
    more = len(rows) > window
    rows = rows[:window]
    latest = dict((object_id, seq) for seq, object_id in rows)   # the later row wins
    ids = sorted(latest, key=latest.get)
    if len(ids) > size:
        ids, more = ids[:size], True
        after = latest[ids[-1]]
    elif rows:
        after = rows[-1][0]
    return ids, after, more


def remaining(resource, after):
    """How many records of `resource` the feed still holds after `after` (those changed again are
    counted once; rows held back are counted too: the feed serves them soon)."""
    return ChangeLog.objects.filter(resource=resource, id__gt=after).values('object_id').distinct().count()


def compact():
    """Delete every log row followed by a later row of the same record; the number deleted.

    A cursor anywhere in the log still gets every record changed after it:
    the record's latest row stays. So do the rows of the last SETTLE_SECONDS
    and the newest row older than that, so no row the feed checks for a gap
    (see first_held) loses its predecessor. Newest rows first, CHUNK rows a
    transaction: safe while the shop runs.
    """
    boundary = list(ChangeLog.objects.filter(created__lte=settled_horizon()).order_by('-id')
                    .values_list('id', flat=True)[:1])
    if not boundary:
        return 0
    upper = boundary[0]
    seen = set(ChangeLog.objects.filter(id__gte=upper).values_list('resource', 'object_id'))
    deleted = 0
    while True:
        rows = list(ChangeLog.objects.filter(id__lt=upper).order_by('-id')
                    .values_list('id', 'resource', 'object_id')[:CHUNK])
        if not rows:
            return deleted
        superseded = []
        for seq, resource, object_id in rows:
            if (resource, object_id) in seen:
                superseded.append(seq)
            else:
                seen.add((resource, object_id))
        ChangeLog.objects.filter(id__in=superseded).delete()
        deleted += len(superseded)
        upper = rows[-1][0]
