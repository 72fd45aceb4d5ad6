# -*- coding: utf-8 -*-
"""The exported resources: which rows, fetched how, serialized by what.

`load_in_order(ids)` turns the records of one page into dicts with a fixed
number of queries per CHUNK records, whatever the page size: the records,
then one query per kind of child row, filtered on the records' ids (joins,
never the children's own ids), so no statement holds more than CHUNK ids.
Rows are read as plain dicts (QuerySet.values(): no model instance is
built) and serialized from them.
"""
import datetime

from django.conf import settings
from django.db import connection

from l10n.models import AdminArea, Country
from product.models import Category, Price, Product, ProductImage
from product.modules.configurable.models import ProductVariation
from satchmo_store.contact.models import AddressBook, Contact, PhoneNumber
from satchmo_store.shop.models import (Order, OrderAuthorization, OrderItem, OrderItemDetail, OrderPayment,
                                       OrderStatus, OrderTaxDetail)

from satchmo_export import optional, serializers

# ids in one IN (...) list: SQLite before 3.32 takes at most 999 variables a statement
CHUNK = 500


def chunks(ids):
    ids = list(ids)
    return [ids[i:i + CHUNK] for i in range(0, len(ids), CHUNK)]


def grouped(rows, key):
    """{row[key]: [rows]}, each list in the order of `rows`."""
    groups = {}
    for row in rows:
        groups.setdefault(row[key], []).append(row)
    return groups


def among(ids, key='pk'):
    """The filter: the primary key of the record `key` names in `ids` (Django 1.4 traces each id through a
    relation named without its primary key)."""
    return {'%s__in' % key if key == 'pk' else '%s__pk__in' % key: ids}


def children(model, key, ids, *fields):
    """{record id: [rows of `model` (dicts of `fields`)]}, `key` naming the record; unordered (serializers sort).

    Filtered last: QuerySet clones deep-copy their filters, ids included.
    """
    return grouped(model.objects.order_by().values(key, *fields).filter(**among(ids, key)), key)


class Resource(object):
    name = None
    model = None
    fields = ()     # the record's columns, as QuerySet.values() names them (lookups through relations too)

    def queryset(self):
        """Every exported row (the full listing and the record count)."""
        return self.model._default_manager.all()

    def rows(self, ids):
        """The exported records among `ids` (at most CHUNK of them), as dicts of `fields`."""
        return self.queryset().order_by().values(*self.fields).filter(**among(ids))

    def load(self, rows, absolute_url):
        """{id: dict} of records `rows`, their child rows fetched."""
        raise NotImplementedError

    def load_in_order(self, ids, absolute_url):
        """Dicts of the records `ids` in that order; a tombstone for each one not exported."""
        found = {}
        for chunk in chunks(ids):
            rows = list(self.rows(chunk))
            if rows:
                found.update(self.load(rows, absolute_url))
        return [found.get(i, {'id': i, 'deleted': True}) for i in ids]


class Countries(Resource):
    name, model = 'countries', Country
    fields = ('id', 'iso2_code', 'iso3_code', 'numcode', 'printable_name', 'name', 'active', 'continent',
              'admin_area')

    def load(self, rows, absolute_url):
        areas = children(AdminArea, 'country', [c['id'] for c in rows], 'id', 'abbrev', 'name', 'active')
        return dict((c['id'], serializers.country(c, areas.get(c['id'], []))) for c in rows)


class Categories(Resource):
    name, model = 'categories', Category
    fields = ('id', 'parent', 'name', 'slug', 'description', 'meta', 'ordering', 'is_active')

    def queryset(self):
        return Category.objects.filter(site=settings.SITE_ID)

    def load(self, rows, absolute_url):
        return dict((c['id'], serializers.category(c)) for c in rows)


