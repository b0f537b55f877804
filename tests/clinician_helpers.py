"""Shared by the clinician verification tests: the applicant's side
(tests/accounts) and the moderators' (tests/moderation)."""

import re
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts import services
from accounts.models import ClinicianApplication, ClinicianProfile
from forum.models import Condition, HelpfulMark, Post, Thread
from moderation.models import ModerationEvent

PDF_BYTES = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" * 8
BIO = "Consultant neurologist; I run a multiple sclerosis clinic in Leeds."
BADGE = "Physician · Neurology · Verified"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Proof documents go to a temporary folder, never the project's."""
    root = tmp_path / "private"
    settings.PRIVATE_MEDIA_ROOT = root
    return root


def stored_files() -> list[str]:
    root = Path(django_settings.PRIVATE_MEDIA_ROOT)
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def pdf_upload(name="Jane-Doe-GMC-certificate.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def text(response) -> str:
    """The page's visible text, tags removed and whitespace collapsed."""
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(unescape(html).split())


def condition(slug="multiple-sclerosis") -> Condition:
    return Condition.objects.get(slug=slug)


def application_form(*conditions, proof="pdf", **overrides) -> dict:
    """POST data for the application form."""
    data = {
        "profession": "physician",
        "specialty": "Neurology",
        "registration_number": "GMC 7654321",
        "issuing_body": "General Medical Council",
        "country": "United Kingdom",
        "conditions": [c.pk for c in conditions or [condition()]],
        "bio": BIO,
    }
    if proof == "pdf":
        data["proof"] = pdf_upload()
    elif proof is not None:
        data["proof"] = proof
    data.update(overrides)
    return data


def submit_application(user, *conditions, proof=True, **overrides):
    """Open an application through the service (setup, not under test)."""
    fields = {
        "profession": "physician",
        "specialty": "Neurology",
        "registration_number": "GMC 1234567",
        "issuing_body": "General Medical Council",
        "country": "United Kingdom",
        "conditions": list(conditions) or [condition()],
        "bio": BIO,
        **overrides,
    }
    return services.clinician_application_submit(
        user=user,
        proof=SimpleUploadedFile("proof.pdf", PDF_BYTES) if proof else None,
        proof_content_type="application/pdf" if proof else "",
        **fields,
    )


def snapshot() -> dict:
    """Everything a refused request must leave untouched."""
    return {
        "applications": list(
            ClinicianApplication.objects.order_by("pk").values_list(
                "pk",
                "user_id",
                "status",
                "specialty",
                "proof",
                "submitted_at",
                "decided_at",
                "decided_by_id",
                "decision_reason",
            )
        ),
        "application_conditions": list(
            ClinicianApplication.conditions.through.objects.order_by("pk").values_list(
                "clinicianapplication_id", "condition_id"
            )
        ),
        "profiles": list(
            ClinicianProfile.objects.order_by("pk").values_list(
                "pk", "user_id", "status", "verified_at", "status_changed_at"
            )
        ),
        "profile_conditions": list(
            ClinicianProfile.conditions.through.objects.order_by("pk").values_list(
                "clinicianprofile_id", "condition_id"
            )
        ),
        "events": list(
            ModerationEvent.objects.order_by("pk").values_list(
                "pk", "actor_id", "action", "subject_id", "target_id", "reason"
            )
        ),
        "helpful": list(
            HelpfulMark.objects.order_by("pk").values_list("pk", "post_id", "user_id")
        ),
        "threads": list(
            Thread.objects.order_by("pk").values_list(
                "pk", "accepted_post_id", "has_clinician_answer", "reply_count"
            )
        ),
        "posts": list(
            Post.objects.order_by("pk").values_list("pk", "helpful_count", "visibility")
        ),
        "files": stored_files(),
    }


def assert_login_redirect(response, url):
    assert response.status_code == 302
    target = urlsplit(response.url)
    assert target.path == reverse("accounts:login")
    assert parse_qs(target.query)["next"] == [url]
