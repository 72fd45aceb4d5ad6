# -*- coding: utf-8 -*-
"""A run's progress: the records it walked, and those its walks still have to go.

Each walk (a resource's listing, its change feed, its retries) says what it expects: a listing the
shop's count of its records, a retry its ids; then each page says what is left after it: the
export's `remaining` (satchmo_export counts it on a walk's first page), else the estimate less the
page. The run saves the figures on its log with each page (sync_log.py shows them as a percentage
and a time left); a walk that ends says nothing is left, so 100% is every record walked.
"""


class Progress(object):

    def __init__(self):
        self.todo = {}   # (resource, walk) -> records the walk still has to go

    def expect(self, key, count):
        """A walk will go through `count` records (a listing's size, a retry's ids)."""
        self.todo[key] = count or 0

    def walking(self, key, meta, objects):
        """A walk's page arrived: what is left after it."""
        remaining = meta.get('remaining')
        if isinstance(remaining, (int, long)):
            self.todo[key] = remaining
        else:
            self.todo[key] = max(self.todo.get(key, 0) - len(objects), 0)

    def finish(self):
        self.todo = {}

    def values(self, counts):
        """The log's progress_done and progress_total, given the run's counts {resource: {count: n}}."""
        done = sum(sum(c.values()) for c in counts.values())
        return {'progress_done': done, 'progress_total': done + sum(self.todo.values())}
