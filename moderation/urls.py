from django.urls import path

from . import views

app_name = "moderation"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("posts/<id:pk>/", views.post_action, name="post_action"),
    path("corrections/<id:pk>/", views.correction_action, name="correction_action"),
    path("posts/bulk/", views.bulk_action, name="bulk_action"),
    path("threads/<id:pk>/", views.thread_action, name="thread_action"),
    path("threads/<id:pk>/retag/", views.thread_retag, name="thread_retag"),
    path("threads/<id:pk>/merge/", views.thread_merge, name="thread_merge"),
    path("members/<id:pk>/sanction/", views.member_sanction, name="member_sanction"),
    path("sanctions/<id:pk>/lift/", views.sanction_lift, name="sanction_lift"),
    path("log/", views.event_log, name="log"),
    path("decisions/<id:pk>/", views.decision, name="decision"),
    path("appeals/", views.appeal_list, name="appeals"),
    path("notices/", views.notice_list, name="notices"),
    path("words/", views.watched_words, name="watched_words"),
    path(
        "words/<id:pk>/delete/", views.watched_word_delete, name="watched_word_delete"
    ),
    path("flag/<id:pk>/", views.flag_create, name="flag_create"),
    path("my-flags/", views.my_flags, name="my_flags"),
]
