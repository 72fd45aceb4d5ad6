from django.conf.urls.defaults import patterns

urlpatterns = patterns('satchmo_export.views')
