from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts import throttle
from accounts.models import Sanction, User
from accounts.roles import can_moderate
from core.clientip import client_ip
from core.links import safe_next
from forum import selectors as forum_selectors
from forum.models import CorrectionNote, Post, Thread
from forum.permissions import can_view_thread
from safety.models import WatchedWord

from . import appeals, notices, permissions, selectors, services
from . import transparency as transparency_report
from .forms import (
    BulkActionForm,
    CorrectionActionForm,
    FlagForm,
    LiftForm,
    LogFilterForm,
    MergeForm,
    PostActionForm,
    RetagForm,
    SanctionForm,
    ThreadActionForm,
    WatchedWordForm,
)
from .models import Flag, ModerationEvent, Notice

POST_ACTIONS = {
    "approve": services.post_approve,
    "hide": services.post_hide,
    "restore": services.post_restore,
    "dismiss": services.flags_dismiss,
    "escalate": services.risk_escalate,
    "not_risk": services.risk_dismiss,
}
POST_DONE = {
    "approve": gettext_lazy("Post approved and published."),
    "hide": gettext_lazy("Post hidden; the author is told why."),
    "restore": gettext_lazy("Post restored."),
    "dismiss": gettext_lazy("Flags dismissed."),
    "escalate": gettext_lazy("Moved to the urgent queue."),
    "not_risk": gettext_lazy(
        "Closed as not a risk; kept, without the member, as an example."
    ),
}
THREAD_DONE = {
    "lock": gettext_lazy("Thread locked."),
    "unlock": gettext_lazy("Thread unlocked."),
    "pin": gettext_lazy("Thread pinned."),
    "unpin": gettext_lazy("Thread unpinned."),
}
THREAD_ACTIONS = {
    "lock": services.thread_lock,
    "unlock": services.thread_unlock,
    "pin": services.thread_pin,
    "unpin": services.thread_unpin,
}


def _moderator_only(request) -> None:
    if not can_moderate(request.user):
        raise PermissionDenied(_("This page is for moderators."))


def _back(request, fallback):
    """Return to the page the action came from, if it is one of ours."""
    return redirect(safe_next(request, fallback))


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# Members: flags -----------------------------------------------------------


@login_required
def flag_create(request, pk):
    post = forum_selectors.post_get_for_user(user=request.user, pk=pk)
    if not permissions.can_flag(request.user, post):
        if request.user.suspended_until:
            raise PermissionDenied(
                _("You are suspended until %(until)s and can't flag posts.")
                % {"until": request.user.suspended_until.strftime("%d %b %Y %H:%M")}
            )
        raise PermissionDenied(_("You can't flag this post."))
    already = Flag.objects.filter(
        post=post, reporter=request.user, state=Flag.State.OPEN
    ).exists()
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        throttle.action_check(request.user, "flag")
        try:
            services.flag_create(post=post, reporter=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            throttle.action_record(request.user, "flag")
            messages.success(
                request, _("Thank you. The moderators will look at this post.")
            )
            # The flag may have hidden the thread (a flagged question).
            post.thread.refresh_from_db(fields=["visibility"])
            if can_view_thread(request.user, post.thread):
                return redirect(post.thread)
            return redirect("moderation:my_flags")
    return render(
        request,
        "moderation/flag_form.html",
        {"form": form, "post": post, "already": already},
    )


@login_required
def my_flags(request):
    flags = (
        Flag.objects.filter(reporter=request.user)
        .select_related("post__thread")
        .order_by("-created_at")
    )
    page = Paginator(flags, 25).get_page(request.GET.get("page"))
    return render(request, "moderation/my_flags.html", {"page_obj": page})


# Moderators: the queue ----------------------------------------------------

TABS = ("flags", "urgent", "possible", "pending")


@login_required
def queue(request):
    _moderator_only(request)
    tab = request.GET.get("tab", "flags")
    if tab not in TABS:
        tab = "flags"
    if tab == "pending":
        items = selectors.post_list_pending()
    else:
        items = selectors.post_list_flagged(
            urgent_only=tab == "urgent", possible_only=tab == "possible"
        )
    page = Paginator(items, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "moderation/queue.html",
        {
            "tab": tab,
            "page_obj": page,
            "counts": selectors.queue_counts(),
            "action_form": PostActionForm(),
        },
    )


@login_required
@require_POST
def post_action(request, pk):
    _moderator_only(request)
    post = get_object_or_404(Post, pk=pk)
    form = PostActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(ValidationError(list(form.errors.values()))))
        return _back(request, "moderation:queue")
    if form.cleaned_data["action"] == "reveal":
        return _reveal(request, post, form.cleaned_data["reason"])
    try:
        POST_ACTIONS[form.cleaned_data["action"]](
            post=post, moderator=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, POST_DONE[form.cleaned_data["action"]])
    return _back(request, "moderation:queue")


