# -*- coding: utf-8 -*-
"""Satchmo's optional apps whose facts the export serves: installed or not, and their models.

A shop runs without any of them: their models are imported only when the app is in
settings.INSTALLED_APPS (read on each call), and the fields they feed are then empty or neutral.
"""
from django.conf import settings
from django.utils.importlib import import_module

# name served in setup's `modules` -> the app
APPS = (
    ('downloadable', 'product.modules.downloadable'),
    ('subscription', 'product.modules.subscription'),
    ('giftcertificate', 'payment.modules.giftcertificate'),
    ('tieredpricing', 'satchmo_ext.tieredpricing'),
    ('brand', 'satchmo_ext.brand'),
)
# not served in `modules`, but optional too: its subtype makes a product unshippable (deferred shipping)
CUSTOM = 'product.modules.custom'


def app(name):
    """The app of the optional app `name` (a key of APPS, or 'custom')."""
    return CUSTOM if name == 'custom' else dict(APPS)[name]


def installed(name):
    """Whether the optional app `name` is installed."""
    return app(name) in settings.INSTALLED_APPS


def modules():
    """{name: installed} of every optional app."""
    return dict((name, installed(name)) for name, _ in APPS)


def model(name, model_name):
    """The model `model_name` of the optional app `name`, or None when the app is not installed."""
    if not installed(name):
        return None
    return getattr(import_module('%s.models' % app(name)), model_name)
