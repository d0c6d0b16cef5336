"""Queries for the public pages. Every one starts from Release.objects.published()."""

import datetime

from django.db.models import (
    Count,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    prefetch_related_objects,
)
from django.http import Http404
from django.utils import timezone, translation
from taggit.models import Tag

from people.models import Official, Position
from releases.models import Meeting, Release, ReleasePhoto, ReleaseRedirect, TaggedRelease
from releases.models.versions import ADDRESS_FIELDS, LANGUAGES, column
from releases.tags import tag_name_expression


def _officials_with_positions():
    return Prefetch(
        "officials",
        queryset=Official.objects.select_related("country").prefetch_related(
            Prefetch("positions", queryset=Position.objects.order_by("-start_date"))
        ),
    )


def tags_with_names():
    """The prefetch of a release's tags with their names in every language, read as
    ``release.tag_list``: one query, the names joined (taggit's own prefetch of
    ``tags`` takes no queryset to join them to)."""
    return Prefetch(
        "tagged_items",
        queryset=TaggedRelease.objects.select_related("tag__names").order_by("pk"),
        to_attr="tag_list_links",
    )


def photos_in_order():
    """The prefetch of a release's photos in their order, read as ``release.photo_list``:
    one query for any number of releases."""
    return Prefetch(
        "release_photos",
        queryset=ReleasePhoto.objects.select_related("photo").order_by("position", "pk"),
        to_attr="photo_links",
    )


def release_cards():
    """Published releases with what a release card shows: the section, the officials as a
    list in ``card_officials`` and the tags (``release.tag_list``)."""
    # Lists, not the related managers' caches: a manager's queryset is built for each
    # release and each use, a tenth of a page's time.
    return (
        Release.objects.published()
        .select_related("section")
        .prefetch_related(
            Prefetch("officials", to_attr="card_officials"),
            tags_with_names(),
            photos_in_order(),
        )
    )


def feed_releases():
    """Releases published in the active language, with what a feed entry shows besides
    the release itself (tags): a feed is in one language."""
    published = Release.objects.published(language=translation.get_language())
    return published.select_related("press_contact").prefetch_related(tags_with_names())


def _page_prefetches():
    return (
        _officials_with_positions(),
        "countries",
        tags_with_names(),
        photos_in_order(),
        "documents",
        "change_notes",
        Prefetch(
            "meeting__participants",
            queryset=Official.objects.select_related("country").prefetch_related("positions"),
        ),
    )


def release_page_queryset(base=None):
    """Releases with what a release page needs before its parts are made: what its
    addresses are made of (``ADDRESS_FIELDS``). ``with_page_data()`` reads the rest when
    a part must be made. ``base`` defaults to published."""
    qs = base if base is not None else Release.objects.published()
    return qs.only(*ADDRESS_FIELDS)


def release_detail_queryset(base=None):
    """Releases with everything the release page shows; ``base`` defaults to published."""
    qs = base if base is not None else Release.objects.published()
    return qs.select_related("section", "meeting__host_country", "press_contact").prefetch_related(
        *_page_prefetches()
    )


def with_page_data(release):
    """``release`` with everything its page shows, as ``release_detail_queryset()`` reads
    it: itself if it came from there (no query); for one from ``release_page_queryset()``,
    the whole release, read once per instance while it is still public (Http404 if it
    no longer is)."""
    if not release.get_deferred_fields() & _PAGE_TEXT:
        prefetch_related_objects([release], *_page_prefetches())
        return release
    whole = release.__dict__.get("_page_data")
    if whole is None:
        whole = release_detail_queryset().filter(pk=release.pk).first()
        if whole is None:
            raise Http404("This release is no longer public.")
        release.__dict__["_page_data"] = whole
    return whole


# Columns only a page's parts read: a release without them is one to read whole.
_PAGE_TEXT = {column(field, lang) for field in ("lead", "body") for lang in LANGUAGES}


def data_releases(language):
    """Releases published in ``language``, with what the open data API gives of each."""
    return (
        Release.objects.published(language=language)
        .select_related("section")
        .prefetch_related(_officials_with_positions(), "countries", tags_with_names())
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


def public_tag(slug):
    """The tag with this slug if a published release carries it, else None."""
    tags = Tag.objects.filter(slug=slug).select_related("names")
    return first_of(with_public_release(tags, "tag"))


def with_public_release(queryset, kind):
    """``queryset`` (of officials, countries or tags: ``kind``) narrowed to those that a
    published release is about.

    Each is checked by a subquery that reads the value's links from their index and
    stops at the first published release. An EXISTS would be planned as a join that
    reads all of the value's links (40 ms for the tags of the sitemap, instead of 1).
    """
    model, release_field, value_field = LINK_TABLES[kind]
    links = model.objects.filter(
        **{value_field: OuterRef("pk"), f"{release_field}__in": Release.objects.published()}
    )
    first = Subquery(links.values("pk")[:1])
    return queryset.alias(public_release=first).filter(public_release__isnull=False)


def first_of(queryset):
    """The one row of a query by a unique value, without ordering to take it."""
    return next(iter(queryset.order_by()[:1]), None)


RECENT_FOR_TOPICS = 500


def popular_tags(limit):
    """The tags most used on the latest published releases, with their counts there.

    Counting over the latest few hundred releases keeps this sidebar widget, shown on
    most pages, as quick with 100,000 releases as with ten.
    """
    recent = Release.objects.published().order_by("-published_at").values("pk")[:RECENT_FOR_TOPICS]
    return list(
        Tag.objects.filter(releases_taggedrelease_items__content_object__in=recent)
        .select_related("names")
        .annotate(num_releases=Count("releases_taggedrelease_items"), shown=tag_name_expression())
        .order_by("-num_releases", "shown")[:limit]
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
            **{f"slug_{translation.get_language()}": slug},
            published_at__gte=start,
            published_at__lt=start + datetime.timedelta(days=1),
        )
        .order_by("-withdrawn_at")
        .first()
    )


def moved_release(path):
    """The release that used to live at ``path``, if it is public or withdrawn now."""
    # Addresses kept before the site had three languages have no language prefix; they
    # were English pages.
    paths = [path, path.removeprefix("/en")] if path.startswith("/en/") else [path]
    redirect = ReleaseRedirect.objects.filter(old_path__in=paths).select_related("release").first()
    if redirect is None:
        return None
    release = redirect.release
    if release.is_published() or release.is_withdrawn:
        return release
    return None


# kind: (link model, its release column, its value column)
LINK_TABLES = {
    "official": (Release.officials.through, "release_id", "official_id"),
    "country": (Release.countries.through, "release_id", "country_id"),
    "tag": (TaggedRelease, "content_object_id", "tag_id"),
    "section": (Release, "pk", "section_id"),
}
