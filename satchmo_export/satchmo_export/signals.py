# -*- coding: utf-8 -*-
"""Signal handlers that append to the change log.

Each Satchmo model whose rows appear in an export payload maps to the
exported record(s) it belongs to. A create, an edit or a delete of such a
row marks those records changed; the feed then serves their state at pull
time (or a tombstone when they are gone).
"""
from django.contrib.auth.models import User
from django.db.models.signals import m2m_changed, post_save, pre_delete

from l10n.models import AdminArea, Country
from product.models import Category, Option, OptionGroup, Price, Product, ProductImage, TaxClass
from product.modules.configurable.models import ConfigurableProduct, ProductVariation
from satchmo_store.contact.models import AddressBook, Contact, Organization, PhoneNumber
from satchmo_store.shop.models import (Order, OrderAuthorization, OrderItem, OrderItemDetail,
                                       OrderPayment, OrderStatus, OrderTaxDetail)

from satchmo_export import optional


def mark(resource, ids):
    """Log a change of the records `ids` of `resource` (None ids are ignored)."""
    from satchmo_export.models import ChangeLog
    rows = [ChangeLog(resource=resource, object_id=i) for i in sorted(set(ids)) if i is not None]
    if len(rows) == 1:
        rows[0].save()
    elif rows:
        ChangeLog.objects.bulk_create(rows)


def _variations_with(options):
    return ProductVariation.objects.filter(options__in=options).values_list('product_id', flat=True)


def _priced(product_id):
    """A price's product, and the variations of it (a configurable product): a variation without prices of
    its own costs its parent's price plus its options'."""
    return [product_id] + list(ProductVariation.objects.filter(parent=product_id).values_list('product_id',
                                                                                             flat=True))


# model -> (resource, function(instance) -> ids of the exported records it belongs to)
TRACKED = (
    (Country, 'countries', lambda o: [o.pk]),
    (AdminArea, 'countries', lambda o: [o.country_id]),
    (Category, 'categories', lambda o: [o.pk]),
    (Product, 'products', lambda o: [o.pk]),
    (Price, 'products', lambda o: _priced(o.product_id)),
    (ProductImage, 'products', lambda o: [o.product_id]),
    (ConfigurableProduct, 'products', lambda o: [o.product_id]),
    (ProductVariation, 'products', lambda o: [o.product_id]),
    (Option, 'products', lambda o: _variations_with([o.pk])),
    (OptionGroup, 'products', lambda o: _variations_with(Option.objects.filter(option_group=o.pk))),
    (TaxClass, 'products', lambda o: Product.objects.filter(taxClass=o.pk).values_list('id', flat=True)),
    (Contact, 'contacts', lambda o: [o.pk]),
    (AddressBook, 'contacts', lambda o: [o.contact_id]),
    (PhoneNumber, 'contacts', lambda o: [o.contact_id]),
    (Organization, 'contacts', lambda o: Contact.objects.filter(organization=o.pk).values_list('id', flat=True)),
    (Order, 'orders', lambda o: [o.pk]),
    (OrderItem, 'orders', lambda o: [o.order_id]),
    (OrderItemDetail, 'orders', lambda o: OrderItem.objects.filter(pk=o.item_id).values_list('order_id', flat=True)),
    (OrderStatus, 'orders', lambda o: [o.order_id]),
    (OrderPayment, 'orders', lambda o: [o.order_id]),
    (OrderAuthorization, 'orders', lambda o: [o.order_id]),
    (OrderTaxDetail, 'orders', lambda o: [o.order_id]),
)


def _contacts_of_users(user_ids):
    return Contact.objects.filter(user__in=list(user_ids)).values_list('id', flat=True)


def optional_tracked():
    """TRACKED's rows for the optional apps the shop has installed (optional.py)."""
    tracked = []
    for app, name in (('downloadable', 'DownloadableProduct'), ('subscription', 'SubscriptionProduct'),
                      ('giftcertificate', 'GiftCertificateProduct'), ('brand', 'BrandProduct')):
        if optional.installed(app):
            tracked.append((optional.model(app, name), 'products', lambda o: [o.product_id]))
    if optional.installed('brand'):
        link = optional.model('brand', 'BrandProduct')

        def branded(brand_id):
            return link.objects.filter(brand=brand_id).values_list('product_id', flat=True)
        tracked.append((optional.model('brand', 'Brand'), 'products', lambda o: branded(o.pk)))
        tracked.append((optional.model('brand', 'BrandTranslation'), 'products', lambda o: branded(o.brand_id)))
    if optional.installed('tieredpricing'):
        tracked.append((optional.model('tieredpricing', 'TieredPrice'), 'products', lambda o: _priced(o.product_id)))
        tracked.append((optional.model('tieredpricing', 'PricingTier'), 'contacts',
                        lambda o: Contact.objects.filter(user__groups=o.group_id).values_list('id', flat=True)))
    return tracked


def _handler(resource, owners):
    def handler(sender, instance, **kwargs):
        mark(resource, owners(instance))
    return handler


def _m2m_handler(resource, reverse_set, owners=list):
    """Product.category, ProductVariation.options (the product side is the exported one) and User.groups
    (the user's contacts are: their pricing tiers); owners(ids of that side) -> the exported records.

    Forward (product.category.add(...)): the instance is the product.
    Reverse (category.product_set.add(...)): pk_set holds the products;
    a reverse clear names them only before it runs.
    """
    def handler(sender, instance, action, reverse, pk_set, **kwargs):
        if not reverse:
            if action.startswith('post_'):
                mark(resource, owners([instance.pk]))
        elif action == 'pre_clear':
            mark(resource, owners(getattr(instance, reverse_set).values_list('pk', flat=True)))
        elif action in ('post_add', 'post_remove'):
            mark(resource, owners(pk_set or []))
    return handler


_handlers = []  # strong references: signals keep weak ones


def connect():
    if _handlers:
        return
    for model, resource, owners in TRACKED + tuple(optional_tracked()):
        handler = _handler(resource, owners)
        _handlers.append(handler)
        post_save.connect(handler, sender=model, dispatch_uid='satchmo_export.save.%s' % model.__name__)
        # pre_delete: the owners are still there to be found (cascades, m2m rows)
        pre_delete.connect(handler, sender=model, dispatch_uid='satchmo_export.delete.%s' % model.__name__)
    m2m = [(Product.category.through, 'products', 'product_set', list),
           (ProductVariation.options.through, 'products', 'productvariation_set', list)]
    if optional.installed('tieredpricing'):
        m2m.append((User.groups.through, 'contacts', 'user_set', _contacts_of_users))
    for through, resource, reverse_set, owners in m2m:
        handler = _m2m_handler(resource, reverse_set, owners)
        _handlers.append(handler)
        m2m_changed.connect(handler, sender=through, dispatch_uid='satchmo_export.m2m.%s' % through.__name__)
