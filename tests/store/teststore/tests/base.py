# -*- coding: utf-8 -*-
"""What the export's tests share: a token, GET helpers, what the shop logs and mails."""
import json
import logging
import StringIO

from django.core import mail
from django.test import TestCase
from django.test.utils import override_settings
from django.utils.encoding import force_unicode
from django.utils.log import AdminEmailHandler

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


class CapturedLog(object):
    """Everything the shop would log or mail about errors, as text.

    What the 'satchmo_export', 'django.request' and root loggers write, and
    the mails Django's AdminEmailHandler (HTML report included) would send
    the ADMINS about it.
    """

    def __enter__(self):
        self.stream = StringIO.StringIO()
        mailer = AdminEmailHandler(include_html=True)
        mailer.setLevel(logging.ERROR)
        self.handlers = [logging.StreamHandler(self.stream), mailer]
        self.loggers = [logging.getLogger(n) for n in ('satchmo_export', 'django.request', '')]
        for logger in self.loggers:
            for handler in self.handlers:
                logger.addHandler(handler)
        self.admins = override_settings(ADMINS=(('Shop Admin', 'admin@example.com'),))
        self.admins.enable()
        mail.outbox = []
        return self

    def __exit__(self, *exc):
        self.admins.disable()
        for logger in self.loggers:
            for handler in self.handlers:
                logger.removeHandler(handler)

    @property
    def mails(self):
        return [u'\n'.join([m.subject, m.body] + [content for content, _ in getattr(m, 'alternatives', [])])
                for m in mail.outbox]

    @property
    def text(self):
        return u'\n'.join([force_unicode(self.stream.getvalue(), errors='replace')] + self.mails)
