"""The ``healthz`` liveness probe."""

import pytest
from django.test import RequestFactory, override_settings
from django.urls import path

from health.views import healthz

# A throwaway URLconf, so these tests don't depend on config/urls.py.
urlpatterns = [path("healthz", healthz)]


def test_healthz_says_ok_as_plain_text():
    response = healthz(RequestFactory().get("/healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"] == "text/plain"


def test_healthz_refuses_writes():
    assert healthz(RequestFactory().post("/healthz")).status_code == 405


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_healthz_runs_no_query_and_sets_no_cookie(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert not response.cookies
