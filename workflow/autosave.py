"""The text of a release being written, saved every few seconds by its form.

A draft's text is written into the release itself, at its version: the same check as
any save (``editing.check_version``), so a form opened before someone else saved is
refused here as it would be by the Save button, and the form that saved carries the
new version on. No revision, no audit event: those are for the saves people make.
Anything else (a release submitted, published, scheduled or withdrawn, a refused
version, a text not valid yet) is kept apart for that person (``ReleaseAutosave``)
and offered back when they open the form again; the public never sees it.
"""

from dataclasses import dataclass

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from releases.models import Release, ReleaseAutosave
from releases.models.versions import LANGUAGES, TEXT_FIELDS, column
from workflow import editing, rules

# What a form saves on its own: each version's text, and which one is the original.
AUTOSAVE_FIELDS = (
    "primary_language",
    *(column(field, lang) for lang in LANGUAGES for field in TEXT_FIELDS),
)
# A body or a lead has no limit of its own; this one keeps a posted text sane.
MAX_TEXT = 100_000


@dataclass(frozen=True)
class Autosaved:
    """What an autosave did: ``release`` (None while none was created), whether the
    text went into it, and if not, why (``problem``, for the writer)."""

    release: Release | None
    into_release: bool
    saved_at: object
    problem: str = ""
    conflict: bool = False


def clean_autosave_fields(fields):
    """``fields`` as {name: text}, checked: only ``AUTOSAVE_FIELDS``, strings within each
    column's length. ValidationError otherwise."""
    if not isinstance(fields, dict) or not fields:
        raise ValidationError(_("Nothing to save: send the form's fields."), code="invalid")
    cleaned = {}
    for name, value in fields.items():
        if name not in AUTOSAVE_FIELDS:
            raise ValidationError(
                _("“%(name)s” is not a field saved on its own.") % {"name": str(name)[:50]},
                code="invalid",
            )
        if not isinstance(value, str):
            raise ValidationError(_("“%(name)s” must be text.") % {"name": name}, code="invalid")
        limit = Release._meta.get_field(name).max_length or MAX_TEXT
        if len(value) > limit:
            raise ValidationError(
                _("“%(name)s” is longer than %(limit)d characters.")
                % {"name": name, "limit": limit},
                code="invalid",
            )
        cleaned[name] = value
    return cleaned


def with_addresses(fields, *, new):
    """``fields`` with each version's address made from its title where the form left
    it empty (no script to fill it), or for a new release, did not send it."""
    fields = dict(fields)
    for lang in LANGUAGES:
        title, slug = column("title", lang), column("slug", lang)
        if fields.get(title) and not fields.get(slug) and (new or slug in fields):
            fields[slug] = slugify(fields[title], allow_unicode=True)[:300]
    return fields


@transaction.atomic
def release_autosave(*, user, fields, release=None, expected_version=None):
    """Save the text ``fields`` of ``user``'s form for ``release`` (None: a release not
    created yet, which is created as a draft once it has a version with a title and a
    body). Returns an ``Autosaved``. Raises ValidationError for fields it does not
    take, PermissionDenied if ``user`` may not write the release."""
    fields = with_addresses(clean_autosave_fields(fields), new=release is None)
    now = timezone.now()
    if release is None:
        if not (user and user.has_perm("releases.add_release")):
            raise PermissionDenied(_("You cannot add releases."))
        created = _create_draft(user=user, fields=fields)
        if created is not None:
            return Autosaved(release=created, into_release=True, saved_at=now)
        _keep(user=user, release=None, fields=fields, now=now)
        return Autosaved(
            release=None,
            into_release=False,
            saved_at=now,
            problem=_("Kept for you: the draft is created once it has a title and a body."),
        )
    if not rules.can_edit(user, release):
        raise PermissionDenied(_("Only editors can change a published release."))
    if not rules.can_autosave_into(user, release):
        _keep(user=user, release=release, fields=fields, now=now)
        return Autosaved(
            release=release,
            into_release=False,
            saved_at=now,
            problem=_("Kept for you, not public: your changes go out when you save."),
        )
    try:
        with transaction.atomic():
            stored = editing.check_version(release=release, expected_version=expected_version)
            if not rules.can_autosave_into(user, stored):
                # Submitted since it was read: a step saves too, so this form's version
                # is behind; kept apart like any refused version.
                raise editing.EditConflict(_("This release is no longer a draft."))
            changed = {k: v for k, v in fields.items() if (getattr(stored, k) or "") != v}
            if changed:
                for name, value in changed.items():
                    setattr(stored, name, value)
                stored.updated_by = user
                stored.full_clean()
                stored.save(update_fields=[*changed, "version", "updated_at", "updated_by"])
    except editing.EditConflict as refused:
        _keep(user=user, release=release, fields=fields, now=now)
        return Autosaved(
            release=release,
            into_release=False,
            saved_at=now,
            problem=" ".join(refused.messages),
            conflict=True,
        )
    except ValidationError as invalid:
        _keep(user=user, release=release, fields=fields, now=now)
        return Autosaved(
            release=release, into_release=False, saved_at=now, problem=" ".join(invalid.messages)
        )
    # The release holds this text now: nothing else to offer back.
    ReleaseAutosave.objects.filter(user=user, release=stored).delete()
    return Autosaved(release=stored, into_release=True, saved_at=now)


def _create_draft(*, user, fields):
    """The draft made of ``fields`` by ``user``, or None while it is not valid yet."""
    if not any(
        fields.get(column("title", lang)) and fields.get(column("body", lang)) for lang in LANGUAGES
    ):
        return None
    try:
        with transaction.atomic(), reversion.create_revision():
            # Its first revision, as the form's first save would make.
            release = editing.release_save(release=Release(**fields), user=user, is_new=True)
            reversion.set_user(user)
            reversion.set_comment("Created")
    except ValidationError:
        return None
    return release


def _keep(*, user, release, fields, now):
    ReleaseAutosave.objects.update_or_create(
        user=user, release=release, defaults={"fields": fields, "saved_at": now}
    )


def autosave_to_offer(*, user, release):
    """``user``'s kept text for ``release`` (None: the release not created yet), if it
    differs from what the release holds: offered back by the form. Else None."""
    kept = ReleaseAutosave.objects.filter(user=user, release=release).first()
    if kept is None:
        return None
    if release is not None and all(
        (getattr(release, name) or "") == value for name, value in kept.fields.items()
    ):
        return None
    return kept
