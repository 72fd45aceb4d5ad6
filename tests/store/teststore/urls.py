from django.conf.urls.defaults import include, patterns, url

from satchmo_store.urls import urlpatterns

urlpatterns = patterns(
    '',
    url(r'^export/', include('satchmo_export.urls')),
) + urlpatterns
