"""Pages of clinicians' reviews and correction notes (``forum.reviews``).

The thread page carries the same forms in a disclosure under each post for
those allowed; these views take them, and show a form again on its own page
with what went wrong."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import markup

from . import reviews, selectors
from .models import CorrectionNote
from .review_forms import CorrectionForm, ReviewForm


def _page(request, template, post, form, **extra):
    """The form on its own page: 400 when a sent form had errors."""
    context = {
        "post": post,
        "thread": post.thread,
        "form": form,
        "excerpt": markup.excerpt(post.html, limit=400),
        **extra,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, template, context, status=status)


@login_required
def post_review(request, pk):
    post = selectors.post_get_for_user(user=request.user, pk=pk)
    reviews.check_can_review_post(request.user, post)
    mine = reviews.review_of(post=post, clinician=request.user)
    initial = {}
    if mine is not None:
        initial = {
            "verdict": mine.verdict,
            "note": mine.note,
            "source_url": mine.source_url,
        }
    form = ReviewForm(
        request.POST or None, initial=initial, for_question=post.is_question
    )
    if request.method == "POST" and form.is_valid():
        try:
            review = reviews.review_set(
                post=post, clinician=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if review.verdict == review.Verdict.DISAGREE:
                messages.success(
                    request, _("Your disagreement is shown with the answer.")
                )
            else:
                messages.success(request, _("Your review is shown with the post."))
            return redirect(post)
    return _page(request, "forum/post_review.html", post, form, mine=mine)


@login_required
@require_POST
def review_withdraw(request, pk):
    post = selectors.post_get_for_user(user=request.user, pk=pk)
    if reviews.review_withdraw(post=post, clinician=request.user):
        messages.success(request, _("Your review is withdrawn."))
    else:
        messages.info(request, _("You had no review of this post."))
    return redirect(post)


@login_required
def correction_create(request, pk):
    post = selectors.post_get_for_user(user=request.user, pk=pk)
    reviews.check_can_add_correction(request.user, post)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reviews.correction_add(post=post, author=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your correction is shown under the post."))
            return redirect(post)
    return _page(request, "forum/correction_create.html", post, form)


@login_required
@require_POST
def correction_delete(request, pk):
    """Its author takes a correction note back (someone else's is not found)."""
    note = get_object_or_404(CorrectionNote, pk=pk, author=request.user)
    post = note.post
    reviews.correction_delete(note=note, user=request.user)
    messages.success(request, _("Your correction is deleted."))
    return redirect(post)
