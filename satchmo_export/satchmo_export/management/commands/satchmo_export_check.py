# -*- coding: utf-8 -*-
"""Check the installed export from inside the shop.

    manage.py satchmo_export_check

Sends what OpenERP sends, with the configured token, through the shop's own
settings, urls.py, middleware and database (no web server, nothing
written): the meta endpoint, every page of every resource, the first page
of each change feed, then one request without the token, which must be
refused. Prints what it got; stops on the first problem with exit status 1
(an unexpected error's traceback is printed from the logger
satchmo_export). The web server in front of the shop is not checked: see
the README for a curl line.
"""
import json
import logging

from django.conf import settings
from django.core.management.base import CommandError, NoArgsCommand
from django.core.urlresolvers import NoReverseMatch, reverse
from django.test.client import Client
from django.test.utils import override_settings
from django.utils.encoding import smart_str

from satchmo_export import conf
from satchmo_export.resources import ORDER


class Command(NoArgsCommand):
    help = "Check the installed export: settings, urls.py, every record of every resource, the token check."

    def handle_noargs(self, **options):
        problem = conf.problem()
        if problem:
            raise CommandError('%s: the export answers 503 until it is (see the README).' % problem)
        try:
            root = reverse('satchmo_export_meta', urlconf=settings.ROOT_URLCONF)
        except NoReverseMatch:
            raise CommandError("The shop's urls.py does not include satchmo_export.urls: add "
                               "url(r'^export/', include('satchmo_export.urls')) (see the README).")
        handler = logging.StreamHandler(self.stderr)
        handler.setLevel(logging.ERROR)
        logging.getLogger('satchmo_export').addHandler(handler)
        try:
            with override_settings(ALLOWED_HOSTS=['testserver']):   # the test client's host name
                self.check(Client(), root)
        finally:
            logging.getLogger('satchmo_export').removeHandler(handler)
        self.say('OK: the export at %s serves every record.' % root)

    def say(self, line):
        self.stdout.write(smart_str(line) + '\n')

    def check(self, client, root):
        auth = {'HTTP_AUTHORIZATION': 'Token %s' % conf.get('TOKEN')}

        def get(path, **params):
            response = client.get(path, params, **auth)
            if response.status_code != 200:
                raise CommandError('GET %s %s answered HTTP %s: %s' % (
                    path, params or '', response.status_code, response.content[:500]))
            return json.loads(response.content)

        meta = get(root)
        self.say(u'%s: shop "%s", currency %s, time zone %s'
                 % (root, meta['shop_name'], meta['currency'], meta['time_zone']))
        size = meta['max_page_size']
        for name in ORDER:
            path = reverse('satchmo_export_list', urlconf=settings.ROOT_URLCONF, kwargs={'resource': name})
            page = get(path, page_size=size)
            listed = page['meta']['count']
            while page['meta']['has_more']:
                page = get(path, cursor=page['meta']['next'], page_size=size)
                listed += page['meta']['count']
            changes = get(path, mode='changes', page_size=size)['meta']['count']
            self.say('%s: %d of %d records listed; change feed: %d on its first page'
                     % (path, listed, meta['resources'][name]['count'], changes))
        refused = client.get(root)
        if refused.status_code != 401:
            raise CommandError('Without the token, %s answered HTTP %s instead of 401.' % (root, refused.status_code))
        self.say('%s without the token: refused (401)' % root)