@login_required
@require_POST
def correction_action(request, pk):
    """Hide or restore a correction note, then back to where the moderator was."""
    _moderator_only(request)
    note = get_object_or_404(CorrectionNote, pk=pk)
    form = CorrectionActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(ValidationError(list(form.errors.values()))))
        return _back(request, "moderation:queue")
    action = form.cleaned_data["action"]
    act = services.correction_hide if action == "hide" else services.correction_restore
    try:
        act(note=note, moderator=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(
            request,
            _("The correction is hidden; its author is told why.")
            if action == "hide"
            else _("The correction is shown again."),
        )
    return _back(request, "moderation:queue")


def _reveal(request, post, reason):
    try:
        author = services.post_reveal_author(
            post=post, moderator=request.user, reason=reason
        )
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.warning(
            request,
            _(
                "This anonymous post was written by %(name)s (username "
                "%(username)s). Your reason is in the log; keep it to yourself "
                "unless acting on it."
            )
            % {"name": author.display_name, "username": author.username},
        )
    return _back(request, "moderation:queue")


@login_required
@require_POST
def bulk_action(request):
    _moderator_only(request)
    form = BulkActionForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _errors(
                ValidationError(
                    form.errors.get("__all__") or list(form.errors.values())
                )
            ),
        )
        return _back(request, "moderation:queue")
    action = POST_ACTIONS[form.cleaned_data["action"]]
    posts = list(Post.objects.filter(pk__in=form.post_ids))
    try:
        # All or nothing: a refusal on one item leaves every item unchanged.
        with transaction.atomic():
            for post in posts:
                action(
                    post=post,
                    moderator=request.user,
                    reason=form.cleaned_data["reason"],
                )
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(
            request, _("Done for %(count)d items.") % {"count": len(posts)}
        )
    return _back(request, "moderation:queue")


# Moderators: threads ------------------------------------------------------


@login_required
@require_POST
def thread_action(request, pk):
    _moderator_only(request)
    thread = get_object_or_404(Thread, pk=pk)
    form = ThreadActionForm(request.POST)
    if form.is_valid():
        THREAD_ACTIONS[form.cleaned_data["action"]](
            thread=thread, moderator=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, THREAD_DONE[form.cleaned_data["action"]])
    else:
        messages.error(request, _("Choose an action."))
    return redirect(thread)


