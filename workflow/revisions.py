"""Revisions of a release (django-reversion): listing, reading and restoring them."""

import reversion
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname
from reversion.models import Version
from taggit.models import Tag

from releases.models import (
    Release,
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


def release_versions(release):
    """The release's revisions, newest first, with their revision (user, date, comment)."""
    return (
        Version.objects.get_for_object(release)
        .select_related("revision", "revision__user")
        .order_by("-revision__date_created", "-pk")
    )


def version_content(version):
    """The content of ``version`` as {field: value}, tags included as a sorted name list."""
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
    tag_ids = [
        v.field_dict.get("tag_id")
        for v in version.revision.version_set.all()
        if v.content_type.model_class() is TaggedRelease
        and str(v.field_dict.get("content_object_id")) == str(version.object_id)
    ]
    content["tags"] = sorted(Tag.objects.filter(pk__in=tag_ids).values_list("name", flat=True))
    return content


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
        reversion.set_user(user)
        reversion.set_comment(f"Restored the revision of {when:%d %B %Y %H:%M}")
    return stored
