# -*- coding: utf-8 -*-
"""The export's settings: one SATCHMO_EXPORT dict in the shop's settings.

    SATCHMO_EXPORT = {
        'TOKEN': '...',             # required: no token, no export (503)
        'DEFAULT_PAGE_SIZE': 100,
        'MAX_PAGE_SIZE': 500,
        'SETTLE_SECONDS': 60,
    }

SETTLE_SECONDS: how long the change feed waits for a gap in the change-log
sequence (a transaction that wrote its row earlier but has not committed
yet, or rolled back) before it serves the rows after it. It must exceed the
longest transaction of the shop (Satchmo requests take well under a
second); with no gap, changes are served at once.
"""
from django.conf import settings

DEFAULTS = {
    'TOKEN': '',
    'DEFAULT_PAGE_SIZE': 100,
    'MAX_PAGE_SIZE': 500,
    'SETTLE_SECONDS': 60,
}


def get(name):
    """The value of one export setting, read on each call (tests override)."""
    return getattr(settings, 'SATCHMO_EXPORT', {}).get(name, DEFAULTS[name])
