# -*- coding: utf-8 -*-
"""GET-only JSON views: the meta endpoint, the shop's setup, one list per resource, a JSON 404 for the rest.

Paging is keyset on an opaque cursor (base64 of a small JSON object):
- mode=full: rows by primary key, after the last key served;
- mode=changes: change-log rows by sequence, after the last one served,
  each changed record in its state at pull time or as a tombstone
  {"id": ..., "deleted": true} (see changelog.py).
`ids=3,17` instead asks for given records, in that order.
"""
import base64
import binascii
import json
import re

from django.conf import settings
from django.core.urlresolvers import reverse

from satchmo_store.shop.models import Config

from satchmo_export import changelog, conf
from satchmo_export.currency import shop_currency
from satchmo_export.auth import export_view
from satchmo_export.http import BadParameter, NotFound, json_response
from satchmo_export.resources import ORDER, RESOURCES
from satchmo_export.setup import shop_setup

API_VERSION = '1'
MODES = ('full', 'changes')
MAX_ID = 2 ** 63 - 1   # the largest id (or log sequence) a 64-bit database column holds
DIGITS = re.compile(r'[0-9]+\Z')


def whole_number(value, lowest, highest):
    """The number written in ASCII digits in `value` if within [lowest, highest], else None."""
    if not DIGITS.match(value):
        return None
    number = int(value)
    return number if lowest <= number <= highest else None


def encode_cursor(resource, mode, after, log=None):
    data = {'r': resource, 'm': mode, 'a': after}
    if log is not None:
        data['l'] = log
    return base64.urlsafe_b64encode(json.dumps(data, sort_keys=True, separators=(',', ':')))


def is_position(value):
    return type(value) in (int, long) and 0 <= value <= MAX_ID


def decode_cursor(value, resource):
    try:
        data = json.loads(base64.urlsafe_b64decode(value.encode('ascii')))
        mode, after, log = data['m'], data['a'], data.get('l')
        valid = (data['r'] == resource and mode in MODES and is_position(after)
                 and (mode == 'changes') == (log is None) and (log is None or is_position(log)))
    except (ValueError, TypeError, KeyError, UnicodeError, binascii.Error, AttributeError):
        valid = False
    if not valid:
        raise BadParameter('cursor', 'Invalid cursor: pass back a cursor this export gave for "%s".' % resource)
    return mode, after, log


def page_size(request):
    maximum = conf.get('MAX_PAGE_SIZE')
    value = request.GET.get('page_size')
    if value is None:
        return min(conf.get('DEFAULT_PAGE_SIZE'), maximum)
    size = whole_number(value, 1, maximum)
    if size is None:
        raise BadParameter('page_size', 'page_size must be a whole number from 1 to %d.' % maximum)
    return size


def requested_ids(request):
    """The ids of `ids=3,17` (or `ids=3&ids=17`), in the order asked, each once."""
    if 'cursor' in request.GET or 'mode' in request.GET:
        raise BadParameter('ids', 'ids asks for given records: it takes no cursor and no mode.')
    maximum = conf.get('MAX_PAGE_SIZE')
    items = ','.join(request.GET.getlist('ids')).split(',')
    if len(items) > maximum:
        raise BadParameter('ids', 'ids takes at most %d ids a request.' % maximum)
    ids, seen = [], set()
    for item in items:
        number = whole_number(item, 1, MAX_ID)
        if number is None:
            raise BadParameter('ids', 'ids must be record ids (whole numbers from 1 to %d) separated by commas.'
                               % MAX_ID)
        if number not in seen:
            ids.append(number)
            seen.add(number)
    return ids


def full_page(resource, after, log, size, absolute_url, count=False):
    ids = list(resource.queryset().filter(pk__gt=after).order_by('pk').values_list('pk', flat=True)[:size + 1])
    more = len(ids) > size
    ids = ids[:size]
    if log is None:
        log = changelog.position()
    meta = {
        'next': encode_cursor(resource.name, 'full', ids[-1], log) if more else None,
        'changes_cursor': encode_cursor(resource.name, 'changes', log),
    }
    if count:
        meta['remaining'] = resource.queryset().filter(pk__gt=ids[-1]).count() if more else 0
    return meta, resource.load_in_order(ids, absolute_url), more


def changes_page(resource, after, size, absolute_url, count=False):
    ids, after, more = changelog.changes(resource.name, after, size)
    meta = {'next': encode_cursor(resource.name, 'changes', after)}
    if count:
        meta['remaining'] = changelog.remaining(resource.name, after) if more else 0
    return meta, resource.load_in_order(ids, absolute_url), more


@export_view
def listing(request, resource):
    resource = RESOURCES[resource]
    if 'ids' in request.GET:
        ids = requested_ids(request)
        meta = {'mode': 'ids', 'page_size': len(ids), 'next': None}
        objects, more = resource.load_in_order(ids, request.build_absolute_uri), False
    else:
        size = page_size(request)
        mode, after, log = 'full', 0, None
        cursor = request.GET.get('cursor')
        if cursor:
            mode, after, log = decode_cursor(cursor, resource.name)
        asked = request.GET.get('mode')
        if asked is not None and asked not in MODES:
            raise BadParameter('mode', 'mode must be "full" or "changes".')
        if asked is not None and cursor and asked != mode:
            raise BadParameter('mode', 'mode "%s" does not match the cursor, which is a "%s" cursor.' % (asked, mode))
        mode = asked or mode
        count = request.GET.get('count') == '1'
        if mode == 'full':
            meta, objects, more = full_page(resource, after, log, size, request.build_absolute_uri, count)
        else:
            meta, objects, more = changes_page(resource, after, size, request.build_absolute_uri, count)
        meta.update({'mode': mode, 'page_size': size})
    meta.update({'resource': resource.name, 'count': len(objects), 'has_more': more})
    return json_response({'meta': meta, 'objects': objects})


@export_view
def meta(request):
    resources = {}
    for name in ORDER:
        resources[name] = {
            'url': request.build_absolute_uri(reverse('satchmo_export_list', kwargs={'resource': name})),
            'count': RESOURCES[name].queryset().count(),
        }
    return json_response(dict(currency_meta(), **{
        'api_version': API_VERSION,
        'shop_name': Config.objects.get_current().store_name,
        'time_zone': settings.TIME_ZONE,
        'server_time': changelog.now(),
        'default_page_size': min(conf.get('DEFAULT_PAGE_SIZE'), conf.get('MAX_PAGE_SIZE')),
        'max_page_size': conf.get('MAX_PAGE_SIZE'),
        'settle_seconds': conf.get('SETTLE_SECONDS'),
        'resources': resources,
        'setup_url': request.build_absolute_uri(reverse('satchmo_export_setup')),
    }))


def currency_meta():
    """`currency`: the shop's ISO 4217 code (None when its settings give none, `currency_problem` then says
    which setting to add); `currency_key`, `currency_symbol`: Satchmo's own key and symbol."""
    code, key, symbol, problem = shop_currency()
    meta = {'currency': code, 'currency_key': key, 'currency_symbol': symbol}
    if problem:
        meta['currency_problem'] = problem
    return meta


@export_view
def setup(request):
    """The shop's tax setup and payment methods (satchmo_export.setup)."""
    return json_response(dict(shop_setup(), **currency_meta()))


@export_view
def unknown(request):
    raise NotFound('Nothing here: the export serves its root, setup/ and %s, each with a trailing slash.'
                   % ', '.join('%s/' % name for name in ORDER))
