"""PostgreSQL only: the weighted ``vector`` is kept by a trigger instead of a
generated column, so a reply appended to a long thread adds just its own
words instead of recomputing the whole document's.

A stored generated column is recomputed from the whole row on every UPDATE:
26 ms for a 170,000-character thread, in the replier's transaction. The
trigger recomputes it in full only when the title, the condition terms or the
earlier text changed (``search.index.thread_reindex``: an edit, a hide, a
retag); when the new body starts with the old one (``reply_append``), it
concatenates the old vector with the new text's (``||`` shifts the new
positions past the old ones, as the full computation would place them).
``head`` stays a generated column: it reads the first 1,000 characters only.
SQLite is unchanged (FTS5 and its triggers)."""

from django.db import migrations

CONFIG = "carethread"


def _full(row: str = "") -> str:
    """The whole weighted vector of a row (``row.`` prefix, or none)."""
    p = f"{row}." if row else ""
    return (
        f"setweight(to_tsvector('{CONFIG}'::regconfig, coalesce({p}title, '')), 'A')"
        f" || setweight(to_tsvector('{CONFIG}'::regconfig, coalesce({p}terms, '')), 'B')"
        f" || setweight(to_tsvector('{CONFIG}'::regconfig, coalesce({p}body, '')), 'C')"
    )


FORWARD = [
    "DROP INDEX IF EXISTS search_doc_vector_gin",
    "ALTER TABLE search_threaddocument DROP COLUMN IF EXISTS vector",
    "ALTER TABLE search_threaddocument ADD COLUMN vector tsvector",
    f"""
    CREATE OR REPLACE FUNCTION search_threaddocument_vector() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE'
           AND OLD.vector IS NOT NULL
           AND NEW.title IS NOT DISTINCT FROM OLD.title
           AND NEW.terms IS NOT DISTINCT FROM OLD.terms
           AND starts_with(coalesce(NEW.body, ''), coalesce(OLD.body, '')) THEN
            IF length(coalesce(NEW.body, '')) > length(coalesce(OLD.body, '')) THEN
                NEW.vector := OLD.vector || setweight(
                    to_tsvector(
                        '{CONFIG}'::regconfig,
                        substr(NEW.body, length(coalesce(OLD.body, '')) + 1)
                    ),
                    'C'
                );
            ELSE
                NEW.vector := OLD.vector;
            END IF;
        ELSE
            NEW.vector := {_full("NEW")};
        END IF;
        RETURN NEW;
    END
    $$
    """,
    "CREATE TRIGGER search_threaddocument_vector BEFORE INSERT OR UPDATE"
    " ON search_threaddocument FOR EACH ROW"
    " EXECUTE FUNCTION search_threaddocument_vector()",
    f"UPDATE search_threaddocument d SET vector = {_full('d')}",
    "CREATE INDEX search_doc_vector_gin ON search_threaddocument USING gin (vector)",
    # The new column has no statistics until autovacuum gets to it; without
    # them the planner misjudges searches (26 ms against 5 ms measured).
    "ANALYZE search_threaddocument",
]
REVERSE = [
    "DROP TRIGGER IF EXISTS search_threaddocument_vector ON search_threaddocument",
    "DROP FUNCTION IF EXISTS search_threaddocument_vector()",
    "DROP INDEX IF EXISTS search_doc_vector_gin",
    "ALTER TABLE search_threaddocument DROP COLUMN IF EXISTS vector",
    f"""
    ALTER TABLE search_threaddocument
    ADD COLUMN vector tsvector GENERATED ALWAYS AS ({_full()})
    STORED
    """,
    "CREATE INDEX search_doc_vector_gin ON search_threaddocument USING gin (vector)",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0006_french_condition_terms"),
    ]

    operations = [migrations.RunPython(_run(FORWARD), _run(REVERSE))]
