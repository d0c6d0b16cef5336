"""Adding to kept counts: the filter counts (``search.recount``) and the dossier's
(``search.dossier_counts``)."""

from django.db import connection


def batches(items, size):
    items = list(items)
    return [items[start : start + size] for start in range(0, len(items), size)]


def add_to_counts(model, columns, counted, delta):
    """Add ``delta`` ({row: change}, a row the values of ``columns``, the unique key of
    ``model``) to the column ``counted`` of ``model``'s rows.

    One statement per 500 rows that adds to each stored count or stores a new one
    (INSERT … ON CONFLICT, the same on PostgreSQL and SQLite): Django's bulk_create
    can only overwrite a count, and reading the counts first would let two
    transactions add to the same count at once and lose one of the changes.
    """
    rows = [(*row, change) for row, change in delta.items() if change]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(map(quote, [*columns, counted]))
    unique = ", ".join(map(quote, columns))
    counted = quote(counted)
    places = "(" + ", ".join(["%s"] * (len(columns) + 1)) + ")"
    with connection.cursor() as cursor:
        for batch in batches(rows, 500):
            cursor.execute(
                f"INSERT INTO {table} ({names}) VALUES {', '.join([places] * len(batch))} "
                f"ON CONFLICT ({unique}) DO UPDATE "
                f"SET {counted} = {table}.{counted} + excluded.{counted}",
                [value for row in batch for value in row],
            )
