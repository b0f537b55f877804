from django.urls import path

from . import feeds, views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="notification_list"),
    path("<id:pk>/read/", views.notification_read, name="notification_read"),
    path("read-all/", views.notification_read_all, name="notification_read_all"),
    path("following/", views.follow_list, name="follow_list"),
    path("follow/thread/<id:pk>/", views.follow_thread, name="follow_thread"),
    path("unfollow/thread/<id:pk>/", views.unfollow_thread, name="unfollow_thread"),
    path(
        "follow/condition/<slug:slug>/",
        views.follow_condition,
        name="follow_condition",
    ),
    path(
        "unfollow/condition/<slug:slug>/",
        views.unfollow_condition,
        name="unfollow_condition",
    ),
    path("preferences/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("feeds/latest/", feeds.LatestThreadsFeed(), name="feed_latest"),
    path(
        "feeds/conditions/<slug:slug>/",
        feeds.ConditionThreadsFeed(),
        name="feed_condition",
    ),
]
