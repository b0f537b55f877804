"""core.links gives exactly what reverse gives, under any script prefix."""

import pytest
from django.urls import (
    NoReverseMatch,
    clear_script_prefix,
    reverse,
    set_script_prefix,
)

from core.links import path_for

NAMES = [
    "forum:thread_detail",
    "forum:post_detail",
    "forum:post_helpful",
    "forum:post_edit",
    "forum:post_delete",
    "forum:post_accept",
    "forum:thread_unaccept",
    "moderation:flag_create",
    "moderation:post_action",
    "accounts:profile",
]


@pytest.mark.parametrize("prefix", ["/", "/forum/"])
@pytest.mark.parametrize("name", NAMES)
def test_paths_match_reverse(name, prefix):
    set_script_prefix(prefix)
    try:
        for pk in (1, 7, 918273645, 10**12):
            assert path_for(name, pk) == reverse(name, args=[pk])
    finally:
        clear_script_prefix()


def test_ids_must_be_integers():
    with pytest.raises(ValueError):
        path_for("forum:post_detail", "1/../../admin")


def test_names_without_an_argument_are_refused():
    with pytest.raises(NoReverseMatch):
        path_for("forum:home", 1)
