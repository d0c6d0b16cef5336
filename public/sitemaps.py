"""Sitemaps of everything public, one section each, listed by the index at /sitemap.xml.

Every section starts from the one definition of public (``published()``,
``public_officials()``, ``public_countries()``, ``Meeting.objects.public()``),
and each sitemap page runs the same few queries whatever its length.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from taggit.models import Tag

from releases import people_selectors, selectors
from releases.models import Meeting, Release
from releases.models.versions import ADDRESS_FIELDS


class PublicSitemap(Sitemap):
    # Small pages (the protocol allows 50,000 addresses) keep each one quick
    # to build; the index lists every page.
    limit = 1000
    # Every page in each language, each entry naming the others (hreflang) and the
    # English one as x-default.
    i18n = True
    alternates = True
    x_default = True


class ReleaseSitemap(PublicSitemap):
    changefreq = "monthly"

    def items(self):
        return Release.objects.published().only(*ADDRESS_FIELDS, "updated_at")

    def lastmod(self, item):
        return max(item.updated_at, item.published_at)

    def get_languages_for_item(self, item):
        # A release is listed in the languages it is published in only.
        return item.public_languages

    def get_latest_lastmod(self):
        latest = Release.objects.published().aggregate(
            updated=Max("updated_at"), published=Max("published_at")
        )
        return max((d for d in latest.values() if d is not None), default=None)


class OfficialSitemap(PublicSitemap):
    def items(self):
        return people_selectors.public_officials().select_related(None).prefetch_related(None)


class CountrySitemap(PublicSitemap):
    def items(self):
        return people_selectors.public_countries()


class TagSitemap(PublicSitemap):
    def items(self):
        return selectors.with_public_release(Tag.objects.all(), "tag").order_by("slug")

    def location(self, item):
        return reverse("releases:tag_detail", kwargs={"slug": item.slug})


class MeetingSitemap(PublicSitemap):
    def items(self):
        return Meeting.objects.public()


class ArchiveSitemap(PublicSitemap):
    """The year and month archive pages that have published releases."""

    def items(self):
        months = list(Release.objects.published().dates("published_at", "month", order="DESC"))
        years = sorted({month.replace(month=1) for month in months}, reverse=True)
        return [("year", year) for year in years] + [("month", month) for month in months]

    def location(self, item):
        kind, date = item
        if kind == "year":
            return reverse("releases:release_year", kwargs={"year": date.year})
        return reverse("releases:release_month", kwargs={"year": date.year, "month": date.month})


class PageSitemap(PublicSitemap):
    """The lists the site's navigation leads to."""

    changefreq = "daily"

    def items(self):
        return [
            "releases:home",
            "releases:release_index",
            "people:official_list",
            "people:country_list",
            "releases:meeting_list",
        ]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "pages": PageSitemap,
    "releases": ReleaseSitemap,
    "archives": ArchiveSitemap,
    "officials": OfficialSitemap,
    "countries": CountrySitemap,
    "tags": TagSitemap,
    "meetings": MeetingSitemap,
}
