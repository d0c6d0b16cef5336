"""iCalendar feeds of public meetings: site-wide, per official and per country."""

import datetime
import zoneinfo

import icalendar
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    HIDDEN_STATES,
    ArchiveReleaseFactory,
    MeetingFactory,
    OfficialFactory,
    country,
)

pytestmark = pytest.mark.django_db

BAKU = zoneinfo.ZoneInfo("Asia/Baku")
R1_URL = (
    "http://testserver/en/releases/2022/03/28/"
    "chair-of-milli-majlis-sahiba-gafarova-meets-chairman-of-kazakhstan-parliaments-senate/"
)
R2_URL = (
    "http://testserver/en/releases/2021/05/06/ambassador-serjan-abdikarimov-kazakhstan-has-"
    "always-supported-azerbaijans-territorial-integrity/"
)


def fetch_calendar(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events(calendar):
    """Each VEVENT as a dict of its decoded properties (DTSTAMP checked separately)."""
    found = []
    for event in calendar.walk("VEVENT"):
        found.append(
            {
                key.lower(): event.decoded(key) if key in ("DTSTART", "DTEND") else str(event[key])
                for key in event
                if key != "DTSTAMP"
            }
        )
    return found


def summaries(calendar):
    return [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]


@pytest.fixture
def sample():
    call_command("loaddata", "fixtures/sample.json", verbosity=0)


def test_site_calendar_has_the_sample_meetings_as_all_day_events(client, sample):
    calendar = fetch_calendar(client, "/en/meetings.ics")

    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//Milli Majlis Press Office//Meetings//EN"
    assert str(calendar["X-WR-CALNAME"]) == "Milli Majlis Press Office: meetings"
    assert events(calendar) == [
        {
            "uid": "meeting-1@testserver",
            "summary": "Visit: Maulen Ashimbayev, Sahiba Gafarova",
            "dtstart": datetime.date(2022, 3, 28),
            "dtend": datetime.date(2022, 3, 29),
            "location": "Kazakhstan",
            "description": (
                "Talks during the Chair of the Milli Majlis’s working trip to Kazakhstan.\n\n"
                "Chair of Milli Majlis Sahiba Gafarova Meets Chairman of Kazakhstan "
                f"Parliament’s Senate\n{R1_URL}"
            ),
            "url": "http://testserver/en/meetings/1/",
        },
        {
            "uid": "meeting-2@testserver",
            "summary": "Bilateral meeting: Azay Guliyev, Serjan Abdikarimov",
            "dtstart": datetime.date(2021, 5, 6),
            "dtend": datetime.date(2021, 5, 7),
            "location": "Azerbaijan",
            "description": (
                "Meeting with the Ambassador of Kazakhstan to Azerbaijan.\n\n"
                "Ambassador Serjan Abdikarimov: ‘Kazakhstan Has Always Supported Azerbaijan’s "
                f"Territorial Integrity’\n{R2_URL}"
            ),
            "url": "http://testserver/en/meetings/2/",
        },
    ]
    # DTSTAMP: when the meeting became public, i.e. its release's publication, in UTC.
    stamps = [event.decoded("DTSTAMP") for event in calendar.walk("VEVENT")]
    assert stamps == [
        datetime.datetime(2022, 3, 28, 14, 10, tzinfo=datetime.UTC),
        datetime.datetime(2021, 5, 6, 17, 12, tzinfo=datetime.UTC),
    ]


def test_meeting_with_a_time_starts_at_that_time_in_baku(client):
    guest = OfficialFactory(full_name="Guest Speaker", country=country("TR"))
    host = OfficialFactory(full_name="Host Member")
    meeting = MeetingFactory(
        date=datetime.date(2023, 6, 1),
        time=datetime.time(15, 30),
        city="Ankara",
        host_country=country("TR"),
        kind="visit",
        description="",
        participants=[guest, host],
    )
    release = ArchiveReleaseFactory(title="Talks in Ankara", meeting=meeting)

    calendar = fetch_calendar(client, "/en/meetings.ics")

    [event] = calendar.walk("VEVENT")
    start = event.decoded("DTSTART")
    assert start == datetime.datetime(2023, 6, 1, 15, 30, tzinfo=BAKU)
    assert start.tzinfo.key == "Asia/Baku"
    assert event["DTSTART"].params["TZID"] == "Asia/Baku"
    assert "DTEND" not in event
    assert str(event["LOCATION"]) == "Ankara, Türkiye"
    assert str(event["SUMMARY"]) == "Visit: Guest Speaker, Host Member"
    assert (
        str(event["DESCRIPTION"])
        == f"Talks in Ankara\nhttp://testserver{release.get_absolute_url()}"
    )
    # Calendar programs need the zone's definition in the file.
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Baku"]


def test_call_without_a_place_has_no_location(client):
    meeting = MeetingFactory(kind="call", host_country=None, city="")
    ArchiveReleaseFactory(meeting=meeting)

    [event] = fetch_calendar(client, "/en/meetings.ics").walk("VEVENT")

    assert "LOCATION" not in event
    assert str(event["SUMMARY"]) == "Phone or video call"


def test_official_and_country_calendars_carry_only_their_meetings(client, sample):
    gafarova = fetch_calendar(client, "/en/officials/sahiba-gafarova/meetings.ics")
    guliyev = fetch_calendar(client, "/en/officials/azay-guliyev/meetings.ics")
    kz = fetch_calendar(client, "/en/countries/kz/meetings.ics")
    az = fetch_calendar(client, "/en/countries/az/meetings.ics")

    first = "Visit: Maulen Ashimbayev, Sahiba Gafarova"
    second = "Bilateral meeting: Azay Guliyev, Serjan Abdikarimov"
    assert summaries(gafarova) == [first]
    assert str(gafarova["X-WR-CALNAME"]) == "Meetings of Sahiba Gafarova"
    assert summaries(guliyev) == [second]
    # Kazakhstan hosted the first and its ambassador took part in the second.
    assert summaries(kz) == [first, second]
    assert summaries(az) == [first, second]


@pytest.mark.parametrize(
    "url",
    [
        "/en/officials/nobody/meetings.ics",
        "/en/countries/zz/meetings.ics",
        "/en/countries/fr/meetings.ics",
    ],
)
def test_unknown_or_not_public_official_or_country_has_no_calendar(client, sample, url):
    response = client.get(url)

    assert response.status_code == 404
    assert b"VCALENDAR" not in response.content


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_meeting_known_only_from_a_hidden_release_stays_off_every_calendar(client, state):
    visible = MeetingFactory(description="Visible talks", host_country=country("KZ"))
    ArchiveReleaseFactory(title="Visible release", meeting=visible)
    secret_guest = OfficialFactory(full_name="Secret Guest", country=country("FR"))
    secret = MeetingFactory(
        description="Secret talks", host_country=country("KZ"), participants=[secret_guest]
    )
    ArchiveReleaseFactory(title="Secret release", meeting=secret, state=state)
    # A hidden release about the visible meeting must not be listed under it either.
    ArchiveReleaseFactory(title="Hidden follow-up", meeting=visible, state=state)

    for url in ["/en/meetings.ics", "/en/countries/kz/meetings.ics"]:
        calendar = fetch_calendar(client, url)
        assert [str(e["UID"]) for e in calendar.walk("VEVENT")] == [
            f"meeting-{visible.pk}@testserver"
        ]
        assert b"Secret" not in calendar.to_ical()
        assert b"Hidden follow-up" not in calendar.to_ical()
    assert client.get("/en/officials/secret-guest/meetings.ics").status_code == 404
    assert client.get("/en/countries/fr/meetings.ics").status_code == 404


def test_calendars_run_the_same_queries_for_3_and_30_meetings(client):
    member = OfficialFactory(full_name="Busy Member")
    urls = [
        "/en/meetings.ics",
        "/en/officials/busy-member/meetings.ics",
        "/en/countries/az/meetings.ics",
    ]

    def add_meetings(n):
        for _ in range(n):
            guest = OfficialFactory(country=country("KZ"))
            meeting = MeetingFactory(participants=[member, guest])
            ArchiveReleaseFactory(meeting=meeting)
            ArchiveReleaseFactory(meeting=meeting)

    def counts():
        counted = {}
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                calendar = fetch_calendar(client, url)
            counted[url] = (len(ctx.captured_queries), len(calendar.walk("VEVENT")))
        return counted

    add_meetings(3)
    small = counts()
    add_meetings(27)
    large = counts()

    assert {url: n for url, (n, _) in small.items()} == {url: n for url, (n, _) in large.items()}
    assert [found for _, found in large.values()] == [30, 30, 30]
    assert max(n for n, _ in large.values()) <= 4
