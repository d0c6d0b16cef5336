"""Paging release lists, with the total from the kept counts where there is one."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from releases import selectors
from search import counts


class ReleasePaginator(Paginator):
    """Pages of releases; past the first, a page's ids are found first, then read.

    The ids come from the indexes alone, so the releases skipped to reach a page
    far down a long list are never read whole. ``count``, when given, is the
    number of releases already known (the kept filter counts), so it is not
    queried again; it only numbers the pages: a page holds what the list holds.
    """

    def __init__(self, *args, count=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.known_count = count

    @cached_property
    def count(self):
        return super().count if self.known_count is None else self.known_count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        releases = self.object_list
        if number == 1:
            return self._get_page(list(releases[bottom:top]), number, self)
        ids = list(releases.prefetch_related(None).values_list("pk", flat=True)[bottom:top])
        found = {release.pk: release for release in releases.filter(pk__in=ids)}
        return self._get_page([found[pk] for pk in ids if pk in found], number, self)


class ReleasePagingMixin:
    """A list paged by ``ReleasePaginator``, told its length by ``release_count()``."""

    paginator_class = ReleasePaginator

    def release_count(self):
        """The list's length if known without counting it; None: the paginator counts."""
        return None

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kw):
        count = self.release_count()
        return super().get_paginator(
            queryset, per_page, orphans, allow_empty_first_page, count=count, **kw
        )


class CountedReleasesMixin(ReleasePagingMixin):
    """A list of the releases about one official, country or tag, paged with the kept
    counts instead of counting the list. ``release_filters()`` names the one filter."""

    def release_count(self):
        return counts.FilterCounts(self.release_filters()).total()


class ReleaseDateMixin(ReleasePagingMixin):
    """Shared by every date-based release view: published releases by publication time."""

    date_field = "published_at"
    month_format = "%m"
    paginate_by = 20
    extra_context = {"nav": "releases"}

    def get_queryset(self):
        return selectors.release_cards()
