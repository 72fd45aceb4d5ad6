# -*- coding: utf-8 -*-
"""`ids=3,17`: given records of any resource, in the order asked, a tombstone for each one gone."""
import json

from django.contrib.sites.models import Site
from django.test.utils import override_settings

from l10n.models import Country
from product.models import Category, Product
from satchmo_store.contact.models import Contact

from satchmo_export.views import MAX_ID, encode_cursor
from teststore.orders import make_sample_orders
from teststore.tests.base import EXPORT, ExportTestCase


class IdsTest(ExportTestCase):

    def ids(self, resource, value, **params):
        return self.get_json('%s/' % resource, ids=value, **params)

    def test_records_in_the_order_asked_with_tombstones(self):
        variation = Product.objects.get(pk=6)
        parent_id = variation.productvariation.parent.product_id
        page = self.ids('products', '6,%d,9999' % parent_id)
        self.assertEqual(page['meta'], {'resource': 'products', 'mode': 'ids', 'page_size': 3, 'count': 3,
                                        'has_more': False, 'next': None})
        variation_dict, parent, missing = page['objects']
        self.assertEqual((variation_dict['id'], variation_dict['parent_id']), (6, parent_id))
        self.assertEqual((parent['id'], parent['configurable']), (parent_id, True))
        self.assertEqual(missing, {'id': 9999, 'deleted': True})
        # the same dicts as the listing's
        self.assertEqual(variation_dict, self.by_id('products', 6))

    def test_duplicates_removed_state_at_pull_time(self):
        contact = Contact.objects.get(email='fj@rr.com')
        other = Contact.objects.get(email='chris@aol.com')
        contact.notes = 'changed just now'
        contact.save()
        page = self.ids('contacts', '%d,%d,%d,%d' % (contact.pk, other.pk, contact.pk, contact.pk))
        self.assertEqual([c['id'] for c in page['objects']], [contact.pk, other.pk])
        self.assertEqual(page['objects'][0]['notes'], 'changed just now')
        self.assertEqual((page['meta']['page_size'], page['meta']['count']), (2, 2))
        # the parameter given twice is one list
        page = self.get_json('contacts/', ids=[str(other.pk), str(contact.pk)])
        self.assertEqual([c['id'] for c in page['objects']], [other.pk, contact.pk])

    def test_every_resource(self):
        orders = make_sample_orders()
        us = Country.objects.get(iso2_code='US')
        child = Category.objects.filter(parent__isnull=False)[0]
        for resource, ids in (('countries', [us.pk]), ('categories', [child.pk, child.parent_id]),
                              ('orders', [orders[2].pk, orders[0].pk, MAX_ID])):
            page = self.ids(resource, ','.join(str(i) for i in ids))
            self.assertEqual([o['id'] for o in page['objects']], ids)
            self.assertEqual(page['meta']['mode'], 'ids')
        self.assertEqual(page['objects'][-1], {'id': MAX_ID, 'deleted': True})
        self.assertEqual(page['objects'][0]['total'], self.by_id('orders', orders[2].pk)['total'])

    def test_record_of_another_site_is_a_tombstone(self):
        site = Site.objects.create(domain='other.example.com', name='Other shop')
        product = Product(site=site, name='Other shop hat', slug='other-hat')
        product.save()
        page = self.ids('products', str(product.pk))
        self.assertEqual(page['objects'], [{'id': product.pk, 'deleted': True}])

    @override_settings(SATCHMO_EXPORT=dict(EXPORT, MAX_PAGE_SIZE=3))
    def test_at_most_max_page_size_ids(self):
        self.assertEqual(self.ids('products', '1,2,3')['meta']['count'], 3)
        self.assertBad('1,2,3,4')

    def assertBad(self, value, **params):
        response = self.get('products/', ids=value, **params)
        self.assertEqual(response.status_code, 400, response.content)
        self.assertEqual(response['Content-Type'], 'application/json')
        error = json.loads(response.content)['error']
        self.assertEqual(error['parameter'], 'ids')
        self.assertIn('ids', error['message'])

    def test_bad_values(self):
        for value in ('', 'x', '1,x', '1,,2', '1,', ',1', '0', '-1', '1.0', ' 1', '1 ', '+1', str(MAX_ID + 1),
                      '9' * 40, u'\xb2', u'\u0661', u'\uff11'):
            self.assertBad(value)

    def test_not_with_cursor_or_mode(self):
        self.assertBad('1', cursor=encode_cursor('products', 'full', 0, 0))
        self.assertBad('1', mode='changes')
        self.assertBad('1', mode='full')

    def test_needs_the_token(self):
        self.assertEqual(self.get('products/', token=None, ids='1').status_code, 401)
