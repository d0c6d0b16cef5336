"""Queries that join releases with people, countries, meetings and tags.

Every public query starts from ``Release.objects.published()`` (or
``Meeting.objects.public()``, which is built on it) and prefetches what its
template shows, so each page runs a fixed number of SQL queries.
"""

import datetime

from django.contrib.postgres.search import SearchRank
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    When,
)
from django.utils import timezone
from taggit.models import Tag

from people.models import Country, Official, Position

from . import search
from .models import Meeting, Release, ReleaseRedirect, Section, TaggedRelease


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
    """1 January of each year with a published release, newest first, in two quick queries.

    Finds the first and last publication, then asks per year whether one exists: a
    few index look-ups instead of reading every release.
    """
    published = Release.objects.published()
    bounds = published.aggregate(first=Min("published_at"), last=Max("published_at"))
    if bounds["first"] is None:
        return []
    first = timezone.localtime(bounds["first"]).year
    last = timezone.localtime(bounds["last"]).year
    years = range(last, first - 1, -1)
    checks = {
        f"y{year}": Exists(
            published.filter(
                published_at__gte=_day_start(datetime.date(year, 1, 1)),
                published_at__lt=_day_start(datetime.date(year + 1, 1, 1)),
            )
        )
        for year in years
    }
    row = published.order_by().annotate(**checks).values(*checks).first()
    return [datetime.date(year, 1, 1) for year in years if row and row[f"y{year}"]]


RECENT_FOR_TOPICS = 500


def popular_tags(limit):
    """The tags most used on the latest published releases, with their counts there.

    Counting over the latest few hundred releases keeps this sidebar widget, shown on
    most pages, as quick with 100,000 releases as with ten.
    """
    recent = Release.objects.published().order_by("-published_at").values("pk")[:RECENT_FOR_TOPICS]
    return list(
        Tag.objects.filter(releases_taggedrelease_items__content_object__in=recent)
        .annotate(num_releases=Count("releases_taggedrelease_items"))
        .order_by("-num_releases", "name")[:limit]
    )


def withdrawn_release_at(*, year, month, day, slug):
    """The withdrawn release that had this address, or None."""
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


# Search and filters ------------------------------------------------------------


def _word_q(word):
    """Releases containing ``word`` anywhere searchable (the SQLite match)."""
    officials = Release.officials.through.objects.filter(
        Q(official__full_name__icontains=word)
        | Q(official__positions__title__icontains=word)
        | Q(official__positions__organisation__icontains=word)
    )
    countries = Release.countries.through.objects.filter(
        Q(country__name__icontains=word)
        | Q(country__official_name__icontains=word)
        | Q(country__other_names__icontains=word)
    )
    tags = TaggedRelease.objects.filter(tag__name__icontains=word)
    # Subqueries, not joins: a release with two matching officials stays one row.
    return (
        Q(title__icontains=word)
        | Q(lead__icontains=word)
        | Q(body__icontains=word)
        | Q(pk__in=officials.values("release_id"))
        | Q(pk__in=countries.values("release_id"))
        | Q(pk__in=tags.values("content_object_id"))
    )


def matching(queryset, words):
    """``queryset`` narrowed to releases matching every one of ``words``.

    PostgreSQL: the stored search vector (stemmed, prefixes); SQLite: substrings.
    """
    if not words:
        return queryset.none()
    if search.uses_full_text():
        return queryset.filter(search_vector=search.tsquery(words))
    for word in words:
        queryset = queryset.filter(_word_q(word))
    return queryset


def search_results(words):
    """Published releases matching ``words``, best first, ready for result cards.

    On PostgreSQL they are ranked by ``SearchRank`` (title above lead above body
    above names); on SQLite, titles containing every word come first. Ties go to
    the newest.
    """
    releases = matching(release_cards(), words)
    if not search.uses_full_text():
        in_title = Q()
        for word in words:
            in_title &= Q(title__icontains=word)
        return releases.annotate(
            title_match=Case(When(in_title, then=1), default=0, output_field=IntegerField())
        ).order_by("-title_match", "-published_at", "-pk")
    query = search.tsquery(words)
    return releases.annotate(rank=SearchRank(F("search_vector"), query)).order_by(
        "-rank", "-published_at", "-pk"
    )


