"""What releases link to, found or made from what the linker found: officials from its
proposals, meetings from its suggestions, sections and tags by name.

Sections and tags go through the run's memo, which the importer keeps and passes in:
``(known, found)``, the lookups kept from earlier files of the run and those made by
this file, kept only once its transaction commits (``file_memo``).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from taggit.models import Tag

from importing.text import normalise
from people.models import Official, Position
from releases.models import Meeting, Section


def file_memo(known, *, kept=True):
    """The memo of one file or group of files: ``known`` read (a dict the caller keeps
    from file to file, or None), what is found added to it once the transaction
    commits, and only if ``kept``: a rolled-back row must not be reused."""
    memo = ({} if known is None else known, {})
    if kept:
        transaction.on_commit(lambda: memo[0].update(memo[1]))
    return memo


def unique_slug(model, base, **same):
    """``base`` or ``base-2``, ``base-3``… so that no ``model`` row with ``same`` has it."""
    max_length = model._meta.get_field("slug").max_length
    base = (base or "item")[:max_length]
    slug, n = base, 1
    while model.objects.filter(slug=slug, **same).exists():
        n += 1
        slug = f"{base[: max_length - len(str(n)) - 1]}-{n}"
    return slug


def unique_ids(ids):
    return sorted(set(ids))


def official_from_proposal(*, proposal, language="en"):
    """Create the official (and positions) a linker proposal describes, the name and
    titles in the columns of ``language``, the text's, whatever language is active.

    Refused (ValidationError) when the text did not say which country they serve.
    """
    if proposal.country_id is None:
        raise ValidationError(f"The text does not say which country {proposal.name} serves.")
    official = Official(
        **{f"full_name_{language}": proposal.name},
        slug=unique_slug(Official, slugify(proposal.name)),
        country_id=proposal.country_id,
    )
    official.full_clean()
    official.save()
    for title in proposal.titles:
        position = Position(official=official, **{f"title_{language}": title[:300]})
        position.full_clean()
        position.save()
    return official


def meeting_for(*, suggestion):
    """The meeting a linker suggestion describes: an existing one with the same date and
    participants, else a new one."""
    return meetings_for(suggestions=[suggestion])[0]


def meetings_for(*, suggestions):
    """The meeting for each linker suggestion, in order, in a fixed number of queries.

    An existing meeting with the same date and participants is reused, the newest
    if there are several; suggestions naming the same participants on the same day
    share one new meeting. A suggestion with no known participants always gets a
    new one: there is nothing to recognise it by.
    """
    by_key = _stored_meetings({s.date for s in suggestions})
    meetings, new = [], []
    for suggestion in suggestions:
        wanted = frozenset(suggestion.official_ids)
        key = (suggestion.date, wanted) if wanted else None
        if key in by_key:
            meetings.append(by_key[key])  # a stored meeting's id, or one new in this call
            continue
        meeting = Meeting(
            date=suggestion.date,
            host_country_id=suggestion.host_country_id,
            city=suggestion.city[:100],
            kind=suggestion.kind,
        )
        # The host country comes from the country list just read: no need to look it up.
        meeting.full_clean(exclude=["host_country"])
        new.append((meeting, wanted))
        meetings.append(meeting)
        if key is not None:
            by_key[key] = meeting
    stored = [m for m in meetings if not isinstance(m, Meeting)]
    stored = Meeting.objects.in_bulk(stored) if stored else {}
    Meeting.objects.bulk_create([meeting for meeting, _ in new])
    Through = Meeting.participants.through
    Through.objects.bulk_create(
        [
            Through(meeting_id=meeting.pk, official_id=pk)
            for meeting, wanted in new
            for pk in unique_ids(wanted)
        ]
    )
    return [m if isinstance(m, Meeting) else stored[m] for m in meetings]


def _stored_meetings(dates):
    """{(date, frozenset of participant ids): meeting id} of the meetings on ``dates``,
    the newest where several share a key."""
    known = {}  # meeting id -> (date, participant ids), newest meeting first
    for pk, date, participant in Meeting.objects.filter(date__in=dates).values_list(
        "pk", "date", "participants"
    ):
        known.setdefault(pk, (date, set()))[1].add(participant)
    by_key = {}
    for pk, (date, participants) in known.items():
        by_key.setdefault((date, frozenset(participants)), pk)
    return by_key


def section_named(name, memo, *, language="en"):
    """The section called ``name`` (quotes and spacing aside) in ``language``, the text's,
    created with that name if missing."""
    if not name:
        return None
    known, found = memo
    key = ("section", language, normalise(name))
    if key in found or key in known:
        return found.get(key) or known[key]
    field = f"name_{language}"
    section = next(
        (s for s in Section.objects.all() if normalise(getattr(s, field) or "") == key[2]), None
    )
    if section is None:
        section = Section(**{field: name}, slug=unique_slug(Section, slugify(name)))
        section.full_clean()
        section.save()
    found[key] = section
    return section


def tags_named(names, memo):
    """Tags for ``names`` (case-insensitive, like the rest of the site), created if missing."""
    known, found = memo
    tags = []
    for name in names:
        key = ("tag", name.lower())
        tag = found.get(key) or known.get(key)
        if tag is None:
            tag = Tag.objects.filter(name__iexact=name).first()
            if tag is None:
                tag = Tag.objects.create(name=name, slug=unique_slug(Tag, slugify(name)))
            found[key] = tag
        tags.append(tag)
    return tags
