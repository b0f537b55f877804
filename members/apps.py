from django.apps import AppConfig


class MembersConfig(AppConfig):
    """A member across the whole forum: their public page, and their rights
    over their data (export, deletion)."""

    name = "members"
    verbose_name = "Members"
