"""Fixtures of the moderation view tests."""

import pytest

from tests import factories
from tests.factories import reply

from .helpers import client_for


@pytest.fixture
def moderator(db):
    return factories.ModeratorFactory(display_name="Mod Juniper")


@pytest.fixture
def mod_client(moderator):
    return client_for(moderator)


@pytest.fixture
def replier(db):
    return factories.UserFactory(display_name="Eager Replier")


@pytest.fixture
def bad_reply(thread, replier):
    return reply(thread, replier, body="Stop your medication, this tea cures MS.")
