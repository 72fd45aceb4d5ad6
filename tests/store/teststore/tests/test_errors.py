# -*- coding: utf-8 -*-
"""Every error of the export is a JSON answer, and none carries the token.

Not in the response, not in the shop's log, not in what Django's error
reporting shows (DEBUG page) or mails (ADMINS): forged cursors, unexpected
errors, unknown resources, and errors raised by other code after the export
answered.
"""
import json

from django.conf import settings
from django.test.client import Client
from django.test.utils import override_settings

from satchmo_export.resources import RESOURCES
from satchmo_export.views import MAX_ID, encode_cursor
from teststore.tests.base import EXPORT, TOKEN, CapturedLog, ExportTestCase

WRONG = 'guess-%s' % TOKEN


class JsonErrorTestCase(ExportTestCase):

    def assertJsonError(self, response, status, parameter=None):
        self.assertEqual(response.status_code, status, response.content)
        self.assertEqual(response['Content-Type'], 'application/json')
        error = json.loads(response.content)['error']
        self.assertEqual((error['status'], error.get('parameter')), (status, parameter))
        self.assertTrue(error['message'])
        return error


class ForgedCursorTest(JsonErrorTestCase):

    def test_cursor_values_beyond_64_bits_are_400(self):
        for cursor in (encode_cursor('orders', 'full', MAX_ID + 1, 0),
                       encode_cursor('orders', 'full', 0, MAX_ID + 1),
                       encode_cursor('orders', 'changes', MAX_ID + 1),
                       encode_cursor('orders', 'changes', 10 ** 30),
                       encode_cursor('orders', 'changes', True),
                       encode_cursor('orders', 'changes', 1.0),
                       encode_cursor('orders', 'changes', '5'),
                       encode_cursor('orders', 'full', 3, -1)):
            self.assertJsonError(self.get('orders/', cursor=cursor), 400, 'cursor')

    def test_largest_64_bit_values_are_served(self):
        page = self.get_json('orders/', cursor=encode_cursor('orders', 'changes', MAX_ID))
        self.assertEqual((page['objects'], page['meta']['has_more']), ([], False))
        page = self.get_json('orders/', cursor=page['meta']['next'])
        self.assertEqual(page['objects'], [])
        # a full cursor's log position becomes the changes cursor, which must work too
        page = self.get_json('orders/', cursor=encode_cursor('orders', 'full', MAX_ID, MAX_ID))
        self.assertEqual(page['objects'], [])
        self.assertEqual(self.get_json('orders/', cursor=page['meta']['changes_cursor'])['objects'], [])

    def test_page_size_in_other_digits_is_400(self):
        for value in (u'\xb2', u'\u0661\u0662', u'\uff15', u' 5', u'5 ', u'+5', u'1e2', u'9' * 30):
            self.assertJsonError(self.get('orders/', page_size=value), 400, 'page_size')
        self.assertEqual(self.get_json('orders/', page_size='05')['meta']['page_size'], 5)


class Boom(Exception):
    pass


class UnexpectedErrorTest(JsonErrorTestCase):

    def setUp(self):
        super(UnexpectedErrorTest, self).setUp()
        self.resource = RESOURCES['contacts']

        def broken(records, absolute_url):
            raise Boom('the database is on fire')
        self.resource.load = broken

    def tearDown(self):
        del self.resource.load
        super(UnexpectedErrorTest, self).tearDown()

    def test_json_500_the_log_has_the_details_and_no_token(self):
        for debug in (False, True):
            with override_settings(DEBUG=debug):
                with CapturedLog() as log:
                    response = self.get('contacts/')
            error = self.assertJsonError(response, 500)
            self.assertIn("the shop's log", error['message'])
            self.assertIn('Boom: the database is on fire', log.text)             # the traceback, for the shop
            self.assertIn('/export/contacts/', log.text)
            self.assertTrue(log.mails)                                           # ADMINS hear of it...
            self.assertNotIn(TOKEN, response.content.decode('utf-8') + log.text)  # ...without the token


class FailAfterExport(object):
    """A shop's middleware failing after the export answered: Django reports that error."""

    def process_response(self, request, response):
        if request.path.startswith('/export/'):
            raise Boom('a middleware of the shop failed')
        return response


