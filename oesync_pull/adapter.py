# -*- coding: utf-8 -*-
"""The adapter: talks HTTP/JSON to the shop's satchmo_export, nothing else.

One requests session per run; connection errors, timeouts, 5xx and 429 are
retried with backoff; everything else that is not a JSON answer of the
export's API version becomes a SatchmoError whose message says what to do.
The token travels in the Authorization header only: no message, log line or
exception of this module contains it.
"""
import logging
import time
import urlparse

import requests

_logger = logging.getLogger(__name__)

API_VERSION = '1'


class SatchmoError(Exception):
    """The shop could not be read: the run stops, nothing partial is written."""


class SatchmoAdapter(object):
    retries = 3
    backoff = 1.0      # seconds, doubled on each retry
    max_wait = 60.0    # longest Retry-After honoured

    def __init__(self, location, token, timeout=60, verify=True, page_size=100):
        self.location = location if location.endswith('/') else location + '/'
        self.timeout = timeout
        self.page_size = page_size
        self.session = requests.Session()
        self.session.verify = verify
        self.session.headers.update({'Authorization': 'Token %s' % token, 'Accept': 'application/json'})
        self.requests = 0

    def close(self):
        self.session.close()

    def url(self, resource=''):
        return urlparse.urljoin(self.location, resource + '/' if resource else '')

    def meta(self):
        """The export's meta endpoint, checked for the API version this connector speaks."""
        meta = self._get(self.url())
        if not isinstance(meta, dict) or meta.get('api_version') != API_VERSION:
            raise SatchmoError(
                'The shop at %s speaks export API version %s; this connector speaks %s: install '
                'matching versions of satchmo_export (in the shop) and oesync_pull (in OpenERP).'
                % (self.location, isinstance(meta, dict) and meta.get('api_version') or 'unknown', API_VERSION))
        return meta

    def pages(self, resource, mode='full', cursor=None):
        """Yield (meta, objects) for each page of a listing or of the change feed, from `cursor` on."""
        while True:
            params = {'page_size': self.page_size}
            if cursor:
                params['cursor'] = cursor
            else:
                params['mode'] = mode
            page = self._get(self.url(resource), params)
            yield page['meta'], page['objects']
            if not page['meta'].get('has_more'):
                return
            cursor = page['meta']['next']

    def read(self, resource, ids):
        """The records `ids` of `resource` (a tombstone for each one gone), a page at a time."""
        ids = [str(i) for i in ids]
        objects = []
        for start in range(0, len(ids), self.page_size):
            chunk = ids[start:start + self.page_size]
            objects.extend(self._get(self.url(resource), {'ids': ','.join(chunk)})['objects'])
        return objects

    def download(self, url):
        """The bytes at `url` (a product image), or None when they cannot be had."""
        try:
            response = self.session.get(url, timeout=self.timeout)
            self.requests += 1
        except requests.RequestException as e:
            _logger.warning('Satchmo image %s not downloaded: %s', url, e)
            return None
        if response.status_code != 200:
            _logger.warning('Satchmo image %s not downloaded: HTTP %s', url, response.status_code)
            return None
        return response.content

    def _get(self, url, params=None):
        wait = self.backoff
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                response = self.session.get(url, params=params, timeout=self.timeout)
                self.requests += 1
            except requests.Timeout:
                if last:
                    raise SatchmoError('The shop did not answer %s within %s s: check that it is up, or raise '
                                       'the backend\'s timeout.' % (url, self.timeout))
            except requests.RequestException as e:
                if last:
                    raise SatchmoError('Cannot reach the shop at %s (%s): check the export URL and that the '
                                       'shop is up.' % (url, type(e).__name__))
            else:
                if response.status_code == 429 or response.status_code >= 500 and response.status_code != 503:
                    if last:
                        raise SatchmoError('The shop answered HTTP %s at %s %d times: see the shop\'s log.'
                                           % (response.status_code, url, self.retries + 1))
                    wait = self._retry_after(response, wait)
                else:
                    return self._decode(url, response)
            _logger.info('Satchmo export %s: attempt %d failed, retrying in %.1f s', url, attempt + 1, wait)
            time.sleep(wait)
            wait *= 2

    def _retry_after(self, response, wait):
        try:
            return min(float(response.headers.get('Retry-After', wait)), self.max_wait)
        except ValueError:
            return wait

    def _decode(self, url, response):
        status = response.status_code
        try:
            data = response.json()
        except ValueError:
            data = None
        error = (data or {}).get('error') if isinstance(data, dict) else None
        detail = error and error.get('message') or ''
        if status == 401:
            raise SatchmoError('The shop refused the token (HTTP 401): set the backend\'s token to the value '
                               'of SATCHMO_EXPORT[\'TOKEN\'] in the shop\'s settings.')
        if status == 404:
            raise SatchmoError('No satchmo_export at %s (HTTP 404): the export URL must be the export\'s root '
                               '(e.g. https://shop.example.com/export/) and the shop\'s urls.py must include '
                               'satchmo_export.urls.' % url)
        if status == 503:
            raise SatchmoError('The shop\'s export is not configured (HTTP 503): set SATCHMO_EXPORT[\'TOKEN\'] '
                               'in the shop\'s settings. %s' % detail)
        if status == 400:
            raise SatchmoError('The shop rejected the request to %s (HTTP 400, parameter %s): %s If it names the '
                               'cursor, rewind the backend\'s cursors.'
                               % (url, error and error.get('parameter') or '?', detail))
        if status != 200:
            raise SatchmoError('The shop answered HTTP %s at %s: %s' % (status, url, detail or 'see the shop\'s log.'))
        if data is None:
            raise SatchmoError('The shop\'s answer at %s is not JSON (%s): is the export URL the satchmo_export '
                               'root?' % (url, response.headers.get('Content-Type', 'no content type')))
        return data
