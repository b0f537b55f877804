from django.db import migrations
from django.db.models import F


def verify_existing(apps, schema_editor):
    # Members who joined before verification existed keep posting: their
    # address is treated as confirmed from the day they joined.
    User = apps.get_model("accounts", "User")
    User.objects.filter(email_verified_at__isnull=True).update(
        email_verified_at=F("date_joined")
    )


def unverify_all(apps, schema_editor):
    apps.get_model("accounts", "User").objects.update(email_verified_at=None)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_user_email_verified_at"),
    ]

    operations = [migrations.RunPython(verify_existing, unverify_all)]
