"""Paging release lists, with the total from the kept counts where there is one."""

import datetime

from django.core.paginator import Paginator
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language

from releases import selectors
from releases.models import FacetCount
from search import counts, freshness

# The order of every paged release list: the seek below relies on it being total.
NEWEST_FIRST = ("-published_at", "-pk")


class ReleasePaginator(Paginator):
    """Pages of releases, newest first; past the first, a page's ids are found first,
    then read.

    ``count``, when given, is the number of releases already known (the kept filter
    counts), so it is not queried again. ``years``, when given, is a function returning
    {Baku year: releases} of the list, newest first (``counts.year_counts``): a page is
    then found from the nearer end of the year it starts in, or the year it ends in
    counting from the oldest, so reaching a deep page skips at most half a year's
    releases instead of every release before it (the last page skips none). The ids come
    from the indexes alone, and the releases skipped are never read whole.
    """

    def __init__(self, *args, count=None, years=None, cards=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.known_count = count
        self.years = years
        # What names a card on this page besides its release (``RememberedCard``), or
        # None: the page shows its releases otherwise (search results).
        self.cards = cards

    @cached_property
    def count(self):
        return super().count if self.known_count is None else self.known_count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        releases = self.object_list
        memo = freshness.memo() if self.cards is not None else None
        if number == 1 and memo is None:
            return self._get_page(list(releases[bottom:top]), number, self)
        ids = releases.prefetch_related(None).values_list("pk", flat=True)
        ids = list(ids[bottom:top]) if number == 1 else self._page_ids(ids, bottom, top)
        # Cards this process made since the content last changed are not read again.
        kept = {}
        if memo is not None:
            keys = {pk: RememberedCard.key(self.cards, pk) for pk in ids}
            kept = {pk: RememberedCard(pk, memo[key]) for pk, key in keys.items() if key in memo}
        missing = [pk for pk in ids if pk not in kept]
        found = (
            {release.pk: release for release in releases.filter(pk__in=missing)} if missing else {}
        )
        for release in found.values():
            if memo is not None:
                release.card_memo = (memo, keys[release.pk])
        shown = [kept.get(pk) or found.get(pk) for pk in ids]
        return self._get_page([item for item in shown if item is not None], number, self)

    def _page_ids(self, ids, bottom, top):
        """The ids of the releases from ``bottom`` to ``top`` (positions, newest first)."""
        years = self.years() if self.years is not None else None
        # Counts that disagree (gone wrong) still number the pages; the releases say
        # what is on them.
        if not years or sum(years.values()) != self.count or not self._newest_first(ids):
            return list(ids[bottom:top])
        top = min(top, self.count)
        # From the newest: the year the page starts in, and the releases of that year
        # before it. From the oldest: the year the page ends in, and its releases after.
        newer, start_year = 0, None
        for year, n in years.items():
            if start_year is None and newer + n > bottom:
                start_year, skip_newest = year, bottom - newer
            if newer + n >= top:
                end_year, skip_oldest = year, newer + n - top
                break
            newer += n
        if skip_newest <= skip_oldest:
            before = _year_start(start_year + 1)
            ids = ids.filter(published_at__lt=before).order_by(*NEWEST_FIRST)
            return list(ids[skip_newest : skip_newest + top - bottom])
        since = _year_start(end_year)
        ids = ids.filter(published_at__gte=since).order_by("published_at", "pk")
        return list(ids[skip_oldest : skip_oldest + top - bottom])[::-1]

    @staticmethod
    def _newest_first(queryset):
        order = tuple(queryset.query.order_by)
        if not order and queryset.query.default_ordering:
            order = tuple(queryset.model._meta.ordering)
        return order == NEWEST_FIRST


class RememberedCard:
    """A release card as this process made it in the current content generation
    (``freshness.memo()``): shown as it is, its release not read again."""

    __slots__ = ("pk", "html")

    def __init__(self, pk, html):
        self.pk, self.html = pk, html

    @staticmethod
    def key(cards, pk):
        """The memo's key of the card of release ``pk``: everything else that changes a
        card (``cards``: the page's heading level) and the language and address prefix."""
        return ("card", get_language(), get_script_prefix(), cards, pk)


def _year_start(year):
    """1 January of ``year``, midnight in Baku: where the kept counts' years begin."""
    return timezone.make_aware(datetime.datetime(year, 1, 1), timezone.get_default_timezone())


class ReleasePagingMixin:
    """A list paged by ``ReleasePaginator``, told its length by ``release_count()`` and
    its releases by year by ``release_years()``."""

    paginator_class = ReleasePaginator
    # The heading level of the page's release cards; None: it shows no cards.
    card_heading_level = 2

    def release_count(self):
        """The list's length if known without counting it; None: the paginator counts."""
        return None

    def get_context_data(self, **kwargs):
        # The page's {% remember %} parts are kept (public/templatetags/remember_tags.py).
        return super().get_context_data(**{"remember": True, **kwargs})

    def release_years(self):
        """{Baku year: releases} of the list, newest first, if the kept counts know it;
        None: deep pages are found by skipping the releases before them."""
        return None

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kw):
        count = self.release_count()
        return super().get_paginator(
            queryset,
            per_page,
            orphans,
            allow_empty_first_page,
            count=count,
            years=self.release_years if count is not None else None,
            cards=self.card_heading_level,
            **kw,
        )


class CountedReleasesMixin(ReleasePagingMixin):
    """A list of the releases about one official, country or tag, paged with the kept
    counts instead of counting the list. ``release_filters()`` names the one filter."""

    @cached_property
    def counts(self):
        return counts.FilterCounts(self.release_filters())

    def _remembered(self, name, compute):
        key = (name, counts.FilterCounts.filters_key(self.release_filters()))
        return freshness.remembered(key, compute)

    def release_count(self):
        return self._remembered("total", self.counts.total)

    def release_years(self):
        ((kind, value),) = self.release_filters().items()
        key = FacetCount.key(kind, value.pk)
        return self._remembered("years", lambda: counts.year_counts(key, due=self.counts.due()))

    def archive_years(self):
        """The sidebar's years, with the due releases the counts have read already."""
        return freshness.remembered(
            ("years", ()), lambda: counts.year_counts(due=self.counts.due())
        )

    def get_context_data(self, **kwargs):
        # A method: read only by a page whose sidebar shows the years.
        return super().get_context_data(counted_years=self.archive_years, **kwargs)


class ReleaseDateMixin(ReleasePagingMixin):
    """Shared by every date-based release view: published releases by publication time."""

    date_field = "published_at"
    month_format = "%m"
    paginate_by = 20
    extra_context = {"nav": "releases"}

    def get_queryset(self):
        return selectors.release_cards()
