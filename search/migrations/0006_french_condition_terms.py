"""Index the French names and synonyms of conditions (forum 0011) in every
thread tagged with them, so a French search ("sclérose en plaques", "SEP")
finds threads written before the translations existed."""

from django.db import migrations


def _terms(condition) -> list[str]:
    names = [condition.name, condition.name_fr, *condition.synonyms.split(",")]
    names += condition.synonyms_fr.split(",")
    return list(dict.fromkeys(n.strip() for n in names if n.strip()))


def reindex_terms(apps, schema_editor):
    Thread = apps.get_model("forum", "Thread")
    ThreadDocument = apps.get_model("search", "ThreadDocument")
    threads = Thread.objects.filter(
        pk__in=ThreadDocument.objects.values("thread_id")
    ).prefetch_related("conditions")
    for thread in threads.iterator(chunk_size=500):
        terms = ", ".join(t for c in thread.conditions.all() for t in _terms(c))
        ThreadDocument.objects.filter(thread_id=thread.pk).update(terms=terms)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0005_accent_insensitive"),
        ("forum", "0011_condition_french"),
    ]

    operations = [
        migrations.RunPython(reindex_terms, migrations.RunPython.noop),
    ]
