"""A release the archive has already given: finding it again, bringing a version up to
date from a file read again, and adding a version in another language."""

from pathlib import Path

import reversion
from django.core.exceptions import ValidationError

from importing.builder import add_links, slug_free, version_comment, version_fill
from importing.joining import LANGUAGE_NAMES
from importing.related import meeting_for, section_named
from importing.text import normalise
from releases.models import Release, WorkflowEvent
from releases.models.versions import column

Action = WorkflowEvent.Action
Status = Release.Status


def stored_release(parsed):
    """The release already stored for ``parsed`` (same time, same title in its language),
    locked, or None."""
    wanted_title = normalise(parsed.title)
    title = column("title", parsed.language)
    return next(
        (
            r
            for r in Release.objects.select_for_update().filter(published_at=parsed.published_at)
            if normalise(getattr(r, title) or "") == wanted_title
        ),
        None,
    )


def release_locked(pk):
    return Release.objects.select_for_update().get(pk=pk)


def release_update(release, parsed, links, *, memo, publish, user):
    """Bring the stored ``release`` up to ``parsed``, one of its versions: that version's
    text, and for the original also the byline and section; the links found added
    (``links``), published with ``publish`` if not yet; the names of what changed.
    ``memo``: the run's sections and tags (``related.file_memo``)."""
    lang = parsed.language
    fields = [(column("body", lang), parsed.body), (column("lead", lang), parsed.lead)]
    if lang == release.primary_language:
        # A translation's byline and section line are its language's words for the
        # original's: the original decides them.
        section = section_named(parsed.section, memo, language=lang)
        fields += [("byline", parsed.byline), ("section", section)]
    changed = [
        name.replace(f"_{lang}", "") for name, value in fields if getattr(release, name) != value
    ]
    for name, value in fields:
        setattr(release, name, value)
    return _save(release, parsed, links, changed, memo=memo, publish=publish, user=user)


def version_add(release, parsed, links, *, memo, publish, user):
    """Add ``parsed`` to the stored ``release`` as its version in the text's language,
    with the links it finds; (names of what changed, notes for the report).

    A version added to a published (or withdrawn) release is not made public: that is
    an editor's correction. A draft is published with ``publish``, every version with it.
    """
    lang, name = parsed.language, LANGUAGE_NAMES[parsed.language]
    if getattr(release, column("title", lang)):
        raise ValidationError(f"Release {release.pk} already has a {name} version.")
    version_fill(release, parsed)
    slug_free(release, lang, taken=set(), first_checked=False)
    notes = [f"joined to release {release.pk} “{release.title}” as its {name} version"]
    if release.status in (Status.PUBLISHED, Status.WITHDRAWN):
        notes.append(
            f"release {release.pk} is already published: its {name} version stays "
            "unpublished until an editor publishes it as a correction"
        )
    changed = _save(
        release, parsed, links, [f"{name} version"], memo=memo, publish=publish, user=user
    )
    return changed, notes


def _save(release, parsed, links, changed, *, memo, publish, user):
    source = Path(parsed.source).name
    meeting = None
    if links.meeting and release.meeting_id is None:
        meeting = meeting_for(suggestion=links.meeting)
    published_now = publish and release.status in (Status.DRAFT, Status.SUBMITTED)
    if published_now:
        release.status = Status.PUBLISHED
        release.published_languages = " ".join(release.written_languages)
        changed.append("status")
    with reversion.create_revision():
        changed += add_links(release, links, meeting=meeting, memo=memo)
        if meeting is not None and release.meeting_id is None:
            release.meeting = meeting
        if changed:
            release.updated_by = user
            release.full_clean()
            release.save()
            reversion.set_user(user)
            reversion.set_comment(f"Updated from {source}")
    if changed:
        what = ", ".join(changed)
        comment = (
            version_comment(parsed)
            if changed[0].endswith(" version")
            else f"Updated from {source}: {what}"
        )
        events = [(Action.EDITED, comment)]
        if published_now:
            events.append((Action.PUBLISHED, "Published on import"))
        WorkflowEvent.objects.record_all(release=release, user=user, actions=events)
    return changed
