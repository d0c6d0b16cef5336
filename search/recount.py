"""Keeping the filter counts (FacetCount, CountedRelease) current."""

from django.db import transaction
from django.db.models import Q, Value
from django.utils import timezone

from releases.models import CountedRelease, FacetCount, Release
from releases.selectors import LINK_TABLES
from search.dossier_counts import meetings_recount
from search.kept import add_to_counts, batches

Status = Release.Status

# Filter counts ---------------------------------------------------------------
#
# The contract: FacetCount counts every published release whose time had come
# when it was last counted, under its Baku year and the officials, countries,
# tags and section it is about; CountedRelease says how each published release
# is counted, and holds a scheduled one (due_at) until its time has come.
# releases_recount() brings both up to date for the releases it is given and the
# scheduled ones now due, and runs wherever the search vector is recomputed
# (releases_reindex, which search.derived runs after every change commits); readers
# add the due ones not counted yet themselves. A release being deleted is uncounted
# first (release_uncount). `manage.py reindex_releases` counts everything again.

COUNT_BATCH = 1000


def _link_keys(ids):
    """{release id: {"kind:id", …}} of the officials, countries and tags of ``ids``, read
    in one query."""
    links = []
    for kind in ("official", "country", "tag"):
        model, release_field, value_field = LINK_TABLES[kind]
        links.append(
            model.objects.filter(**{f"{release_field}__in": ids})
            .annotate(kind=Value(kind))
            .values_list("kind", release_field, value_field)
        )
    keys = {pk: set() for pk in ids}
    for kind, pk, other in links[0].union(*links[1:], all=True):
        keys[pk].add(FacetCount.key(kind, other))
    return keys


def _counted_as(rows, now):
    """{release id: ("YEAR kind:id …", due_at)} for ``rows`` of (id, status, published_at,
    section_id, …): ("", None) for a release that is not published; ``due_at`` is its
    time if that has not come by ``now``, else None."""
    # Only published releases are counted: only their links are read.
    keys = _link_keys([pk for pk, status, *_ in rows if status == Status.PUBLISHED])
    counted = {}
    for pk, status, published_at, section_id, *_ in rows:
        if status != Status.PUBLISHED:
            counted[pk] = ("", None)
            continue
        if section_id is not None:
            keys[pk].add(FacetCount.key("section", section_id))
        year = timezone.localtime(published_at).year
        due_at = published_at if published_at > now else None
        counted[pk] = (" ".join([str(year), *sorted(keys[pk])]), due_at)
    return counted


def in_counts(counted_as, due_at):
    """What FacetCount holds of a release stored as (``counted_as``, ``due_at``)."""
    return counted_as if due_at is None else ""


def count_change(delta, counted_as, change):
    """Add ``change`` to ``delta`` for each FacetCount row counting ``counted_as``."""
    for row in FacetCount.rows_for(counted_as):
        delta[row] = delta.get(row, 0) + change


def apply_counts(delta):
    """Add ``delta`` ({FacetCount row: change}) to the counts (``add_to_counts``)."""
    add_to_counts(FacetCount, ["year", "first", "second_kind", "second_id"], "releases", delta)


@transaction.atomic
def releases_recount(*, releases=None):
    """Bring the filter counts up to date for ``releases`` (a queryset; default: all of them,
    counted again from nothing) and for the scheduled releases whose time has come, then
    the dossier's counts of the meetings they report and reported when last counted.
    Returns how many releases are counted differently now.

    Safe to call any number of times, at once too: a release counted as it should be
    changes nothing, and each one's row is locked while it is counted again.
    """
    now = timezone.now()
    from_nothing = releases is None
    if from_nothing:
        FacetCount.objects.all().delete()
        CountedRelease.objects.all().delete()
        releases = Release.objects.filter(status=Status.PUBLISHED)
    due = CountedRelease.objects.filter(due_at__lte=now).values("release_id")
    # The releases asked for and those now due, with how each is counted now: one query.
    wanted = (
        Release.objects.select_for_update(of=("self",))
        .filter(Q(pk__in=releases.order_by().values("pk")) | Q(pk__in=due))
        .order_by("pk")
        .values_list(
            "pk",
            "status",
            "published_at",
            "section_id",
            "meeting_id",
            "counted__counted_as",
            "counted__due_at",
            "counted__meeting_id",
        )
    )
    changed, delta, meetings = 0, {}, set()
    for batch in batches(wanted, COUNT_BATCH):
        kept, gone = [], []
        stored = {pk: (counted_as or "", due_at, was) for pk, *_, counted_as, due_at, was in batch}
        reports = {pk: meeting for pk, _, _, _, meeting, *_ in batch}
        for pk, (counted_as, due_at) in _counted_as(batch, now).items():
            before, meeting = stored[pk], reports[pk] if counted_as else None
            # Whether or not the release is counted differently: a meeting's public
            # time also follows the release's languages.
            meetings.update({before[2], meeting} - {None})
            if (counted_as, due_at, meeting) == before:
                continue
            count_change(delta, in_counts(*before[:2]), -1)
            count_change(delta, in_counts(counted_as, due_at), +1)
            if counted_as:
                kept.append(
                    CountedRelease(
                        release_id=pk, counted_as=counted_as, due_at=due_at, meeting_id=meeting
                    )
                )
            else:
                gone.append(pk)
        CountedRelease.objects.bulk_create(
            kept,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["release"],
            update_fields=["counted_as", "due_at", "meeting"],
        )
        if gone:
            CountedRelease.objects.filter(release_id__in=gone).delete()
        changed += len(kept) + len(gone)
    # Once for all: many releases add to the same rows.
    apply_counts(delta)
    # A meeting whose first release's time has come has that release among the due ones.
    if from_nothing or meetings:
        meetings_recount(meetings=None if from_nothing else meetings)
    return changed


def releases_count_due():
    """Count the scheduled releases whose time has come; returns how many there were.

    Run every few minutes (``manage.py count_due_releases``): until then each page
    with filter counts reads those releases itself, a little more work per release.
    """
    return releases_recount(releases=Release.objects.none())


def release_uncount(*, release):
    """Take ``release``, about to be deleted, out of the counts (in the deleting transaction)."""
    stored = CountedRelease.objects.select_for_update().filter(release_id=release.pk).first()
    delta = {}
    count_change(delta, in_counts(stored.counted_as, stored.due_at) if stored else "", -1)
    apply_counts(delta)
