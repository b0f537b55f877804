"""The moderation log now lives in the moderation app (its table stays)."""


from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('forum', '0008_alter_moderationevent_action'),
        ('notifications', '0002_alter_notification_event'),
        ('moderation', '0003_moderationevent'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.RemoveIndex(
            model_name='moderationevent',
            name='modevent_target_idx',
        ),
        migrations.RemoveIndex(
            model_name='moderationevent',
            name='modevent_action_idx',
        ),
        migrations.DeleteModel(
            name='ModerationEvent',
        ),
            ],
            database_operations=[],
        ),
    ]
