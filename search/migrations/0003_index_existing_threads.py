"""Index the threads that existed before search did."""

from django.db import migrations

from search.index import document_fields


def index_threads(apps, schema_editor):
    Thread = apps.get_model("forum", "Thread")
    Post = apps.get_model("forum", "Post")
    ThreadDocument = apps.get_model("search", "ThreadDocument")
    threads = Thread.objects.filter(visibility="visible").prefetch_related(
        "conditions"
    )
    for thread in threads.order_by("pk"):
        sources = (
            Post.objects.filter(thread=thread, visibility="visible")
            .order_by("created_at", "id")
            .values_list("source", flat=True)
        )
        ThreadDocument.objects.update_or_create(
            thread_id=thread.pk,
            defaults=document_fields(
                title=thread.title,
                sources=sources,
                conditions=thread.conditions.all(),
            ),
        )


def drop_documents(apps, schema_editor):
    apps.get_model("search", "ThreadDocument").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_fulltext_index"),
    ]

    operations = [
        migrations.RunPython(index_threads, drop_documents),
    ]
