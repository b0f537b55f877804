"""Clinicians' proof files in an S3-compatible bucket (moto's server on
127.0.0.1, reached over HTTP through django-storages), as configured for
several app nodes: stored privately, served to moderators only through the
app, deleted when replaced or when the member leaves."""

import secrets

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import ClinicianApplication
from members import services as member_services
from tests import factories
from tests.clinician_helpers import (
    PDF_BYTES,
    application_form,
    private_media,  # noqa: F401  (autouse: no proof reaches the project's folder)
    submit_application,
)
from tests.s3_server import ACCESS_KEY, REGION, SECRET_KEY, S3Server

PUBLIC_GROUPS = (
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
)


@pytest.fixture(scope="module")
def s3():
    server = S3Server().start()
    yield server
    server.stop()


@pytest.fixture
def bucket(s3, settings):
    """A fresh bucket, and the app's private storage pointed at it the way
    config/settings.py does when DJANGO_S3_BUCKET is set."""
    name = f"proofs-{secrets.token_hex(4)}"
    s3.make_bucket(name)
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": name,
                "endpoint_url": s3.url,
                "region_name": REGION,
                "access_key": ACCESS_KEY,
                "secret_key": SECRET_KEY,
                "location": "private",
                "default_acl": "private",
                "file_overwrite": False,
            },
        },
    }
    return name


def objects(s3, bucket) -> list[str]:
    listed = s3.client().list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listed.get("Contents", []))


def test_proof_uploaded_through_the_form_lands_privately_in_the_bucket(
    client,
    member,
    s3,
    bucket,
    private_media,  # noqa: F811
):
    client.force_login(member)
    response = client.post(reverse("accounts:clinician_apply"), application_form())
    assert response.status_code == 302
    application = ClinicianApplication.objects.get(user=member)
    key = f"private/{application.proof.name}"
    assert objects(s3, bucket) == [key]
    assert s3.client().get_object(Bucket=bucket, Key=key)["Body"].read() == PDF_BYTES
    # Not on the node's disk, and nobody but the owner has a grant.
    assert not private_media.exists() or not any(private_media.rglob("*.pdf"))
    grants = s3.client().get_object_acl(Bucket=bucket, Key=key)["Grants"]
    assert not [g for g in grants if g["Grantee"].get("URI") in PUBLIC_GROUPS]
    with pytest.raises(ValueError):
        application.proof.url  # noqa: B018


def test_moderator_downloads_the_bucket_file_through_the_app(
    client, moderator, member, bucket
):
    application = submit_application(member)
    url = reverse("review:application_proof", args=[application.pk])
    client.force_login(moderator)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert "no-store" in response["Cache-Control"]
    # Another member asking for it gets nothing of it.
    other = Client()
    other.force_login(factories.UserFactory())
    refused = other.get(url)
    assert refused.status_code == 403 and PDF_BYTES not in refused.content


def test_replaced_proof_is_deleted_from_the_bucket(
    client, moderator, member, s3, bucket, django_capture_on_commit_callbacks
):
    application = submit_application(member)
    first = f"private/{application.proof.name}"
    client.force_login(moderator)
    client.post(
        reverse("review:application_detail", args=[application.pk]),
        {"decision": "request_info", "reason": "A clearer scan, please."},
    )
    applicant = Client()
    applicant.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = applicant.post(
            reverse("accounts:clinician_apply"), application_form()
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert objects(s3, bucket) == [f"private/{application.proof.name}"]
    assert first not in objects(s3, bucket)


def test_leaving_member_s_proof_is_deleted_from_the_bucket(
    member, s3, bucket, django_capture_on_commit_callbacks
):
    member.set_password("a long enough password")
    member.save()
    submit_application(member)
    assert len(objects(s3, bucket)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        member_services.account_delete(
            user=member, password="a long enough password", delete_posts=False
        )
    assert objects(s3, bucket) == []


def test_readiness_reports_the_storage(client, db, s3, bucket, settings):
    assert client.get("/readyz").json()["storage"] == "ok"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            **settings.STORAGES["private"],
            "OPTIONS": {
                **settings.STORAGES["private"]["OPTIONS"],
                "bucket_name": "no-such-bucket",
            },
        },
    }
    found = client.get("/readyz")
    # Proofs can't be stored or read, but the forum serves: degraded, not down.
    assert found.status_code == 200
    assert found.json()["storage"] == "down"
    assert found.json()["status"] == "degraded"
