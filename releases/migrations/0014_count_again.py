from django.db import migrations


def count_again(apps, schema_editor):
    """Count everything again: scheduled releases leave the counts until their time comes."""
    from releases.services import releases_recount

    releases_recount(apps=apps)


class Migration(migrations.Migration):
    # Apart from 0013: on PostgreSQL an index cannot be made after rows were written in
    # the same transaction.

    dependencies = [
        ("releases", "0013_counted_release_due_at"),
    ]

    operations = [
        migrations.RunPython(count_again, migrations.RunPython.noop),
    ]
