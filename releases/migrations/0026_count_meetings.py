from django.db import migrations
from django.db.models import Min, OuterRef, Subquery
from django.utils import timezone

# The dossier's counts as search.dossier_counts.meetings_recount() counted them from
# nothing when this migration was written, kept here so that the migration never depends
# on the code of today. A meeting some published release (public in a language) reports
# is stored in CountedMeeting as "YEAR host:id country:id … official:id …" (its year,
# its host country or 0, the countries it is with: the host and those of its
# participants, then the participants); DossierCount counts it per country it is with,
# under its host and year, and under each participant. One reported only by scheduled
# releases keeps the earliest one's time in due_at and is not counted until then.
PUBLISHED = "published"
BATCH = 500


def count_meetings(apps, schema_editor):
    Release = apps.get_model("releases", "Release")
    Meeting = apps.get_model("releases", "Meeting")
    CountedRelease = apps.get_model("releases", "CountedRelease")
    CountedMeeting = apps.get_model("releases", "CountedMeeting")
    DossierCount = apps.get_model("releases", "DossierCount")
    CountedRelease.objects.update(
        meeting_id=Subquery(Release.objects.filter(pk=OuterRef("release_id")).values("meeting_id"))
    )
    now = timezone.now()
    first_out = dict(
        Release.objects.filter(status=PUBLISHED, meeting__isnull=False)
        .exclude(published_languages="")
        .order_by()
        .values("meeting_id")
        .annotate(at=Min("published_at"))
        .values_list("meeting_id", "at")
    )
    through = Meeting._meta.get_field("participants").remote_field.through
    counts, stored = {}, []
    ids = sorted(first_out)
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        pairs = {pk: [] for pk in batch}
        links = through.objects.filter(meeting_id__in=batch)
        for pk, official, country in links.values_list(
            "meeting_id", "official_id", "official__country_id"
        ):
            pairs[pk].append((official, country))
        meetings = Meeting.objects.filter(pk__in=batch)
        for pk, date, host in meetings.values_list("pk", "date", "host_country_id"):
            countries = {c for _, c in pairs[pk]} | ({host} if host else set())
            keys = {f"country:{c}" for c in countries} | {f"official:{o}" for o, _ in pairs[pk]}
            at = first_out[pk]
            due_at = at if at > now else None
            counted_as = " ".join([str(date.year), f"host:{host or 0}", *sorted(keys)])
            stored.append(CountedMeeting(meeting_id=pk, counted_as=counted_as, due_at=due_at))
            if due_at is not None:
                continue
            for country in countries:
                rows = [(country, "host", host or 0, date.year)]
                rows += [(country, "official", o, 0) for o, _ in pairs[pk]]
                for row in rows:
                    counts[row] = counts.get(row, 0) + 1
    CountedMeeting.objects.bulk_create(stored, batch_size=BATCH)
    DossierCount.objects.bulk_create(
        [
            DossierCount(country_id=c, kind=kind, value_id=v, year=y, meetings=n)
            for (c, kind, v, y), n in counts.items()
        ],
        batch_size=BATCH,
    )


class Migration(migrations.Migration):
    # Apart from 0025: on PostgreSQL an index cannot be made after rows were written in
    # the same transaction.

    dependencies = [
        ("releases", "0025_dossier_counts"),
    ]

    operations = [
        migrations.RunPython(count_meetings, migrations.RunPython.noop),
    ]
