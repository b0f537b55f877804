"""The ceiling ``make bench`` compares CareThread with: a bare Django view (no
middleware, no apps, no template, no database), served by the same gunicorn
with the same number of workers in the same run. Both settings and WSGI
application:

    DJANGO_SETTINGS_MODULE=bench.bare gunicorn bench.bare:application
"""

from django.http import HttpResponse
from django.urls import path

DEBUG = False
SECRET_KEY = "bench-bare-view-not-a-secret"  # noqa: S105 - serves one fixed page
ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = __name__
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES: dict = {}
USE_TZ = True


def hello(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("", hello), path("healthz", hello)]

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
