"""Public pages for officials and countries."""

from django.http import Http404
from django.utils.functional import SimpleLazyObject
from django.views.generic import ListView
from django.views.generic.detail import SingleObjectMixin

from people.models import Convocation, shown
from public.dossier_views import dossier_context
from public.paging import CountedReleasesMixin
from releases import people_selectors, selectors
from search.counts import releases_by_country


class OfficialListView(ListView):
    """Officials by name; ``?convocation=6`` only those of that convocation."""

    template_name = "people/official_list.html"
    extra_context = {"nav": "officials"}
    context_object_name = "officials"
    paginate_by = 50

    def get(self, request, *args, **kwargs):
        self.convocations = list(Convocation.objects.all())
        self.convocation = None
        chosen = request.GET.get("convocation", "")
        if chosen:
            self.convocation = next((c for c in self.convocations if str(c.number) == chosen), None)
            if self.convocation is None:
                raise Http404("No such convocation.")
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        officials = people_selectors.with_portraits(people_selectors.public_officials())
        if self.convocation is not None:
            officials = people_selectors.of_convocation(officials, self.convocation)
        # By the names the reader sees: a name missing in their language is shown, and
        # sorted, in another.
        return officials.order_by(shown("full_name"), "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            convocations=self.convocations, convocation=self.convocation, **kwargs
        )


class ReleasesOfObjectView(CountedReleasesMixin, SingleObjectMixin, ListView):
    """A person or country page: the object, then its published releases, paged."""

    paginate_by = 20
    meetings_shown = 20
    card_heading_level = 3

    def get(self, request, *args, **kwargs):
        # get_object() must not fall back to get_queryset(): that is the release list.
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(object=self.object, **kwargs)
        context["meetings"] = list(self.get_meetings()[: self.meetings_shown])
        return context


class OfficialDetailView(ReleasesOfObjectView):
    template_name = "people/official_detail.html"
    extra_context = {"nav": "officials"}

    def get_object(self, queryset=None):
        return super().get_object(
            people_selectors.with_portraits(
                people_selectors.officials_with_memberships(people_selectors.public_officials())
            )
        )

    def get_queryset(self):
        return selectors.official_releases(self.object)

    def release_filters(self):
        return {"official": self.object}

    def get_meetings(self):
        return selectors.official_meetings(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["friendship_memberships"] = list(
            people_selectors.friendship_memberships(self.object)
        )
        return context


class CountryListView(ListView):
    template_name = "people/country_list.html"
    extra_context = {"nav": "countries"}
    context_object_name = "countries"

    def get_queryset(self):
        return people_selectors.public_countries().order_by(shown("name"), "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = releases_by_country()
        for country in context["countries"]:
            country.release_count = counts.get(country.pk, 0)
        return context


class CountryDetailView(ReleasesOfObjectView):
    template_name = "people/country_detail.html"
    extra_context = {"nav": "countries"}

    def get_object(self, queryset=None):
        # A country with nothing public has no page, as on the country list.
        country = people_selectors.public_country(self.kwargs["code"])
        if country is None:
            raise Http404("Nothing public about this country.")
        return country

    def get_queryset(self):
        return selectors.country_releases(self.object)

    def release_filters(self):
        return {"country": self.object}

    def get_context_data(self, **kwargs):
        # The dossier lists the latest meetings of each direction: no other list of them.
        context = super(ReleasesOfObjectView, self).get_context_data(object=self.object, **kwargs)
        context.update(dossier_context(self.object))
        if context["has_dossier"]:
            dossier = context["dossier"]
            context["meetings"] = SimpleLazyObject(lambda: dossier.meetings)
        else:
            context["meetings"] = list(selectors.country_meetings(self.object)[:20])
        return context
