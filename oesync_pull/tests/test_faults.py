# -*- coding: utf-8 -*-
"""What the network and proxies between OpenERP and the shop do to a pull: retried where another try
can help, a message saying what is wrong where it cannot, every attempt counted."""
import json

import requests

from .common import ShopTestCase, TOKEN, recording

PROXY_503 = '<html><body><h1>503 Service Unavailable</h1>No server is available to handle this request.</body></html>'


class test_faults(ShopTestCase):
    resources = ('countries', 'categories')

    def attempts(self):
        return len(self.shop.requests)

    def test_a_proxy_503_is_retried_and_not_blamed_on_the_token(self):
        self.shop.faults = [(503, PROXY_503)]
        log = self.pull()
        self.assertEqual(log.state, 'done', 'one 503 of a proxy, then the shop: the retry imports')
        self.assertEqual(log.requests, self.attempts())

        self.shop.error = (503, PROXY_503)
        log = self.pull()
        self.assertEqual(log.state, 'failed')
        self.assertIn('HTTP 503', log.message)
        self.assertIn('4 times', log.message)
        self.assertNotIn('TOKEN', log.message)
        self.assertNotIn('not configured', log.message)

    def test_the_exports_own_503_says_it_is_not_configured_at_once(self):
        self.shop.error = (503, recording('error_503')['body'])
        log = self.pull()
        self.assertEqual(log.state, 'failed')
        self.assertIn("export is not configured (HTTP 503): set SATCHMO_EXPORT['TOKEN']", log.message)
        self.assertEqual((self.attempts(), log.requests), (1, 1), 'a shop without token: no retry helps')

    def test_json_that_is_not_the_export_says_so(self):
        self.shop.error = (200, {'status': 'ok', 'version': '3.1'})
        log = self.pull()
        self.assertEqual(log.state, 'failed')
        self.assertIn('not the meta of a satchmo_export', log.message)
        self.assertNotIn('KeyError', log.message)

        self.shop.error = None
        self.shop.faults = [(200, recording('meta')['body']), (200, {'results': [], 'next': None})]
        log = self.pull()
        self.assertEqual(log.state, 'failed')
        self.assertIn('is JSON but not a satchmo_export page', log.message)
        self.assertNotIn('KeyError', log.message)

    def test_an_answer_cut_short_is_retried_then_named(self):
        page = json.dumps(recording('countries_page1')['body'])
        cut = (200, page[:len(page) // 2], {'Content-Type': 'application/json', 'Content-Length': str(len(page))})
        self.shop.faults = [(200, recording('meta')['body']), cut]
        log = self.pull()
        self.assertEqual(log.state, 'done', 'a page cut short once, then whole: the retry imports')
        self.assertEqual(log.requests, self.attempts())

        no_length = (200, page[:100], {'Content-Type': 'application/json'})   # chunked, ended early
        self.shop.faults = [(200, recording('meta')['body'])] + [no_length] * 4
        log = self.pull()
        self.assertEqual(log.state, 'failed')
        self.assertIn('was cut short 4 times', log.message)
        self.assertNotIn('export URL the satchmo_export root', log.message)

    def test_every_attempt_counts_as_a_request(self):
        reset = requests.ConnectionError('Connection reset by peer')
        self.shop.faults = [reset, (502, '<html>Bad Gateway</html>')]
        log = self.pull()
        self.assertEqual(log.state, 'done', log.message)
        self.assertEqual(log.requests, self.attempts())
        self.assertEqual(self.shop.requests[0], self.shop.requests[2], 'the same request, tried 3 times')
        self.assertNotIn(TOKEN, log.message or '')
