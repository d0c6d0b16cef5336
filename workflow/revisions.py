"""Revisions of a release (django-reversion): listing, reading and restoring them.

A revision holds the release, its tag links, and its photos and documents as they were:
each photo's place (the first the lead photo) with its caption, alt text and credit, and
each document's file, title, language and place. Restoring it puts them back too.
"""

import posixpath

import reversion
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname
from reversion.models import Version
from taggit.models import Tag

from releases.models import (
    Document,
    Photo,
    Release,
    ReleasePhoto,
    TaggedRelease,
    WorkflowEvent,
)
from workflow.editing import release_save
from workflow.rules import can_edit

Action = WorkflowEvent.Action

# What a revision restores: every field of a release but those below. A new field
# is content unless it is added here (tests/workflow/test_revisions.py checks that
# every field is one or the other).
TRANSLATED = translator.get_options_for_model(Release).fields
NOT_CONTENT = (
    *Release.WORKFLOW_FIELDS,  # changed only by the workflow steps, never restored
    "id",
    "tags",  # restored by name, from the revision's TaggedRelease rows
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
    "search_vector",  # derived
    "search_vector_az",
    "search_vector_ru",
    # Written per language: a revision restores each language's column (title_az …);
    # the field itself is only the active language's view of them.
    *TRANSLATED,
)
CONTENT_FIELDS = tuple(
    field.attname
    for field in Release._meta.concrete_fields
    if field.name not in NOT_CONTENT and field.attname not in NOT_CONTENT
)
CONTENT_M2M = tuple(
    field.name for field in Release._meta.many_to_many if field.name not in NOT_CONTENT
)


def same_value(a, b):
    """Whether two revisions hold the same value: a version's empty column may be
    stored as NULL or as "", which is no change to anyone reading it."""
    return a == b or (a in (None, "") and b in (None, ""))


# A photo's texts a revision keeps with its place on the release, in each language.
PHOTO_TEXTS = tuple(
    build_localized_fieldname(name, lang)
    for name in translator.get_options_for_model(Photo).fields
    for lang in (code for code, _ in settings.LANGUAGES)
)
DOCUMENT_FIELDS = ("file", "title", "language", "position", "size")
# Content beside the release's own fields: its photos and documents.
ATTACHMENTS = ("photos", "documents")


def release_versions(release):
    """The release's revisions, newest first, with their revision (user, date, comment)
    and the other rows each holds (tag links, photos, documents): reading any number of
    them costs the same few queries."""
    return (
        Version.objects.get_for_object(release)
        .select_related("revision", "revision__user")
        .prefetch_related("revision__version_set")
        .order_by("-revision__date_created", "-pk")
    )


def _held_with(version):
    """{model: [field dict]} of the rows the revision of ``version`` holds besides it."""
    models = {
        ContentType.objects.get_for_model(model).pk: model
        for model in (TaggedRelease, ReleasePhoto, Photo, Document)
    }
    held = {}
    for other in version.revision.version_set.all():
        model = models.get(other.content_type_id)
        if model is not None:
            # Files by their stored name, as the rows hold them.
            row = {
                name: value.name if isinstance(value, FieldFile) else value
                for name, value in other.field_dict.items()
            }
            held.setdefault(model, []).append({**row, "pk": other.object_id})
    return held


def _of_release(rows, version, field):
    return [row for row in rows if str(row.get(field)) == str(version.object_id)]


def _attachments(version, held):
    photos = {str(row["pk"]): row for row in held.get(Photo, [])}
    links = sorted(
        _of_release(held.get(ReleasePhoto, []), version, "release_id"),
        key=lambda row: (row["position"], int(row["pk"])),
    )
    documents = sorted(
        _of_release(held.get(Document, []), version, "release_id"),
        key=lambda row: (row["position"], int(row["pk"])),
    )
    return {
        "photos": [
            {
                "photo": link["photo_id"],
                "image": photos.get(str(link["photo_id"]), {}).get("image", ""),
                **{name: photos.get(str(link["photo_id"]), {}).get(name) for name in PHOTO_TEXTS},
            }
            for link in links
        ],
        "documents": [
            {"pk": int(row["pk"]), **{name: row.get(name) for name in DOCUMENT_FIELDS}}
            for row in documents
        ],
    }


