import importlib
import os

import pytest
from django.apps import apps

from . import factories
from .second_factor import pass_second_factor

# Playwright's sync API runs an event loop in the main thread; Django's ORM
# would otherwise refuse to run in the live server test's main thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Members made by factories are brand new; tests of pre-moderation turn it
    # back on explicitly.
    settings.FORUM_PREMODERATION_POSTS = 0
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


@pytest.fixture(autouse=True)
def _staff_second_factor(monkeypatch):
    """Staff that tests sign in with ``force_login`` or ``login`` get a
    session that passed two-factor authentication, as after typing a code,
    so their powers work as in production (the rule stays on). Tests of the
    rule itself pass ``second_factor=False``."""
    from django.test import Client

    from accounts.models import User
    from accounts.roles import is_staff_role

    force_login, login = Client.force_login, Client.login

    def staff_force_login(self, user, backend=None, *, second_factor=True):
        force_login(self, user, backend)
        if second_factor and is_staff_role(user):
            pass_second_factor(self, user)

    def staff_login(self, *, second_factor=True, **credentials):
        signed_in = login(self, **credentials)
        if signed_in and second_factor:
            user = User.objects.get(pk=self.session["_auth_user_id"])
            if is_staff_role(user):
                pass_second_factor(self, user)
        return signed_in

    monkeypatch.setattr(Client, "force_login", staff_force_login)
    monkeypatch.setattr(Client, "login", staff_login)


@pytest.fixture
def member(db):
    return factories.UserFactory()


@pytest.fixture
def other_member(db):
    return factories.UserFactory()


@pytest.fixture
def moderator(db):
    user = factories.ModeratorFactory()
    return user


@pytest.fixture
def clinician(db):
    return factories.ClinicianProfileFactory().user


@pytest.fixture
def condition(db):
    return factories.ConditionFactory()


@pytest.fixture
def thread(db, member, condition):
    return factories.ThreadFactory(author=member, conditions=[condition])


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and cached lists must not leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def ensure_reference_data() -> None:
    """Put back what data migrations create (conditions, the Moderators
    group): a transactional test empties every table when it ends."""
    conditions = importlib.import_module("forum.migrations.0002_seed_conditions")
    moderators = importlib.import_module("accounts.migrations.0002_moderators_group")
    french = importlib.import_module("forum.migrations.0011_condition_french")
    conditions.seed_conditions(apps, None)
    french.add_french(apps, None)
    moderators.create_group(apps, None)


@pytest.fixture(autouse=True)
def _reference_data(request):
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    ensure_reference_data()


@pytest.fixture(autouse=True)
def _postgres_only(request):
    """Tests marked ``postgres`` need real concurrent transactions."""
    if request.node.get_closest_marker("postgres") is None:
        return
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")


@pytest.fixture(scope="session", autouse=True)
def _replica_connections_closed(django_db_setup, django_db_blocker):
    """With a replica configured (``DATABASE_REPLICA_URL``), its connections
    (a pool of their own) are closed before the test database is dropped."""
    yield
    from django.db import connections

    if "replica" in connections.settings:
        replica = connections["replica"]
        replica.close()
        close_pool = getattr(replica, "close_pool", None)
        if close_pool is not None:
            close_pool()


def pytest_collection_modifyitems(items):
    """With a replica configured, every database test may use it too: the
    router sends the reads of requests there (the test database mirrors it
    on the primary)."""
    if not os.environ.get("DATABASE_REPLICA_URL"):
        return
    database_fixtures = {"db", "transactional_db", "live_server"}
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None and not database_fixtures & set(item.fixturenames):
            continue
        kwargs = dict(marker.kwargs) if marker else {}
        if kwargs.get("databases"):
            continue
        if marker is None:
            transactional = bool(
                {"transactional_db", "live_server"} & set(item.fixturenames)
            )
            kwargs["transaction"] = transactional
        kwargs["databases"] = ["default", "replica"]
        args = marker.args if marker else ()
        item.add_marker(pytest.mark.django_db(*args, **kwargs), append=False)


@pytest.fixture
def admin_client(django_user_model):
    """A superuser signed in (in a session that passed a second factor, as
    ``force_login`` gives staff here). Replaces pytest-django's, whose user
    lacks the display name members need."""
    from django.test import Client

    admin = django_user_model.objects.create_superuser(
        username="root",
        email="root@example.org",
        password="x" * 20,
        display_name="Root",
    )
    client = Client()
    client.force_login(admin)
    return client
