"""Moderators' review of clinician applications, under /moderation/clinicians/."""

from django.urls import path

from . import clinician_views as views

app_name = "review"
urlpatterns = [
    path("", views.application_list, name="application_list"),
    path("<id:pk>/", views.application_detail, name="application_detail"),
    path("<id:pk>/proof/", views.application_proof, name="application_proof"),
    path("members/<id:pk>/status/", views.clinician_status, name="clinician_status"),
    path("rechecks/", views.recheck_list, name="recheck_list"),
    path("rechecks/<id:pk>/renew/", views.clinician_renew, name="clinician_renew"),
]
