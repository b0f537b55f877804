"""Watched words now live in the safety app (their table stays)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('moderation', '0003_moderationevent'),
        ('safety', '0002_watchedword'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.RemoveConstraint(
            model_name='watchedword',
            name='watchedword_unique_ci',
        ),
        migrations.DeleteModel(
            name='WatchedWord',
        ),
            ],
            database_operations=[],
        ),
    ]
