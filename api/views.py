"""The endpoints. Every list starts from the public side's own queries (``releases.
selectors``, ``releases.dossier``): what is not public on the site is not in the API."""

from django.http import Http404
from django.utils import translation
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.schemas.openapi import AutoSchema
from rest_framework.views import APIView

from api import filters, pagination
from api.dossier import dossier_data
from api.serializers import (
    CountryData,
    MeetingWithReleases,
    OfficialData,
    ReleaseData,
)
from people.models import Convocation, home_country_code
from releases import dossier as dossiers
from releases import people_selectors, selectors
from search import counts, filtering, freshness


class FilterSchema(AutoSchema):
    """The view's query parameters (its ``filters_class``) in the OpenAPI schema."""

    def get_filter_parameters(self, path, method):
        fields = self.view.filters_class().get_fields()
        return [
            {
                "name": name,
                "in": "query",
                "required": False,
                "description": str(field.help_text or ""),
                "schema": self.map_field(field),
            }
            for name, field in fields.items()
        ]


class PublicData:
    """The request's language (``?lang=``, default English) active while answering."""

    filters_class = filters.Language
    schema = FilterSchema()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.params = filters.read(self.filters_class, request)
        self.language = self.params.validated_data["lang"]
        translation.activate(self.language)

    def get_serializer_context(self):
        if not hasattr(self, "language"):  # the schema's copy of the view: no request read
            return super().get_serializer_context()
        return {
            **super().get_serializer_context(),
            "language": self.language,
            "convocations": list(Convocation.objects.all()),
        }


class ReleaseList(PublicData, generics.ListAPIView):
    """Releases published in the language asked for, newest first; the filters of /releases/."""

    serializer_class = ReleaseData
    pagination_class = pagination.NewestFirst
    filters_class = filters.ReleaseFilters

    def get_queryset(self):
        return filtering.filter_releases(
            selectors.data_releases(self.language), self.params.filters(), language=self.language
        )

    def list(self, request, *args, **kwargs):
        # The page is found by the index alone; each release's data is made once per
        # content generation in this process, as the pages' release cards are.
        releases = self.filter_queryset(self.get_queryset())
        found = releases.select_related(None).prefetch_related(None).only("pk", "published_at")
        page = self.paginate_queryset(found)
        return self.get_paginated_response(self.release_data(releases, [r.pk for r in page]))

    def release_data(self, releases, ids):
        """The data of the releases ``ids`` of ``releases``, in that order: the remembered
        ones as made, the others read whole in one set of queries."""
        memo = freshness.memo()
        host = (self.request.scheme, self.request.get_host())  # its addresses are absolute
        keys = {pk: ("api-release", pk, self.language, *host) for pk in ids}
        made = {pk: memo[key] for pk, key in keys.items() if key in memo} if memo else {}
        missing = [pk for pk in ids if pk not in made]
        if missing:
            for data in self.get_serializer(releases.filter(pk__in=missing), many=True).data:
                made[data["id"]] = data
                if memo is not None:
                    memo[keys[data["id"]]] = data
        # A release no longer public when read whole is left out.
        return [made[pk] for pk in ids if pk in made]


class ReleaseDetail(PublicData, generics.RetrieveAPIView):
    serializer_class = ReleaseData

    def get_queryset(self):
        return selectors.data_releases(self.language)


class OfficialList(PublicData, generics.ListAPIView):
    """Officials named in a published release or taking part in a public meeting."""

    serializer_class = OfficialData
    pagination_class = pagination.BySlug
    filters_class = filters.OfficialFilters

    def get_queryset(self):
        officials = people_selectors.officials_with_memberships(people_selectors.public_officials())
        data = self.params.validated_data
        if data.get("country"):
            officials = officials.filter(country=data["country"])
        if data.get("convocation"):
            officials = people_selectors.of_convocation(officials, data["convocation"])
        return officials


class OfficialDetail(PublicData, generics.RetrieveAPIView):
    serializer_class = OfficialData
    lookup_field = "slug"

    def get_queryset(self):
        return people_selectors.officials_with_memberships(people_selectors.public_officials())


class _Countries(PublicData):
    serializer_class = CountryData

    def get_queryset(self):
        return people_selectors.public_countries()

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if "language" in context:
            # Every country's, from the kept counts: a list and one country alike.
            context["release_counts"] = counts.releases_by_country()
        return context


class CountryList(_Countries, generics.ListAPIView):
    """Countries with a published release or a public meeting."""

    pagination_class = pagination.ByCode


class CountryDetail(_Countries, generics.RetrieveAPIView):
    def get_object(self):
        country = people_selectors.public_country(self.kwargs["code"])
        if country is None:
            raise Http404
        return country


class CountryDossier(PublicData, APIView):
    """The bilateral dossier of the country: its meetings per year and direction, the
    people on both sides, the organisations, the friendship group."""

    def get(self, request, code):
        country = people_selectors.public_country(code)
        if country is None or country.code == home_country_code():
            raise Http404
        # Made once per content generation in each process, as the page's dossier part.
        key = ("api-dossier", country.pk, translation.get_language())
        key += (request.scheme, request.get_host())  # its addresses are absolute
        data = freshness.remembered(
            key, lambda: dossier_data(dossiers.country_dossier(country), request)
        )
        return Response(data)


class MeetingList(PublicData, generics.ListAPIView):
    """Meetings a published release reports, latest first."""

    serializer_class = MeetingWithReleases
    pagination_class = pagination.LatestMeetingsFirst
    filters_class = filters.MeetingFilters

    def get_queryset(self):
        meetings = selectors.public_meetings()
        data = self.params.validated_data
        if data.get("country"):
            meetings = dossiers.meetings_with(data["country"], meetings)
        if data.get("official"):
            meetings = meetings.filter(
                pk__in=selectors.official_meetings(data["official"]).values("pk")
            )
        return meetings


class MeetingDetail(PublicData, generics.RetrieveAPIView):
    serializer_class = MeetingWithReleases

    def get_queryset(self):
        return selectors.public_meetings()


class Root(APIView):
    """The newsroom's open data: releases, officials, countries, meetings, dossiers."""

    schema = None

    def get(self, request):
        def link(name):
            return reverse(f"api:{name}", request=request)

        return Response(
            {
                "releases": link("release_list"),
                "officials": link("official_list"),
                "countries": link("country_list"),
                "meetings": link("meeting_list"),
                "dossier": link("country_list") + "{code}/dossier/",
                "schema": link("schema"),
                "documentation": "README, “Open data API”",
            }
        )
