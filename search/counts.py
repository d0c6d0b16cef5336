"""Counting the release list's filter choices, from the kept counts where it can."""

import datetime
from collections import Counter

from django.db.models import (
    Q,
    Sum,
)
from django.utils import timezone

from releases.models import FacetCount, Release
from search.choices import count_choices, label_choices
from search.filtering import filter_releases

# Filter counts -----------------------------------------------------------------
#
# Counts under at most one official, country, tag or section, and any dates, come
# from FacetCount, which search.derived keeps (search.recount): a few
# small reads whatever the archive's size. FacetCount counts a scheduled release
# from the first recount after its time has come; until then it is added here,
# as CountedRelease says it will be counted; days of a year that the dates
# take only in part are counted from the releases. Anything else (two filters of
# those kinds, or words) is counted from the releases, up to a limit.


def published_years(due=None):
    """1 January of each year with a published release, newest first, in two small queries
    (one if ``due``, what ``due_not_counted()`` says, was read already).

    Read from the kept counts of each year, with the releases whose time has come
    since they were counted as scheduled.
    """
    return [datetime.date(year, 1, 1) for year in year_counts(due=due)]


def year_counts(first=FacetCount.ALL, due=None):
    """{Baku year: its published releases}, newest first, of every release (``first``
    "all") or of those with one official, country, tag or section (``first`` its
    ``FacetCount.key``); years without one left out. Two small queries, one if ``due``
    (``due_not_counted()``) was read already."""
    years = dict(
        FacetCount.objects.filter(
            first=first, second_kind=FacetCount.ALL, year__gt=0, releases__gt=0
        ).values_list("year", "releases")
    )
    for year, keys in due_not_counted() if due is None else due:
        if first == FacetCount.ALL or first in keys:
            years[year] = years.get(year, 0) + 1
    return {year: years[year] for year in sorted(years, reverse=True) if years[year] > 0}


def releases_by_country():
    """{country id: its published releases}, every country's, from the kept counts:
    two small reads (they and the releases due but not counted yet)."""
    return FilterCounts({}).summary({}, ["country"])["country"]


def due_not_counted():
    """[(year, {"kind:id", …})] of the published releases that FacetCount does not count
    yet: scheduled when last counted, their time has come since (usually none)."""
    rows = (
        Release.objects.published()
        .filter(counted__due_at__lte=timezone.now())
        .order_by()
        .values_list("counted__counted_as", flat=True)
    )
    due = []
    for counted_as in rows:
        year, *keys = counted_as.split()
        due.append((int(year), set(keys)))
    return due


def _year_parts(start, end):
    """Split the days from ``start`` to ``end`` (inclusive; either may be None).

    Returns (whole, partial): ``whole`` is None (every year, no dates given), the
    (first, last) years the days cover entirely, or False (none); ``partial``
    lists the (first day, last day) ranges that cover part of a year.
    """
    if start is None and end is None:
        return None, []
    first = 1 if start is None else start.year + (start != datetime.date(start.year, 1, 1))
    last = 9999 if end is None else end.year - (end != datetime.date(end.year, 12, 31))
    if first > last:
        return False, [(start, end)]
    partial = []
    if start is not None and first != start.year:
        partial.append((start, datetime.date(start.year, 12, 31)))
    if end is not None and last != end.year:
        partial.append((datetime.date(end.year, 1, 1), end))
    return (first, last), partial


def _in_days(queryset, start, end):
    return filter_releases(queryset, {"from": start, "to": end})


