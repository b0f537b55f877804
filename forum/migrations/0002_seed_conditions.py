"""Seed the condition catalogue with common conditions patients ask about.

The data is read from a file, not imported: a migration must keep working
after the app code changes, so it never imports from ``forum``. Running it
again (or on a database where some rows already exist) updates the rows by
slug instead of duplicating them; reversing it deletes exactly these slugs.

Descriptions are one plain sentence for patients, not clinical definitions.
Synonyms are comma-separated abbreviations and other names people search for.
"""

import json
from pathlib import Path

from django.db import migrations

# The catalogue as data: ``forum/data/conditions.json`` (name, slug, category,
# description, synonyms). This migration is its only reader: once applied, a
# change to the file changes nothing, so a change to the catalogue on existing
# databases is a new migration.
CONDITIONS = json.loads(
    (Path(__file__).resolve().parents[1] / "data" / "conditions.json").read_text(
        encoding="utf-8"
    )
)


def seed_conditions(apps, schema_editor):
    Condition = apps.get_model("forum", "Condition")
    for row in CONDITIONS:
        defaults = {k: v for k, v in row.items() if k != "slug"}
        # Condition.name is unique too. If someone already created a condition
        # with this name under another slug (e.g. by hand in the admin), keep
        # theirs rather than fail the whole migration on the unique constraint.
        if (
            Condition.objects.filter(name__iexact=row["name"])
            .exclude(slug=row["slug"])
            .exists()
        ):
            continue
        Condition.objects.update_or_create(slug=row["slug"], defaults=defaults)


def unseed_conditions(apps, schema_editor):
    Condition = apps.get_model("forum", "Condition")
    Condition.objects.filter(slug__in=[row["slug"] for row in CONDITIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed_conditions, unseed_conditions)]
