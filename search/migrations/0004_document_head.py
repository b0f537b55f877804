"""PostgreSQL only: a second stored tsvector, ``head``, over the start of each
thread (title A, condition terms B, the first 1,000 characters of body C),
which search ranks with instead of the full ``vector`` (see
search.backends.PostgresBackend and HEAD_CHARS there).

It is about a kilobyte, and STORAGE MAIN keeps it in the table row rather
than in TOAST, so ranking hundreds of candidates reads no extra pages. Both
clauses are one ALTER TABLE so the table is rewritten once, with the new
storage already in force. The rewrite locks the table: a few seconds for
20,000 threads, during which replies wait to be indexed.

SQLite gets nothing: FTS5 ranks the whole text cheaply enough there."""

from django.db import migrations

POSTGRES_FORWARD = [
    """
    ALTER TABLE search_threaddocument
    ADD COLUMN head tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(terms, '')), 'B')
        || setweight(
            to_tsvector('english'::regconfig, left(coalesce(body, ''), 1000)), 'C'
        )
    ) STORED,
    ALTER COLUMN head SET STORAGE MAIN
    """,
]
POSTGRES_REVERSE = [
    "ALTER TABLE search_threaddocument DROP COLUMN IF EXISTS head",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_index_existing_threads"),
    ]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD}),
            _run({"postgresql": POSTGRES_REVERSE}),
        ),
    ]
