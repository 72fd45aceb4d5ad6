# -*- coding: utf-8 -*-
"""JSON responses of the export."""
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse


def json_response(data, status=200):
    return HttpResponse(json.dumps(data, cls=DjangoJSONEncoder), status=status,
                        content_type='application/json')


def error_response(status, message, parameter=None):
    error = {'status': status, 'message': message}
    if parameter:
        error['parameter'] = parameter
    return json_response({'error': error}, status=status)
