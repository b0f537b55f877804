from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _

from forum.models import Condition, Thread
from safety.models import WatchedWord

from .models import Flag, ModerationEvent

REASON_HELP = _("Recorded in the moderation log.")


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with this post?"),
        choices=Flag.Reason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Anything the moderators should know"),
        max_length=500,
        required=False,
        help_text=_(
            "Needed for medical misinformation and for something else. For "
            "misinformation, say what is wrong and, if you can, paste a link "
            "to a reliable source (such as an NHS, WHO or HAS page)."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        reason, note = data.get("reason"), data.get("note", "").strip()
        if reason == Flag.Reason.MISINFORMATION and not note:
            # Moderators aren't clinicians: they need the claim and, ideally,
            # a source that says otherwise to act on it.
            self.add_error(
                "note",
                _(
                    "Say what is medically wrong in this post and, if you can, "
                    "add a link to a reliable source that says otherwise."
                ),
            )
        elif reason == Flag.Reason.OTHER and not note:
            self.add_error("note", _("Tell the moderators what is wrong."))
        return data


class CorrectionActionForm(forms.Form):
    """Hide a correction note (a reason is required: its author reads it) or
    show it again."""

    action = forms.ChoiceField(choices=[("hide", _("Hide")), ("restore", _("Restore"))])
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, required=False, help_text=REASON_HELP
    )

    def clean(self):
        data = super().clean()
        if data.get("action") == "hide" and not data.get("reason", "").strip():
            self.add_error("reason", _("Say why the correction is hidden."))
        return data


class PostActionForm(forms.Form):
    ACTIONS = [
        ("approve", _("Approve")),
        ("hide", _("Hide")),
        ("restore", _("Restore")),
        ("dismiss", _("Dismiss flags")),
        ("escalate", _("Escalate to urgent")),
        ("not_risk", _("Not a risk")),
        ("reveal", _("Reveal the author")),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, required=False, help_text=REASON_HELP
    )

    def clean(self):
        data = super().clean()
        if data.get("action") == "hide" and not data.get("reason", "").strip():
            self.add_error("reason", _("Say why the post is hidden."))
        if data.get("action") == "reveal" and not data.get("reason", "").strip():
            self.add_error(
                "reason", _("Say why you need to know who wrote this anonymous post.")
            )
        return data


class BulkActionForm(PostActionForm):
    """The same actions on several posts, picked with checkboxes named ``posts``
    (not the reveal: that is one post at a time, with its own reason)."""

    ACTIONS = [a for a in PostActionForm.ACTIONS if a[0] != "reveal"]

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["action"].choices = self.ACTIONS
        self.post_ids = []
        if data is not None:
            self.post_ids = [int(v) for v in data.getlist("posts") if v.isdigit()]

    def clean(self):
        data = super().clean()
        if not self.post_ids:
            raise ValidationError(_("Select at least one item."), code="empty")
        if len(self.post_ids) > 100:
            raise ValidationError(_("Select at most 100 items."), code="too_many")
        return data


class ThreadActionForm(forms.Form):
    ACTIONS = [
        ("lock", _("Lock")),
        ("unlock", _("Unlock")),
        ("pin", _("Pin")),
        ("unpin", _("Unpin")),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, required=False, help_text=REASON_HELP
    )


class RetagForm(forms.Form):
    conditions = forms.ModelMultipleChoiceField(
        label=_("Conditions"),
        queryset=Condition.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, required=False, help_text=REASON_HELP
    )

    def clean_conditions(self):
        conditions = self.cleaned_data["conditions"]
        if len(conditions) > settings.FORUM_MAX_CONDITIONS_PER_THREAD:
            raise ValidationError(_("Pick at most 5 conditions."), code="too_many")
        return conditions


class MergeForm(forms.Form):
    target = forms.CharField(
        label=_("Merge into thread"),
        help_text=_("The number or the address of the thread to keep."),
        max_length=300,
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, required=False, help_text=REASON_HELP
    )

    def clean_target(self):
        value = self.cleaned_data["target"].strip()
        thread = None
        if value.isdigit():
            thread = Thread.objects.filter(pk=int(value)).first()
        else:
            # An address: only a thread's (/t/<id>/) or a post's (/p/<id>/,
            # meaning that post's thread) count; any other number is ignored.
            try:
                match = resolve(urlsplit(value).path)
            except Resolver404:
                match = None
            if match and match.view_name == "forum:thread_detail":
                thread = Thread.objects.filter(pk=match.kwargs["pk"]).first()
            elif match and match.view_name == "forum:post_detail":
                thread = Thread.objects.filter(posts__pk=match.kwargs["pk"]).first()
        if thread is None:
            raise ValidationError(
                _("Give a thread's number or address."), code="target"
            )
        return thread


class SanctionForm(forms.Form):
    KINDS = [
        ("warn", _("Warn")),
        ("suspend", _("Suspend")),
        ("ban", _("Ban")),
    ]
    kind = forms.ChoiceField(label=_("Sanction"), choices=KINDS)
    days = forms.IntegerField(
        label=_("Days (suspensions)"), min_value=1, max_value=365, required=False
    )
    reason = forms.CharField(
        label=_("Reason (the member reads it)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == "suspend" and not data.get("days"):
            self.add_error("days", _("Say for how many days."))
        return data


class LiftForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000)


class WatchedWordForm(forms.Form):
    word = forms.CharField(label=_("Word or phrase"), max_length=100)
    action = forms.ChoiceField(label=_("Action"), choices=WatchedWord.Action.choices)


class LogFilterForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("All actions")), *ModerationEvent.Action.choices],
    )
    actor = forms.CharField(label=_("By (display name)"), required=False)
    subject = forms.CharField(label=_("Concerning (display name)"), required=False)
    target = forms.ChoiceField(
        label=_("On"),
        required=False,
        choices=[
            ("", _("Anything")),
            ("post", _("Posts")),
            ("thread", _("Threads")),
            ("sanction", _("Sanctions")),
            ("clinicianapplication", _("Clinician applications")),
            ("clinicianprofile", _("Clinician profiles")),
            ("watchedword", _("Watched words")),
        ],
    )


class ApplicationDecisionForm(forms.Form):
    DECISIONS = [
        ("approve", _("Approve: verify this clinician")),
        ("request_info", _("Ask for more information")),
        ("reject", _("Reject")),
    ]
    decision = forms.ChoiceField(
        label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Message to the applicant"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to reject or to ask for information."),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("decision") in ("reject", "request_info")
            and not (data.get("reason") or "").strip()
        ):
            self.add_error(
                "reason",
                ValidationError(
                    _("Tell the applicant why, or what you need."), code="required"
                ),
            )
        return data


class ClinicianStatusForm(forms.Form):
    STATUSES = [
        ("suspended", _("Suspend verification")),
        ("revoked", _("Revoke verification")),
        ("verified", _("Reinstate verification")),
    ]
    status = forms.ChoiceField(label=_("Change"), choices=STATUSES)
    reason = forms.CharField(
        label=_("Reason (sent to the clinician)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ClinicianRenewForm(forms.Form):
    """A moderator found the registration on the register again: what they
    checked goes to the log (the clinician is told only that it holds)."""

    note = forms.CharField(
        label=_("What you checked"),
        max_length=1000,
        help_text=_(
            "For example: the register, the date, the name and status it shows."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