@login_required
def thread_retag(request, pk):
    _moderator_only(request)
    thread = get_object_or_404(Thread, pk=pk)
    form = RetagForm(
        request.POST or None, initial={"conditions": list(thread.conditions.all())}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.thread_retag(
                thread=thread, moderator=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Conditions updated."))
            return redirect(thread)
    return render(
        request,
        "moderation/thread_form.html",
        {"form": form, "thread": thread, "heading": _("Change conditions")},
    )


@login_required
def thread_merge(request, pk):
    _moderator_only(request)
    thread = get_object_or_404(Thread, pk=pk)
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            target = services.thread_merge(
                source=thread,
                target=form.cleaned_data["target"],
                moderator=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Threads merged."))
            return redirect(target)
    return render(
        request,
        "moderation/thread_form.html",
        {"form": form, "thread": thread, "heading": _("Merge into another thread")},
    )


# Moderators: members ------------------------------------------------------


@login_required
@require_POST
def member_sanction(request, pk):
    _moderator_only(request)
    member = get_object_or_404(User, pk=pk)
    if not permissions.can_sanction(request.user, member):
        raise PermissionDenied(_("You can't sanction this member."))
    form = SanctionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(ValidationError(list(form.errors.values()))))
        return redirect(member)
    data = form.cleaned_data
    try:
        if data["kind"] == "warn":
            services.user_warn(
                user=member, moderator=request.user, reason=data["reason"]
            )
        elif data["kind"] == "suspend":
            services.user_suspend(
                user=member,
                moderator=request.user,
                reason=data["reason"],
                duration=timedelta(days=data["days"]),
            )
        else:
            services.user_ban(
                user=member, moderator=request.user, reason=data["reason"]
            )
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("Sanction recorded; the member is told."))
    return redirect(member)


@login_required
@require_POST
def sanction_lift(request, pk):
    _moderator_only(request)
    sanction = get_object_or_404(Sanction.objects.select_related("user"), pk=pk)
    if not permissions.can_sanction(request.user, sanction.user):
        raise PermissionDenied(_("You can't change this member's sanctions."))
    form = LiftForm(request.POST)
    if form.is_valid():
        services.sanction_lift(
            sanction=sanction,
            moderator=request.user,
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("Sanction lifted."))
    else:
        messages.error(request, _("Give a reason to lift the sanction."))
    return redirect(sanction.user)


# Moderators: log and watched words -----------------------------------------


@login_required
def event_log(request):
    _moderator_only(request)
    form = LogFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.event_list(**{k: v for k, v in filters.items() if v})
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    titles = selectors.event_target_titles(page.object_list)
    anonymous = selectors.event_anonymous_targets(page.object_list)
    for event in page.object_list:
        event.target_title = titles.get((event.target_type, event.target_id), "")
        event.target_anonymous = (event.target_type, event.target_id) in anonymous
    return render(request, "moderation/log.html", {"form": form, "page_obj": page})


@login_required
def watched_words(request):
    _moderator_only(request)
    form = WatchedWordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.watched_word_add(moderator=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Word added."))
            return redirect("moderation:watched_words")
    return render(
        request,
        "moderation/watched_words.html",
        {"form": form, "words": WatchedWord.objects.all()},
    )


@login_required
@require_POST
def watched_word_delete(request, pk):
    _moderator_only(request)
    watched = get_object_or_404(WatchedWord, pk=pk)
    services.watched_word_remove(watched=watched, moderator=request.user)
    messages.success(request, _("Word removed."))
    return redirect("moderation:watched_words")


# Statements of reasons and appeals -------------------------------------------------


class AppealForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Why should the decision change?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=appeals.APPEAL_MAX,
        help_text=gettext_lazy(
            "What the moderators may have missed. A moderator who didn't take "
            "the decision reviews it."
        ),
    )


class AppealDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome"),
        choices=[
            ("uphold", gettext_lazy("Uphold the decision")),
            ("reverse", gettext_lazy("Reverse it and restore what was taken")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason, sent to the member"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


def _decision_url(event, request, token) -> str:
    url = reverse("moderation:decision", args=[event.pk])
    return url if request.user.is_authenticated else f"{url}?t={token}"


def decision(request, pk):
    """A decision's statement of reasons, for the member it concerns and the
    moderators; the member appeals here, another moderator decides here. The
    emailed link's key (``?t=``) opens it for its member without signing in."""
    event = get_object_or_404(
        ModerationEvent.objects.select_related("actor", "subject"), pk=pk
    )
    viewer = request.user
    token = request.POST.get("t") or request.GET.get("t") or ""
    if not viewer.is_authenticated:
        viewer = appeals.subject_from_token(event, token)
        if viewer is None:
            return redirect_to_login(request.get_full_path())
    if not (appeals.is_restricting(event) and appeals.can_view(viewer, event)):
        raise Http404
    appeal_form = decide_form = None
    if request.method == "POST" and "appeal" in request.POST:
        appeal_form = AppealForm(request.POST)
        if appeal_form.is_valid():
            try:
                appeals.appeal_create(
                    event=event,
                    member=viewer,
                    text=appeal_form.cleaned_data["text"],
                )
            except ValidationError as exc:
                appeal_form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Your appeal is sent. A moderator who didn't take the "
                        "decision will review it."
                    ),
                )
                return redirect(_decision_url(event, request, token))
    statement = appeals.statement(event)
    if request.method == "POST" and "decide" in request.POST and statement.appeal:
        decide_form = AppealDecisionForm(request.POST)
        if decide_form.is_valid():
            try:
                appeals.appeal_decide(
                    appeal=statement.appeal,
                    moderator=viewer,
                    reverse=decide_form.cleaned_data["outcome"] == "reverse",
                    reason=decide_form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                decide_form.add_error(None, exc)
            else:
                messages.success(
                    request, _("The appeal is decided; the member is told.")
                )
                return redirect(_decision_url(event, request, token))
    can_appeal = appeals.can_appeal(viewer, event)
    can_decide = statement.appeal is not None and appeals.can_decide(
        viewer, statement.appeal
    )
    status = 400 if (appeal_form or decide_form) else 200
    return render(
        request,
        "moderation/decision.html",
        {
            "statement": statement,
            "event": event,
            "is_subject": event.subject_id == viewer.pk,
            "token": token if not request.user.is_authenticated else "",
            "appeal_form": (appeal_form or AppealForm()) if can_appeal else None,
            "decide_form": (decide_form or AppealDecisionForm())
            if can_decide
            else None,
        },
        status=status,
    )


@login_required
def appeal_list(request):
    _moderator_only(request)
    open_appeals = list(appeals.appeals_open())
    anonymous = selectors.event_anonymous_targets(a.event for a in open_appeals)
    for appeal in open_appeals:
        appeal.anonymous = (appeal.event.target_type, appeal.event.target_id) in (
            anonymous
        )
    return render(
        request,
        "moderation/appeals.html",
        {"appeals": open_appeals, "counts": selectors.queue_counts()},
    )


def transparency(request):
    """The public transparency report, per quarter (``moderation.transparency``).
    Computed from the log, kept for ten minutes."""
    quarters = cache.get_or_set(
        "transparency:report:v1", transparency_report.report, timeout=600
    )
    if request.GET.get("format") == "csv":
        response = HttpResponse(
            transparency_report.as_csv(quarters), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = (
            'attachment; filename="carethread-transparency.csv"'
        )
        return response
    return render(
        request,
        "moderation/transparency.html",
        {"quarters": quarters},
    )


# Notices from anyone ---------------------------------------------------------------


class NoticeForm(forms.Form):
    category = forms.ChoiceField(
        label=gettext_lazy("What is wrong?"),
        choices=Notice.CATEGORIES,
        widget=forms.RadioSelect,
    )
    url = forms.CharField(
        label=gettext_lazy("Where is it? (the address of the post or page)"),
        max_length=500,
    )
    explanation = forms.CharField(
        label=gettext_lazy("Explain what is wrong"),
        widget=forms.Textarea(attrs={"rows": 5}),
        min_length=20,
        max_length=3000,
        help_text=gettext_lazy(
            "For illegal content, say which law you think it breaks, if you know."
        ),
    )
    name = forms.CharField(
        label=gettext_lazy("Your name (optional)"), max_length=100, required=False
    )
    email = forms.EmailField(
        label=gettext_lazy("Your email (optional)"),
        required=False,
        help_text=gettext_lazy(
            "For the acknowledgement and the decision; never shown to anyone."
        ),
    )
    good_faith = forms.BooleanField(
        label=gettext_lazy(
            "I believe what I report here is accurate and complete, in good faith."
        ),
        error_messages={"required": gettext_lazy("Please confirm this to send it.")},
    )


def notice_create(request):
    """The report form open to anyone, account or not."""
    initial = {"url": request.GET.get("url", "")[:500]}
    form = NoticeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        notice = notices.notice_create(
            user=request.user,
            ip=client_ip(request),
            category=data["category"],
            explanation=data["explanation"],
            url=data["url"],
            name=data["name"],
            email=data["email"],
        )
        return render(request, "moderation/notice_sent.html", {"notice": notice})
    return render(request, "moderation/notice_form.html", {"form": form})


class NoticeDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[
            ("act", gettext_lazy("Hide the post")),
            ("none", gettext_lazy("No action needed")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason, sent to the notifier"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
    )


@login_required
def notice_list(request):
    _moderator_only(request)
    form = None
    if request.method == "POST":
        notice = get_object_or_404(Notice, pk=request.POST.get("notice", "0") or 0)
        form = NoticeDecisionForm(request.POST)
        if form.is_valid():
            try:
                notices.notice_decide(
                    notice=notice,
                    moderator=request.user,
                    act=form.cleaned_data["outcome"] == "act",
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("Decided; the notifier is told."))
                return redirect("moderation:notices")
        else:
            messages.error(request, _("Choose a decision and give a reason."))
    return render(
        request,
        "moderation/notices.html",
        {
            "notices": notices.notices_open(),
            "decision_form": NoticeDecisionForm(),
            "counts": selectors.queue_counts(),
        },
    )
