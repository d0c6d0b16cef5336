"""Queries that join releases with people, countries, meetings and tags.

Every public query starts from ``Release.objects.published()`` (or
``Meeting.objects.public()``, which is built on it) and prefetches what its
template shows, so each page runs a fixed number of SQL queries.
"""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from taggit.models import Tag

from people.models import Country, Official, Position

from .models import Meeting, Release, ReleaseRedirect


def _officials_with_positions():
    return Prefetch(
        "officials",
        queryset=Official.objects.select_related("country").prefetch_related(
            Prefetch("positions", queryset=Position.objects.order_by("-start_date"))
        ),
    )


def release_cards():
    """Published releases with what a release card shows (section, officials, tags)."""
    return (
        Release.objects.published().select_related("section").prefetch_related("officials", "tags")
    )


def feed_releases():
    """Published releases with what a feed entry shows besides the release itself (tags)."""
    return Release.objects.published().prefetch_related("tags")


def release_detail_queryset(base=None):
    """Releases with everything the release page shows; ``base`` defaults to published."""
    qs = base if base is not None else Release.objects.published()
    return qs.select_related("section", "meeting__host_country").prefetch_related(
        _officials_with_positions(),
        "countries",
        "tags",
        "change_notes",
        Prefetch(
            "meeting__participants",
            queryset=Official.objects.select_related("country").prefetch_related("positions"),
        ),
    )


def official_releases(official):
    return release_cards().filter(officials=official)


def country_releases(country):
    return release_cards().filter(countries=country)


def tag_releases(tag):
    return release_cards().filter(tags=tag)


def public_meetings():
    """Public meetings with their participants and only their published releases."""
    return (
        Meeting.objects.public()
        .select_related("host_country")
        .prefetch_related(
            Prefetch("participants", queryset=Official.objects.select_related("country")),
            Prefetch(
                "releases",
                queryset=Release.objects.published().order_by("-published_at"),
                to_attr="public_releases",
            ),
        )
    )


def official_meetings(official):
    return public_meetings().filter(participants=official)


def country_meetings(country):
    return (
        public_meetings()
        .filter(Q(host_country=country) | Q(participants__country=country))
        .distinct()
    )


def public_countries():
    """Countries that have a published release or a public meeting, with release counts."""
    published = Release.objects.published()
    meetings = Meeting.objects.public()
    # Subqueries rather than joins: no row multiplication, no DISTINCT.
    return Country.objects.filter(
        Q(pk__in=Release.countries.through.objects.filter(release__in=published).values("country"))
        | Q(pk__in=meetings.values("host_country"))
        | Q(pk__in=Official.objects.filter(meetings__in=meetings).values("country"))
    )


def public_country(code):
    """The country with this ISO code if it has public content, else None.

    For one country EXISTS is fast; ``public_countries()`` suits the whole list.
    """
    published = Release.objects.published()
    meetings = Meeting.objects.public()
    return (
        Country.objects.filter(code=code.upper())
        .filter(
            Exists(published.filter(countries=OuterRef("pk")))
            | Exists(meetings.filter(host_country=OuterRef("pk")))
            | Exists(meetings.filter(participants__country=OuterRef("pk")))
        )
        .first()
    )


def release_counts_by_country():
    """{country id: number of published releases about it}, in one query."""
    rows = (
        Release.countries.through.objects.filter(release__in=Release.objects.published())
        .values("country_id")
        .annotate(n=Count("release_id"))
    )
    return {row["country_id"]: row["n"] for row in rows}


def public_tag(slug):
    """The tag with this slug if a published release carries it, else None."""
    return (
        Tag.objects.filter(
            slug=slug, releases_taggedrelease_items__content_object__in=Release.objects.published()
        )
        .distinct()
        .first()
    )


def public_officials():
    """Officials named in a published release or taking part in a public meeting.

    An official entered only for a draft stays off the public site: the name
    alone could announce a visit before the press office does.
    """
    # EXISTS per official reads a few index entries; an IN over every published
    # link reads them all (hundreds of milliseconds at 100,000 releases).
    published = Release.objects.published()
    return (
        Official.objects.filter(
            Exists(published.filter(officials=OuterRef("pk")))
            | Exists(Meeting.objects.public().filter(participants=OuterRef("pk")))
        )
        .select_related("country")
        .prefetch_related("positions")
    )


def published_years():
    return list(Release.objects.published().dates("published_at", "year", order="DESC"))


def popular_tags(limit):
    published = Release.objects.published()
    return list(
        Tag.objects.filter(releases_taggedrelease_items__content_object__in=published)
        .annotate(num_releases=Count("releases_taggedrelease_items"))
        .order_by("-num_releases", "name")[:limit]
    )


def withdrawn_release_at(*, year, month, day, slug):
    """The withdrawn release that had this address, or None."""
    import datetime

    from django.utils import timezone

    try:
        start = timezone.make_aware(datetime.datetime(int(year), int(month), int(day)))
    except ValueError:
        return None
    return (
        Release.objects.filter(
            status=Release.Status.WITHDRAWN,
            slug=slug,
            published_at__gte=start,
            published_at__lt=start + datetime.timedelta(days=1),
        )
        .order_by("-withdrawn_at")
        .first()
    )


def moved_release(path):
    """The release that used to live at ``path``, if it is public or withdrawn now."""
    redirect = ReleaseRedirect.objects.filter(old_path=path).select_related("release").first()
    if redirect is None:
        return None
    release = redirect.release
    if release.is_published() or release.is_withdrawn:
        return release
    return None