def shown(name, value):
    """``value`` of the content field ``name`` as staff read it: photos and documents
    by name, in their order; anything else as it is."""
    if name == "photos":
        return "; ".join(
            " — ".join(
                part
                for part in (posixpath.basename(p["image"] or ""), p.get("caption_en") or "")
                if part
            )
            for p in value or []
        )
    if name == "documents":
        return "; ".join(
            f"{d['title']} ({d['language']}, {posixpath.basename(d['file'] or '')})"
            for d in value or []
        )
    return value


def version_content(version):
    """The content of ``version`` as {field: value}: tags as a sorted name list, photos
    and documents as lists in their order (``shown`` gives them to read)."""
    return versions_contents([version])[version.pk]


def versions_contents(versions):
    """{version id: content} of ``versions`` (``release_versions``), in one query more."""
    held = {version.pk: _held_with(version) for version in versions}
    tag_ids = {
        version.pk: [
            row.get("tag_id")
            for row in _of_release(
                held[version.pk].get(TaggedRelease, []), version, "content_object_id"
            )
        ]
        for version in versions
    }
    every_tag = {t for ids in tag_ids.values() for t in ids}
    names = (
        dict(Tag.objects.filter(pk__in=every_tag).values_list("pk", "name")) if every_tag else {}
    )
    contents = {}
    for version in versions:
        content = _own_content(version)
        content["tags"] = sorted(names[t] for t in tag_ids[version.pk] if t in names)
        content.update(_attachments(version, held[version.pk]))
        contents[version.pk] = content
    return contents


def _own_content(version):
    data = dict(version.field_dict)
    # A revision from before the release had three languages holds its text under
    # the plain names: that text is the English version.
    for name in TRANSLATED:
        data.setdefault(
            build_localized_fieldname(name, settings.MODELTRANSLATION_DEFAULT_LANGUAGE),
            data.get(name),
        )
    content = {name: data.get(name) for name in CONTENT_FIELDS}
    for name in CONTENT_M2M:
        content[name] = sorted(data.get(name) or [])
    return content


def _restore_attachments(release, content):
    """Put back the photos and documents of ``content`` (version_content) on
    ``release``: a photo gone from the library, or a document whose file is gone from
    the storage, cannot come back and is left out."""
    in_library = Photo.objects.in_bulk([p["photo"] for p in content["photos"]])
    release.release_photos.all().delete()
    for position, held in enumerate(content["photos"]):
        photo = in_library.get(held["photo"])
        if photo is None:
            continue
        ReleasePhoto.objects.create(release=release, photo=photo, position=position)
        texts = {name: held[name] for name in PHOTO_TEXTS if held[name] is not None}
        if any(getattr(photo, name) != value for name, value in texts.items()):
            for name, value in texts.items():
                setattr(photo, name, value)
            photo.save(update_fields=list(texts))
    kept = [d for d in content["documents"] if d["file"] and default_storage.exists(d["file"])]
    release.documents.exclude(pk__in=[d["pk"] for d in kept]).delete()
    for held in kept:
        document = Document(pk=held["pk"], release=release, **{n: held[n] for n in DOCUMENT_FIELDS})
        document.full_clean(exclude=["file"], validate_unique=False)
        document.save()


@transaction.atomic
def release_restore_revision(*, release, version, user):
    """Put ``version``'s content back into ``release`` as a new revision.

    Only content is restored: the release keeps its current status, so an old
    revision can never publish or unpublish anything.
    """
    if str(version.object_id) != str(release.pk):
        raise ValidationError("That revision belongs to another release.")
    stored = Release.objects.select_for_update().get(pk=release.pk)
    if not can_edit(user, stored):
        raise PermissionDenied("Only editors can change a published release.")
    content = version_content(version)
    for name in CONTENT_FIELDS:
        setattr(stored, name, content[name])
    when = timezone.localtime(version.revision.date_created)
    with reversion.create_revision():
        release_save(
            release=stored,
            user=user,
            expected_version=stored.version,
            action=Action.REVERTED,
            comment=f"Revision of {when:%d %B %Y %H:%M}",
        )
        for name in CONTENT_M2M:
            getattr(stored, name).set(content[name])
        stored.tags.set(content["tags"])
        _restore_attachments(stored, content)
        reversion.set_user(user)
        reversion.set_comment(f"Restored the revision of {when:%d %B %Y %H:%M}")
    return stored
