# -*- coding: utf-8 -*-
"""JSON responses of the export, and the errors the views raise to answer one."""
import json
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils.encoding import force_unicode
from django.utils.functional import Promise


class ExportJSONEncoder(DjangoJSONEncoder):
    """Django's encoder (dates, times, decimals as strings), plus lazy translations as text.

    Decimals, the most frequent, are written here the way Django's encoder writes them.
    Satchmo hands out lazy strings where no record exists (NullConfig's store_name).
    """

    def default(self, o):
        if isinstance(o, Decimal):
            return str(o)
        if isinstance(o, Promise):
            return force_unicode(o)
        return super(ExportJSONEncoder, self).default(o)


def json_response(data, status=200):
    return HttpResponse(json.dumps(data, cls=ExportJSONEncoder), status=status,
                        content_type='application/json')


def error_response(status, message, parameter=None):
    error = {'status': status, 'message': message}
    if parameter:
        error['parameter'] = parameter
    return json_response({'error': error}, status=status)


class ExportError(Exception):
    """Raised by a view: the export answers it as a JSON error (see auth.export_view)."""
    status = 400

    def __init__(self, message, parameter=None):
        super(ExportError, self).__init__(message)
        self.message = message
        self.parameter = parameter

    def response(self):
        return error_response(self.status, self.message, self.parameter)


class BadParameter(ExportError):
    def __init__(self, parameter, message):
        super(BadParameter, self).__init__(message, parameter)


class NotFound(ExportError):
    status = 404
