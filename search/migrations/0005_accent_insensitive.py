"""PostgreSQL only: search ignores accents, as SQLite's FTS5 already does
(``remove_diacritics``), so "sclerose" finds "sclérose" and "diabète" finds
"diabetes" threads tagged in French or English.

A text search configuration ``carethread``: English's, with the ``unaccent``
dictionary before the English stemmer for words. ``vector`` and ``head`` are
generated columns, which PostgreSQL before 17 cannot re-express, so they are
dropped and added again on the new configuration (a table rewrite, as in
0004); the GIN index comes back with them.

``unaccent`` is a trusted extension since PostgreSQL 13: the database owner
may create it. Where it is already there, nothing changes."""

from django.db import migrations


def _columns(config: str) -> list[str]:
    return [
        "DROP INDEX IF EXISTS search_doc_vector_gin",
        "ALTER TABLE search_threaddocument DROP COLUMN IF EXISTS vector,"
        " DROP COLUMN IF EXISTS head",
        f"""
        ALTER TABLE search_threaddocument
        ADD COLUMN vector tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('{config}'::regconfig, coalesce(title, '')), 'A')
            || setweight(to_tsvector('{config}'::regconfig, coalesce(terms, '')), 'B')
            || setweight(to_tsvector('{config}'::regconfig, coalesce(body, '')), 'C')
        ) STORED,
        ADD COLUMN head tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('{config}'::regconfig, coalesce(title, '')), 'A')
            || setweight(to_tsvector('{config}'::regconfig, coalesce(terms, '')), 'B')
            || setweight(
                to_tsvector('{config}'::regconfig, left(coalesce(body, ''), 1000)),
                'C'
            )
        ) STORED,
        ALTER COLUMN head SET STORAGE MAIN
        """,
        "CREATE INDEX search_doc_vector_gin ON search_threaddocument"
        " USING gin (vector)",
    ]


POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS carethread",
    "CREATE TEXT SEARCH CONFIGURATION carethread (COPY = english)",
    "ALTER TEXT SEARCH CONFIGURATION carethread"
    " ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem",
    *_columns("carethread"),
]
POSTGRES_REVERSE = [
    *_columns("english"),
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS carethread",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_document_head"),
    ]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD}),
            _run({"postgresql": POSTGRES_REVERSE}),
        ),
    ]
