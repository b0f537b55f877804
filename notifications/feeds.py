"""Atom feeds of public questions: the latest, and per condition."""

from django.contrib.syndication.views import Feed
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from forum import selectors as forum_selectors
from forum.models import Condition, Post

FEED_SIZE = 30


def _threads(condition=None):
    # The question's stored html, sanitised by core.markup when written.
    question_html = Post.objects.filter(thread=OuterRef("pk"), is_question=True)
    return (
        forum_selectors.thread_list_visible(sort="new", condition=condition)
        .prefetch_related(None)
        .annotate(question_html=Subquery(question_html.values("html")[:1]))[:FEED_SIZE]
    )


class LatestThreadsFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("CareThread: latest questions")

    def subtitle(self):
        return _("New patient questions on CareThread.")

    def link(self):
        return reverse("forum:home")

    def items(self):
        return _threads()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.question_html

    def item_author_name(self, item):
        if item.is_anonymous:
            return gettext("Anonymous member")
        return item.author.display_name

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.last_activity_at


class ConditionThreadsFeed(LatestThreadsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Condition, slug=slug)

    def title(self, obj):
        return _("CareThread: questions about %(name)s") % {"name": obj.name}

    def subtitle(self, obj):
        return obj.description

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return _threads(condition=obj)
