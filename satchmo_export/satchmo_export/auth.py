# -*- coding: utf-8 -*-
"""Shared-token check: `Authorization: Token <token>`, compared in constant time.

Never redirects to a login page and never logs the token (nor what was sent).
"""
import functools
import logging

from django.utils.crypto import constant_time_compare
from django.utils.encoding import smart_str
from django.views.decorators.csrf import csrf_exempt

from satchmo_export import conf
from satchmo_export.http import error_response

log = logging.getLogger('satchmo_export')

SCHEME = 'Token'


def sent_token(request):
    """The token of the request's Authorization header, or None."""
    header = request.META.get('HTTP_AUTHORIZATION', '')
    parts = header.split()
    if len(parts) != 2 or parts[0].lower() != SCHEME.lower():
        return None
    return parts[1]


def export_view(view):
    """Guard of every export view: token configured, token right, GET only."""
    @csrf_exempt
    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        expected = conf.get('TOKEN')
        if not expected:
            log.error("satchmo_export refuses to serve %s: SATCHMO_EXPORT['TOKEN'] "
                      "is not set in the shop's settings", request.path)
            return error_response(503, 'The export is not configured: the shop has no export token.')
        token = sent_token(request)
        if token is None or not constant_time_compare(smart_str(token), smart_str(expected)):
            log.warning("satchmo_export refused %s %s from %s: %s token", request.method, request.path,
                        request.META.get('REMOTE_ADDR', '?'), 'wrong' if token else 'missing')
            response = error_response(401, 'Authentication required: send "Authorization: %s <token>".' % SCHEME)
            response['WWW-Authenticate'] = SCHEME
            return response
        if request.method != 'GET':
            response = error_response(405, 'Method %s not allowed: the export is read-only (GET).' % request.method)
            response['Allow'] = 'GET'
            return response
        return view(request, *args, **kwargs)
    return guarded
