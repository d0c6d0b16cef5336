"""The search page."""

from django.utils import translation
from django.views.generic import (
    ListView,
)

from public.forms import SearchForm
from public.paging import ReleasePagingMixin
from releases.models import Release
from search import filtering
from search import terms as search


class SearchView(ReleasePagingMixin, ListView):
    """Full-text search over published releases, best matches first, matches highlighted.

    An empty query shows the form and a hint; a page past the end is a 404.
    """

    template_name = "releases/search.html"
    context_object_name = "results"
    paginate_by = 20
    card_heading_level = None  # results quote their text: no cards
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
        language = translation.get_language()
        matches = filtering.matching(Release.objects.published(), self.words, language=language)
        matches = matches.order_by()
        ids = list(matches.values_list("pk", flat=True)[: self.rank_limit + 1])
        self.total = len(ids)
        if self.total > self.rank_limit:
            self.too_many = True
            results = filtering.search_results(self.words, language=language)
            return results.order_by("-published_at", "-pk")
        return filtering.search_results(self.words, among=ids, language=language)

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
