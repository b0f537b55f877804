"""Factories build valid defaults through the real services."""

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import ClinicianProfile, User
from accounts.roles import MODERATORS_GROUP
from forum import services
from forum.models import Condition

PASSWORD = "a-long-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    display_name = factory.Sequence(lambda n: f"Member {n}")
    password = factory.django.Password(PASSWORD)
    # Confirmed, so factory members can post; tests of confirmation pass None.
    email_verified_at = factory.LazyFunction(timezone.now)


class ModeratorFactory(UserFactory):
    """A member of the Moderators group (the group a migration creates)."""

    @factory.post_generation
    def moderators_group(obj, create, extracted, **kwargs):
        if create:
            obj.groups.add(Group.objects.get(name=MODERATORS_GROUP))


class ClinicianProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClinicianProfile

    user = factory.SubFactory(UserFactory)
    profession = ClinicianProfile.Profession.PHYSICIAN
    specialty = "Neurology"
    status = ClinicianProfile.Status.VERIFIED
    verified_at = factory.LazyFunction(timezone.now)


class ConditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Condition
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Test condition {n}")
    slug = factory.Sequence(lambda n: f"test-condition-{n}")
    description = "A condition made up for tests."


class ThreadFactory(factory.Factory):
    """Creates a thread through ``services.thread_create``."""

    class Meta:
        model = dict

    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"How do others manage question {n}?")
    body = "I would like to hear how other people handle this day to day."
    conditions = factory.LazyFunction(lambda: [ConditionFactory()])

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.thread_create(**kwargs)

    _build = _create


def reply(thread, author=None, body="Thanks for asking, this is what helped me."):
    """Post a reply through ``services.post_create``."""
    return services.post_create(
        thread=thread, author=author or UserFactory(), body=body
    )
