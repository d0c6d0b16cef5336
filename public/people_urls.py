from django.urls import path, register_converter

from public import calendars, dossier_views, feeds
from public import people_views as views


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
    path(
        "officials/<slug:slug>/feed.atom",
        feeds.OfficialReleaseAtomFeed(),
        name="official_feed_atom",
    ),
    path("officials/<slug:slug>/feed.rss", feeds.OfficialReleaseFeed(), name="official_feed_rss"),
    path(
        "officials/<slug:slug>/meetings.ics",
        calendars.OfficialMeetingCalendarView.as_view(),
        name="official_calendar",
    ),
    path("countries/", views.CountryListView.as_view(), name="country_list"),
    path("countries/<cc:code>/", views.CountryDetailView.as_view(), name="country_detail"),
    path(
        "countries/<cc:code>/feed.atom",
        feeds.CountryReleaseAtomFeed(),
        name="country_feed_atom",
    ),
    path("countries/<cc:code>/feed.rss", feeds.CountryReleaseFeed(), name="country_feed_rss"),
    path(
        "countries/<cc:code>/meetings.csv",
        dossier_views.CountryMeetingsCsvView.as_view(),
        name="country_meetings_csv",
    ),
    path(
        "countries/<cc:code>/meetings.ics",
        calendars.CountryMeetingCalendarView.as_view(),
        name="country_calendar",
    ),
]
