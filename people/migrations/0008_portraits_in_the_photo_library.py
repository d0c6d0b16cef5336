"""An official's portrait is a photo of the library (releases 0025 moved each file
there): the official's own photo field goes."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0007_convocations_and_friendship_groups'),
        ('releases', '0027_official_portraits'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='official',
            name='photo',
        ),
    ]
