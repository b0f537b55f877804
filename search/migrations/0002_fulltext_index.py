"""The full-text index over search_threaddocument, which differs by database
(see search/models.py). Other vendors get no index and no search.

On SQLite, Django rebuilds a table to alter most columns, which drops its
triggers: a later migration that alters search_threaddocument must recreate
the triggers below (and run the FTS 'rebuild' command) afterwards."""

from django.db import migrations

POSTGRES_FORWARD = [
    """
    ALTER TABLE search_threaddocument ADD COLUMN vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(terms, '')), 'B')
        || setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'C')
    ) STORED
    """,
    "CREATE INDEX search_doc_vector_gin ON search_threaddocument USING gin (vector)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS search_doc_vector_gin",
    "ALTER TABLE search_threaddocument DROP COLUMN IF EXISTS vector",
]

# Column order matters: queries address title, terms and body as 0, 1 and 2.
SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE search_threadfts USING fts5(
        title, terms, body,
        content='search_threaddocument', content_rowid='thread_id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER search_threadfts_ai AFTER INSERT ON search_threaddocument BEGIN
        INSERT INTO search_threadfts(rowid, title, terms, body)
        VALUES (new.thread_id, new.title, new.terms, new.body);
    END
    """,
    """
    CREATE TRIGGER search_threadfts_ad AFTER DELETE ON search_threaddocument BEGIN
        INSERT INTO search_threadfts(search_threadfts, rowid, title, terms, body)
        VALUES ('delete', old.thread_id, old.title, old.terms, old.body);
    END
    """,
    """
    CREATE TRIGGER search_threadfts_au AFTER UPDATE ON search_threaddocument BEGIN
        INSERT INTO search_threadfts(search_threadfts, rowid, title, terms, body)
        VALUES ('delete', old.thread_id, old.title, old.terms, old.body);
        INSERT INTO search_threadfts(rowid, title, terms, body)
        VALUES (new.thread_id, new.title, new.terms, new.body);
    END
    """,
    # Index whatever rows already exist.
    "INSERT INTO search_threadfts(search_threadfts) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_threadfts_au",
    "DROP TRIGGER IF EXISTS search_threadfts_ad",
    "DROP TRIGGER IF EXISTS search_threadfts_ai",
    "DROP TABLE IF EXISTS search_threadfts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_thread_document"),
    ]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
    ]
