from django.db import migrations
from django.utils import timezone

# The filter counts as services.releases_recount() counted everything from nothing
# when this migration was written, kept here so that the migration never depends on
# the code of today. Each published release is stored in CountedRelease as
# "YEAR kind:id …" (its Baku year, then its officials, countries, tags and section);
# FacetCount counts it, for its year and for year 0 (every year), once alone
# ("all" × "all"), once under each value ("all" × kind:id and kind:id × "all"), and
# once for each pair of values of two different kinds. A scheduled release keeps its
# time in due_at and is not counted until a later recount finds its time has come.
PUBLISHED = "published"
ALL = "all"
BATCH = 500


def _batches(items, size):
    items = list(items)
    return [items[start : start + size] for start in range(0, len(items), size)]


def _counted_as(apps, rows, now):
    """{release id: ("YEAR kind:id …", due_at)} for ``rows`` of published releases
    (id, published_at, section_id); ``due_at`` is None once the release's time has come."""
    Release = apps.get_model("releases", "Release")
    TaggedRelease = apps.get_model("releases", "TaggedRelease")
    ids = [pk for pk, *_ in rows]
    keys = {pk: set() for pk in ids}
    for kind, field in (("official", "officials"), ("country", "countries")):
        through = Release._meta.get_field(field).remote_field.through
        links = through.objects.filter(release_id__in=ids)
        for pk, other in links.values_list("release_id", f"{kind}_id"):
            keys[pk].add(f"{kind}:{other}")
    tagged = TaggedRelease.objects.filter(content_object_id__in=ids)
    for pk, tag in tagged.values_list("content_object_id", "tag_id"):
        keys[pk].add(f"tag:{tag}")
    counted = {}
    for pk, published_at, section_id in rows:
        if section_id is not None:
            keys[pk].add(f"section:{section_id}")
        year = timezone.localtime(published_at).year
        due_at = published_at if published_at > now else None
        counted[pk] = (" ".join([str(year), *sorted(keys[pk])]), due_at)
    return counted


def _rows_for(counted_as):
    """The FacetCount rows (year, first, second kind, second id) counting ``counted_as``."""
    year, *keys = counted_as.split()
    values = [(key, *key.split(":")) for key in keys]
    rows = []
    for y in (int(year), 0):
        rows.append((y, ALL, ALL, 0))
        for first, kind, pk in values:
            rows.append((y, ALL, kind, int(pk)))
            rows.append((y, first, ALL, 0))
            # A filter's own choices are counted without it: never two of one kind.
            rows.extend((y, first, k, int(i)) for _, k, i in values if k != kind)
    return rows


def count_again(apps, schema_editor):
    """Count everything again: scheduled releases leave the counts until their time comes."""
    Release = apps.get_model("releases", "Release")
    CountedRelease = apps.get_model("releases", "CountedRelease")
    FacetCount = apps.get_model("releases", "FacetCount")
    FacetCount.objects.all().delete()
    CountedRelease.objects.all().delete()
    now = timezone.now()
    published = Release.objects.filter(status=PUBLISHED).order_by("pk")
    rows = published.values_list("pk", "published_at", "section_id")
    counts = {}
    for batch in _batches(rows, BATCH):
        counted = _counted_as(apps, batch, now)
        CountedRelease.objects.bulk_create(
            [
                CountedRelease(release_id=pk, counted_as=counted_as, due_at=due_at)
                for pk, (counted_as, due_at) in counted.items()
            ]
        )
        for counted_as, due_at in counted.values():
            if due_at is None:
                for row in _rows_for(counted_as):
                    counts[row] = counts.get(row, 0) + 1
    FacetCount.objects.bulk_create(
        [
            FacetCount(year=year, first=first, second_kind=kind, second_id=pk, releases=n)
            for (year, first, kind, pk), n in counts.items()
        ],
        batch_size=BATCH,
    )


class Migration(migrations.Migration):
    # Apart from 0013: on PostgreSQL an index cannot be made after rows were written in
    # the same transaction.

    dependencies = [
        ("releases", "0013_counted_release_due_at"),
    ]

    operations = [
        migrations.RunPython(count_again, migrations.RunPython.noop),
    ]
