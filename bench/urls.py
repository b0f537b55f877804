"""The site's URLs with /healthz in front, until config/urls.py routes it."""

from django.urls import path

from config.urls import urlpatterns as site_urlpatterns
from health.views import healthz

urlpatterns = [path("healthz", healthz, name="healthz"), *site_urlpatterns]
