from django.contrib import admin
from django.urls import include, path

from health.views import healthz
from safety import views as safety_views

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("", include("forum.urls")),
    path("accounts/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("moderation/clinicians/", include("moderation.clinician_urls")),
    path("moderation/", include("moderation.urls")),
    path("search/", include("search.urls")),
    path("notifications/", include("notifications.urls")),
    path("admin/", admin.site.urls),
    path("", include("safety.urls")),
    path(".well-known/security.txt", safety_views.security_txt, name="security_txt"),
]
