"""Keeping the dossier's counts (DossierCount, CountedMeeting) current.

The contract, as for the filter counts (``search.recount``): DossierCount counts every
meeting that a published release whose time had come reported when it was last counted;
CountedMeeting says how each such meeting is counted, and holds one reported only by
scheduled releases (``due_at``, the earliest one's time) until that time has come.
``meetings_recount()`` brings both up to date for the meetings it is given and those now
due; ``search.derived`` runs it after every change to a meeting, its participants or an
official commits, and ``releases_recount`` for the meetings of the releases it counts. A
meeting being deleted is uncounted first (``meeting_uncount``).
"""

from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone

from releases.models import CountedMeeting, DossierCount, Meeting, Release
from search.kept import add_to_counts, batches

COUNT_BATCH = 1000
COLUMNS = ["country_id", "kind", "value_id", "year"]


def _counted_as(rows, now):
    """{meeting id: ("YEAR host:id country:id … official:id …", due_at)} for ``rows`` of
    (id, date, host country id, …): ("", None) for a meeting no published release
    reports; ``due_at`` is the earliest release's time if none is out by ``now``."""
    ids = [pk for pk, *_ in rows]
    first_out = dict(
        Release.objects.filter(meeting_id__in=ids, status=Release.Status.PUBLISHED)
        # Public in no language is public nowhere (``published()``).
        .exclude(published_languages="")
        .order_by()
        .values("meeting_id")
        .annotate(at=Min("published_at"))
        .values_list("meeting_id", "at")
    )
    taking_part = {pk: set() for pk in ids}
    through = Meeting.participants.through.objects.filter(meeting_id__in=list(first_out))
    for pk, official, country in through.values_list(
        "meeting_id", "official_id", "official__country_id"
    ):
        taking_part[pk].update({f"{DossierCount.OFFICIAL}:{official}", f"country:{country}"})
    counted = {}
    for pk, date, host, *_ in rows:
        if pk not in first_out:
            counted[pk] = ("", None)
            continue
        keys = taking_part[pk] | ({f"country:{host}"} if host else set())
        at = first_out[pk]
        counted[pk] = (
            " ".join([str(date.year), f"host:{host or 0}", *sorted(keys)]),
            at if at > now else None,
        )
    return counted


def _count_change(delta, counted_as, due_at, change):
    if due_at is None:
        for row in DossierCount.rows_for(counted_as):
            delta[row] = delta.get(row, 0) + change


# No savepoint of its own (two queries per recount): inside releases_recount, a failure
# rolls the whole recount back.
@transaction.atomic(savepoint=False)
def meetings_recount(*, meetings=None):
    """Bring the dossier's counts up to date for ``meetings`` (ids; default: all of them,
    counted again from nothing) and for those whose first release's time has come.
    Returns how many meetings are counted differently now. Safe to call any number of
    times, at once too: each meeting's row is locked while it is counted again."""
    now = timezone.now()
    if meetings is None:
        DossierCount.objects.all().delete()
        CountedMeeting.objects.all().delete()
        asked = Q(pk__in=Release.objects.filter(status=Release.Status.PUBLISHED).values("meeting"))
    else:
        asked = Q(pk__in=list(meetings))
    due = CountedMeeting.objects.filter(due_at__lte=now).values("meeting_id")
    wanted = (
        Meeting.objects.select_for_update(of=("self",))
        .filter(asked | Q(pk__in=due))
        .order_by("pk")
        .values_list("pk", "date", "host_country_id", "counted__counted_as", "counted__due_at")
    )
    changed, delta = 0, {}
    for batch in batches(wanted, COUNT_BATCH):
        kept, gone = [], []
        stored = {pk: (counted_as or "", due_at) for pk, *_, counted_as, due_at in batch}
        for pk, (counted_as, due_at) in _counted_as(batch, now).items():
            before = stored[pk]
            if (counted_as, due_at) == before:
                continue
            _count_change(delta, *before, -1)
            _count_change(delta, counted_as, due_at, +1)
            if counted_as:
                kept.append(CountedMeeting(meeting_id=pk, counted_as=counted_as, due_at=due_at))
            else:
                gone.append(pk)
        CountedMeeting.objects.bulk_create(
            kept,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["meeting"],
            update_fields=["counted_as", "due_at"],
        )
        if gone:
            CountedMeeting.objects.filter(meeting_id__in=gone).delete()
        changed += len(kept) + len(gone)
    add_to_counts(DossierCount, COLUMNS, "meetings", delta)
    return changed


def meeting_uncount(*, meeting):
    """Take ``meeting``, about to be deleted, out of the counts (in the deleting transaction)."""
    stored = CountedMeeting.objects.select_for_update().filter(meeting_id=meeting.pk).first()
    delta = {}
    if stored is not None:
        _count_change(delta, stored.counted_as, stored.due_at, -1)
    add_to_counts(DossierCount, COLUMNS, "meetings", delta)
