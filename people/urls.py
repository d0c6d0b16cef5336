from django.urls import path, register_converter

from . import views


class LowerCountryCodeConverter:
    """ISO codes in addresses are two lower-case letters: /countries/kz/."""

    regex = "[a-z]{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value.lower()


register_converter(LowerCountryCodeConverter, "cc")

app_name = "people"

urlpatterns = [
    path("officials/", views.OfficialListView.as_view(), name="official_list"),
    path("officials/<slug:slug>/", views.OfficialDetailView.as_view(), name="official_detail"),
    path("countries/", views.CountryListView.as_view(), name="country_list"),
    path("countries/<cc:code>/", views.CountryDetailView.as_view(), name="country_detail"),
]
