"""Public pages for releases, tags and meetings, plus the staff-only preview."""

from urllib.parse import urlencode

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.views.decorators.cache import never_cache
from django.views.generic import (
    ArchiveIndexView,
    DateDetailView,
    DayArchiveView,
    DetailView,
    ListView,
    MonthArchiveView,
    YearArchiveView,
)

from . import search, selectors, services
from .forms import ReleaseFilterForm, SearchForm
from .models import Release


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
        return selectors.FilterCounts(self.release_filters()).total()


class ReleaseDateMixin(ReleasePagingMixin):
    """Shared by every date-based release view: published releases by publication time."""

    date_field = "published_at"
    month_format = "%m"
    paginate_by = 20
    extra_context = {"nav": "releases"}

    def get_queryset(self):
        return selectors.release_cards()


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
        return selectors.filter_releases(super().get_queryset(), self.filters)

    def get_dated_items(self):
        # As ArchiveIndexView, less the list of years: the page does not show it (the
        # sidebar has its own), and over a large filtered set it is a costly query.
        return ([], self.get_dated_queryset(), {})

    more_than = None

    def release_count(self):
        # The filter counts know the total for most filters without counting the list;
        # past facet_limit, a list narrowed by words is "more than" that, as in search.
        total = self.counts.total()
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
        return selectors.FilterCounts(self.filters, max_releases=self.facet_limit)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**self.filter_context(), **kwargs)
        context["facets"], context["facets_skipped"] = self.facets(
            known_total=context["paginator"].count  # already counted for paging
        )
        context["counted_due"] = self.counts.due()  # read for the counts; the years use it
        return context

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
        counts = self.counts.facets(known_total=known_total)
        facets, skipped = [], False
        for name, title in (
            ("official", "Officials"),
            ("country", "Countries"),
            ("tag", "Tags"),
            ("section", "Sections"),
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
                        "value": str(value) if value else raw,
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
            "counted_due": None,
        }


class SearchView(ReleasePagingMixin, ListView):
    """Full-text search over published releases, best matches first, matches highlighted.

    An empty query shows the form and a hint; a page past the end is a 404.
    """

    template_name = "releases/search.html"
    context_object_name = "results"
    paginate_by = 20
    extra_context = {"nav": "search"}

    def get(self, request, *args, **kwargs):
        self.form = SearchForm(request.GET)
        self.words = self.form.words
        return super().get(request, *args, **kwargs)

    # Ranking reads every match's index entry; beyond this many matches the results
    # are shown newest first instead, and the count as "more than" (docs/benchmarks.md).
    rank_limit = 2_000

    def get_queryset(self):
        self.total, self.too_many = 0, False
        if not self.words:
            return Release.objects.none()
        # The matches are found once, stopping after rank_limit + 1; up to the limit
        # their ids are all the ranking needs, without searching again.
        matches = selectors.matching(Release.objects.published(), self.words).order_by()
        ids = list(matches.values_list("pk", flat=True)[: self.rank_limit + 1])
        self.total = len(ids)
        if self.total > self.rank_limit:
            self.too_many = True
            return selectors.search_results(self.words).order_by("-published_at", "-pk")
        return selectors.search_results(self.words, among=ids)

    def release_count(self):
        return self.total  # counted by get_queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            too_many=self.too_many,
            rank_limit=self.rank_limit,
            form=self.form,
            # Echo what was searched for, not all of a very long text.
            query=self.form.cleaned_data["q"][: search.MAX_QUERY_CHARS]
            if self.form.is_valid()
            else "",
            words=self.words,
            notes=self.form.notes,
        )
        return context


class ReleaseYearArchiveView(ReleaseDateMixin, YearArchiveView):
    make_object_list = True


class ReleaseMonthArchiveView(ReleaseDateMixin, MonthArchiveView):
    pass


class ReleaseDayArchiveView(ReleaseDateMixin, DayArchiveView):
    pass


class ReleaseDetailView(ReleaseDateMixin, DateDetailView):
    """A published release. A withdrawn one answers 410 with a notice; a moved one redirects."""

    def get_queryset(self):
        return selectors.release_detail_queryset()

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


def withdrawal_notice(request, release):
    """The public notice (410) that ``release`` was withdrawn: title, dates, reason only."""
    return TemplateResponse(
        request, "releases/release_withdrawn.html", {"release": release}, status=410
    )


class PreviewMixin:
    """A release page shown before publication: never cached, never indexed."""

    template_name = "releases/release_detail.html"

    @method_decorator(never_cache)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


class ReleasePreviewView(PreviewMixin, PermissionRequiredMixin, DetailView):
    """The release page exactly as the public will see it, for staff, whatever its status."""

    permission_required = "releases.view_release"
    raise_exception = False

    def get_queryset(self):
        return selectors.release_detail_queryset(Release.objects.all())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = True
        return context


class PreviewLinkView(PreviewMixin, DetailView):
    """One unpublished release shown to someone without an account, by a signed link.

    What it shows follows ``services.preview_shows``: the text only while the release
    is not public yet; then a redirect to its public address, or the withdrawal notice.
    """

    def get_object(self, queryset=None):
        self.link = services.preview_link_from_token(self.kwargs["token"])
        if self.link is None:
            raise Http404("This preview link is not valid: it may have expired or been revoked.")
        return selectors.release_detail_queryset(Release.objects.all()).get(pk=self.link.release_id)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        shows = services.preview_shows(self.object)
        if shows == services.PreviewShows.PUBLIC:
            return HttpResponseRedirect(self.object.get_absolute_url())
        if shows == services.PreviewShows.WITHDRAWN:
            response = withdrawal_notice(request, self.object)
            response["X-Robots-Tag"] = "noindex, nofollow"
            return response
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_preview=True, preview_link=self.link, **kwargs)


class TagDetailView(CountedReleasesMixin, ListView):
    """Published releases carrying a tag; a tag on no published release is not public."""

    template_name = "releases/tag_detail.html"
    paginate_by = 20
    extra_context = {"nav": "releases"}

    def get_queryset(self):
        self.tag = selectors.public_tag(self.kwargs["slug"])
        if self.tag is None:
            raise Http404("No published release has this tag.")
        return selectors.tag_releases(self.tag)

    def release_filters(self):
        return {"tag": self.tag}

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class MeetingListView(ListView):
    template_name = "releases/meeting_list.html"
    context_object_name = "meetings"
    extra_context = {"nav": "meetings"}
    paginate_by = 20

    def get_queryset(self):
        return selectors.public_meetings()


class MeetingDetailView(DetailView):
    """One public meeting: when, where, who, and the published releases about it."""

    template_name = "releases/meeting_detail.html"
    context_object_name = "meeting"
    extra_context = {"nav": "meetings"}

    def get_queryset(self):
        # Positions give the participants' titles in the page's Event data.
        return selectors.public_meetings().prefetch_related("participants__positions")
