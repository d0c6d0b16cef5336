"""The bilateral dossier on a country's page (releases/dossier.py, public/dossier_views.py):
counts per year and direction, the chart and the table with the same numbers, both sides'
officials, the organisations, the friendship group, the CSV of the meetings."""

import csv
import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from people.models import FriendshipMember
from releases.models import Meeting
from tests.factories import (
    ConvocationFactory,
    CountryFactory,
    FriendshipGroupFactory,
    FriendshipMemberFactory,
    MeetingFactory,
    OfficialFactory,
    ReleaseFactory,
    baku,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_off")]

DAY = datetime.date


class Relations:
    """Meetings with Kazakhstan in 2020, 2021 and 2023 (none in 2022): one visit there,
    two visits here, a session in Türkiye and a call, each reported by a published
    release; a meeting there known only from a draft."""

    def __init__(self):
        self.az, self.kz, self.tr = (CountryFactory(code=c) for c in ("AZ", "KZ", "TR"))
        self.speaker = OfficialFactory(full_name="Maulen Ashimbayev", country=self.kz)
        self.envoy = OfficialFactory(full_name="Serjan Abdikarimov", country=self.kz)
        self.chair = OfficialFactory(full_name="Sahiba Gafarova", country=self.az)
        self.mp = OfficialFactory(full_name="Azay Guliyev", country=self.az)
        self.visit = self.meeting(DAY(2020, 3, 1), self.kz, "visit", self.chair, self.speaker)
        self.here = [
            self.meeting(DAY(2021, 5, 6), self.az, "bilateral", self.mp, self.envoy),
            self.meeting(DAY(2021, 9, 1), self.az, "bilateral", self.chair, self.envoy),
        ]
        self.session = self.meeting(DAY(2023, 4, 2), self.tr, "conference", self.mp, self.speaker)
        self.call = self.meeting(DAY(2023, 6, 3), None, "call", self.chair, self.speaker)
        self.report(self.visit, tags=["TurkPA", "Energy"])
        self.report(self.here[0], tags=["TurkPA", "OSCE PA"])
        self.report(self.here[1])
        self.report(self.session)
        self.report(self.call)
        secret = self.meeting(DAY(2022, 1, 1), self.kz, "visit", self.chair, self.speaker)
        ReleaseFactory(draft=True, meeting=secret, countries=[self.kz], tags=["PACE"])

    def meeting(self, date, host, kind, *participants):
        return MeetingFactory(
            date=date, host_country=host, kind=kind, participants=list(participants)
        )

    def report(self, meeting, tags=()):
        at = baku(meeting.date.year, meeting.date.month, meeting.date.day, 18, 0)
        return ReleaseFactory(
            meeting=meeting, published_at=at, countries=[self.az, self.kz], tags=list(tags)
        )


@pytest.fixture
def relations(db):
    return Relations()


def test_counts_per_year_and_direction(client, relations):
    dossier = client.get("/en/countries/kz/").context["dossier"]

    assert [(y.year, y.counts, y.total) for y in dossier.years] == [
        (2020, {"outgoing": 1, "incoming": 0, "elsewhere": 0, "remote": 0}, 1),
        (2021, {"outgoing": 0, "incoming": 2, "elsewhere": 0, "remote": 0}, 2),
        (2022, {"outgoing": 0, "incoming": 0, "elsewhere": 0, "remote": 0}, 0),
        (2023, {"outgoing": 0, "incoming": 0, "elsewhere": 1, "remote": 1}, 2),
    ]
    assert dossier.totals == {"outgoing": 1, "incoming": 2, "elsewhere": 1, "remote": 1}
    assert dossier.total == 5
    assert {s["key"]: s["meetings"] for s in dossier.sections()} == {
        "outgoing": [relations.visit],
        "incoming": [relations.here[1], relations.here[0]],
        "elsewhere": [relations.session],
        "remote": [relations.call],
    }


def _chart_numbers(content):
    """{(year, direction): count} as the SVG's bars carry them."""
    svg = content[content.index('<svg class="chart"') : content.index("</svg>")]
    numbers = {}
    for year, group in re.findall(r'data-year="(\d+)" data-total="\d+">(.*?)</g>', svg, re.S):
        for key, n in re.findall(r'data-direction="(\w+)" data-count="(\d+)"', group):
            numbers[(int(year), key)] = int(n)
    return numbers


def _table_numbers(content):
    """{(year, direction): count} as the table's cells carry them (zeros left out)."""
    table = content[content.index('<table class="dossier__table">') : content.index("</table>")]
    numbers = {}
    for year, row in re.findall(r'<tr data-year="(\d+)">(.*?)</tr>', table, re.S):
        for key, n in re.findall(r'<td data-direction="(\w+)">(\d+)</td>', row):
            if key != "total" and int(n):
                numbers[(int(year), key)] = int(n)
    return numbers


def test_the_chart_and_the_table_carry_the_same_numbers(client, relations):
    content = client.get("/en/countries/kz/").content.decode()

    expected = {
        (2020, "outgoing"): 1,
        (2021, "incoming"): 2,
        (2023, "elsewhere"): 1,
        (2023, "remote"): 1,
    }
    assert _chart_numbers(content) == expected
    assert _table_numbers(content) == expected
    # Accessible: an image with its title and description, the numbers read out too.
    assert '<svg class="chart" role="img" aria-labelledby="chart-title chart-desc"' in content
    assert '<title id="chart-title">Meetings with Kazakhstan per year</title>' in content
    assert (
        "2020: 1 (In Kazakhstan: our visits 1); 2021: 2 (In Azerbaijan: their visits 2); "
        "2022: 0; 2023: 2 (On third ground: assemblies and sessions 1, By phone or video 1)."
    ) in content
    assert (
        '<caption id="dossier-table-caption">Meetings with Kazakhstan per year</caption>' in content
    )
    assert "style=" not in content[content.index('<svg class="chart"') :]


def test_a_scheduled_meeting_joins_the_chart_and_the_table_at_its_time(
    client, relations, monkeypatch
):
    meeting = relations.meeting(
        DAY(2022, 5, 5), relations.kz, "visit", relations.chair, relations.speaker
    )
    at = timezone.now() + datetime.timedelta(hours=1)
    ReleaseFactory(meeting=meeting, published_at=at, countries=[relations.az, relations.kz])
    content = client.get("/en/countries/kz/").content.decode()
    assert (2022, "outgoing") not in _chart_numbers(content)

    later = at + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    # Out now, before the counts are kept again: the page adds it itself.
    content = client.get("/en/countries/kz/").content.decode()
    assert _chart_numbers(content)[(2022, "outgoing")] == 1
    assert _table_numbers(content) == _chart_numbers(content)

    call_command("count_due_releases", stdout=io.StringIO())
    counted = client.get("/en/countries/kz/").content.decode()
    assert _chart_numbers(counted) == _table_numbers(counted) == _chart_numbers(content)
    assert client.get("/en/countries/kz/").context["dossier"].totals["outgoing"] == 2


def test_both_sides_officials_with_their_meetings(client, relations):
    dossier = client.get("/en/countries/kz/").context["dossier"]

    assert [(o, o.meeting_count) for o in dossier.their_officials] == [
        (relations.speaker, 3),
        (relations.envoy, 2),
    ]
    assert [(o, o.meeting_count) for o in dossier.our_officials] == [
        (relations.chair, 3),
        (relations.mp, 2),
    ]


def test_organisations_from_the_releases_tags(client, relations):
    response = client.get("/en/countries/kz/")
    dossier = response.context["dossier"]

    # Energy is no organisation; PACE is only on a draft.
    assert [(t.name, t.release_count) for t in dossier.organisations] == [
        ("TurkPA", 2),
        ("OSCE PA", 1),
    ]
    assert [t.organisation.full_name for t in dossier.organisations] == [
        "Parliamentary Assembly of Turkic States",
        "Parliamentary Assembly of the OSCE",
    ]
    assert "PACE" not in response.content.decode()


def test_the_latest_friendship_group_with_its_members(client, relations):
    old = FriendshipGroupFactory(country=relations.kz, convocation=ConvocationFactory(number=6))
    FriendshipMemberFactory(group=old, official=relations.chair)
    group = FriendshipGroupFactory(
        country=relations.kz,
        convocation=ConvocationFactory(number=7),
        name="Azerbaijan–Kazakhstan working group",
    )
    FriendshipMemberFactory(group=group, official=relations.chair)
    FriendshipMemberFactory(group=group, official=relations.mp, role=FriendshipMember.Role.HEAD)

    response = client.get("/en/countries/kz/")

    shown = response.context["dossier"].group
    assert shown == group
    assert [(m.official, m.role) for m in shown.member_list] == [
        (relations.mp, "head"),
        (relations.chair, "member"),
    ]
    content = response.content.decode()
    mp = relations.mp.get_absolute_url()
    assert (
        f'<a href="{mp}">Azay Guliyev</a>, <span class="people__title">Head of the group</span>'
        in (content)
    )
    assert '<p class="tally">7th convocation (2024–)</p>' in content


def test_the_home_country_has_no_dossier(client, relations):
    response = client.get("/en/countries/az/")

    assert response.context["dossier"] is None
    assert 'class="dossier"' not in response.content.decode()
    assert client.get("/en/countries/az/meetings.csv").status_code == 404


def test_the_home_country_is_the_setting(client, relations, settings):
    """Seen from Kazakhstan, Azerbaijan's meetings held in Kazakhstan are incoming."""
    settings.NEWSROOM = {**settings.NEWSROOM, "HOME_COUNTRY": "KZ"}

    dossier = client.get("/en/countries/az/").context["dossier"]

    assert dossier.totals == {"outgoing": 2, "incoming": 1, "elsewhere": 1, "remote": 1}
    assert client.get("/en/countries/kz/").context["dossier"] is None


def test_the_labels_in_russian(client, relations):
    content = client.get("/ru/countries/kz/").content.decode()

    assert 'Казахстан: наши визиты <span class="tally">1</span>' in content
    assert "Сообщено о 5 встречах." in content


def test_the_meetings_as_csv(client, relations):
    response = client.get("/en/countries/kz/meetings.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="meetings-kz.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "date",
        "kind",
        "direction",
        "country",
        "place",
        "description",
        "participants",
        "address",
    ]
    assert [(r[0], r[1], r[2], r[3]) for r in rows[1:]] == [
        ("2020-03-01", "Visit", "In Kazakhstan: our visits", "Kazakhstan"),
        ("2021-05-06", "Bilateral meeting", "In Azerbaijan: their visits", "Azerbaijan"),
        ("2021-09-01", "Bilateral meeting", "In Azerbaijan: their visits", "Azerbaijan"),
        (
            "2023-04-02",
            "Conference or session",
            "On third ground: assemblies and sessions",
            "Türkiye",
        ),
        ("2023-06-03", "Phone or video call", "By phone or video", ""),
    ]
    assert rows[1][6] == "Maulen Ashimbayev (KZ); Sahiba Gafarova (AZ)"
    assert rows[1][7] == f"http://testserver/en/meetings/{relations.visit.pk}/"


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_a_fixed_number_of_queries_whatever_the_meetings(client, relations):
    """Three meetings more or thirty, in every direction and over many years: the page
    and the CSV cost the same."""

    def add(count):
        hosts = [relations.kz, relations.az, relations.tr, None]
        for n in range(count):
            guest = OfficialFactory(country=relations.kz)
            meeting = relations.meeting(
                DAY(2000 + n % 20, 1 + n % 12, 1),
                hosts[n % 4],
                Meeting.Kind.BILATERAL,
                OfficialFactory(country=relations.az),
                guest,
            )
            relations.report(meeting, tags=["TurkPA", f"Topic {n}"])

    add(3)
    page, table = (
        _queries(client, "/en/countries/kz/"),
        _queries(client, "/en/countries/kz/meetings.csv"),
    )
    add(27)
    assert _queries(client, "/en/countries/kz/") == page
    assert _queries(client, "/en/countries/kz/meetings.csv") == table
    # The dossier's 18 (the kept counts and what came out since they were counted) and
    # the photos of the page's release cards.
    assert page <= 20


@pytest.fixture
def groups(relations):
    """Kazakhstan's groups of the 6th and 7th convocations; in the 7th, an MP whom no
    public release or meeting names yet."""
    old = FriendshipGroupFactory(
        country=relations.kz,
        convocation=ConvocationFactory(number=6),
        name="Azerbaijan–Kazakhstan group",
    )
    FriendshipMemberFactory(group=old, official=relations.chair, role=FriendshipMember.Role.HEAD)
    group = FriendshipGroupFactory(
        country=relations.kz,
        convocation=ConvocationFactory(number=7),
        name="Azerbaijan–Kazakhstan working group",
    )
    FriendshipMemberFactory(group=group, official=relations.chair)
    unnamed = OfficialFactory(full_name="Quiet Deputy", country=relations.az)
    FriendshipMemberFactory(group=group, official=unnamed, role=FriendshipMember.Role.DEPUTY)
    return {"old": old, "group": group, "unnamed": unnamed}


def test_friendship_group_members_link_to_their_pages(client, relations, groups):
    content = client.get("/en/countries/kz/").content.decode()

    chair = relations.chair.get_absolute_url()
    assert (
        f'<li><a href="{chair}">Sahiba Gafarova</a>, '
        '<span class="people__title">Member</span></li>' in content
    )
    # No public page to link to: the name alone.
    assert '<li>Quiet Deputy, <span class="people__title">Deputy head</span></li>' in content
    assert groups["unnamed"].get_absolute_url() not in content
    assert client.get(groups["unnamed"].get_absolute_url()).status_code == 404


def test_an_officials_page_lists_their_friendship_groups(client, relations, groups):
    response = client.get(relations.chair.get_absolute_url())

    assert [(m.group, m.role) for m in response.context["friendship_memberships"]] == [
        (groups["group"], "member"),
        (groups["old"], "head"),
    ]
    content = response.content.decode()
    assert '<h2 id="groups-heading">Friendship groups</h2>' in content
    assert (
        '<li><a href="/en/countries/kz/">Azerbaijan–Kazakhstan working group</a>, '
        '<span class="people__title">Member</span> '
        '<span class="count">· 7th convocation (2024–)</span></li>'
    ) in content
    assert (
        '<li><a href="/en/countries/kz/">Azerbaijan–Kazakhstan group</a>, '
        '<span class="people__title">Head of the group</span>'
    ) in content
    # Kazakhstan's own officials sit in no group of ours.
    speaker = client.get(relations.speaker.get_absolute_url())
    assert speaker.context["friendship_memberships"] == []
    assert "groups-heading" not in speaker.content.decode()


def test_friendship_groups_in_russian(client, relations, groups):
    content = client.get(f"/ru/officials/{relations.chair.slug}/").content.decode()

    assert '<h2 id="groups-heading">Группы дружбы</h2>' in content
    assert "Руководитель группы" in content


def test_an_officials_groups_take_one_query_however_many(client, relations, groups):
    url = relations.chair.get_absolute_url()
    few = _queries(client, url)
    for number in range(8, 38):
        group = FriendshipGroupFactory(
            country=relations.tr, convocation=ConvocationFactory(number=number)
        )
        FriendshipMemberFactory(group=group, official=relations.chair)

    assert _queries(client, url) == few