def category_ids(product_ids):
    """{product id: [category ids]} in Satchmo's category order (a product's main category first)."""
    link = connection.ops.quote_name(Product.category.through._meta.db_table)
    rows = (Category.objects.extra(select={'product_id': '%s.product_id' % link}).values_list('product_id', 'pk')
            .filter(**among(product_ids, 'product')))
    result = {}
    for product_id, category_id in rows:
        result.setdefault(product_id, []).append(category_id)
    return result


def prices(product_ids):
    """{product id: [Price rows]} in Satchmo's price order (Price.Meta.ordering: the serializer's unit price
    takes the last of equal tiers)."""
    return grouped(Price.objects.values('product', 'id', 'price', 'quantity', 'expires')
                   .filter(**among(product_ids, 'product')), 'product')


def subtypes():
    """The optional subtypes of the shop's product modules, in the order of its INSTALLED_APPS (Satchmo asks
    them in that order whether a product ships): [(app, (their columns in a product row))]."""
    apps = sorted((name for name in serializers.SUBTYPES if optional.installed(name)),
                  key=lambda name: list(settings.INSTALLED_APPS).index(optional.app(name)))
    return [(name, serializers.SUBTYPES[name][0]) for name in apps]


def brands(product_ids):
    """{product id: [BrandProduct rows, one per translation of the brand (brand__translations__* None when
    it has none)]}; {} without satchmo_ext.brand."""
    link = optional.model('brand', 'BrandProduct')
    if link is None:
        return {}
    return grouped(link.objects.order_by().values('product', 'brand', 'brand__slug', 'brand__ordering',
                                                  'brand__translations__id', 'brand__translations__languagecode',
                                                  'brand__translations__name')
                   .filter(**among(product_ids, 'product')), 'product')


def tiered_prices(product_ids):
    """{product id: [TieredPrice rows]}; {} without satchmo_ext.tieredpricing."""
    model = optional.model('tieredpricing', 'TieredPrice')
    if model is None:
        return {}
    return children(model, 'product', product_ids, 'id', 'pricingtier', 'price', 'quantity', 'expires')


class Products(Resource):
    name, model = 'products', Product
    base_fields = ('id', 'sku', 'slug', 'name', 'short_description', 'description', 'active', 'featured',
                   'ordering', 'taxable', 'taxClass', 'taxClass__title', 'shipclass', 'weight', 'weight_units',
                   'length', 'length_units', 'width', 'width_units', 'height', 'height_units', 'date_added',
                   'configurableproduct__product', 'productvariation__parent')

    @property
    def fields(self):
        """The product's columns and those of its installed subtypes (one-to-one: joined, no query of their
        own)."""
        return self.base_fields + tuple(column for _, columns in subtypes() for column in columns)

    def queryset(self):
        return Product.objects.filter(site=settings.SITE_ID)

    def load(self, rows, absolute_url):
        ids = [p['id'] for p in rows]
        own_prices = prices(ids)
        product_brands, tiers, installed = brands(ids), tiered_prices(ids), [name for name, _ in subtypes()]
        categories = category_ids(ids)
        # in Satchmo's image order (ProductImage.Meta.ordering)
        images = grouped(ProductImage.objects.values('product', 'id', 'picture', 'caption', 'sort')
                         .filter(**among(ids, 'product')), 'product')
        storage = ProductImage._meta.get_field('picture').storage
        options = grouped(ProductVariation.options.through.objects
                          .order_by('option__option_group', 'option__sort_order', 'option__name')
                          .values('productvariation', 'option', 'option__option_group',
                                  'option__option_group__name', 'option__option_group__sort_order', 'option__name',
                                  'option__value', 'option__price_change')
                          .filter(**among(ids, 'productvariation')), 'productvariation')
        parents = set(p['productvariation__parent'] for p in rows) - set([None])
        parent_prices = prices(parents)
        today = datetime.date.today()

        def image_url(name):
            return absolute_url(storage.url(name))
        result = {}
        for p in rows:
            result[p['id']] = serializers.product(
                p, prices=own_prices.get(p['id'], []), category_ids=categories.get(p['id'], []),
                images=images.get(p['id'], []), options=options.get(p['id'], []),
                parent_prices=parent_prices.get(p['productvariation__parent'], []), image_url=image_url, today=today)
            result[p['id']].update(serializers.product_sale(
                p, installed, brands=product_brands.get(p['id'], []), tiered_prices=tiers.get(p['id'], []),
                language=settings.LANGUAGE_CODE))
        return result


