"""Index the threads that existed before search did."""

from django.db import migrations

SEPARATOR = "\n\n"
MAX_BODY_CHARS = 200_000


def document_fields(*, title, sources, conditions):
    """search.index.document_fields as it was when this migration was
    written: a migration's models are historical, without the app's
    properties, so it keeps its own copy."""
    terms = []
    for condition in conditions:
        terms.append(condition.name)
        terms.extend(s.strip() for s in condition.synonyms.split(",") if s.strip())
    body = SEPARATOR.join(sources)[:MAX_BODY_CHARS]
    return {"title": title, "terms": ", ".join(terms), "body": body}


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
