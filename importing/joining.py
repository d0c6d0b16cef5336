"""Which release a text is a version of: the rule that joins a translation to its release.

A text joins a release (stored, or made earlier in the same run) when it is published at
the same minute and is about the same thing: the same meeting (its date and
participants), or, when neither reports a meeting, the same officials. A release that
already has a version in the text's language is the text *imported again* if the titles
agree; otherwise, as when two releases could be the one, the text is not joined: it is
imported as a release of its own, and a note says why. Never joining two different
releases matters more than joining every translation: ``--translation-of`` names the
release when the rule cannot.
"""

from dataclasses import dataclass, field

from importing.text import normalise
from releases.models import Meeting, Release
from releases.models.versions import LANGUAGES, column

# The command's report is in English, whatever the language of the site.
LANGUAGE_NAMES = {"az": "Azerbaijani", "en": "English", "ru": "Russian"}

# A file of the archive named ``<name>.az.txt`` holds a translation; the original of a
# release made from several files of one run is the one without such a mark.
TRANSLATION_MARKS = tuple(f".{lang}.txt" for lang in LANGUAGES)


@dataclass
class Known:
    """A release as the rule reads it: stored (``pk``), or being made in this run."""

    published_at: object
    titles: dict  # {language: normalised title} of its versions
    subject: object  # ("meeting", date, participant ids) / ("officials", ids) / None
    pk: int | None = None
    status: str = Release.Status.DRAFT
    title: str = ""  # as the report names it
    pending: list = field(default_factory=list)  # [(index, parsed, links)] not written yet


@dataclass(frozen=True)
class Place:
    """Where a text goes: ``kind`` "again" (its version exists), "join" or "new"."""

    kind: str
    known: Known | None = None
    note: str = ""


def links_subject(links):
    """What a text is about, as the rule compares it; None when it names nobody known."""
    meeting = links.meeting
    if meeting is not None:
        ids = frozenset(meeting.official_ids)
        return ("meeting", meeting.date, ids) if ids else None
    ids = frozenset(links.officials)
    return ("officials", ids) if ids else None


def known_from_links(parsed, links):
    return Known(
        published_at=parsed.published_at,
        titles={parsed.language: normalise(parsed.title)},
        subject=links_subject(links),
        title=parsed.title,
    )


def stored_releases(times):
    """{publication time: [Known]} of the stored releases at ``times``, in three queries
    whatever their number."""
    rows = list(
        Release.objects.filter(published_at__in=set(times)).values_list(
            "pk",
            "published_at",
            "status",
            "meeting_id",
            "meeting__date",
            *(column("title", lang) for lang in LANGUAGES),
        )
    )
    if not rows:
        return {}
    meetings = {row[3] for row in rows if row[3] is not None}
    participants = {}
    for meeting_id, official_id in Meeting.participants.through.objects.filter(
        meeting_id__in=meetings
    ).values_list("meeting_id", "official_id"):
        participants.setdefault(meeting_id, set()).add(official_id)
    officials = {}
    for release_id, official_id in Release.officials.through.objects.filter(
        release_id__in=[row[0] for row in rows]
    ).values_list("release_id", "official_id"):
        officials.setdefault(release_id, set()).add(official_id)
    found = {}
    for pk, at, status, meeting_id, meeting_date, *titles in rows:
        if meeting_id is not None:
            ids = frozenset(participants.get(meeting_id, ()))
            subject = ("meeting", meeting_date, ids) if ids else None
        else:
            ids = frozenset(officials.get(pk, ()))
            subject = ("officials", ids) if ids else None
        versions = {lang: normalise(t) for lang, t in zip(LANGUAGES, titles, strict=True) if t}
        title = next(t for t in titles if t) if any(titles) else ""
        found.setdefault(at, []).append(Known(at, versions, subject, pk, status, title))
    return found


def place(parsed, links, candidates, *, translation_of=None):
    """Where ``parsed`` goes among ``candidates`` ([Known] of its publication time), or
    in ``translation_of`` (a Known) when the command names the release."""
    lang, title = parsed.language, normalise(parsed.title)
    name = LANGUAGE_NAMES[lang]
    if translation_of is not None:
        have = translation_of.titles.get(lang)
        if have is None:
            return Place("join", translation_of)
        if have == title:
            return Place("again", translation_of)
        return Place(
            "refused",
            translation_of,
            f"release {named(translation_of)} already has a {name} version with another "
            "title; change it in the admin",
        )
    for known in candidates:
        if known.titles.get(lang) == title:
            return Place("again", known)
    subject = links_subject(links)
    same = [k for k in candidates if subject is not None and k.subject == subject]
    if not same:
        return Place("new")
    why = ""
    if not parsed.has_time:
        why = "its date line gives no time"
    elif len(same) > 1:
        why = f"{len(same)} releases of the same minute are about the same people"
    elif lang in same[0].titles:
        why = f"release {named(same[0])}, of the same minute and people, has a {name} version"
    if why:
        return Place(
            "new",
            note=f"not joined to another version ({why}): imported as a release of its own; "
            "name its release with --translation-of if it is a translation",
        )
    return Place("join", same[0])


def named(known):
    return f"{known.pk} “{known.title}”" if known.pk else f"“{known.title}”"


def is_marked_translation(parsed):
    """True for a file named as a translation (``….ru.txt``)."""
    return str(parsed.source).lower().endswith(TRANSLATION_MARKS)


def original_first(versions):
    """``versions`` ([(index, parsed, links)]) with the original first: the first not named
    as a translation, else the first."""
    original = next((v for v in versions if not is_marked_translation(v[1])), versions[0])
    return [original, *(v for v in versions if v is not original)]
