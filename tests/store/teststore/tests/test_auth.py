# -*- coding: utf-8 -*-
"""Security and parameters: 503/401/405/400, JSON only, no token in the log."""
import json

from django.test.utils import override_settings

from satchmo_export.views import encode_cursor
from teststore.tests.base import EXPORT, TOKEN, CapturedLog, ExportTestCase


class AuthTest(ExportTestCase):

    def assertJsonError(self, response, status):
        self.assertEqual(response.status_code, status)
        self.assertEqual(response['Content-Type'], 'application/json')
        error = json.loads(response.content)['error']
        self.assertEqual(error['status'], status)
        self.assertTrue(error['message'])
        return error

    def test_missing_token_is_401_json_without_data(self):
        for path in ('', 'orders/', 'contacts/'):
            response = self.get(path, token=None)
            self.assertJsonError(response, 401)
            self.assertEqual(response['WWW-Authenticate'], 'Token')
            self.assertEqual(json.loads(response.content).keys(), ['error'])

    def test_wrong_token_and_wrong_scheme_are_401(self):
        self.assertJsonError(self.get('orders/', token=TOKEN + 'x'), 401)
        self.assertJsonError(self.get('orders/', token=TOKEN[:-1]), 401)
        response = self.client.get('/export/orders/', HTTP_AUTHORIZATION='Bearer %s' % TOKEN)
        self.assertJsonError(response, 401)
        response = self.client.get('/export/orders/', HTTP_AUTHORIZATION=TOKEN)
        self.assertJsonError(response, 401)
        response = self.client.get('/export/orders/', HTTP_AUTHORIZATION='Token caf\xc3\xa9-\xff')
        self.assertJsonError(response, 401)

    def test_right_token_serves(self):
        self.assertEqual(self.get('orders/').status_code, 200)
        response = self.client.get('/export/', HTTP_AUTHORIZATION='token %s' % TOKEN)
        self.assertEqual(response.status_code, 200)

    def test_logged_in_admin_without_token_is_still_401(self):
        from django.contrib.auth.models import User
        User.objects.create_superuser('boss', 'boss@example.com', 'pw')
        self.assertTrue(self.client.login(username='boss', password='pw'))
        self.assertJsonError(self.get('orders/', token=None), 401)

    def test_no_token_configured_refuses_and_logs_why(self):
        for settings in ({'TOKEN': ''}, {}):
            with override_settings(SATCHMO_EXPORT=settings):
                with CapturedLog() as log:
                    response = self.get('orders/', token='')
                    self.assertJsonError(response, 503)
                    # even a client sending an empty or any token gets nothing
                    self.assertJsonError(self.client.get('/export/orders/', HTTP_AUTHORIZATION='Token '), 503)
                    self.assertJsonError(self.get('orders/', token='anything'), 503)
            self.assertIn("SATCHMO_EXPORT['TOKEN'] is not set", log.text)

    def test_non_get_is_405(self):
        for method in ('post', 'put', 'delete'):
            response = getattr(self.client, method)('/export/orders/', HTTP_AUTHORIZATION='Token %s' % TOKEN)
            self.assertJsonError(response, 405)
            self.assertEqual(response['Allow'], 'GET')
        # without the token, a POST learns nothing more than a GET
        self.assertJsonError(self.client.post('/export/orders/'), 401)

    def test_token_never_logged(self):
        with CapturedLog() as log:
            self.get('orders/')
            self.get('orders/', token='guess-%s' % TOKEN)
            self.get('orders/', token=None)
            self.client.post('/export/orders/', HTTP_AUTHORIZATION='Token %s' % TOKEN)
        self.assertIn('wrong token', log.text)
        self.assertIn('missing token', log.text)
        self.assertNotIn(TOKEN, log.text)


class BadParameterTest(ExportTestCase):

    def assertBad(self, parameter, **params):
        response = self.get('products/', **params)
        self.assertEqual(response.status_code, 400, response.content)
        self.assertEqual(response['Content-Type'], 'application/json')
        error = json.loads(response.content)['error']
        self.assertEqual(error['parameter'], parameter)
        self.assertIn(parameter, error['message'])

    def test_page_size(self):
        for value in ('0', '-1', 'abc', '2.5', '', str(EXPORT['MAX_PAGE_SIZE'] + 1)):
            self.assertBad('page_size', page_size=value)
        self.assertEqual(self.get('products/', page_size=str(EXPORT['MAX_PAGE_SIZE'])).status_code, 200)

    def test_mode(self):
        self.assertBad('mode', mode='all')
        self.assertBad('mode', mode='FULL')
        changes = encode_cursor('products', 'changes', 0)
        self.assertBad('mode', mode='full', cursor=changes)

    def test_cursor(self):
        for value in ('garbage', '!!!', 'e30=', encode_cursor('orders', 'full', 3, 0),
                      encode_cursor('products', 'full', -1, 0), encode_cursor('products', 'full', 3),
                      encode_cursor('products', 'changes', 'x')):
            self.assertBad('cursor', cursor=value)

    def test_unknown_resource_is_404(self):
        self.assertEqual(self.get('carts/').status_code, 404)
