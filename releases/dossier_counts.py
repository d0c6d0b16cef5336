"""The numbers of a country's dossier (``releases.dossier``) read from the kept counts:
``DossierCount`` for its meetings per year, host and official, the filter counts'
``FacetCount`` for its releases per tag, both kept current by ``search`` after each
change commits, with what came out since they were last counted added here."""

from collections import Counter

from django.db.models import IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from taggit.models import Tag

from people.models import Official, shown
from releases.models import DossierCount, FacetCount, Organisation, Release
from releases.tags import tag_name_expression


class KeptCounts:
    """The kept counts of ``country``'s meetings (DossierCount) and releases per tag
    (FacetCount), with what came out since they were last counted (scheduled then;
    usually nothing), read in one query: a meeting reported only by scheduled releases
    comes out with the first of them, and both are counted again together."""

    def __init__(self, country):
        self.country = country
        now = timezone.now()
        came_out = (
            Release.objects.published()
            .filter(counted__due_at__lte=now)
            .order_by()
            .values_list(
                "counted__counted_as",
                "meeting_id",
                "meeting__counted__counted_as",
                "meeting__counted__due_at",
            )
        )
        self.due, self.tags, meetings = Counter(), Counter(), {}
        mine = FacetCount.key("country", country.pk)
        for counted_as, meeting, meeting_counted_as, meeting_due_at in came_out:
            keys = counted_as.split()[1:]
            if mine in keys:
                self.tags.update(k for k in keys if k.startswith("tag:"))
            if meeting_due_at is not None and meeting_due_at <= now:
                meetings[meeting] = meeting_counted_as
        for counted_as in meetings.values():
            rows = DossierCount.rows_for(counted_as)
            self.due.update(row[1:] for row in rows if row[0] == country.pk)

    def hosts(self):
        """{(year, host country id or 0): meetings}."""
        rows = DossierCount.objects.filter(
            country_id=self.country.pk, kind=DossierCount.HOST, meetings__gt=0
        ).values_list("year", "value_id", "meetings")
        found = Counter({(year, host): n for year, host, n in rows})
        found.update(
            {(year, v): n for (kind, v, year), n in self.due.items() if kind == DossierCount.HOST}
        )
        return found

    def officials(self):
        """{official id: meetings} of the meetings counted since (most are in the rows)."""
        return {v: n for (kind, v, _), n in self.due.items() if kind == DossierCount.OFFICIAL}

    def of(self, official_ref):
        """The kept meetings of the official ``official_ref`` (an OuterRef), 0 if none."""
        kept = DossierCount.objects.filter(
            country_id=self.country.pk, kind=DossierCount.OFFICIAL, year=0, value_id=official_ref
        )
        return Coalesce(Subquery(kept.values("meetings")[:1]), 0, output_field=IntegerField())


def officials_met(counted, side, limit):
    """Officials of ``side`` (a country) in the meetings ``counted``, with how many each,
    most first: one query."""
    officials = (
        Official.objects.filter(country=side)
        .select_related("country")
        .annotate(meeting_count=counted.of(OuterRef("pk")), shown_name=shown("full_name"))
    )
    first = officials.filter(meeting_count__gt=0).order_by("-meeting_count", "shown_name", "pk")
    came_out = counted.officials()
    if not came_out:
        return list(first[:limit])
    # The first ``limit`` by the kept counts, and those whose meetings came out since:
    # no other official can be among the first once those are added.
    found = list(officials.filter(Q(pk__in=first.values("pk")[:limit]) | Q(pk__in=list(came_out))))
    for official in found:
        official.meeting_count += came_out.get(official.pk, 0)
    found.sort(key=lambda o: (-o.meeting_count, o.shown_name, o.pk))
    return found[:limit]


def organisations(counted):
    """The organisations (by their tags) that published releases about the country are
    filed under, with how many releases each, most first: the filter counts of the
    country's releases per tag, with the releases that came out since they were counted."""
    key = FacetCount.key("country", counted.country.pk)
    kept = FacetCount.objects.filter(
        year=0, first=key, second_kind="tag", second_id=OuterRef("pk")
    ).values("releases")[:1]
    tags = list(
        Tag.objects.filter(name__in=Organisation.objects.values("name"))
        .select_related("names")
        .annotate(
            release_count=Coalesce(Subquery(kept), 0, output_field=IntegerField()),
            shown=tag_name_expression(),
        )
        .order_by("-release_count", "shown", "pk")
    )
    for tag in tags:
        tag.release_count += counted.tags[FacetCount.key("tag", tag.pk)]
    # Stable: among equal counts the database's order by name stays.
    tags = sorted((t for t in tags if t.release_count > 0), key=lambda t: -t.release_count)
    named = {o.name: o for o in Organisation.objects.filter(name__in=[t.name for t in tags])}
    for tag in tags:
        tag.organisation = named.get(tag.name)
    return tags
