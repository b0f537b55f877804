from django.contrib import admin
from django.urls import include, path

from accounts import urls as account_urls
from accounts import views as account_views
from health.views import healthz, readyz
from members import urls as member_urls
from moderation import views as moderation_views
from safety import views as safety_views

# A member's pages (profile, data export, deletion) share the account pages'
# namespace and paths: accounts:profile and so on.
account_pages = (account_urls.urlpatterns + member_urls.urlpatterns, "accounts")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("", include("forum.urls")),
    path("accounts/", include(account_pages)),
    # Django's switcher, wrapped to keep a member's choice for their emails.
    path("i18n/setlang/", account_views.set_language, name="set_language"),
    path("moderation/clinicians/", include("moderation.clinician_urls")),
    path("moderation/", include("moderation.urls")),
    path("transparency/", moderation_views.transparency, name="transparency"),
    path("report/", moderation_views.notice_create, name="notice_create"),
    path("search/", include("search.urls")),
    path("notifications/", include("notifications.urls")),
    path("admin/", admin.site.urls),
    path("", include("safety.urls")),
    path(".well-known/security.txt", safety_views.security_txt, name="security_txt"),
]

handler400 = "config.views.bad_request"
handler500 = "config.views.server_error"
