# -*- coding: utf-8 -*-
"""What the export's tests share: a token, GET helpers, the sample orders."""
import json

from django.test import TestCase
from django.test.utils import override_settings

from teststore.orders import reset_settings_cache

TOKEN = 'test-token-3f9c'
EXPORT = {'TOKEN': TOKEN, 'DEFAULT_PAGE_SIZE': 100, 'MAX_PAGE_SIZE': 500, 'SETTLE_SECONDS': 0}


class ExportTestCase(TestCase):
    export_settings = EXPORT   # SATCHMO_EXPORT during each test

    def setUp(self):
        reset_settings_cache()
        self.export_override = override_settings(SATCHMO_EXPORT=self.export_settings)
        self.export_override.enable()

    def tearDown(self):
        self.export_override.disable()
        reset_settings_cache()

    def get(self, path, token=TOKEN, **params):
        headers = {'HTTP_AUTHORIZATION': 'Token %s' % token} if token else {}
        return self.client.get('/export/%s' % path, params, **headers)

    def get_json(self, path, **params):
        response = self.get(path, **params)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response['Content-Type'], 'application/json')
        return json.loads(response.content)

    def pull(self, resource, **params):
        """Every object of a listing, following `next` until has_more is false."""
        objects, page = [], self.get_json('%s/' % resource, **params)
        objects.extend(page['objects'])
        while page['meta']['has_more']:
            page = self.get_json('%s/' % resource, cursor=page['meta']['next'],
                                 page_size=page['meta']['page_size'])
            objects.extend(page['objects'])
        return objects, page['meta']

    def by_id(self, resource, object_id):
        objects, _ = self.pull(resource)
        return dict((o['id'], o) for o in objects)[object_id]
