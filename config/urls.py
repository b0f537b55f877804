from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("forum.urls")),
    path("accounts/", include("accounts.urls")),
    path("moderation/clinicians/", include("accounts.review_urls")),
    path("moderation/", include("moderation.urls")),
    path("search/", include("search.urls")),
    path("notifications/", include("notifications.urls")),
    path("admin/", admin.site.urls),
]
