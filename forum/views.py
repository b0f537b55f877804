from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core import markup, pagecache
from core.pagination import KeysetPage

from . import (
    cache,
    drafts,
    events,
    experience,
    history,
    permissions,
    reviews,
    routing,
    selectors,
    services,
)
from .forms import BODY_MAX, PRIVACY_HELP, PostEditForm, ReplyForm, ThreadForm
from .models import Condition, Post, Thread

SORT_LABELS = [
    ("latest", gettext_lazy("Latest")),
    ("new", gettext_lazy("New")),
    ("unanswered", gettext_lazy("Unanswered")),
    ("awaiting", gettext_lazy("Awaiting a clinician")),
    ("top", gettext_lazy("Most replies")),
]


def _sort(request) -> str:
    sort = request.GET.get("sort", selectors.DEFAULT_SORT)
    return sort if sort in selectors.SORTS else selectors.DEFAULT_SORT


def _crisis_redirect(post):
    """Send an author whose words suggest they may be at risk to the crisis
    resources; their post stays published (or in review) as usual."""
    return redirect(f"{reverse('safety:crisis')}?post={post.pk}")


def _after_post(request, posted: services.Posted, default):
    """Where an author goes after posting, by what the crisis detector read:
    high confidence → the crisis resources at once; possible → the post as
    usual with a gentle word and a link to support; else ``default``."""
    found = posted.crisis
    if not found:
        return default
    if found.is_high:
        return _crisis_redirect(posted.post)
    if found.is_possible:
        messages.info(
            request,
            _(
                "If you're going through a hard time, you don't have to face it "
                "alone: people are there to listen, whenever you need them."
            ),
            extra_tags="support",
        )
    return default


def _preview(request, form, key) -> dict | None:
    """The Preview button (a plain submit, so it works without JavaScript):
    the text shown as it will be posted, by the same ``markup.render``,
    nothing published; the draft is saved on the way. None unless asked."""
    if request.method != "POST" or "preview" not in request.POST:
        return None
    form.is_valid()
    data = request.POST
    drafts.save(
        user=request.user,
        box=drafts.box_for(user=request.user, key=key),
        title=data.get("title", ""),
        body=data.get("body", ""),
        condition_ids=data.getlist("conditions"),
    )
    body = form.cleaned_data.get("body")
    # ``.html`` like a post's: the one markup module's output. An invalid
    # body shows its error instead.
    return {"html": markup.render(body) if body else ""}


@login_required
@require_POST
def preview(request):
    """Live preview for the composer script: the body rendered by the same
    markup module as a posted one, as an HTML fragment. Nothing is saved."""
    body = request.POST.get("body", "")
    if len(body) > BODY_MAX * 2:
        return HttpResponse(status=413)
    return HttpResponse(markup.render(body), content_type="text/html; charset=utf-8")


@login_required
@require_POST
def draft_save(request):
    """Autosave from the composer script: JSON ``{"saved": true}``, or 404 or
    403 when the member may not write in that composer (any more)."""
    box = drafts.box_for(user=request.user, key=request.POST.get("key", ""))
    draft = drafts.save(
        user=request.user,
        box=box,
        title=request.POST.get("title", ""),
        body=request.POST.get("body", ""),
        condition_ids=request.POST.getlist("conditions"),
    )
    return JsonResponse({"saved": draft is not None})