class BrowserClient(Client):
    """Gets Django's error page of an uncaught error, as a browser would (the test client re-raises it)."""

    def store_exc_info(self, **kwargs):
        pass


@override_settings(MIDDLEWARE_CLASSES=settings.MIDDLEWARE_CLASSES + ('teststore.tests.test_errors.FailAfterExport',))
class DjangoErrorReportTest(ExportTestCase):

    def test_debug_page_shows_no_token(self):
        with override_settings(DEBUG=True):
            # under runserver, the environment the token came from is in every request too
            page = BrowserClient().get('/export/orders/', HTTP_AUTHORIZATION='Token %s' % TOKEN,
                                       SATCHMO_EXPORT_TOKEN=TOKEN)
        self.assertEqual(page.status_code, 500)
        self.assertIn('a middleware of the shop failed', page.content)
        self.assertIn('HTTP_AUTHORIZATION', page.content)    # listed, masked
        self.assertIn('SATCHMO_EXPORT_TOKEN', page.content)
        self.assertNotIn(TOKEN, page.content)

    def test_error_mail_holds_no_token(self):
        for token in (TOKEN, WRONG):
            with override_settings(DEBUG=False):
                with CapturedLog() as log:
                    BrowserClient().get('/export/orders/', HTTP_AUTHORIZATION='Token %s' % token)
            self.assertTrue(log.mails)
            self.assertIn('a middleware of the shop failed', log.text)
            self.assertNotIn(token, log.text)


class UnknownResourceTest(JsonErrorTestCase):

    def test_json_404_after_the_token_check(self):
        for path in ('invoices/', 'ORDERS/', 'orders', 'orders/1/', 'orders/extra/', 'ids=1'):
            error = self.assertJsonError(self.get(path), 404)
            self.assertIn('orders/', error['message'])       # what there is to ask for
            response = self.get(path, token=None)
            self.assertJsonError(response, 401)
            self.assertEqual(response['WWW-Authenticate'], 'Token')
        self.assertJsonError(self.client.post('/export/invoices/', HTTP_AUTHORIZATION='Token %s' % TOKEN), 405)


class NoTokenInAnyErrorTest(JsonErrorTestCase):

    def test_every_error_answer_and_log_line_is_without_the_token(self):
        requests = [
            ('orders/', {'page_size': '0'}, TOKEN),
            ('orders/', {'cursor': encode_cursor('orders', 'full', MAX_ID + 1, 0)}, TOKEN),
            ('orders/', {'ids': '1,x'}, TOKEN),
            ('invoices/', {}, TOKEN),
            ('orders/', {}, WRONG),
            ('orders/', {}, TOKEN[:-1]),
            ('invoices/', {}, WRONG),
        ]
        with CapturedLog() as log:
            answers = [self.get(path, token=token, **params) for path, params, token in requests]
            answers.append(self.client.delete('/export/orders/', HTTP_AUTHORIZATION='Token %s' % TOKEN))
            with override_settings(SATCHMO_EXPORT=dict(EXPORT, TOKEN='')):
                answers.append(self.get('orders/', token=WRONG))
        self.assertEqual([a.status_code for a in answers], [400, 400, 400, 404, 401, 401, 401, 405, 503])
        text = u'\n'.join([a.content.decode('utf-8') for a in answers] + [log.text])
        for secret in (TOKEN, WRONG):
            self.assertNotIn(secret, text)


class SettingsTest(JsonErrorTestCase):

    def test_numbers_that_are_not_whole_numbers_are_503(self):
        for name, value in (('MAX_PAGE_SIZE', '500'), ('DEFAULT_PAGE_SIZE', 0), ('SETTLE_SECONDS', 1.5),
                            ('MAX_PAGE_SIZE', None)):
            with override_settings(SATCHMO_EXPORT=dict(EXPORT, **{name: value})):
                with CapturedLog() as log:
                    self.assertJsonError(self.get('orders/'), 503)
            self.assertIn("SATCHMO_EXPORT['%s'] must be a whole number" % name, log.text)
