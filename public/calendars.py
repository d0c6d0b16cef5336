"""iCalendar feeds of public meetings, for calendar programs to subscribe to.

Only ``Meeting.objects.public()`` (through ``selectors.public_meetings()``):
a meeting known only from unpublished releases never appears. Each feed runs
the same few queries whatever its length.
"""

import datetime
import zoneinfo

import icalendar
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import View

from public.structured_data import meeting_name, meeting_place
from public.versions import version
from releases import people_selectors, selectors

# The most recent meetings a calendar carries; older ones stay on the site.
# Calendar programs poll the whole file, so it stays small.
CALENDAR_LENGTH = 200


def meeting_event(meeting, request):
    """The VEVENT of one public meeting (its ``public_releases`` prefetched)."""
    host = get_current_site(request).domain.split(":")[0]
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.pk}@{host}")
    # When the meeting became public: its newest published release.
    latest = max(release.published_at for release in meeting.public_releases)
    event.add("dtstamp", latest.astimezone(datetime.UTC))
    if meeting.time is None:
        # No time known: an all-day event on the meeting's day.
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + datetime.timedelta(days=1))
    else:
        baku = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        event.add("dtstart", datetime.datetime.combine(meeting.date, meeting.time, tzinfo=baku))
    event.add("summary", meeting_name(meeting))
    place = meeting_place(meeting)
    if place:
        event.add("location", place)
    event.add("description", meeting_description(meeting, request))
    event.add("url", request.build_absolute_uri(meeting.get_absolute_url()))
    return event


def meeting_description(meeting, request):
    """The meeting's one-line description, then each published release and its address."""
    parts = [meeting.description] if meeting.description else []
    parts += [
        f"{version(release).title}\n{request.build_absolute_uri(release.get_absolute_url())}"
        for release in meeting.public_releases
    ]
    return "\n\n".join(parts)


class MeetingCalendarView(View):
    """All public meetings, newest first, as ``text/calendar``."""

    def get_object(self):
        return None

    def get_meetings(self, obj):
        return selectors.public_meetings()

    def calendar_name(self, obj):
        return _("%(site)s: meetings") % {"site": settings.NEWSROOM["SITE_NAME"]}

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        calendar = icalendar.Calendar()
        calendar.add("prodid", "-//Milli Majlis Press Office//Meetings//EN")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("x-wr-calname", self.calendar_name(obj))
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
        for meeting in self.get_meetings(obj)[:CALENDAR_LENGTH]:
            calendar.add_component(meeting_event(meeting, request))
        calendar.add_missing_timezones()
        return HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")


class OfficialMeetingCalendarView(MeetingCalendarView):
    """Public meetings an official took part in; 404 for an official the site does not show."""

    def get_object(self):
        return get_object_or_404(
            people_selectors.public_officials().prefetch_related(None), slug=self.kwargs["slug"]
        )

    def get_meetings(self, obj):
        return selectors.official_meetings(obj)

    def calendar_name(self, obj):
        return _("Meetings of %(name)s") % {"name": obj.full_name}


class CountryMeetingCalendarView(MeetingCalendarView):
    """Public meetings held in a country or with its officials; 404 if nothing is public."""

    def get_object(self):
        country = people_selectors.public_country(self.kwargs["code"])
        if country is None:
            raise Http404("No public meetings for this country.")
        return country

    def get_meetings(self, obj):
        return selectors.country_meetings(obj)

    def calendar_name(self, obj):
        return _("Meetings: %(name)s") % {"name": obj.name}
