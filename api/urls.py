"""The open data API under /api/ (outside the language prefixes: ``?lang=`` chooses)."""

from django.urls import path, register_converter
from rest_framework.renderers import JSONOpenAPIRenderer
from rest_framework.schemas import get_schema_view
from rest_framework.schemas.openapi import SchemaGenerator

from api import views


class CountryCodeConverter:
    """Two lower-case letters, as on the site: /api/countries/kz/."""

    regex = "[a-z]{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value.lower()


register_converter(CountryCodeConverter, "api_cc")

app_name = "api"

urlpatterns = [
    path("", views.Root.as_view(), name="root"),
    path("releases/", views.ReleaseList.as_view(), name="release_list"),
    path("releases/<int:pk>/", views.ReleaseDetail.as_view(), name="release_detail"),
    path("officials/", views.OfficialList.as_view(), name="official_list"),
    path("officials/<slug:slug>/", views.OfficialDetail.as_view(), name="official_detail"),
    path("countries/", views.CountryList.as_view(), name="country_list"),
    path("countries/<api_cc:code>/", views.CountryDetail.as_view(), name="country_detail"),
    path(
        "countries/<api_cc:code>/dossier/", views.CountryDossier.as_view(), name="country_dossier"
    ),
    path("meetings/", views.MeetingList.as_view(), name="meeting_list"),
    path("meetings/<int:pk>/", views.MeetingDetail.as_view(), name="meeting_detail"),
    path(
        "schema/",
        get_schema_view(
            title="Milli Majlis newsroom open data",
            version="1",
            generator_class=SchemaGenerator,
            renderer_classes=[JSONOpenAPIRenderer],
        ),
        name="schema",
    ),
]
