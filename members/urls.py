"""Served in the ``accounts`` namespace with the account pages (see
``config.urls``): the names and paths are the ones members already have."""

from django.urls import path

from . import views

urlpatterns = [
    path("settings/export/", views.account_export, name="account_export"),
    path("settings/delete/", views.account_delete, name="account_delete"),
    path("members/<id:pk>/", views.profile, name="profile"),
]