class FilterCounts:
    """How many published releases the filters of one page select, in all and by choice.

    ``filters`` as ``ReleaseFilterForm.filters``. Choices of a filter are counted
    under the other active filters; ``max_releases`` bounds what is counted from
    the releases themselves. Reads a fixed number of small queries.
    """

    def __init__(self, filters, *, max_releases=None):
        self.filters = filters
        self.max_releases = max_releases
        self._due = None
        self._ids = {}
        self._read = None

    def due(self):
        """``due_not_counted()``, read once."""
        if self._due is None:
            self._due = due_not_counted()
        return self._due

    def _add_due(self, counts, first, years):
        """Add to ``counts`` the due releases that FacetCount does not count yet."""
        added = Counter()
        for year, keys in self.due():
            in_years = years == (0, 0) or years[0] <= year <= years[1]
            if in_years and (first == FacetCount.ALL or first in keys):
                added.update(keys)
                added[FacetCount.ALL] += 1
        for key, n in added.items():
            kind, _, pk = key.partition(":")
            if kind in counts:
                counts[kind][int(pk or 0)] = counts[kind].get(int(pk or 0), 0) + n

    def _plan(self, filters, kinds):
        """(first, whole years or None, partial days, the one value filter) to read the
        counts of ``kinds`` under ``filters``; None if FacetCount cannot answer them."""
        if filters.get("words"):
            return None
        named = [name for name in FacetCount.KINDS if filters.get(name)]
        if len(named) > 1:
            return None
        if named and named[0] in kinds:
            raise ValueError("A filter's own choices are counted without it.")
        first = FacetCount.key(named[0], filters[named[0]].pk) if named else FacetCount.ALL
        whole, partial = _year_parts(filters.get("from"), filters.get("to"))
        years = None
        if whole is not False:
            years = (0, 0) if whole is None else (max(whole[0], 1), whole[1])
        return first, years, partial, {name: filters[name] for name in named}

    def summaries(self, wanted):
        """``[summary(filters, kinds) for filters, kinds in wanted]``, the kept counts of
        those under the same dates read in one query."""
        plans = [self._plan(filters, kinds) for filters, kinds in wanted]
        results = [
            None if plan is None else {kind: {} for kind in kinds}
            for plan, (_, kinds) in zip(plans, wanted, strict=True)
        ]
        by_years = {}
        for i, plan in enumerate(plans):
            if plan is not None and plan[1] is not None:
                by_years.setdefault(plan[1], []).append(i)
        for years, members in by_years.items():
            wanted_rows = Q()
            for i in members:
                wanted_rows |= Q(first=plans[i][0], second_kind__in=wanted[i][1])
            rows = (
                FacetCount.objects.filter(
                    wanted_rows, year__gte=years[0], year__lte=years[1], releases__gt=0
                )
                .values("first", "second_kind", "second_id")
                .annotate(n=Sum("releases"))
                .values_list("first", "second_kind", "second_id", "n")
            )
            for first, kind, pk, n in rows:
                for i in members:
                    if plans[i][0] == first and kind in results[i]:
                        results[i][kind][pk] = n
            for i in members:
                self._add_due(results[i], plans[i][0], years)
        for i, plan in enumerate(plans):
            if plan is not None:
                results[i] = self._add_partial_days(results[i], plan, wanted[i][1])
        return results

    def _add_partial_days(self, counts, plan, kinds):
        """``counts`` with the days of years the dates take only in part counted from the
        releases; None if those hold more than ``max_releases``."""
        _, _, partial, value = plan
        for start, end in partial:
            days = _in_days(filter_releases(Release.objects.published(), value), start, end)
            limit = self.max_releases
            bounded = limit is not None and set(kinds) != {FacetCount.ALL}
            if bounded and days.order_by().values("pk")[: limit + 1].count() > limit:
                return None
            for kind, found in count_choices(days, kinds).items():
                for pk, n in found.items():
                    counts[kind][pk] = counts[kind].get(pk, 0) + n
        return counts

    def summary(self, filters, kinds):
        """{kind: {value id: releases}} under ``filters``, or None if FacetCount cannot
        answer them (two filters of the counted kinds, words) or a part of a year to
        count from the releases holds more than ``max_releases``."""
        return self.summaries([(filters, kinds)])[0]

    @staticmethod
    def filters_key(filters):
        """``filters`` as a hashable value: equal for the same filters."""
        return tuple(sorted((k, str(getattr(v, "pk", v))) for k, v in filters.items() if v))

    _key = filters_key

    def _groups(self):
        """{key of the other filters: (those filters, the kinds counted under them, the
        counts or None)} for the total, every filter's choices; read once, together."""
        if self._read is None:
            inactive = [k for k in FacetCount.KINDS if not self.filters.get(k)]
            wanted = {self._key(self.filters): (self.filters, [FacetCount.ALL, *inactive])}
            for name in FacetCount.KINDS:
                if self.filters.get(name):
                    # A filter's own choices are counted under the others.
                    others = {k: v for k, v in self.filters.items() if k != name}
                    wanted[self._key(others)] = (others, [name])
            found = self.summaries(list(wanted.values()))
            self._read = {
                key: (*group, counts)
                for (key, group), counts in zip(wanted.items(), found, strict=True)
            }
        return self._read

    def total(self):
        """The number of releases under all the filters, or None if only the list can say."""
        counts = self._groups()[self._key(self.filters)][2]
        counts = counts or self.summary(self.filters, [FacetCount.ALL])
        if counts is not None:
            return counts[FacetCount.ALL].get(0, 0)
        pair = self._pair_total()
        if pair is not None:
            return pair
        ids = self.matching_ids(self.filters)
        return None if ids is None else len(ids)

    def _pair_total(self):
        """The total under two filters of the counted kinds (and dates), from the kept
        counts of one's choices under the other; None for any other filters."""
        named = [name for name in FacetCount.KINDS if self.filters.get(name)]
        if self.filters.get("words") or len(named) != 2:
            return None
        kind = named[1]
        others = {k: v for k, v in self.filters.items() if k != kind}
        counts = self._groups()[self._key(others)][2]
        return None if counts is None else counts[kind].get(self.filters[kind].pk, 0)

    def facets(self, *, limit=10, known_total=None):
        """{"official": [(slug, name, count)], "country": [(code, …)], "tag", "section"}:
        each filter's ``limit`` most frequent choices; None for a filter whose choices
        would mean counting more than ``max_releases`` releases one by one.
        ``known_total``: the number of releases under all the filters, if known."""
        counts = {}
        for others, names, found in self._groups().values():
            names = [name for name in names if name != FacetCount.ALL]
            if not names:
                continue  # every filter is active: the total only
            if found is None:
                found = self._counted_one_by_one(names, others, known_total)
            counts.update((name, found[name]) for name in names)
        return label_choices(counts, limit)

    def matching_ids(self, filters):
        """The ids of the releases under ``filters``, or None if there are more than
        ``max_releases``: one query, which stops counting there; read once per filters."""
        key = self._key(filters)
        if key not in self._ids:
            limit = self.max_releases
            ids = filter_releases(Release.objects.published(), filters).order_by()
            ids = list(ids.values_list("pk", flat=True)[: None if limit is None else limit + 1])
            self._ids[key] = None if limit is not None and len(ids) > limit else ids
        return self._ids[key]

    def _counted_one_by_one(self, names, others, known_total):
        """{name: {value id: releases}} under ``others``, counted from the matching
        releases; {name: None} if there are more than ``max_releases``."""
        limit = self.max_releases
        if known_total is not None and limit is not None and known_total > limit:
            # Too many under all the filters, so under fewer of them too.
            return dict.fromkeys(names)
        key = self._key(others)
        if known_total is not None and key == self._key(self.filters) and key not in self._ids:
            # Few enough, as counted already: their links are counted by a subquery, and
            # their ids never read.
            matching = filter_releases(Release.objects.published(), others).order_by()
            return count_choices(matching, names)
        ids = self.matching_ids(others)
        if ids is None:
            return dict.fromkeys(names)
        return count_choices(ids, names)