@login_required
@require_POST
def draft_discard(request):
    """The "Discard draft" button: the draft goes, the composer starts over."""
    key = request.POST.get("key", "")
    drafts.box_for(user=request.user, key=key)
    drafts.clear(user=request.user, key=key)
    messages.info(request, _("Draft discarded."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("forum:home")
    return redirect(target)


def _thread_page(request, scopes, **filters):
    """One page of a thread list, by keyset (``core.pagination``). The
    count comes from the cache, and the rows are read only if the template's
    fragment for them is not cached (``fragment_tokens`` in its key)."""
    sort = _sort(request)
    threads = selectors.thread_list_visible(sort=sort, **filters)
    condition = filters.get("condition")
    name = f"{sort}:{condition.pk if condition else ''}"
    scope_tokens = pagecache.tokens(scopes)
    page = KeysetPage(
        threads,
        count=pagecache.cached_count(threads, scope_tokens, name),
        per_page=settings.FORUM_THREADS_PER_PAGE,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        page=request.GET.get("page"),
    )
    return {
        "sort": sort,
        "sorts": SORT_LABELS,
        "page_obj": page,
        "fragment_tokens": scope_tokens,
        "fragment_seconds": settings.FORUM_PAGE_CACHE_SECONDS,
    }


def _lists_scopes(request, *args, **kwargs):
    return [pagecache.LISTS, pagecache.SITE]


_LIST_PARAMS = ("sort", "page", "after", "before")


@pagecache.anonymous_page(_lists_scopes, params=_LIST_PARAMS)
def home(request):
    context = _thread_page(request, _lists_scopes(request))
    # Both lazy: read only when the sidebar's cached fragment has expired.
    context["most_commented"] = selectors.thread_list_most_commented()
    context["busiest_conditions"] = selectors.condition_list_busiest()
    context["condition_total"] = Condition.objects.count
    return render(request, "forum/home.html", context)


@pagecache.anonymous_page(_lists_scopes, params=("q",))
def condition_list(request):
    query = request.GET.get("q", "")[:80]
    conditions = selectors.condition_list_matching(
        selectors.condition_list_with_counts(), query
    )
    # Grouped by area (neurology, rheumatology...), in the catalogue's order.
    # Alphabetical in the reader's language ("Épilepsie" among the E's).
    conditions = sorted(conditions, key=lambda c: selectors.fold(c.local_name))
    groups = [
        (key, label, [c for c in conditions if c.category == key])
        for key, label in Condition.Category.choices
    ]
    return render(
        request,
        "forum/condition_list.html",
        {
            "conditions": conditions,
            "groups": [g for g in groups if g[2]],
            "query": query,
        },
    )


def _condition_scopes(request, slug):
    return [cache.condition_scope(slug), pagecache.SITE]


@pagecache.anonymous_page(_condition_scopes, params=_LIST_PARAMS)
def condition_detail(request, slug):
    condition = get_object_or_404(Condition, slug=slug)
    context = _thread_page(
        request, _condition_scopes(request, slug), condition=condition
    )
    context["condition"] = condition
    context["experience_count"] = experience.statement_count_public(
        condition=condition, scope_tokens=context["fragment_tokens"]
    )
    return render(request, "forum/condition_detail.html", context)


def _thread_context(
    request, thread, page_number, reply_form=None, scope_tokens=None
) -> dict:
    replies = selectors.post_list_replies(thread=thread, user=request.user)
    paginator = Paginator(replies, settings.FORUM_REPLIES_PER_PAGE)
    if page_number == "last":
        page_number = paginator.num_pages
    page = paginator.get_page(page_number)
    question = selectors.post_question(thread=thread)
    accepted = selectors.post_accepted(thread=thread)
    shown = [question, *page.object_list]
    accepted_url = None
    if accepted is not None:
        # Shown once, in its place among the replies; under the question a
        # summary links there (on whichever page of replies it is).
        accepted_page = selectors.reply_page_number(
            replies=replies, post=accepted, per_page=settings.FORUM_REPLIES_PER_PAGE
        )
        accepted_url = f"?page={accepted_page}#post-{accepted.pk}"
        if accepted_page == 1:
            accepted_url = f"{thread.get_absolute_url()}#post-{accepted.pk}"
        if accepted not in shown:
            shown.append(accepted)
    for post in shown:
        post.thread = thread  # Permission checks read it; saves a query per post.
    # What each post carries besides its text: clinicians' reviews and
    # corrections, and its author's lived-experience label.
    reviews.attach(
        thread=thread,
        posts=shown,
        include_hidden=permissions.can_moderate(request.user),
    )
    experience.attach_labels(thread=thread, posts=shown)
    return {
        **_thread_frame(request, thread, reply_form, scope_tokens),
        "question": question,
        "accepted": accepted,
        "accepted_excerpt": markup.excerpt(accepted.html) if accepted else "",
        "accepted_url": accepted_url,
        "page_obj": page,
        "shown": shown,
        "helpful_ids": selectors.helpful_post_ids(user=request.user, posts=shown),
    }


def _quote_initial(request, thread) -> dict:
    """``?quote=<post id>``: the reply box starts with that post quoted (a
    visible post of this thread; anything else is ignored)."""
    raw = request.GET.get("quote", "")
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        return {}
    post = (
        Post.objects.filter(
            pk=int(raw), thread=thread, visibility=Post.Visibility.VISIBLE
        )
        .select_related("author")
        .first()
    )
    if post is None:
        return {}
    name = markup.escape_markdown(
        _("Anonymous member") if post.is_anonymous else post.author.display_name
    )
    lines = post.source.strip().splitlines()[:40]
    quoted = "\n".join(f"> {line}" if line.strip() else ">" for line in lines)
    return {"body": _("> **%(name)s** wrote:") % {"name": name} + f"\n{quoted}\n\n"}


def _thread_frame(request, thread, reply_form=None, scope_tokens=None) -> dict:
    """What a thread page needs around its posts. ``scope_tokens``: the
    thread page's cache tokens, if the view has read them already."""
    if scope_tokens is None:
        scope_tokens = pagecache.tokens(cache.thread_page_scopes(thread.pk))
    can_reply = permissions.can_reply(request.user, thread)
    draft = None
    if reply_form is None and can_reply:
        draft = drafts.load(user=request.user, key=drafts.reply_key(thread))
        quote = _quote_initial(request, thread)
        if draft is not None and quote:
            quote = {"body": draft.body.rstrip() + "\n\n" + quote["body"]}
        reply_form = ReplyForm(initial=quote or drafts.initial(draft, {}))
    return {
        "thread": thread,
        "can_reply": can_reply,
        "reply_form": reply_form,
        "draft": draft,
        "draft_key": drafts.reply_key(thread),
        "fragment_tokens": scope_tokens,
        "fragment_seconds": settings.FORUM_PAGE_CACHE_SECONDS,
    }


@pagecache.anonymous_page(
    lambda request, pk: cache.thread_page_scopes(pk), params=("page",)
)
def thread_detail(request, pk):
    thread = selectors.thread_get_for_user(user=request.user, pk=pk)
    if thread.merged_into_id:
        return redirect(thread.merged_into, permanent=True)
    answers = events.thread_viewed.send(Thread, user=request.user, thread=thread)
    page_number = request.GET.get("page")
    context = cache.thread_page_context(
        request,
        thread,
        page_number,
        frame=lambda tokens: _thread_frame(request, thread, scope_tokens=tokens),
        full=lambda tokens: _thread_context(
            request, thread, page_number, scope_tokens=tokens
        ),
    )
    context["unread"] = _unread(answers)
    return render(request, "forum/thread_detail.html", context)


def _unread(answers) -> dict | None:
    """Where the member's reading stopped, as the apps that track it say (for
    the threads a member follows): how many replies since their last visit,
    and a link to the first."""
    for _receiver, answer in answers:
        if isinstance(answer, events.ReadingPosition) and answer.unread_count:
            url = reverse("forum:post_detail", args=[answer.first_unread_id])
            return {"count": answer.unread_count, "url": url}
    return None


@login_required
def thread_create(request):
    permissions.check_can_post(request.user)
    initial = {}
    preset = Condition.objects.filter(slug=request.GET.get("condition", "")).first()
    if preset is not None:
        initial["conditions"] = [preset.pk]
    key = drafts.ask_key()
    draft = None
    if request.method != "POST":
        draft = drafts.load(user=request.user, key=key)
        initial = drafts.initial(draft, initial)
    form = ThreadForm(request.POST or None, initial=initial)
    preview = _preview(request, form, key)
    if preview is None and request.method == "POST" and form.is_valid():
        try:
            posted = services.ask(author=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            drafts.clear(user=request.user, key=key)
            if posted.held:
                messages.info(
                    request,
                    _(
                        "Thanks! New members' first posts are checked by a "
                        "moderator; yours will appear once approved."
                    ),
                )
            else:
                messages.success(request, _("Your question is posted."))
            return _after_post(request, posted, redirect(posted.post.thread))
    # Read once: the picker's search terms and the answer-time estimates.
    conditions = list(form.fields["conditions"].queryset)
    return render(
        request,
        "forum/thread_create.html",
        {
            "form": form,
            "draft": draft,
            "draft_key": key,
            "preview": preview,
            "privacy_help": PRIVACY_HELP,
            "condition_limit": settings.FORUM_MAX_CONDITIONS_PER_THREAD,
            # The picker finds synonyms and other-language names ("MS", "SEP").
            "condition_terms": {
                str(c.pk): ", ".join(c.search_terms) for c in conditions
            },
            "conditions": conditions,
        },
    )


@login_required
@require_POST
def post_create(request, pk):
    thread = selectors.thread_get_for_user(user=request.user, pk=pk, for_page=False)
    permissions.check_can_reply(request.user, thread)
    form = ReplyForm(request.POST)
    key = drafts.reply_key(thread)
    preview = _preview(request, form, key)
    if preview is not None:
        context = _thread_context(request, thread, "last", reply_form=form)
        context["preview"] = preview
        return render(request, "forum/thread_detail.html", context)
    if form.is_valid():
        try:
            posted = services.reply(
                thread=thread,
                author=request.user,
                body=form.cleaned_data["body"],
                anonymous=form.cleaned_data["anonymous"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            drafts.clear(user=request.user, key=key)
            if posted.held:
                messages.info(
                    request,
                    _(
                        "Thanks! New members' first posts are checked by a "
                        "moderator; yours will appear once approved."
                    ),
                )
            else:
                messages.success(request, _("Your reply is posted."))
            return _after_post(request, posted, redirect(posted.post))
    context = _thread_context(request, thread, "last", reply_form=form)
    return render(request, "forum/thread_detail.html", context, status=400)


def post_history(request, pk):
    """Every version of a post, with what changed, for whoever may read it."""
    post = selectors.post_get_for_user(user=request.user, pk=pk)
    if not permissions.can_view_post_text(request.user, post):
        raise Http404
    return render(
        request,
        "forum/post_history.html",
        {"post": post, "thread": post.thread, "versions": history.post_history(post)},
    )


def post_detail(request, pk):
    """Permalink: send the reader to the page of the thread holding the post."""
    post = selectors.post_get_for_user(user=request.user, pk=pk)
    url = reverse("forum:thread_detail", args=[post.thread_id])
    if not post.is_question:
        page = selectors.reply_page_number(
            replies=selectors.post_list_replies(thread=post.thread, user=request.user),
            post=post,
            per_page=settings.FORUM_REPLIES_PER_PAGE,
        )
        if page > 1:
            url += f"?page={page}"
    return redirect(f"{url}#post-{post.pk}")


@login_required
def post_edit(request, pk):
    post = selectors.post_get_for_user(user=request.user, pk=pk)
    permissions.check_can_edit_post(request.user, post)
    initial = {"body": post.source, "title": post.thread.title}
    key = drafts.edit_key(post)
    draft = None
    if request.method != "POST":
        draft = drafts.load(user=request.user, key=key)
        initial = drafts.initial(draft, initial)
    form = PostEditForm(
        request.POST or None, initial=initial, is_question=post.is_question
    )
    preview = _preview(request, form, key)
    if preview is None and request.method == "POST" and form.is_valid():
        try:
            posted = services.edit(post=post, editor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            drafts.clear(user=request.user, key=key)
            messages.success(request, _("Your changes are saved."))
            return _after_post(request, posted, redirect(post))
    return render(
        request,
        "forum/post_edit.html",
        {
            "form": form,
            "post": post,
            "draft": draft,
            "draft_key": key,
            "preview": preview,
        },
    )


@login_required
def post_delete(request, pk):
    post = selectors.post_get_for_user(user=request.user, pk=pk)
    permissions.check_can_delete_post(request.user, post)
    if request.method == "POST":
        services.post_delete(post=post, user=request.user)
        if post.is_question:
            messages.success(request, _("Your question is deleted."))
            return redirect("forum:home")
        messages.success(request, _("Your reply is deleted."))
        return redirect(post)
    return render(request, "forum/post_delete.html", {"post": post})


@login_required
@require_POST
def post_helpful(request, pk):
    post = selectors.post_get_for_user(user=request.user, pk=pk)
    if request.POST.get("action") == "withdraw":
        services.post_unmark_helpful(post=post, user=request.user)
        messages.success(request, _("Your helpful mark is withdrawn."))
    else:
        permissions.check_can_mark_helpful(request.user, post)
        services.post_mark_helpful(post=post, user=request.user)
        messages.success(request, _("Marked as helpful. Thank you."))
    return redirect(post)


@login_required
@require_POST
def post_accept(request, pk):
    post = selectors.post_get_for_user(user=request.user, pk=pk)
    permissions.check_can_accept_answer(request.user, post)
    services.thread_accept_answer(post=post, user=request.user)
    messages.success(request, _("Answer accepted. It now shows under your question."))
    return redirect(post)


@login_required
@require_POST
def thread_unaccept(request, pk):
    thread = selectors.thread_get_for_user(user=request.user, pk=pk)
    permissions.check_can_unaccept_answer(request.user, thread)
    services.thread_unaccept_answer(thread=thread, user=request.user)
    messages.success(request, _("The answer is no longer marked as accepted."))
    return redirect(thread)


@login_required
def clinician_inbox(request):
    if not permissions.can_use_clinician_inbox(request.user):
        raise PermissionDenied(
            _("The inbox is for clinicians verified by the moderators.")
        )
    filters = _inbox_filters(request)
    threads = selectors.thread_list_clinician_inbox(clinician=request.user, **filters)
    page = Paginator(threads, settings.FORUM_THREADS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    counts = list(
        selectors.condition_list_clinician_inbox_counts(clinician=request.user)
    )
    return render(
        request,
        "forum/clinician_inbox.html",
        {
            **filters,
            "counts": counts,
            "page_obj": page,
            "items": routing.inbox_items(page.object_list),
            "medians": routing.expectations(counts),
            "categories": Condition.Category.choices,
        },
    )


def _inbox_filters(request) -> dict:
    """The inbox's scope ("mine" or "all"), condition and specialty area
    from the query string; unknown values fall back to the defaults, and a
    condition outside the clinician's own (in "mine") is a 404."""
    scope = request.GET.get("scope", "")
    scope = scope if scope in selectors.INBOX_SCOPES else "mine"
    category = request.GET.get("category", "")
    if category not in Condition.Category.values:
        category = ""
    condition = None
    slug = request.GET.get("condition", "")
    if slug:
        choices = (
            Condition.objects.all()
            if scope == "all"
            else request.user.clinician_profile.conditions.all()
        )
        condition = get_object_or_404(choices, slug=slug[:80])
    return {"scope": scope, "category": category, "condition": condition}
