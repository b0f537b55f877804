"""The site's URLs plus views that fail on purpose, for the error-page tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.urls import include, path

from core.ratelimit import RateLimited

SECRET = "internal-detail-7f3a"


def fail_400(request):
    raise SuspiciousOperation(SECRET)


def fail_403(request):
    raise PermissionDenied


def fail_404(request):
    raise Http404(SECRET)


def fail_429(request):
    raise RateLimited(240, SECRET)


def fail_500(request):
    raise RuntimeError(SECRET)


urlpatterns = [
    path("fail/400/", fail_400),
    path("fail/403/", fail_403),
    path("fail/404/", fail_404),
    path("fail/429/", fail_429),
    path("fail/500/", fail_500),
    path("", include("config.urls")),
]
