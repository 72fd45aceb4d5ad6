# -*- coding: utf-8 -*-
"""Shared-token check: `Authorization: Token <token>`, compared in constant time.

Never redirects to a login page and never logs the token (nor what was sent).
Every error of an export request is answered here as JSON, and none can
carry the token: no exception leaves an export view, and since Django's
error pages and mails (DEBUG, ADMINS) print request.META, the token is
masked there as soon as the header is read.
"""
import functools
import logging
import traceback

from django.utils.crypto import constant_time_compare
from django.utils.encoding import smart_str
from django.views.decorators.csrf import csrf_exempt

from satchmo_export import conf
from satchmo_export.http import ExportError, error_response

log = logging.getLogger('satchmo_export')

SCHEME = 'Token'
MASK = '(hidden by satchmo_export)'


def sent_token(header):
    """The token of an Authorization header, or None."""
    parts = (header or '').split()
    if len(parts) != 2 or parts[0].lower() != SCHEME.lower():
        return None
    return parts[1]


def hide_token(request):
    """Mask the token in request.META: the Authorization header, and any other entry holding it
    (runserver copies its environment, SATCHMO_EXPORT_TOKEN included, into every request)."""
    expected = smart_str(conf.get('TOKEN'))
    for key, value in request.META.items():
        if key == 'HTTP_AUTHORIZATION' or (expected and isinstance(value, basestring)
                                           and constant_time_compare(smart_str(value), expected)):
            request.META[key] = MASK


def export_view(view):
    """Guard of every export view: token configured, token right, GET only, errors as JSON."""
    @csrf_exempt
    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        try:
            token = sent_token(request.META.get('HTTP_AUTHORIZATION'))
            hide_token(request)
            return refusal(request, token) or view(request, *args, **kwargs)
        except ExportError as e:
            return e.response()
        except Exception:
            # the traceback as text: no handler can add the request's headers or the frames' variables
            log.error('satchmo_export failed on %s %s:\n%s', request.method, request.path, traceback.format_exc())
            return error_response(500, "The export failed on an unexpected error: the shop's log has the details "
                                       "(logger satchmo_export).")
    return guarded


def refusal(request, token):
    """The error response refusing `request` (sent `token`), or None."""
    problem = conf.problem()
    if problem:
        log.error('satchmo_export refuses to serve %s: %s', request.path, problem)
        return error_response(503, 'The export is not configured: %s.' % problem)
    if token is None or not constant_time_compare(smart_str(token), smart_str(conf.get('TOKEN'))):
        log.warning("satchmo_export refused %s %s from %s: %s token", request.method, request.path,
                    request.META.get('REMOTE_ADDR', '?'), 'wrong' if token else 'missing')
        response = error_response(401, 'Authentication required: send "Authorization: %s <token>".' % SCHEME)
        response['WWW-Authenticate'] = SCHEME
        return response
    if request.method != 'GET':
        response = error_response(405, 'Method %s not allowed: the export is read-only (GET).' % request.method)
        response['Allow'] = 'GET'
        return response
    return None
