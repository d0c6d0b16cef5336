"""The public release pages: latest, the filtered list, archives and one release."""

from urllib.parse import urlencode

from django.http import Http404, HttpResponsePermanentRedirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import (
    ArchiveIndexView,
    DateDetailView,
    DayArchiveView,
    MonthArchiveView,
    YearArchiveView,
)
from taggit.models import Tag

from public.forms import ReleaseFilterForm
from public.paging import ReleaseDateMixin
from releases import selectors
from releases.models import Release
from releases.notices import withdrawal_notice
from releases.tags import tag_name
from search import counts, filtering, freshness
from search import terms as search


def _shown(value):
    """A filter's value as the page names it: an official, country or section prints
    its name in the page's language; a tag is named by ``tag_name``."""
    return tag_name(value) if isinstance(value, Tag) else str(value)


class HomeView(ReleaseDateMixin, ArchiveIndexView):
    """The latest releases; the full, paged list is /releases/."""

    template_name = "releases/home.html"
    paginate_by = 10
    allow_empty = True


class ReleaseIndexView(ReleaseDateMixin, ArchiveIndexView):
    """All published releases, newest first; narrowed by any combination of filters.

    The filters (``ReleaseFilterForm``) come from the address. Invalid values get
    a message and status 400, and no release list is computed from them.
    """

    allow_empty = True
    template_name = "releases/release_archive.html"

    def get(self, request, *args, **kwargs):
        self.form = ReleaseFilterForm(request.GET)
        self.filters = {}
        if self.form.is_filtering():
            if not self.form.is_valid():
                return TemplateResponse(
                    request,
                    self.template_name,
                    {**self.filter_context(invalid=True), "latest": []},
                    status=400,
                )
            self.filters = self.form.filters
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return filtering.filter_releases(
            super().get_queryset(), self.filters, language=translation.get_language()
        )

    def get_dated_items(self):
        # As ArchiveIndexView, less the list of years: the page does not show it (the
        # sidebar has its own), and over a large filtered set it is a costly query.
        return ([], self.get_dated_queryset(), {})

    more_than = None

    def remembered(self, name, compute, *parts):
        """``compute()``, once per content generation in this process, for lists not
        narrowed by words (those are too many, and each asked for rarely)."""
        if self.filters.get("words"):
            return compute()
        key = (name, counts.FilterCounts.filters_key(self.filters), *parts)
        return freshness.remembered(key, compute)

    def release_count(self):
        # The filter counts know the total for most filters without counting the list;
        # past facet_limit, a list narrowed by words is "more than" that, as in search.
        total = self.remembered("total", self.counts.total)
        if total is None and self.filters.get("words"):
            self.more_than = self.facet_limit
            total = self.facet_limit + 1
        return total

    # Choices that the kept counts cannot give (under two filters of the counted kinds,
    # or words) are counted from the matching releases; beyond this many the page
    # would be slow, so those choices wait until the list is narrowed
    # (docs/benchmarks.md).
    facet_limit = 2_000

    @cached_property
    def counts(self):
        return counts.FilterCounts(self.filters, max_releases=self.facet_limit)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**self.filter_context(), **kwargs)
        paginator = context["paginator"]
        # Made only if the sidebar is (it is remembered but for lists narrowed by words).
        facets = SimpleLazyObject(lambda: self.facets(known_total=paginator.count))
        context["facets"] = SimpleLazyObject(lambda: facets[0])
        context["facets_skipped"] = SimpleLazyObject(lambda: facets[1])
        context["counted_years"] = self.years
        context["remember"] = not self.filters.get("words")
        return context

    @cached_property
    def years(self):
        """The releases of each year, read once for the sidebar's years and, past the
        first page, for finding the page (``ReleasePaginator``)."""
        # Every year's releases, whatever the filters: one value, as the sidebar's tag keeps it.
        return freshness.remembered(
            ("years", ()), lambda: counts.year_counts(due=self.counts.due())
        )

    def release_years(self):
        return None if self.filters else self.years

    @cached_property
    def _link_params(self):
        # The address's parameters, less the page; only the start of a long text is
        # searched for, so links carry only that.
        params = []
        for key, values in self.request.GET.lists():
            if key == "page":
                continue
            if key == "q":
                values = [value[: search.MAX_QUERY_CHARS] for value in values[-1:]]
            params.extend((key, value) for value in values)
        return params

    def link(self, **changes):
        """This page's address with ``changes`` (None drops a parameter), back to page 1."""
        params = [(key, value) for key, value in self._link_params if key not in changes]
        params += [(key, value) for key, value in changes.items() if value is not None]
        return f"?{urlencode(params)}" if params else self.request.path

    def facets(self, known_total):
        """Each filter's most frequent choices, counted under the other active filters.

        Returns (facets, whether some were left out for counting too many releases).
        """
        counts = self.remembered(
            "facets",
            lambda: self.counts.facets(known_total=known_total),
            get_language(),
            known_total,
        )
        facets, skipped = [], False
        for name, title in (
            ("official", _("Officials")),
            ("country", _("Countries")),
            ("tag", _("Tags")),
            ("section", _("Sections")),
        ):
            if counts[name] is None:
                skipped = True
                continue
            current = (self.request.GET.get(name) or "").strip().lower()
            choices = [
                {
                    "label": label,
                    "count": count,
                    "url": self.link(**{name: str(key).lower() if name == "country" else key}),
                    "selected": str(key).lower() == current,
                }
                for key, label, count in counts[name]
            ]
            if choices:
                facets.append({"name": name, "title": title, "choices": choices})
        return facets, skipped

    def filter_context(self, invalid=False):
        """The form and the active filters, each with a link to the list without it."""
        cleaned = getattr(self.form, "cleaned_data", {})
        active = []
        for name in ReleaseFilterForm.FILTERS:
            raw = (self.request.GET.get(name) or "").strip()
            if raw:
                # Names the filter by what it selects (Official, Country … print their name).
                value = None if invalid else cleaned.get(name)
                active.append(
                    {
                        "name": name,
                        "raw": raw,
                        "label": self.form.fields[name].label,
                        "value": _shown(value) if value else raw,
                        "remove_url": self.link(**{name: None}),
                    }
                )
        return {
            "filter_form": self.form,
            "filtering": bool(active),
            "invalid_filters": invalid,
            "active_filters": active,
            "facets": [],
            "clear_url": self.request.path,
            "nav": "releases",
            "counted_years": None,
        }


class ReleaseYearArchiveView(ReleaseDateMixin, YearArchiveView):
    make_object_list = True


class ReleaseMonthArchiveView(ReleaseDateMixin, MonthArchiveView):
    pass


class ReleaseDayArchiveView(ReleaseDateMixin, DayArchiveView):
    pass


class ReleaseDetailView(ReleaseDateMixin, DateDetailView):
    """A release's version in the page's language, if that version is public. A withdrawn
    release answers 410 with a notice; a moved one redirects."""

    @property
    def slug_field(self):
        return f"slug_{get_language()}"

    # What DateDetailView would learn by building the whole queryset once more.
    uses_datetime_field = True

    def get_queryset(self):
        # The rest of what the page shows is read only if its parts must be made again
        # (``selectors.with_page_data`` in the template's ``{% remember %}`` parts).
        return selectors.release_page_queryset(Release.objects.published(language=get_language()))

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, view_is_release=True, remember=True)

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            moved = selectors.moved_release(request.path)
            if moved is not None:
                return HttpResponsePermanentRedirect(moved.get_absolute_url())
            withdrawn = selectors.withdrawn_release_at(**self.kwargs)
            if withdrawn is not None:
                return withdrawal_notice(request, withdrawn)
            raise
