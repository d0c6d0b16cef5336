"""A release the archive has already given: finding it again, and bringing it up to
date from a file read again."""

from pathlib import Path

import reversion

from importing.builder import add_links
from importing.related import meeting_for, section_named
from importing.text import normalise
from releases.models import Release, WorkflowEvent

Action = WorkflowEvent.Action
Status = Release.Status


def stored_release(parsed):
    """The release already stored for ``parsed`` (same time, same title), locked, or None."""
    wanted_title = normalise(parsed.title)
    return next(
        (
            r
            for r in Release.objects.select_for_update().filter(published_at=parsed.published_at)
            if normalise(r.title) == wanted_title
        ),
        None,
    )


def release_update(release, parsed, links, *, memo, publish, user):
    """Bring the stored ``release`` up to ``parsed``: its text and section, the links
    found added (``links``), published with ``publish`` if not yet; the names of what
    changed. ``memo``: the run's sections and tags (``related.file_memo``)."""
    source = Path(parsed.source).name
    section = section_named(parsed.section, memo)
    meeting = None
    if links.meeting and release.meeting_id is None:
        meeting = meeting_for(suggestion=links.meeting)
    changed = []
    for name, value in (
        ("body", parsed.body),
        ("lead", parsed.lead),
        ("byline", parsed.byline),
        ("section", section),
    ):
        if getattr(release, name) != value:
            setattr(release, name, value)
            changed.append(name)
    published_now = publish and release.status in (Status.DRAFT, Status.SUBMITTED)
    if published_now:
        release.status = Status.PUBLISHED
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
        events = [(Action.EDITED, f"Updated from {source}: {', '.join(changed)}")]
        if published_now:
            events.append((Action.PUBLISHED, "Published on import"))
        WorkflowEvent.objects.record_all(release=release, user=user, actions=events)
    return changed
