"""The photo library, documents and press contacts of releases, and rich text.

A release's single image and caption move into the library: the same stored file
becomes a Photo (its caption, in each language, as caption and alt text), shown first
on the release. Staff groups get the new models' permissions.
"""

from django.contrib.auth.management import create_permissions
from django.core.files.images import get_image_dimensions
from django.core.files.storage import default_storage
import django.db.models.deletion
import safety.documents
import safety.uploads
from django.db import migrations, models


LANGS = ("az", "en", "ru")
PRESS_OFFICER = [
    "add_photo", "change_photo", "view_photo",
    "add_presscontact", "change_presscontact", "view_presscontact",
    "add_releasephoto", "change_releasephoto", "delete_releasephoto", "view_releasephoto",
    "add_document", "change_document", "delete_document", "view_document",
]
EDITOR = PRESS_OFFICER + ["delete_photo", "delete_presscontact"]


def _size_of(name):
    """The stored photo's width and height, read through the storage; 0 if unreadable
    (a file missing from this copy of the media)."""
    try:
        with default_storage.open(name, "rb") as file:
            width, height = get_image_dimensions(file)
    except (OSError, ValueError, TypeError):
        return {"width": 0, "height": 0}
    return {"width": width or 0, "height": height or 0}


def photos_into_library(apps, schema_editor):
    Release = apps.get_model("releases", "Release")
    Photo = apps.get_model("releases", "Photo")
    ReleasePhoto = apps.get_model("releases", "ReleasePhoto")
    for release in Release.objects.exclude(image="").iterator():
        captions = {lang: getattr(release, f"image_caption_{lang}") or "" for lang in LANGS}
        photo = Photo.objects.create(
            image=release.image.name,
            **_size_of(release.image.name),
            caption=release.image_caption or "",
            alt_text=release.image_caption or "",
            **{f"caption_{lang}": text for lang, text in captions.items()},
            **{f"alt_text_{lang}": text for lang, text in captions.items()},
        )
        ReleasePhoto.objects.create(release=release, photo=photo, position=0)
    if schema_editor.connection.vendor == "postgresql":
        # Check the new rows' foreign keys now: the release table is altered next, in the
        # same transaction, which PostgreSQL refuses while checks are pending.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def photos_out_of_library(apps, schema_editor):
    ReleasePhoto = apps.get_model("releases", "ReleasePhoto")
    Release = apps.get_model("releases", "Release")
    for link in ReleasePhoto.objects.filter(position=0).select_related("photo", "release"):
        photo = link.photo
        Release.objects.filter(pk=link.release_id).update(
            image=photo.image.name,
            image_caption=photo.caption,
            **{f"image_caption_{lang}": getattr(photo, f"caption_{lang}") for lang in LANGS},
        )


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in [("Press officer", PRESS_OFFICER), ("Editor", EDITOR)]:
        group, _ = Group.objects.get_or_create(name=name)
        perms = Permission.objects.filter(content_type__app_label="releases", codename__in=codenames)
        if perms.count() != len(codenames):
            raise RuntimeError(f"Missing photo and document permissions for {name}")
        group.permissions.add(*perms)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="releases", codename__in=EDITOR)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=["Press officer", "Editor"]):
        group.permissions.remove(*perms)