def pricing_tiers(contact_ids):
    """{contact id: [ids of the PricingTiers of its user's groups]}, as Satchmo's PricingTierManager.by_user
    gives them: none for staff and superusers; {} without satchmo_ext.tieredpricing."""
    if not optional.installed('tieredpricing'):
        return {}
    rows = (Contact.objects.order_by().filter(user__is_staff=False, user__is_superuser=False,
                                              user__groups__pricingtier__isnull=False)
            .values_list('id', 'user__groups__pricingtier').filter(**among(contact_ids)))
    result = {}
    for contact_id, tier_id in rows:
        result.setdefault(contact_id, []).append(tier_id)
    return result


class Contacts(Resource):
    name, model = 'contacts', Contact
    fields = ('id', 'title', 'first_name', 'last_name', 'email', 'notes', 'dob', 'create_date', 'role', 'user',
              'organization', 'organization__name', 'organization__role', 'organization__type')

    def load(self, rows, absolute_url):
        ids = [c['id'] for c in rows]
        addresses = children(AddressBook, 'contact', ids, 'id', 'description', 'addressee', 'street1', 'street2',
                             'city', 'state', 'postal_code', 'country__iso2_code', 'is_default_billing',
                             'is_default_shipping')
        phones = children(PhoneNumber, 'contact', ids, 'id', 'type', 'phone', 'primary')
        tiers = pricing_tiers(ids)
        return dict((c['id'], serializers.contact(c, addresses.get(c['id'], []), phones.get(c['id'], []),
                                                  tiers.get(c['id'], [])))
                    for c in rows)


class Orders(Resource):
    name, model = 'orders', Order
    fields = ('id', 'contact', 'time_stamp', 'method', 'status', 'sub_total', 'discount', 'discount_code',
              'shipping_method', 'shipping_description', 'shipping_model', 'shipping_cost', 'shipping_discount',
              'tax', 'total', 'notes') + tuple(column for _, column in serializers.BILL + serializers.SHIP)

    def queryset(self):
        return Order.objects.filter(site=settings.SITE_ID)

    def load(self, rows, absolute_url):
        ids = [o['id'] for o in rows]
        statuses = children(OrderStatus, 'order', ids, 'id', 'status', 'notes', 'time_stamp')
        payments = children(OrderPayment, 'order', ids, 'id', 'payment', 'amount', 'transaction_id', 'time_stamp')
        authorizations = children(OrderAuthorization, 'order', ids, 'id', 'amount', 'complete', 'transaction_id',
                                  'time_stamp')
        taxes = children(OrderTaxDetail, 'order', ids, 'id', 'method', 'description', 'tax')
        items = children(OrderItem, 'order', ids, 'id', 'product', 'product__sku', 'product__name', 'quantity',
                         'unit_price', 'unit_tax', 'line_item_price', 'discount', 'tax', 'expire_date')
        details = grouped(OrderItemDetail.objects.order_by().values('item', 'id', 'name', 'value', 'price_change',
                                                                    'sort_order').filter(**among(ids, 'item__order')),
                          'item')
        return dict((o['id'], serializers.order(o, statuses.get(o['id'], []), items.get(o['id'], []), details,
                                                payments.get(o['id'], []), authorizations.get(o['id'], []),
                                                taxes.get(o['id'], [])))
                    for o in rows)


RESOURCES = dict((r.name, r) for r in (Countries(), Categories(), Products(), Contacts(), Orders()))
ORDER = ('countries', 'categories', 'products', 'contacts', 'orders')
