from django.urls import path, register_converter

from public import calendars, feeds, search_views, topic_views, views
from public.converters import FourDigitYearConverter, TagSlugConverter, TwoDigitConverter

register_converter(FourDigitYearConverter, "yyyy")
register_converter(TwoDigitConverter, "mm")
register_converter(TwoDigitConverter, "dd")
register_converter(TagSlugConverter, "tag")
# A release's address in Azerbaijani or Russian keeps its letters.
register_converter(TagSlugConverter, "uslug")

app_name = "releases"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("feeds/releases.atom", feeds.ReleaseAtomFeed(), name="feed_atom"),
    path("feeds/releases.rss", feeds.ReleaseFeed(), name="feed_rss"),
    path("meetings.ics", calendars.MeetingCalendarView.as_view(), name="meeting_calendar"),
    path("releases/", views.ReleaseIndexView.as_view(), name="release_index"),
    path("releases/<yyyy:year>/", views.ReleaseYearArchiveView.as_view(), name="release_year"),
    path(
        "releases/<yyyy:year>/<mm:month>/",
        views.ReleaseMonthArchiveView.as_view(),
        name="release_month",
    ),
    path(
        "releases/<yyyy:year>/<mm:month>/<dd:day>/",
        views.ReleaseDayArchiveView.as_view(),
        name="release_day",
    ),
    path(
        "releases/<yyyy:year>/<mm:month>/<dd:day>/<uslug:slug>/",
        views.ReleaseDetailView.as_view(),
        name="release_detail",
    ),
    path("search/", search_views.SearchView.as_view(), name="search"),
    path("tags/<tag:slug>/", topic_views.TagDetailView.as_view(), name="tag_detail"),
    path("tags/<tag:slug>/feed.atom", feeds.TagReleaseAtomFeed(), name="tag_feed_atom"),
    path("tags/<tag:slug>/feed.rss", feeds.TagReleaseFeed(), name="tag_feed_rss"),
    path("meetings/", topic_views.MeetingListView.as_view(), name="meeting_list"),
    path("meetings/<int:pk>/", topic_views.MeetingDetailView.as_view(), name="meeting_detail"),
]
