"""Cache invalidation: every saved change to what pages show bumps the
page-cache scopes it touches (see ``forum.cache``). Queryset updates send
no signal; the services that use them bump themselves."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from accounts.models import ClinicianProfile, ConditionStatement, User
from core import pagecache

from . import cache
from .models import Condition, Post, Thread

# Fields of a member shown on pages; saving only others (last_login on every
# sign-in, email confirmation...) changes nothing anybody sees.
_USER_FIELDS_SHOWN = frozenset({"display_name", "username", "is_active"})


@receiver(post_save, sender=Thread)
def _thread_changed(sender, instance, **kwargs):
    cache.bump_thread(instance.pk)


@receiver(post_save, sender=Post)
def _post_changed(sender, instance, **kwargs):
    cache.bump_thread(instance.thread_id)


# The forum never deletes rows of threads or posts (members and moderators
# soft-delete and hide); only the admin and data tools do. No receiver on
# Post deletes, so bulk deletes stay fast; a thread's delete takes its posts.
@receiver(post_delete, sender=Thread)
def _thread_deleted(sender, instance, **kwargs):
    pagecache.bump(pagecache.LISTS, pagecache.SITE)


@receiver(m2m_changed, sender=Thread.conditions.through)
def _thread_conditions_changed(sender, instance, action, pk_set, **kwargs):
    if action == "pre_clear" and isinstance(instance, Thread):
        # The conditions it is leaving.
        cache.bump_thread(instance.pk, retagged=True)
    if not action.startswith("post_"):
        return
    if isinstance(instance, Thread):
        cache.bump_thread(instance.pk, pk_set or (), retagged=True)
    else:  # Changed from the condition's side: which threads is not known.
        pagecache.bump(pagecache.SITE, pagecache.LISTS)


@receiver([post_save, post_delete], sender=Condition)
@receiver([post_save, post_delete], sender=ClinicianProfile)
def _shown_everywhere_changed(sender, **kwargs):
    pagecache.bump(pagecache.SITE, pagecache.LISTS)


@receiver([post_save, post_delete], sender=ConditionStatement)
def _statement_changed(sender, **kwargs):
    # Lived-experience labels on replies, the member's profile and the count
    # on the condition's page (which all depend on SITE).
    pagecache.bump(pagecache.SITE)


@receiver(post_save, sender=User)
def _member_changed(sender, instance, created, update_fields=None, **kwargs):
    if created:
        return
    if update_fields is None or _USER_FIELDS_SHOWN & set(update_fields):
        pagecache.bump(pagecache.SITE, pagecache.LISTS)
