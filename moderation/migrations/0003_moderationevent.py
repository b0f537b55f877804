"""The moderation log moves here from the forum app. Only Django's idea of
where the model lives changes: the table, its rows and indexes stay as they
are (``forum_moderationevent``)."""


import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def _move_content_type(apps, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=new, model="moderationevent").exists():
        ContentType.objects.filter(app_label=old, model="moderationevent").update(
            app_label=new
        )


def _rename_content_type(apps, schema_editor):
    _move_content_type(apps, "forum", "moderation")


def _restore_content_type(apps, schema_editor):
    _move_content_type(apps, "moderation", "forum")


class Migration(migrations.Migration):

    dependencies = [
        ('moderation', '0002_alter_flag_reason'),
        ('forum', '0008_alter_moderationevent_action'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.CreateModel(
            name='ModerationEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('action', models.CharField(choices=[('clinician_approve', 'Approved clinician application'), ('clinician_reject', 'Rejected clinician application'), ('clinician_request_info', 'Asked a clinician applicant for more information'), ('clinician_suspend', 'Suspended clinician verification'), ('clinician_revoke', 'Revoked clinician verification'), ('clinician_reinstate', 'Reinstated clinician verification'), ('post_flag', 'Flagged a post'), ('post_auto_hide', 'Post hidden automatically'), ('post_approve', 'Approved a post'), ('post_hide', 'Hid a post'), ('post_restore', 'Restored a post'), ('post_edit', 'Edited a post'), ('flags_dismiss', 'Dismissed flags'), ('risk_escalate', 'Escalated a possible risk to urgent'), ('risk_dismiss', 'Dismissed a possible risk'), ('thread_lock', 'Locked a thread'), ('thread_unlock', 'Unlocked a thread'), ('thread_pin', 'Pinned a thread'), ('thread_unpin', 'Unpinned a thread'), ('thread_retag', "Changed a thread's conditions"), ('thread_merge', 'Merged a thread'), ('user_warn', 'Warned a member'), ('user_suspend', 'Suspended a member'), ('user_ban', 'Banned a member'), ('sanction_lift', 'Lifted a sanction'), ('watched_word_add', 'Added a watched word'), ('watched_word_remove', 'Removed a watched word')], max_length=40)),
                ('target_type', models.CharField(max_length=40)),
                ('target_id', models.PositiveBigIntegerField()),
                ('reason', models.TextField(blank=True)),
                ('changes', models.JSONField(blank=True, default=dict)),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ('actor', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='moderation_actions', to=settings.AUTH_USER_MODEL)),
                ('subject', models.ForeignKey(blank=True, help_text='The member the action concerns.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='moderation_events', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'db_table': 'forum_moderationevent',
                'ordering': ['-created_at', '-id'],
                'indexes': [models.Index(fields=['target_type', 'target_id'], name='modevent_target_idx'), models.Index(fields=['action', '-created_at'], name='modevent_action_idx')],
            },
        ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(_rename_content_type, _restore_content_type),
    ]