class Migration(migrations.Migration):

    dependencies = [
        ('releases', '0023_desk_settings_and_autosaves'),
    ]

    operations = [
        migrations.CreateModel(
            name='Photo',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('image', models.ImageField(help_text='JPEG, PNG or WebP, at least 400 pixels wide, at most 10 MB.', upload_to='photos/%Y/%m/', validators=[safety.uploads.ImageUploadValidator()], verbose_name='photo')),
                ('caption', models.CharField(blank=True, max_length=300, verbose_name='caption')),
                ('caption_az', models.CharField(blank=True, max_length=300, null=True, verbose_name='caption')),
                ('caption_en', models.CharField(blank=True, max_length=300, null=True, verbose_name='caption')),
                ('caption_ru', models.CharField(blank=True, max_length=300, null=True, verbose_name='caption')),
                ('alt_text', models.CharField(blank=True, help_text='What the photo shows, for readers who cannot see it.', max_length=300, verbose_name='alt text')),
                ('alt_text_az', models.CharField(blank=True, help_text='What the photo shows, for readers who cannot see it.', max_length=300, null=True, verbose_name='alt text')),
                ('alt_text_en', models.CharField(blank=True, help_text='What the photo shows, for readers who cannot see it.', max_length=300, null=True, verbose_name='alt text')),
                ('alt_text_ru', models.CharField(blank=True, help_text='What the photo shows, for readers who cannot see it.', max_length=300, null=True, verbose_name='alt text')),
                ('credit', models.CharField(blank=True, max_length=200, verbose_name='credit')),
                ('credit_az', models.CharField(blank=True, max_length=200, null=True, verbose_name='credit')),
                ('credit_en', models.CharField(blank=True, max_length=200, null=True, verbose_name='credit')),
                ('credit_ru', models.CharField(blank=True, max_length=200, null=True, verbose_name='credit')),
                ('taken_on', models.DateField(blank=True, null=True, verbose_name='date taken')),
                ('width', models.PositiveIntegerField(default=0, editable=False, verbose_name='width')),
                ('height', models.PositiveIntegerField(default=0, editable=False, verbose_name='height')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='added')),
            ],
            options={
                'verbose_name': 'photo',
                'verbose_name_plural': 'photos',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='PressContact',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('role', models.CharField(blank=True, max_length=200, verbose_name='role')),
                ('role_az', models.CharField(blank=True, max_length=200, null=True, verbose_name='role')),
                ('role_en', models.CharField(blank=True, max_length=200, null=True, verbose_name='role')),
                ('role_ru', models.CharField(blank=True, max_length=200, null=True, verbose_name='role')),
                ('phone', models.CharField(blank=True, max_length=40, verbose_name='phone')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='email')),
            ],
            options={
                'verbose_name': 'press contact',
                'verbose_name_plural': 'press contacts',
                'ordering': ['name', 'pk'],
            },
        ),
        migrations.AddField(
            model_name='release',
            name='body_format',
            field=models.CharField(choices=[('plain', 'Plain text'), ('markdown', 'Formatted (Markdown)')], default='plain', help_text='Formatted: a blank line between paragraphs, # Subheading, - list item, **bold**, *italic*, > quote, [link text](https://…).', max_length=10, verbose_name='body format'),
        ),
        migrations.AlterField(
            model_name='release',
            name='body',
            field=models.TextField(help_text='Separate paragraphs with a blank line; formatting as the body format says. Do not paste the standing paragraph about the Milli Majlis; every page adds it.', verbose_name='body'),
        ),
        migrations.AlterField(
            model_name='release',
            name='body_az',
            field=models.TextField(help_text='Separate paragraphs with a blank line; formatting as the body format says. Do not paste the standing paragraph about the Milli Majlis; every page adds it.', null=True, verbose_name='body'),
        ),
        migrations.AlterField(
            model_name='release',
            name='body_en',
            field=models.TextField(help_text='Separate paragraphs with a blank line; formatting as the body format says. Do not paste the standing paragraph about the Milli Majlis; every page adds it.', null=True, verbose_name='body'),
        ),
        migrations.AlterField(
            model_name='release',
            name='body_ru',
            field=models.TextField(help_text='Separate paragraphs with a blank line; formatting as the body format says. Do not paste the standing paragraph about the Milli Majlis; every page adds it.', null=True, verbose_name='body'),
        ),
        migrations.CreateModel(
            name='Document',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.FileField(help_text='PDF, Word, Excel, PowerPoint or OpenDocument, at most 25 MB.', upload_to='documents/%Y/%m/', validators=[safety.documents.DocumentUploadValidator()], verbose_name='file')),
                ('title', models.CharField(max_length=300, verbose_name='title')),
                ('language', models.CharField(choices=[('az', 'Azərbaycanca'), ('en', 'English'), ('ru', 'Русский')], max_length=2, verbose_name='language')),
                ('size', models.PositiveBigIntegerField(default=0, editable=False, verbose_name='size in bytes')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                ('release', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='documents', to='releases.release')),
            ],
            options={
                'verbose_name': 'document',
                'verbose_name_plural': 'documents',
                'ordering': ['position', 'pk'],
            },
        ),
        migrations.AddField(
            model_name='release',
            name='press_contact',
            field=models.ForeignKey(blank=True, help_text='Whom journalists may call about this release.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='releases', to='releases.presscontact', verbose_name='press contact'),
        ),
        migrations.CreateModel(
            name='ReleasePhoto',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                ('photo', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='uses', to='releases.photo', verbose_name='photo')),
                ('release', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='release_photos', to='releases.release')),
            ],
            options={
                'verbose_name': 'photo of the release',
                'verbose_name_plural': 'photos of the release (the first is the lead photo)',
                'ordering': ['position', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('release', 'photo'), name='release_photo_once')],
            },
        ),
        migrations.RunPython(photos_into_library, photos_out_of_library),
        migrations.RunPython(grant, revoke),
        migrations.RemoveField(
            model_name='release',
            name='image',
        ),
        migrations.RemoveField(
            model_name='release',
            name='image_caption',
        ),
        migrations.RemoveField(
            model_name='release',
            name='image_caption_az',
        ),
        migrations.RemoveField(
            model_name='release',
            name='image_caption_en',
        ),
        migrations.RemoveField(
            model_name='release',
            name='image_caption_ru',
        ),
    ]
