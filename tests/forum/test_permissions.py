import pytest
from django.contrib.auth.models import AnonymousUser

from forum import permissions
from forum.models import Thread, Visibility
from tests.factories import reply

pytestmark = pytest.mark.django_db


def test_only_moderators_and_superusers_moderate(member, moderator, django_user_model):
    admin = django_user_model.objects.create_superuser(
        username="root", email="root@example.org", password="x", display_name="Root"
    )
    assert not permissions.can_moderate(AnonymousUser())
    assert not permissions.can_moderate(member)
    assert permissions.can_moderate(moderator)
    assert permissions.can_moderate(admin)


def test_hidden_thread_visible_to_author_and_moderators_only(
    thread, member, other_member, moderator
):
    Thread.objects.filter(pk=thread.pk).update(visibility=Visibility.HIDDEN)
    thread.refresh_from_db()
    assert not permissions.can_view_thread(AnonymousUser(), thread)
    assert not permissions.can_view_thread(other_member, thread)
    assert permissions.can_view_thread(member, thread)
    assert permissions.can_view_thread(moderator, thread)


def test_author_cannot_edit_own_post_in_locked_thread(thread, member, moderator):
    Thread.objects.filter(pk=thread.pk).update(is_locked=True)
    question = thread.posts.select_related("thread").get(is_question=True)
    assert not permissions.can_edit_post(member, question)
    assert permissions.can_edit_post(moderator, question)


def test_nobody_edits_a_deleted_post(thread, other_member, moderator):
    post = reply(thread, other_member)
    post.visibility = Visibility.DELETED
    assert not permissions.can_edit_post(other_member, post)
    assert not permissions.can_edit_post(moderator, post)


def test_anonymous_cannot_reply_edit_or_delete(thread):
    question = thread.posts.get(is_question=True)
    anonymous = AnonymousUser()
    assert not permissions.can_reply(anonymous, thread)
    assert not permissions.can_edit_post(anonymous, question)
    assert not permissions.can_delete_post(anonymous, question)
