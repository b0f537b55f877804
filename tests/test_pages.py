"""Every main page renders under the strict CSP: no inline script or style."""

import html5lib
import pytest
from django.urls import reverse

from tests.factories import reply

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(thread, member, condition):
    reply(thread)
    question = thread.posts.get(is_question=True)
    return {
        "anonymous": [
            reverse("forum:home"),
            reverse("forum:condition_list"),
            condition.get_absolute_url(),
            thread.get_absolute_url(),
            member.get_absolute_url(),
            reverse("accounts:login"),
            reverse("accounts:signup"),
            reverse("accounts:password_reset"),
            reverse("search:search") + "?q=fatigue",
            reverse("accounts:signup_done"),
            reverse("safety:about"),
            reverse("safety:privacy"),
            reverse("safety:guidelines"),
            reverse("safety:disclaimer"),
            reverse("safety:contact"),
            reverse("safety:crisis") + f"?post={question.pk}",
        ],
        "member": [
            reverse("forum:thread_create"),
            reverse("forum:post_edit", args=[question.pk]),
            reverse("forum:post_delete", args=[question.pk]),
            reverse("accounts:settings"),
            reverse("accounts:password_change"),
            thread.get_absolute_url(),
            reverse("notifications:notification_list"),
            reverse("notifications:follow_list"),
            reverse("notifications:preferences"),
            reverse("accounts:account_delete"),
            reverse("safety:contact"),
        ],
    }


def _problems(markup: str) -> list[str]:
    doc = html5lib.parse(markup, treebuilder="etree", namespaceHTMLElements=False)
    found = []
    for el in doc.iter():
        # JSON data blocks (json_script) are not executed, so CSP allows them.
        if (
            el.tag == "script"
            and not el.get("src")
            and el.get("type") != "application/json"
        ):
            found.append("inline <script>")
        if el.tag == "style":
            found.append("<style> element")
        for name in el.attrib:
            if name == "style" or name.lower().startswith("on"):
                found.append(f"{name}= on <{el.tag}>")
    return found


def test_main_pages_have_no_inline_script_style_or_handlers(client, member, pages):
    for url in pages["anonymous"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _problems(response.content.decode()) == [], url
    client.force_login(member)
    for url in pages["member"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _problems(response.content.decode()) == [], url


def test_pages_send_strict_content_security_policy(client):
    response = client.get(reverse("forum:home"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_assets_are_served_locally(client):
    body = client.get(reverse("forum:home")).content.decode()
    doc = html5lib.parse(body, treebuilder="etree", namespaceHTMLElements=False)
    for el in doc.iter():
        for attr in ("src", "href"):
            value = el.get(attr) or ""
            if el.tag in ("script", "link", "img"):
                assert not value.startswith(("http:", "https:", "//")), value


def test_every_form_field_has_a_label(client, member):
    # Visitors see the contact form's email and name fields.
    _assert_labelled(client, reverse("safety:contact"))
    client.force_login(member)
    for url in (reverse("forum:thread_create"), reverse("accounts:settings")):
        doc = html5lib.parse(
            client.get(url).content.decode(),
            treebuilder="etree",
            namespaceHTMLElements=False,
        )
        labelled = {el.get("for") for el in doc.iter("label")}
        for field in doc.iter():
            if field.tag in ("input", "textarea", "select") and field.get(
                "type"
            ) not in ("hidden", "submit"):
                assert field.get("id") in labelled, (url, field.get("name"))


def _assert_labelled(client, url):
    doc = html5lib.parse(
        client.get(url).content.decode(),
        treebuilder="etree",
        namespaceHTMLElements=False,
    )
    labelled = {el.get("for") for el in doc.iter("label")}
    for field in doc.iter():
        if field.tag in ("input", "textarea", "select") and field.get("type") not in (
            "hidden",
            "submit",
        ):
            assert field.get("id") in labelled, (url, field.get("name"))


def test_personal_data_warning_has_no_inline_script_or_style(client, member, thread):
    client.force_login(member)
    response = client.post(
        reverse("forum:post_create", args=[thread.pk]),
        {"body": "Call me on 07700 900123 <b onclick=x()>now</b> please."},
    )
    assert "<mark>07700 900123</mark>" in response.content.decode()
    assert _problems(response.content.decode()) == []
