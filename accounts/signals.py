"""Cache invalidation: the cached copy of a member (``accounts.backends``)
is dropped whenever anything it carries changes."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .backends import member_forget
from .models import ClinicianProfile, Sanction, User


@receiver([post_save, post_delete], sender=User)
def _member_changed(sender, instance, **kwargs):
    member_forget(instance.pk)


@receiver([post_save, post_delete], sender=Sanction)
@receiver([post_save, post_delete], sender=ClinicianProfile)
def _member_part_changed(sender, instance, **kwargs):
    member_forget(instance.user_id)


@receiver(m2m_changed, sender=User.groups.through)
def _member_groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if not reverse:
        member_forget(instance.pk)
    else:  # From the group's side: these members (all of them on clear).
        ids = (
            pk_set if pk_set is not None else User.objects.values_list("pk", flat=True)
        )
        for user_id in ids:
            member_forget(user_id)
