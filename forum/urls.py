from django.urls import path

from . import views

app_name = "forum"
urlpatterns = [
    path("", views.home, name="home"),
    path("conditions/", views.condition_list, name="condition_list"),
    path("conditions/<slug:slug>/", views.condition_detail, name="condition_detail"),
    path("ask/", views.thread_create, name="thread_create"),
    path("t/<int:pk>/", views.thread_detail, name="thread_detail"),
    path("t/<int:pk>/reply/", views.post_create, name="post_create"),
    path("p/<int:pk>/", views.post_detail, name="post_detail"),
    path("p/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("p/<int:pk>/delete/", views.post_delete, name="post_delete"),
    path("p/<int:pk>/helpful/", views.post_helpful, name="post_helpful"),
    path("p/<int:pk>/accept/", views.post_accept, name="post_accept"),
    path("t/<int:pk>/unaccept/", views.thread_unaccept, name="thread_unaccept"),
    path("inbox/", views.clinician_inbox, name="clinician_inbox"),
]
