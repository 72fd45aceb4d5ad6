# -*- coding: utf-8 -*-
"""Include under one prefix: url(r'^export/', include('satchmo_export.urls'))."""
from django.conf.urls.defaults import patterns, url

urlpatterns = patterns(
    'satchmo_export.views',
    url(r'^$', 'meta', name='satchmo_export_meta'),
    url(r'^setup/$', 'setup', name='satchmo_export_setup'),
    url(r'^(?P<resource>countries|categories|products|contacts|orders)/$', 'listing', name='satchmo_export_list'),
    url(r'', 'unknown'),   # anything else under the prefix: a JSON 404, after the token check
)
