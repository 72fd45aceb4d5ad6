# -*- coding: utf-8 -*-
"""The exported resources: which rows, fetched how, serialized by what.

`load_in_order(ids)` turns the records of one page into dicts with a fixed
number of queries per CHUNK records, whatever the page size: the records,
then one query per kind of child row, filtered on the records' ids (joins,
never the children's own ids), so no statement holds more than CHUNK ids.
"""
import datetime

from django.conf import settings
from django.db import connection

from l10n.models import AdminArea, Country
from product.models import Category, Price, Product, ProductImage
from product.modules.configurable.models import ConfigurableProduct, ProductVariation
from satchmo_store.contact.models import AddressBook, Contact, PhoneNumber
from satchmo_store.shop.models import (Order, OrderAuthorization, OrderItem, OrderItemDetail, OrderPayment,
                                       OrderStatus, OrderTaxDetail)

from satchmo_export import serializers

# ids in one IN (...) list: SQLite before 3.32 takes at most 999 variables a statement
CHUNK = 500


def chunks(ids):
    ids = list(ids)
    return [ids[i:i + CHUNK] for i in range(0, len(ids), CHUNK)]


def grouped(rows, key):
    """{row.<key>: [rows]}, each list in the order of `rows`."""
    groups = {}
    for row in rows:
        groups.setdefault(getattr(row, key), []).append(row)
    return groups


class Resource(object):
    name = None
    model = None

    def queryset(self):
        """Every exported row (the full listing and the record count)."""
        return self.model._default_manager.all()

    def records(self, ids):
        """The exported rows among `ids` (at most CHUNK of them)."""
        return self.queryset().filter(pk__in=ids)

    def load(self, records, absolute_url):
        """{id: dict} of rows `records`, their child rows fetched."""
        raise NotImplementedError

    def load_in_order(self, ids, absolute_url):
        """Dicts of the records `ids` in that order; a tombstone for each one not exported."""
        found = {}
        for chunk in chunks(ids):
            records = list(self.records(chunk))
            if records:
                found.update(self.load(records, absolute_url))
        return [found.get(i, {'id': i, 'deleted': True}) for i in ids]


class Countries(Resource):
    name, model = 'countries', Country

    def load(self, records, absolute_url):
        areas = grouped(AdminArea.objects.filter(country__in=records), 'country_id')
        return dict((c.pk, serializers.country(c, areas.get(c.pk, []))) for c in records)


class Categories(Resource):
    name, model = 'categories', Category

    def queryset(self):
        return Category.objects.filter(site=settings.SITE_ID)

    def load(self, records, absolute_url):
        return dict((c.pk, serializers.category(c)) for c in records)


def category_ids(product_ids):
    """{product id: [category ids]} in Satchmo's category order (a product's main category first)."""
    link = connection.ops.quote_name(Product.category.through._meta.db_table)
    rows = (Category.objects.filter(product__in=product_ids)
            .extra(select={'product_id': '%s.product_id' % link}).values_list('product_id', 'pk'))
    result = {}
    for product_id, category_id in rows:
        result.setdefault(product_id, []).append(category_id)
    return result


class Products(Resource):
    name, model = 'products', Product

    def queryset(self):
        return Product.objects.filter(site=settings.SITE_ID)

    def records(self, ids):
        return self.queryset().filter(pk__in=ids).select_related('taxClass')

    def load(self, records, absolute_url):
        ids = [p.pk for p in records]
        prices = grouped(Price.objects.filter(product__in=ids), 'product_id')
        categories = category_ids(ids)
        images = grouped(ProductImage.objects.filter(product__in=ids), 'product_id')
        variations = dict((v.pk, v) for v in ProductVariation.objects.filter(product__in=ids))
        options = grouped(ProductVariation.options.through.objects.filter(productvariation__in=ids)
                          .select_related('option__option_group')
                          .order_by('option__option_group', 'option__sort_order', 'option__name'),
                          'productvariation_id')
        configurable = set(ConfigurableProduct.objects.filter(product__in=ids).values_list('product_id', flat=True))
        parent_prices = grouped(Price.objects.filter(product__in=set(v.parent_id for v in variations.values())),
                                'product_id')
        today = datetime.date.today()
        result = {}
        for p in records:
            v = variations.get(p.pk)
            result[p.pk] = serializers.product(
                p, prices=prices.get(p.pk, []), category_ids=categories.get(p.pk, []), images=images.get(p.pk, []),
                variation=v, options=[row.option for row in options.get(p.pk, [])],
                parent_prices=parent_prices.get(v.parent_id, []) if v else [], configurable=p.pk in configurable,
                absolute_url=absolute_url, today=today)
        return result


class Contacts(Resource):
    name, model = 'contacts', Contact

    def records(self, ids):
        return self.queryset().filter(pk__in=ids).select_related('organization')

    def load(self, records, absolute_url):
        addresses = grouped(AddressBook.objects.filter(contact__in=records).select_related('country'), 'contact_id')
        phones = grouped(PhoneNumber.objects.filter(contact__in=records), 'contact_id')
        return dict((c.pk, serializers.contact(c, addresses.get(c.pk, []), phones.get(c.pk, []))) for c in records)


class Orders(Resource):
    name, model = 'orders', Order

    def queryset(self):
        return Order.objects.filter(site=settings.SITE_ID)

    def load(self, records, absolute_url):
        ids = [o.pk for o in records]

        def by_order(model):
            return grouped(model.objects.filter(order__in=ids), 'order_id')
        statuses, payments, authorizations, taxes = [
            by_order(model) for model in (OrderStatus, OrderPayment, OrderAuthorization, OrderTaxDetail)]
        items = grouped(OrderItem.objects.filter(order__in=ids).select_related('product'), 'order_id')
        details = grouped(OrderItemDetail.objects.filter(item__order__in=ids), 'item_id')
        return dict((o.pk, serializers.order(o, statuses.get(o.pk, []), items.get(o.pk, []), details,
                                             payments.get(o.pk, []), authorizations.get(o.pk, []),
                                             taxes.get(o.pk, [])))
                    for o in records)


RESOURCES = dict((r.name, r) for r in (Countries(), Categories(), Products(), Contacts(), Orders()))
ORDER = ('countries', 'categories', 'products', 'contacts', 'orders')
