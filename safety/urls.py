from django.urls import path
from django.views.generic import TemplateView

from . import views

app_name = "safety"
urlpatterns = [
    path("support/crisis/", views.crisis, name="crisis"),
    path("contact/", views.contact, name="contact"),
    path(
        "about/", TemplateView.as_view(template_name="pages/about.html"), name="about"
    ),
    path(
        "privacy/",
        TemplateView.as_view(template_name="pages/privacy.html"),
        name="privacy",
    ),
    path(
        "guidelines/",
        TemplateView.as_view(template_name="pages/guidelines.html"),
        name="guidelines",
    ),
    path(
        "disclaimer/",
        TemplateView.as_view(template_name="pages/disclaimer.html"),
        name="disclaimer",
    ),
]
