# -*- coding: utf-8 -*-
"""The export's settings: one SATCHMO_EXPORT dict in the shop's settings.

    SATCHMO_EXPORT = {
        'TOKEN': os.environ.get('SATCHMO_EXPORT_TOKEN', ''),  # no token, no export (503)
        'DEFAULT_PAGE_SIZE': 100,   # whole numbers; a bad one is a 503 too
        'MAX_PAGE_SIZE': 500,
        'SETTLE_SECONDS': 60,
        'CURRENCY': 'EUR',          # optional: the ISO 4217 code of the shop's currency (currency.py)
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
    'CURRENCY': None,
}


# the whole-number settings and their lowest value
NUMBERS = (('DEFAULT_PAGE_SIZE', 1), ('MAX_PAGE_SIZE', 1), ('SETTLE_SECONDS', 0))


def get(name):
    """The value of one export setting, read on each call (tests override)."""
    return getattr(settings, 'SATCHMO_EXPORT', {}).get(name, DEFAULTS[name])


def problem():
    """What keeps the export from serving with the shop's settings, or None."""
    if not get('TOKEN'):
        return "SATCHMO_EXPORT['TOKEN'] is not set in the shop's settings"
    for name, lowest in NUMBERS:
        value = get(name)
        if type(value) not in (int, long) or value < lowest:
            return "SATCHMO_EXPORT['%s'] must be a whole number from %d up, not %r" % (name, lowest, value)
    return None
