"""Stored full-text search vectors with GIN indexes (PostgreSQL only; SQLite searches with a plain match).

Generated columns: PostgreSQL keeps each vector in step with its text on every write, whichever door
the write comes through, so no service has to remember to update it. The models do not declare them
(Django would try to write them); meetings/search.py reads them.
"""

from django.db import migrations

VECTORS = [
    # table, column, text
    ("meetings_agendaitem", "search_public", "coalesce(title, '') || ' ' || coalesce(description, '')"),
    ("meetings_agendaitem", "search_discussion", "coalesce(discussion, '')"),
    ("meetings_decision", "search_text", "coalesce(text, '')"),
    ("meetings_actionitem", "search_text", "coalesce(text, '')"),
    ("meetings_minutes", "search_text", "coalesce(summary, '') || ' ' || coalesce(next_session, '')"),
]


def add_vectors(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column, text in VECTORS:
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN {column} tsvector "
            f"GENERATED ALWAYS AS (to_tsvector('english'::regconfig, {text})) STORED"
        )
        schema_editor.execute(f"CREATE INDEX {table}_{column}_gin ON {table} USING GIN ({column})")


def remove_vectors(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column, _text in VECTORS:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN {column}")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(add_vectors, remove_vectors)]
