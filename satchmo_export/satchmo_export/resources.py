# -*- coding: utf-8 -*-
"""The exported resources: which rows, fetched how, serialized by what.

`load(ids_query)` turns one page of rows into dicts with a fixed number of
queries, whatever the page size (prefetch_related, one query per relation).
"""
import datetime

from django.conf import settings

from l10n.models import Country
from product.models import Category, Price, Product
from product.modules.configurable.models import ConfigurableProduct, ProductVariation
from satchmo_store.contact.models import Contact
from satchmo_store.shop.models import Order

from satchmo_export import serializers


class Resource(object):
    name = None
    model = None

    def queryset(self):
        """Every exported row (the full listing and the record count)."""
        return self.model._default_manager.all()

    def load(self, rows, absolute_url):
        """Dicts of the rows of a queryset slice, in the order of `rows`."""
        raise NotImplementedError


class Countries(Resource):
    name, model = 'countries', Country

    def load(self, rows, absolute_url):
        return [serializers.country(c) for c in rows.prefetch_related('adminarea_set')]


class Categories(Resource):
    name, model = 'categories', Category

    def queryset(self):
        return Category.objects.filter(site=settings.SITE_ID)

    def load(self, rows, absolute_url):
        return [serializers.category(c) for c in rows]


class Products(Resource):
    name, model = 'products', Product

    def queryset(self):
        return Product.objects.filter(site=settings.SITE_ID)

    def load(self, rows, absolute_url):
        products = list(rows.select_related('taxClass').prefetch_related('price_set', 'category', 'productimage_set'))
        ids = [p.pk for p in products]
        variations = dict((v.product_id, v) for v in ProductVariation.objects.filter(product__in=ids)
                          .prefetch_related('options__option_group'))
        configurable = set(ConfigurableProduct.objects.filter(product__in=ids).values_list('product_id', flat=True))
        parent_prices = {}
        for price in Price.objects.filter(product__in=set(v.parent_id for v in variations.values())):
            parent_prices.setdefault(price.product_id, []).append(price)
        today = datetime.date.today()
        result = []
        for p in products:
            v = variations.get(p.pk)
            result.append(serializers.product(p, v, parent_prices.get(v.parent_id, []) if v else [],
                                              p.pk in configurable, absolute_url, today))
        return result


class Contacts(Resource):
    name, model = 'contacts', Contact

    def load(self, rows, absolute_url):
        rows = rows.select_related('organization').prefetch_related('addressbook_set__country', 'phonenumber_set')
        return [serializers.contact(c) for c in rows]


class Orders(Resource):
    name, model = 'orders', Order

    def queryset(self):
        return Order.objects.filter(site=settings.SITE_ID)

    def load(self, rows, absolute_url):
        rows = rows.prefetch_related('orderstatus_set', 'orderitem_set__product', 'orderitem_set__orderitemdetail_set',
                                     'payments', 'authorizations', 'taxes')
        return [serializers.order(o) for o in rows]


RESOURCES = dict((r.name, r) for r in (Countries(), Categories(), Products(), Contacts(), Orders()))
ORDER = ('countries', 'categories', 'products', 'contacts', 'orders')
