"""Watched words move here from the moderation app, with the other checks
run on every new post. Only Django's idea of where the model lives
changes: the table and its rows stay (``moderation_watchedword``)."""

import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def _move_content_type(apps, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=new, model="watchedword").exists():
        ContentType.objects.filter(app_label=old, model="watchedword").update(
            app_label=new
        )


def _rename_content_type(apps, schema_editor):
    _move_content_type(apps, "moderation", "safety")


def _restore_content_type(apps, schema_editor):
    _move_content_type(apps, "safety", "moderation")


class Migration(migrations.Migration):

    dependencies = [
        ('safety', '0001_initial'),
        ('moderation', '0003_moderationevent'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.CreateModel(
            name='WatchedWord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('word', models.CharField(max_length=100, verbose_name='word or phrase')),
                ('action', models.CharField(choices=[('block', 'Block the post'), ('require_approval', 'Hold the post for approval'), ('flag', 'Publish and flag for review')], max_length=20, verbose_name='action')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'db_table': 'moderation_watchedword',
                'ordering': ['word'],
                'constraints': [models.UniqueConstraint(django.db.models.functions.text.Lower('word'), name='watchedword_unique_ci')],
            },
        ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(_rename_content_type, _restore_content_type),
    ]
