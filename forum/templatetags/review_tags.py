"""Template helpers for clinicians' reviews and correction notes under a
post (``forum.reviews``) and for the sources they link to."""

from django import template

from core.links import is_reputable_source, source_host
from forum import reviews
from forum.review_forms import CorrectionForm, ReviewForm

register = template.Library()


@register.filter
def can_review(user, post) -> bool:
    return reviews.can_review_post(user, post)


@register.filter
def can_correct(user, post) -> bool:
    return reviews.can_add_correction(user, post)


@register.simple_tag
def my_review(post, user):
    """This clinician's shown review of the post (of the thread, on the
    question), from what ``reviews.attach`` read: no query."""
    for review in getattr(post, "shown_reviews", ()):
        if review.clinician_id == user.pk:
            return review
    return None


@register.simple_tag
def review_form(post, review=None) -> ReviewForm:
    """The review form under a post, filled with the clinician's current
    review; its field ids carry the post's id (many posts on a page)."""
    initial = {}
    if review is not None:
        initial = {
            "verdict": review.verdict,
            "note": review.note,
            "source_url": review.source_url,
        }
    return ReviewForm(
        initial=initial,
        for_question=post.is_question,
        auto_id=f"id_review{post.pk}_%s",
    )


@register.simple_tag
def correction_form(post) -> CorrectionForm:
    return CorrectionForm(auto_id=f"id_correction{post.pk}_%s")


@register.inclusion_tag("forum/_source_link.html")
def source_link(url: str) -> dict:
    """A source's link, showing its host (the full address in ``title``)
    and a "reputable source" label when it is on the list. Anything that is
    not a plain http(s) address (forms refuse it; the admin might not) is
    shown as text, never as a link."""
    return {
        "url": url,
        "host": source_host(url),
        "reputable": is_reputable_source(url),
    }
