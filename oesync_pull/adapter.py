# -*- coding: utf-8 -*-
"""The adapter: talks HTTP/JSON to the shop's satchmo_export, nothing else.

One requests session per run; connection errors, timeouts, answers cut
short, 5xx (but the export's own 503: not configured) and 429 are retried
with backoff; everything else that is not a JSON answer of the
export's API version becomes a SatchmoError whose message says what to do.
The token travels in the Authorization header only: no message, log line or
exception of this module contains it.
"""
import logging
import time
import urlparse

import requests
from openerp.tools.translate import _

_logger = logging.getLogger(__name__)

API_VERSION = '1'


class SatchmoError(Exception):
    """The shop could not be read: the run stops, nothing partial is written."""


def adapter_for(backend, retries=None):
    """The adapter of a backend's shop (`retries`: of a failed request, default SatchmoAdapter.retries)."""
    adapter = SatchmoAdapter(backend.location, backend.token, timeout=backend.timeout or 60,
                             verify=backend.verify_ssl, page_size=backend.page_size or 100)
    if retries is not None:
        adapter.retries = retries
    return adapter


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
        if not isinstance(meta, dict) or 'api_version' not in meta:
            raise SatchmoError(_('The answer at %s is JSON but not the meta of a satchmo_export (no api_version): '
                                 'the backend\'s export URL must be the root of the shop\'s satchmo_export, e.g. '
                                 'https://shop.example.com/export/.') % self.location)
        if meta['api_version'] != API_VERSION:
            raise SatchmoError(
                _('The shop at %s speaks export API version %s; this connector speaks %s: install '
                  'matching versions of satchmo_export (in the shop) and oesync_pull (in OpenERP).')
                % (self.location, meta['api_version'], API_VERSION))
        return meta

    def setup(self):
        """The shop's tax setup and payment methods (the export's setup/)."""
        setup = self._get(self.url('setup'))
        if not isinstance(setup, dict) or not isinstance(setup.get('tax_rates'), list):
            raise SatchmoError(_('The answer at %s is not the setup of a satchmo_export.') % self.url('setup'))
        return setup

    def pages(self, resource, mode='full', cursor=None):
        """Yield (meta, objects) for each page of a listing or of the change feed, from `cursor` on. The first
        page's meta says how many records are left after it (`remaining`, from an export that counts)."""
        count = True
        while True:
            params = {'page_size': self.page_size}
            if cursor:
                params['cursor'] = cursor
            else:
                params['mode'] = mode
            if count:
                params['count'], count = '1', False
            page = self._page(self.url(resource), params)
            yield page['meta'], page['objects']
            if not page['meta'].get('has_more'):
                return
            cursor = page['meta']['next']

    def listing(self, resource, cursor=None, after=0):
        """Yield (meta, objects, after, upto) for each page of a full listing (resumed at `cursor`, whose page
        starts after shop id `after`): the page covers the shop ids (after, upto], upto None to the end."""
        for meta, objects in self.pages(resource, 'full', cursor):
            last = objects[-1]['id'] if objects else after
            yield meta, objects, after, last if meta['has_more'] else None
            after = last

    def first(self, resource, count=1):
        """The first records of a full listing (the oldest)."""
        return self._page(self.url(resource), {'mode': 'full', 'page_size': count})['objects']

    def read(self, resource, ids):
        """The records `ids` of `resource` (a tombstone for each one gone), a page at a time."""
        ids = [str(i) for i in ids]
        objects = []
        for start in range(0, len(ids), self.page_size):
            chunk = ids[start:start + self.page_size]
            objects.extend(self._page(self.url(resource), {'ids': ','.join(chunk)})['objects'])
        return objects

    def download(self, url):
        """The bytes at `url` (a product image), or None when they cannot be had."""
        self.requests += 1
        try:
            response = self.session.get(url, timeout=self.timeout)
        except requests.RequestException as e:
            _logger.warning('Satchmo image %s not downloaded: %s', url, e)
            return None
        if response.status_code != 200:
            _logger.warning('Satchmo image %s not downloaded: HTTP %s', url, response.status_code)
            return None
        return response.content

    def _page(self, url, params):
        """One page of a listing: the export's envelope, or an error saying the URL serves something else."""
        page = self._get(url, params)
        if not (isinstance(page, dict) and isinstance(page.get('meta'), dict)
                and isinstance(page.get('objects'), list)):
            raise SatchmoError(_('The answer at %s is JSON but not a satchmo_export page (it has no "meta" and '
                                 '"objects"): the backend\'s export URL must be the root of the shop\'s '
                                 'satchmo_export, e.g. https://shop.example.com/export/.') % url)
        return page

    def _get(self, url, params=None):
        """The JSON at `url`. Transport failures, bodies cut short, 5xx (but the export's own 503: it is
        not configured) and 429 are retried with backoff; every attempt counts as a request."""
        wait = self.backoff
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            self.requests += 1
            try:
                response = self.session.get(url, params=params, timeout=self.timeout)
            except requests.Timeout:
                if last:
                    raise SatchmoError(_('The shop did not answer %s within %s s: check that it is up, or raise '
                                         'the backend\'s timeout.') % (url, self.timeout))
            except requests.RequestException as e:
                if last:
                    raise SatchmoError(_('Cannot reach the shop at %s (%s): check the export URL and that the '
                                         'shop is up.') % (url, type(e).__name__))
            else:
                status, data = response.status_code, self._json(response)
                if status == 429 or status >= 500 and not self._own_error(data, 503):
                    if last:
                        raise SatchmoError(_('The shop answered HTTP %s at %s %d times: the shop or a proxy in '
                                             'front of it is down or overloaded; see the shop\'s log. The next '
                                             'pull tries again.') % (status, url, self.retries + 1))
                    wait = self._retry_after(response, wait)
                elif status == 200 and self._cut_short(response, data):
                    if last:
                        raise SatchmoError(_('The shop\'s answer at %s was cut short %d times (%s): the connection '
                                             'to the shop, or a proxy in front of it, drops answers midway; the '
                                             'next pull tries again.')
                                           % (url, self.retries + 1, self._cut_short(response, data)))
                else:
                    return self._decode(url, response, data)
            _logger.info('Satchmo export %s: attempt %d failed, retrying in %.1f s', url, attempt + 1, wait)
            time.sleep(wait)
            wait *= 2

    def _json(self, response):
        try:
            return response.json()
        except ValueError:
            return None

    def _own_error(self, data, status):
        """The answer is the export's own JSON error of this status (a proxy's or a maintenance page is not)."""
        error = data.get('error') if isinstance(data, dict) else None
        return isinstance(error, dict) and error.get('status') == status

    def _cut_short(self, response, data):
        """Why a 200 answer is incomplete (shorter than its Content-Length, or JSON that stops midway),
        or None."""
        length = response.headers.get('Content-Length', '')
        if length.isdigit() and not response.headers.get('Content-Encoding') and len(response.content) < int(length):
            return _('%d of %s bytes') % (len(response.content), length)
        if data is None and 'json' in response.headers.get('Content-Type', ''):
            return _('its JSON stops after %d bytes') % len(response.content)
        return None

    def _retry_after(self, response, wait):
        try:
            return min(float(response.headers.get('Retry-After', wait)), self.max_wait)
        except ValueError:
            return wait

    def _decode(self, url, response, data):
        status = response.status_code
        error = (data or {}).get('error') if isinstance(data, dict) else None
        detail = error and error.get('message') or ''
        if status == 401:
            raise SatchmoError(_('The shop refused the token (HTTP 401): set the backend\'s token to the value '
                                 'of SATCHMO_EXPORT[\'TOKEN\'] in the shop\'s settings.'))
        if status == 404:
            raise SatchmoError(_('No satchmo_export at %s (HTTP 404): the export URL must be the export\'s root '
                                 '(e.g. https://shop.example.com/export/) and the shop\'s urls.py must include '
                                 'satchmo_export.urls.') % url)
        if status == 503:   # _get retried every other 503
            raise SatchmoError(_('The shop\'s export is not configured (HTTP 503): set SATCHMO_EXPORT[\'TOKEN\'] '
                                 'in the shop\'s settings. %s') % detail)
        if status == 400:
            raise SatchmoError(_('The shop rejected the request to %s (HTTP 400, parameter %s): %s If it names the '
                                 'cursor, rewind the backend\'s cursors.')
                               % (url, error and error.get('parameter') or '?', detail))
        if status != 200:
            raise SatchmoError(_('The shop answered HTTP %s at %s: %s') % (status, url,
                                                                           detail or _('see the shop\'s log.')))
        if data is None:
            raise SatchmoError(_('The shop\'s answer at %s is not JSON (%s): is the export URL the satchmo_export '
                                 'root?') % (url, response.headers.get('Content-Type', _('no content type'))))
        return data
