"""The liveness (``/healthz``) and readiness (``/readyz``) probes."""

from datetime import timedelta

import pytest
from django.test import RequestFactory, override_settings
from django.urls import path
from django.utils import timezone

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


@pytest.mark.django_db
def test_readyz_reports_each_part(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    found = response.json()
    assert found == {
        "database": "ok",
        "cache": "ok",
        "storage": "ok",
        "task_queue_age_seconds": None,  # Tasks run in-process here.
        "status": "ok",
    }
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_gives_the_age_of_the_oldest_waiting_task(client, settings):
    from django_tasks_db.models import DBTaskResult

    from notifications.tasks import deliver_notification_emails

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert client.get("/readyz").json()["task_queue_age_seconds"] == 0.0
    deliver_notification_emails.using(backend="default").enqueue(notification_ids=[])
    waited = timezone.now() - timedelta(minutes=2)
    assert DBTaskResult.objects.update(enqueued_at=waited) == 1
    assert 119 <= client.get("/readyz").json()["task_queue_age_seconds"] < 180


@pytest.mark.django_db
def test_probes_answer_over_plain_http_when_https_is_required(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/").status_code == 301


def test_a_database_outage_is_a_503_saying_when_to_retry():
    from django.db import OperationalError

    from config.views import server_error

    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b"briefly unavailable" in response.content
    try:
        raise ValueError("a bug")
    except ValueError:
        assert server_error(RequestFactory().get("/")).status_code == 500
