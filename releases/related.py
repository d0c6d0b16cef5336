"""The related releases a release page lists: published ones reporting the same meeting
first, then those sharing most of its officials, then most of its countries."""

from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from releases.models import Release

RELATED_LIMIT = 4
# Releases sharing officials or countries are ranked among this many of the latest of
# them, so that a country on thousands of releases costs no more than one on a few
# (docs/benchmarks.md); those of the same meeting always are.
CANDIDATES = 200


def _shared(through, column, ids):
    """How many of ``ids`` a candidate release links to through ``through``."""
    links = (
        through.objects.filter(release_id=OuterRef("pk"), **{f"{column}__in": ids})
        .order_by()
        .values("release_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(links, output_field=IntegerField()), Value(0))


def related_releases(release, *, language, limit=RELATED_LIMIT):
    """Up to ``limit`` other releases public in ``language`` that share the meeting,
    officials or countries of ``release`` (its officials and countries as prefetched),
    best first, newest first among equals: one query, none when it shares nothing."""
    officials = [official.pk for official in release.officials.all()]
    countries = [country.pk for country in release.countries.all()]
    if not (officials or countries or release.meeting_id):
        return []
    official_links = Release.officials.through.objects
    country_links = Release.countries.through.objects
    published = Release.objects.published(language=language).exclude(pk=release.pk)
    sharing = published.filter(
        Q(pk__in=official_links.filter(official_id__in=officials).values("release_id"))
        | Q(pk__in=country_links.filter(country_id__in=countries).values("release_id"))
    )
    near = Q(pk__in=sharing.order_by("-published_at").values("pk")[:CANDIDATES])
    if release.meeting_id:
        near |= Q(meeting_id=release.meeting_id)
    same_meeting = (
        Case(When(meeting_id=release.meeting_id, then=Value(1)), default=Value(0))
        if release.meeting_id
        else Value(0)
    )
    candidates = (
        published.filter(near)
        .annotate(
            same_meeting=same_meeting,
            shared_officials=_shared(Release.officials.through, "official_id", officials),
            shared_countries=_shared(Release.countries.through, "country_id", countries),
        )
        .order_by("-same_meeting", "-shared_officials", "-shared_countries", "-published_at", "-pk")
    )
    return list(candidates[:limit])
