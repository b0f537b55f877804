"""An administrator sets a condition's answer target; new questions in it are
due that much later, and routed by it."""

from datetime import timedelta

import pytest
from django.urls import reverse

from forum import services
from forum.models import Condition
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_answer_target_is_set_in_the_admin_and_used_for_new_questions(
    admin_client,
):
    condition = Condition.objects.get(slug="asthma")
    url = reverse("admin:forum_condition_change", args=[condition.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["answer_target_hours"] = 6
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    condition.refresh_from_db()
    assert condition.answer_target_hours == 6
    posted = services.ask(
        author=factories.UserFactory(),
        title="Peak flow dropping every evening?",
        body="My readings fall by a third after dinner.",
        conditions=[condition],
    )
    thread = posted.post.thread
    assert thread.answer_due_at - thread.created_at == timedelta(hours=6)
    assert thread.next_escalation_at - thread.created_at == timedelta(hours=3)


def test_a_target_out_of_range_is_refused_and_nothing_can_be_deleted(admin_client):
    condition = Condition.objects.get(slug="asthma")
    url = reverse("admin:forum_condition_change", args=[condition.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["answer_target_hours"] = 0
    response = admin_client.post(url, data)
    assert response.status_code == 200  # The form again, with its error.
    condition.refresh_from_db()
    assert condition.answer_target_hours == 24
    delete = reverse("admin:forum_condition_delete", args=[condition.pk])
    assert admin_client.get(delete).status_code == 403
