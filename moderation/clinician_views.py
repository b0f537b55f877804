"""Moderators' review of clinician applications and verifications, served
under /moderation/clinicians/."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import credentials, permissions
from accounts.models import ClinicianApplication, ClinicianProfile, User
from accounts.roles import can_moderate

from . import clinicians
from .forms import ApplicationDecisionForm, ClinicianRenewForm, ClinicianStatusForm
from .models import ModerationEvent


def _require_moderator(user):
    if not can_moderate(user):
        raise PermissionDenied(_("This page is for moderators."))


@login_required
def application_list(request):
    _require_moderator(request.user)
    status = request.GET.get("status", "open")
    applications = ClinicianApplication.objects.select_related("user").order_by(
        "submitted_at", "id"
    )
    if status == "open":
        applications = applications.filter(status__in=ClinicianApplication.OPEN_STATES)
    elif status in ClinicianApplication.Status.values:
        applications = applications.filter(status=status)
    page = Paginator(applications, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "moderation/clinicians/application_list.html",
        {"page_obj": page, "status": status, "statuses": ClinicianApplication.Status},
    )


@login_required
def application_detail(request, pk):
    _require_moderator(request.user)
    application = get_object_or_404(
        ClinicianApplication.objects.select_related("user", "decided_by"), pk=pk
    )
    form = ApplicationDecisionForm(request.POST or None)
    if request.method == "POST":
        if not permissions.can_review_application(request.user, application):
            raise PermissionDenied(_("You can't review your own application."))
        if form.is_valid():
            decide = {
                "approve": clinicians.clinician_application_approve,
                "reject": clinicians.clinician_application_reject,
                "request_info": clinicians.clinician_application_request_info,
            }[form.cleaned_data["decision"]]
            try:
                decide(
                    application=application,
                    moderator=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                # The form is gone once decided; say why on the page itself.
                messages.error(request, " ".join(exc.messages))
                return redirect("review:application_detail", pk=application.pk)
            messages.success(request, _("Decision recorded; the applicant is told."))
            return redirect("review:application_list")
    history = ModerationEvent.objects.filter(
        subject=application.user,
        action__startswith="clinician_",
    ).select_related("actor")
    return render(
        request,
        "moderation/clinicians/application_detail.html",
        {
            "application": application,
            "form": form,
            "history": history,
            "can_decide": application.is_open
            and permissions.can_review_application(request.user, application),
            "other_applications": application.user.clinician_applications.exclude(
                pk=application.pk
            ),
        },
    )


@login_required
def application_proof(request, pk):
    """Stream a proof document to a moderator; it has no public URL."""
    _require_moderator(request.user)
    application = get_object_or_404(ClinicianApplication, pk=pk)
    if not application.proof:
        raise Http404
    extension = application.proof.name.rsplit(".", 1)[-1]
    response = FileResponse(
        application.proof.open("rb"),
        as_attachment=True,
        filename=f"application-{application.pk}-proof.{extension}",
        content_type=application.proof_content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def clinician_status(request, pk):
    """Suspend, revoke or reinstate a clinician (moderators)."""
    _require_moderator(request.user)
    member = get_object_or_404(User, pk=pk)
    profile = get_object_or_404(ClinicianProfile, user=member)
    form = ClinicianStatusForm(request.POST)
    if form.is_valid():
        try:
            clinicians.clinician_status_change(
                profile=profile, moderator=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Clinician status changed."))
    else:
        messages.error(request, _("Choose a change and give a reason."))
    return redirect(member)


def _proofs_on_file(user_ids) -> dict[int, ClinicianApplication]:
    """Each member's latest approved application (the details and the proof
    the moderators checked), in one query."""
    latest: dict[int, ClinicianApplication] = {}
    applications = ClinicianApplication.objects.filter(
        user_id__in=user_ids, status=ClinicianApplication.Status.APPROVED
    ).order_by("user_id", "-decided_at", "-id")
    for application in applications:
        latest.setdefault(application.user_id, application)
    return latest


@login_required
def recheck_list(request):
    """Clinicians whose verification runs out within the reminder window, or
    has run out: the registration to check again on the public register,
    soonest first."""
    _require_moderator(request.user)
    window = timezone.now() + timedelta(days=credentials.RECHECK_WINDOW_DAYS)
    due = Q(status=ClinicianProfile.Status.EXPIRED) | Q(
        status=ClinicianProfile.Status.VERIFIED, verified_until__lte=window
    )
    profiles = ClinicianProfile.objects.filter(due).select_related("user")
    page = Paginator(
        profiles.order_by(F("verified_until").asc(nulls_first=True), "id"), 25
    ).get_page(request.GET.get("page"))
    proofs = _proofs_on_file([p.user_id for p in page.object_list])
    for profile in page.object_list:
        profile.application_on_file = proofs.get(profile.user_id)
        profile.renew_form = ClinicianRenewForm(auto_id=f"id_renew_{profile.pk}_%s")
    return render(
        request,
        "moderation/clinicians/recheck_list.html",
        {"page_obj": page, "now": timezone.now()},
    )


@login_required
@require_POST
def clinician_renew(request, pk):
    """ "Registration checked again: still valid" (moderators, not on
    themselves): a new period, logged with what was checked."""
    _require_moderator(request.user)
    profile = get_object_or_404(ClinicianProfile, pk=pk)
    form = ClinicianRenewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what you checked before renewing."))
        return redirect("review:recheck_list")
    try:
        clinicians.clinician_verification_renew(
            profile=profile, moderator=request.user, note=form.cleaned_data["note"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Renewed: %(name)s stays verified; they are told by email.")
            % {"name": profile.user.display_name},
        )
    return redirect("review:recheck_list")
