from django.urls import path

from . import review_views, routing_views, views

app_name = "forum"
urlpatterns = [
    path("", views.home, name="home"),
    path("conditions/", views.condition_list, name="condition_list"),
    path("conditions/<slug:slug>/", views.condition_detail, name="condition_detail"),
    path("ask/", views.thread_create, name="thread_create"),
    path("t/<id:pk>/", views.thread_detail, name="thread_detail"),
    path("t/<id:pk>/reply/", views.post_create, name="post_create"),
    path("p/<id:pk>/", views.post_detail, name="post_detail"),
    path("p/<id:pk>/edit/", views.post_edit, name="post_edit"),
    path("p/<id:pk>/history/", views.post_history, name="post_history"),
    path("p/<id:pk>/delete/", views.post_delete, name="post_delete"),
    path("p/<id:pk>/helpful/", views.post_helpful, name="post_helpful"),
    path("p/<id:pk>/accept/", views.post_accept, name="post_accept"),
    path("t/<id:pk>/unaccept/", views.thread_unaccept, name="thread_unaccept"),
    path("compose/preview/", views.preview, name="preview"),
    path("compose/draft/", views.draft_save, name="draft_save"),
    path("compose/draft/discard/", views.draft_discard, name="draft_discard"),
    path("inbox/", views.clinician_inbox, name="clinician_inbox"),
    path("p/<id:pk>/review/", review_views.post_review, name="post_review"),
    path(
        "p/<id:pk>/review/withdraw/",
        review_views.review_withdraw,
        name="review_withdraw",
    ),
    path(
        "p/<id:pk>/correction/",
        review_views.correction_create,
        name="correction_create",
    ),
    path(
        "corrections/<id:pk>/delete/",
        review_views.correction_delete,
        name="correction_delete",
    ),
    path("t/<id:pk>/claim/", routing_views.thread_claim, name="thread_claim"),
    path("t/<id:pk>/release/", routing_views.thread_release, name="thread_release"),
    path("t/<id:pk>/me-too/", routing_views.thread_me_too, name="thread_me_too"),
]
