"""Notifications point at the moderation log in its new app; same table."""


import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('moderation', '0003_moderationevent'),
        ('notifications', '0001_follow_notification'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.AlterField(
            model_name='notification',
            name='event',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='moderation.moderationevent'),
        ),
            ],
            database_operations=[],
        ),
    ]
