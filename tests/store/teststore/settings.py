# -*- coding: utf-8 -*-
"""Settings of the Satchmo 0.9.2 test and demo store (Django 1.4).

Everything that differs between machines comes from the environment:
SATCHMO_DATA (folder of the SQLite database, static and media files),
SATCHMO_EXPORT_TOKEN (the shared token of satchmo_export).
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.environ.get('SATCHMO_DATA') or os.path.join(HERE, '..', '..', '..', '.build', 'shop')
DATA = os.path.abspath(DATA)

DEBUG = os.environ.get('SATCHMO_DEBUG', '') == '1'
TEMPLATE_DEBUG = DEBUG
ADMINS = (('Store Admin', 'admin@example.com'),)
MANAGERS = ADMINS

DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.sqlite3',
        'NAME': os.path.join(DATA, 'store.db'),
    }
}

TIME_ZONE = 'America/New_York'
LANGUAGE_CODE = 'en-us'
LANGUAGES = (('en', 'English'),)
SITE_ID = 1
SITE_DOMAIN = 'localhost'
SITE_NAME = 'Satchmo Demo Store'
USE_I18N = True

MEDIA_ROOT = os.path.join(DATA, 'static') + '/'
MEDIA_URL = '/static/'
ADMIN_MEDIA_PREFIX = '/media/'
STATIC_URL = '/static/'
SECRET_KEY = 'test-store-only-not-a-secret'

TEMPLATE_LOADERS = (
    'django.template.loaders.filesystem.Loader',
    'django.template.loaders.app_directories.Loader',
)
MIDDLEWARE_CLASSES = (
    'django.middleware.common.CommonMiddleware',
    'django.contrib.sessions.middleware.SessionMiddleware',
    'django.middleware.csrf.CsrfViewMiddleware',
    'django.middleware.locale.LocaleMiddleware',
    'django.contrib.auth.middleware.AuthenticationMiddleware',
    'django.contrib.messages.middleware.MessageMiddleware',
    'threaded_multihost.middleware.ThreadLocalMiddleware',
    'satchmo_store.shop.SSLMiddleware.SSLRedirect',
)
TEMPLATE_CONTEXT_PROCESSORS = (
    'satchmo_store.shop.context_processors.settings',
    'django.contrib.auth.context_processors.auth',
    'django.contrib.messages.context_processors.messages',
)
ROOT_URLCONF = 'teststore.urls'
TEMPLATE_DIRS = ()

INSTALLED_APPS = (
    'django.contrib.sites',
    'satchmo_store.shop',
    'django.contrib.admin',
    'django.contrib.auth',
    'django.contrib.contenttypes',
    'django.contrib.comments',
    'django.contrib.sessions',
    'django.contrib.sitemaps',
    'django.contrib.messages',
    'registration',
    'sorl.thumbnail',
    'keyedcache',
    'livesettings',
    'l10n',
    'satchmo_utils.thumbnail',
    'satchmo_store.contact',
    'tax',
    'tax.modules.no',
    'tax.modules.area',
    'tax.modules.percent',
    'shipping',
    'product',
    'product.modules.configurable',
    'product.modules.custom',
    'product.modules.downloadable',
    'product.modules.subscription',
    'payment',
    'payment.modules.dummy',
    'payment.modules.purchaseorder',
    'payment.modules.giftcertificate',
    'payment.modules.cod',
    'payment.modules.autosuccess',
    'satchmo_ext.tieredpricing',
    'satchmo_ext.brand',
    'satchmo_utils',
    'app_plugins',
    'satchmo_export',
    'teststore',
)

# TESTSTORE_PLAIN=1: the store without Satchmo's optional apps (a shop that never installed them)
OPTIONAL_APPS = ('product.modules.downloadable', 'product.modules.subscription', 'payment.modules.giftcertificate',
                 'payment.modules.cod', 'payment.modules.autosuccess', 'satchmo_ext.tieredpricing', 'satchmo_ext.brand')
if os.environ.get('TESTSTORE_PLAIN') == '1':
    INSTALLED_APPS = tuple(app for app in INSTALLED_APPS if app not in OPTIONAL_APPS)

AUTHENTICATION_BACKENDS = (
    'satchmo_store.accounts.email-auth.EmailBackend',
    'django.contrib.auth.backends.ModelBackend',
)

SATCHMO_SETTINGS = {
    'SHOP_BASE': '',
    'MULTISHOP': False,
}
SKIP_SOUTH_TESTS = True

CACHE_BACKEND = 'locmem:///'
CACHES = {'default': {'BACKEND': 'django.core.cache.backends.locmem.LocMemCache'}}
CACHE_TIMEOUT = 60 * 5
CACHE_PREFIX = 'S'
ACCOUNT_ACTIVATION_DAYS = 7

# TESTSTORE_CURRENCY=EURO: the store configured as public shops in euros are, with Satchmo's own key
if os.environ.get('TESTSTORE_CURRENCY') == 'EURO':
    L10N_SETTINGS = {'default_currency': 'EURO', 'currency_formats': {'EURO': {
        'symbol': u'\u20ac', 'positive': u'\u20ac%(val)0.2f', 'negative': u'-\u20ac%(val)0.2f', 'decimal': ','}}}

# Satchmo mails customers on status changes and payments: keep them here.
EMAIL_BACKEND = os.environ.get('SATCHMO_EMAIL_BACKEND', 'django.core.mail.backends.locmem.EmailBackend')

SATCHMO_EXPORT = {
    'TOKEN': os.environ.get('SATCHMO_EXPORT_TOKEN', ''),
}

LOGGING = {
    'version': 1,
    'disable_existing_loggers': False,
    'handlers': {
        # make test sets CRITICAL: the tests provoke refusals on purpose
        'console': {'level': os.environ.get('SATCHMO_CONSOLE_LOG', 'INFO'), 'class': 'logging.StreamHandler'},
    },
    'loggers': {
        'satchmo_export': {'handlers': ['console'], 'level': 'INFO'},
        'django.request': {'handlers': ['console'], 'level': 'ERROR'},
    },
}

TEST_RUNNER = 'teststore.runner.StoreTestRunner'
