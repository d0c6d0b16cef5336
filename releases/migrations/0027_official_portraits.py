"""Officials' portraits move into the photo library.

Each official's portrait file becomes a Photo (the same stored file, its alt text the
official's name in each language), chosen as the official's portrait; people 0008 then
removes the official's own photo field. Going back puts each portrait's file back on
its official.
"""

import django.db.models.deletion
from django.core.files.images import get_image_dimensions
from django.core.files.storage import default_storage
from django.db import migrations, models

LANGS = ("az", "en", "ru")


def _size_of(name):
    """The stored photo's width and height, read through the storage; 0 if unreadable
    (a file missing from this copy of the media)."""
    try:
        with default_storage.open(name, "rb") as file:
            width, height = get_image_dimensions(file)
    except (OSError, ValueError, TypeError):
        return {"width": 0, "height": 0}
    return {"width": width or 0, "height": height or 0}


def portraits_into_library(apps, schema_editor):
    Official = apps.get_model("people", "Official")
    Photo = apps.get_model("releases", "Photo")
    OfficialPortrait = apps.get_model("releases", "OfficialPortrait")
    for official in Official.objects.exclude(photo="").iterator():
        names = {lang: getattr(official, f"full_name_{lang}") for lang in LANGS}
        photo = Photo.objects.create(
            image=official.photo.name,
            **_size_of(official.photo.name),
            alt_text=official.full_name,
            **{f"alt_text_{lang}": name for lang, name in names.items()},
        )
        OfficialPortrait.objects.create(official=official, photo=photo)
    if schema_editor.connection.vendor == "postgresql":
        # Check the new rows' foreign keys now: the official table is altered next, in
        # the same transaction, which PostgreSQL refuses while checks are pending.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def portraits_out_of_library(apps, schema_editor):
    Official = apps.get_model("people", "Official")
    OfficialPortrait = apps.get_model("releases", "OfficialPortrait")
    for portrait in OfficialPortrait.objects.select_related("photo"):
        Official.objects.filter(pk=portrait.official_id).update(photo=portrait.photo.image.name)


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0007_convocations_and_friendship_groups'),
        ('releases', '0026_count_meetings'),
    ]

    operations = [
        migrations.CreateModel(
            name='OfficialPortrait',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('official', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='portrait', to='people.official', verbose_name='official')),
                ('photo', models.ForeignKey(help_text='A photo of the library; its alt text names the official.', on_delete=django.db.models.deletion.PROTECT, related_name='portraits', to='releases.photo', verbose_name='portrait')),
            ],
            options={
                'verbose_name': 'portrait',
                'verbose_name_plural': 'portrait',
            },
        ),
        migrations.RunPython(portraits_into_library, portraits_out_of_library),
    ]
