from django.db import migrations

# How PostgreSQL stores a release row. By default a row longer than about 2 KB has
# its largest value, the search vector, moved to a side table, so a search that
# tests releases one by one (newest first, or under a filter) reads it from there,
# and unpacks it with the default compression: 7 µs a release. Rows of up to 4 KB
# kept whole, and the vector packed with lz4, take 2.5 µs (docs/benchmarks.md).


def keep_vectors_in_row(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("ALTER TABLE releases_release SET (toast_tuple_target = 4080)")
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings "
            "WHERE name = 'default_toast_compression'"
        )
        if cursor.fetchone()[0]:  # a server built without lz4 keeps its default
            cursor.execute(
                "ALTER TABLE releases_release ALTER COLUMN search_vector SET COMPRESSION lz4"
            )
        # A stored vector stays where and how it was written: writing each one again
        # as it is (joined to an empty one) stores it by the new rules.
        cursor.execute(
            "UPDATE releases_release SET search_vector = search_vector || ''::tsvector "
            "WHERE search_vector IS NOT NULL"
        )
        # Every row was written again: its indexes are made afresh, not twice their size.
        cursor.execute("REINDEX TABLE releases_release")


def store_as_before(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("ALTER TABLE releases_release RESET (toast_tuple_target)")
        cursor.execute(
            "ALTER TABLE releases_release ALTER COLUMN search_vector SET COMPRESSION default"
        )


class Migration(migrations.Migration):

    dependencies = [
        ("releases", "0015_link_value_indexes"),
    ]

    operations = [
        migrations.RunPython(keep_vectors_in_row, store_as_before),
    ]
