"""Applying as a clinician through the views: the form, proof documents,
withdrawing."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import ClinicianApplication
from tests.clinician_helpers import (  # noqa: F401  (fixture)
    EXE_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    application_form,
    condition,
    private_media,
    stored_files,
    submit_application,
    text,
)

# Proof documents go to a temporary folder in every test here.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


# Applying ---------------------------------------------------------------------


def test_apply_page_explains_privacy_and_offers_the_form(client, member):
    client.force_login(member)
    response = client.get(reverse("accounts:clinician_apply"))
    page = text(response)
    assert response.status_code == 200
    assert "seen only by the moderators" in page
    assert "Send application" in page
    assert "PDF, PNG or JPEG, up to 5 MB" in page


def test_valid_application_with_pdf_is_pending_and_proof_is_stored_privately(
    client,
    member,
    private_media,  # noqa: F811  (the fixture)
):
    ms, ra = condition(), condition("rheumatoid-arthritis")
    client.force_login(member)
    response = client.post(
        reverse("accounts:clinician_apply"), application_form(ms, ra), follow=True
    )
    assert response.redirect_chain == [(reverse("accounts:clinician_apply"), 302)]
    page = text(response)
    assert "Your application is sent" in page
    assert "Your clinician application: Awaiting review" in page
    assert "Send application" not in page  # No second form while it waits.

    application = ClinicianApplication.objects.get(user=member)
    assert application.status == ClinicianApplication.Status.PENDING
    assert set(application.conditions.all()) == {ms, ra}
    assert application.registration_number == "GMC 7654321"
    assert application.proof_content_type == "application/pdf"
    # Stored under the private root, named by the site, not by the uploader.
    path = Path(application.proof.path).resolve()
    assert path.is_relative_to(private_media.resolve())
    assert path.read_bytes() == PDF_BYTES
    assert "Jane" not in application.proof.name
    assert "certificate" not in application.proof.name
    assert application.proof.name.endswith(".pdf")
    assert stored_files() == [application.proof.name]


def test_png_proof_is_accepted_and_typed_by_its_content(client, member):
    client.force_login(member)
    upload = SimpleUploadedFile("scan.pdf", PNG_BYTES, content_type="application/pdf")
    response = client.post(
        reverse("accounts:clinician_apply"), application_form(proof=upload)
    )
    assert response.status_code == 302
    application = ClinicianApplication.objects.get(user=member)
    assert application.proof_content_type == "image/png"
    assert application.proof.name.endswith(".png")


def test_second_application_while_one_is_open_is_refused_without_second_row(
    client, member
):
    client.force_login(member)
    assert (
        client.post(reverse("accounts:clinician_apply"), application_form()).status_code
        == 302
    )
    files = stored_files()
    page = text(client.get(reverse("accounts:clinician_apply")))
    assert "Awaiting review" in page
    assert "Send application" not in page
    # A double submit / forged POST is refused and adds nothing.
    response = client.post(
        reverse("accounts:clinician_apply"),
        application_form(specialty="Something else entirely"),
    )
    assert response.status_code == 403
    assert ClinicianApplication.objects.filter(user=member).count() == 1
    assert ClinicianApplication.objects.get(user=member).specialty == "Neurology"
    assert stored_files() == files


def test_second_application_refusal_tells_the_member_why(client, member):
    client.force_login(member)
    client.post(reverse("accounts:clinician_apply"), application_form())
    response = client.post(reverse("accounts:clinician_apply"), application_form())
    assert response.status_code == 403
    assert "already awaiting review" in text(response)


def renamed_executable():
    return SimpleUploadedFile("cert.pdf", EXE_BYTES, content_type="application/pdf")


def fifty_mb_pdf():
    return SimpleUploadedFile(
        "cert.pdf", b"%PDF-" + b"0" * (50 * 1024 * 1024), content_type="application/pdf"
    )


@pytest.mark.parametrize(
    ("make_upload", "message"),
    [
        pytest.param(
            renamed_executable, "This file is none of those", id="renamed-executable"
        ),
        pytest.param(fifty_mb_pdf, "the limit is 5 MB", id="50-mb-pdf"),
    ],
)
def test_bad_proof_is_refused_leaving_no_row_and_no_file(
    client, member, make_upload, message
):
    client.force_login(member)
    response = client.post(
        reverse("accounts:clinician_apply"), application_form(proof=make_upload())
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["proof"])
    assert message in errors
    assert message in text(response)
    assert not ClinicianApplication.objects.exists()
    assert stored_files() == []


def test_fifty_mb_refusal_reports_the_size(client, member):
    client.force_login(member)
    response = client.post(
        reverse("accounts:clinician_apply"), application_form(proof=fifty_mb_pdf())
    )
    assert "The file is 50.0 MB; the limit is 5 MB." in text(response)


def test_missing_required_fields_show_errors_and_create_nothing(client, member):
    client.force_login(member)
    response = client.post(reverse("accounts:clinician_apply"), {"bio": "Too short"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    for field in (
        "profession",
        "specialty",
        "registration_number",
        "issuing_body",
        "country",
        "conditions",
    ):
        assert "This field is required." in errors[field], field
    assert "at least 20 characters" in " ".join(errors["bio"])
    assert "This field is required." in text(response)
    assert not ClinicianApplication.objects.exists()
    assert stored_files() == []


def test_application_without_proof_is_accepted(client, member):
    client.force_login(member)
    response = client.post(
        reverse("accounts:clinician_apply"), application_form(proof=None)
    )
    assert response.status_code == 302
    application = ClinicianApplication.objects.get(user=member)
    assert not application.proof
    assert stored_files() == []


def test_applicant_withdraws_and_can_apply_again(client, member):
    application = submit_application(member)
    client.force_login(member)
    response = client.post(reverse("accounts:clinician_withdraw"), follow=True)
    assert "Your application is withdrawn." in text(response)
    application.refresh_from_db()
    assert application.status == ClinicianApplication.Status.WITHDRAWN
    assert "Send application" in text(response)
    assert (
        client.post(reverse("accounts:clinician_apply"), application_form()).status_code
        == 302
    )
    assert list(
        ClinicianApplication.objects.filter(user=member).values_list(
            "status", flat=True
        )
    ) == ["withdrawn", "pending"]