def add_highlights(releases, words):
    """Set ``title_html`` and ``excerpt_html`` (escaped, matches in ``<mark>``) on each.

    Done in Python on every database: PostgreSQL's ts_headline costs more than the
    rest of the search, and drops text that looks like HTML tags.
    """
    for release in releases:
        release.title_html = search.highlight(release.title, words)
        release.excerpt_html = search.excerpt(f"{release.lead} {release.body}", words)
    return releases


def _day_start(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def filter_releases(queryset, filters, *, skip=None):
    """``queryset`` narrowed by ``filters`` (``ReleaseFilterForm.filters``), except ``skip``.

    Dates are whole days in Baku time: ``to`` includes its day.
    """
    if filters.get("official") and skip != "official":
        queryset = queryset.filter(officials=filters["official"])
    if filters.get("country") and skip != "country":
        queryset = queryset.filter(countries=filters["country"])
    if filters.get("tag") and skip != "tag":
        queryset = queryset.filter(tags=filters["tag"])
    if filters.get("section") and skip != "section":
        queryset = queryset.filter(section=filters["section"])
    if filters.get("from"):
        queryset = queryset.filter(published_at__gte=_day_start(filters["from"]))
    if filters.get("to"):
        end = filters["to"] + datetime.timedelta(days=1)
        queryset = queryset.filter(published_at__lt=_day_start(end))
    if filters.get("words"):
        queryset = matching(queryset, filters["words"])
    return queryset


def filter_choice(name, value):
    """The official, country, tag or section ``value`` names, if a published release has it.

    One indexed existence check, so a filter never reveals what only drafts mention.
    """
    published = Release.objects.published()
    if name == "official":
        through = Release.officials.through.objects.filter(official=OuterRef("pk"))
        base = Official.objects.filter(slug=value)
    elif name == "country":
        through = Release.countries.through.objects.filter(country=OuterRef("pk"))
        base = Country.objects.filter(code=value.upper())
    elif name == "tag":
        through = TaggedRelease.objects.filter(tag=OuterRef("pk"))
        through = through.filter(content_object__in=published)
        return Tag.objects.filter(slug=value).filter(Exists(through)).first()
    else:
        return Section.objects.filter(slug=value).first()
    return base.filter(Exists(through.filter(release__in=published))).first()


def facet_counts(filters, *, limit=10, max_releases=None, known_total=None):
    """For each filter, its most frequent choices under the other active filters.

    {"official": [(slug, name, count)], "country": [(code, name, count)], "tag": [...],
    "section": [...]}, counting published releases only; a name maps to None when
    more than ``max_releases`` releases would be counted (reading them all is slow).
    ``known_total`` is the number of releases under all the filters, if counted
    already. At most eight queries: a bounded count and the counting, per filter.
    """
    published = Release.objects.published()
    # Count on the link tables, given the matching release ids: PostgreSQL then
    # joins a few thousand links instead of every public release (5x quicker).
    fields = {
        "official": (
            Release.officials.through,
            "release_id",
            "official__slug",
            "official__full_name",
        ),
        "country": (Release.countries.through, "release_id", "country__code", "country__name"),
        "tag": (TaggedRelease, "content_object_id", "tag__slug", "tag__name"),
        "section": (Release, "pk", "section__slug", "section__name"),
    }
    counts = {}
    for name, (model, release_field, key, label) in fields.items():
        if max_releases is not None:
            if filters.get(name) or known_total is None:
                # Counting stops after max_releases + 1 rows: quick either way.
                base = filter_releases(published, filters, skip=name).order_by()
                size = base.values("pk")[: max_releases + 1].count()
            else:
                size = known_total
            if size > max_releases:
                counts[name] = None
                continue
        matches = filter_releases(published, filters, skip=name).order_by().values("pk")
        rows = (
            model.objects.filter(**{f"{release_field}__in": matches, f"{key}__isnull": False})
            .values(key, label)
            .annotate(n=Count(release_field))
            .order_by("-n", label)[:limit]
        )
        counts[name] = [(row[key], row[label], row["n"]) for row in rows]
    return counts
