"""The dossier's kept counts (DossierCount, CountedMeeting) agree with counting the public
meetings one by one.

Every check compares the kept rows with a count made from ``Meeting.objects.public()``
itself, and the dossier (``releases.dossier``) with the numbers it must show: after
publishing, withdrawing, deleting, editing a meeting's place, date or participants, an
official's country, a release's meeting, and the passing of a scheduled release's time.
"""

import datetime
import io
from collections import Counter

import pytest
from django.core.management import call_command

from releases import dossier as dossiers
from releases.models import CountedMeeting, DossierCount, Meeting, Release
from search import dossier_counts, recount
from tests.factories import (
    CountryFactory,
    MeetingFactory,
    OfficialFactory,
    ReleaseFactory,
    UserFactory,
    baku,
)
from workflow import transitions

pytestmark = pytest.mark.django_db

DAY = datetime.date


def from_scratch():
    """What the kept rows should say: {(country id, kind, value id, year): meetings},
    counted from the public meetings themselves."""
    expected = Counter()
    for meeting in Meeting.objects.public().prefetch_related("participants"):
        people = list(meeting.participants.all())
        host = meeting.host_country_id
        for country in {p.country_id for p in people} | ({host} if host else set()):
            expected[(country, DossierCount.HOST, host or 0, meeting.date.year)] += 1
            for person in people:
                expected[(country, DossierCount.OFFICIAL, person.pk, 0)] += 1
    return dict(expected)


def kept():
    assert not DossierCount.objects.filter(meetings__lt=0).exists()
    rows = DossierCount.objects.filter(meetings__gt=0)
    return {(r.country_id, r.kind, r.value_id, r.year): r.meetings for r in rows}


def numbers(country):
    """What the dossier of ``country`` shows: per year and direction, both sides' people."""
    dossier = dossiers.country_dossier(country)
    return {
        "years": {y.year: {k: n for k, n in y.counts.items() if n} for y in dossier.years},
        "totals": dossier.totals,
        "theirs": [(o.full_name, o.meeting_count) for o in dossier.their_officials],
        "ours": [(o.full_name, o.meeting_count) for o in dossier.our_officials],
        "organisations": [(t.name, t.release_count) for t in dossier.organisations],
    }


class World:
    """Meetings with Kazakhstan in each direction over 2020–2022, one with Türkiye too,
    each reported by a published release; a meeting known only from a draft, one whose
    release is scheduled for later today."""

    def __init__(self, clock):
        self.clock = clock
        self.az, self.kz, self.tr = (CountryFactory(code=c) for c in ("AZ", "KZ", "TR"))
        self.speaker = OfficialFactory(full_name="Maulen Ashimbayev", country=self.kz)
        self.envoy = OfficialFactory(full_name="Serjan Abdikarimov", country=self.kz)
        self.turk = OfficialFactory(full_name="Numan Kurtulmus", country=self.tr)
        self.chair = OfficialFactory(full_name="Sahiba Gafarova", country=self.az)
        self.mp = OfficialFactory(full_name="Azay Guliyev", country=self.az)
        self.there = self.meeting(DAY(2020, 3, 1), self.kz, "visit", self.chair, self.speaker)
        self.here = self.meeting(DAY(2021, 5, 6), self.az, "bilateral", self.mp, self.envoy)
        self.session = self.meeting(
            DAY(2021, 9, 2), self.tr, "conference", self.mp, self.speaker, self.turk
        )
        self.call = self.meeting(DAY(2022, 1, 3), None, "call", self.chair, self.speaker)
        self.releases = {
            m: self.report(m, tags=["TurkPA"])
            for m in (self.there, self.here, self.session, self.call)
        }
        self.secret = self.meeting(DAY(2022, 2, 1), self.kz, "visit", self.chair, self.envoy)
        self.draft = self.report(self.secret, draft=True, tags=["OSCE PA"])
        self.soon = self.meeting(DAY(2022, 3, 28), self.az, "bilateral", self.chair, self.envoy)
        self.scheduled = self.report(
            self.soon, published_at=clock.now() + datetime.timedelta(hours=2), tags=["OSCE PA"]
        )

    def meeting(self, date, host, kind, *participants):
        return MeetingFactory(
            date=date, host_country=host, kind=kind, participants=list(participants)
        )

    def report(self, meeting, **kwargs):
        kwargs.setdefault("published_at", baku(meeting.date.year, meeting.date.month, 1, 9, 0))
        return ReleaseFactory(meeting=meeting, countries=[self.az, self.kz], **kwargs)


@pytest.fixture
def world(clock):
    return World(clock)


@pytest.fixture
def editor(db):
    return UserFactory(is_superuser=True)


def test_the_kept_rows_agree_and_the_dossier_shows_them(world):
    assert kept() == from_scratch()
    assert numbers(world.kz) == {
        "years": {
            2020: {"outgoing": 1},
            2021: {"incoming": 1, "elsewhere": 1},
            2022: {"remote": 1},
        },
        "totals": {"outgoing": 1, "incoming": 1, "elsewhere": 1, "remote": 1},
        "theirs": [("Maulen Ashimbayev", 3), ("Serjan Abdikarimov", 1)],
        "ours": [("Azay Guliyev", 2), ("Sahiba Gafarova", 2)],
        "organisations": [("TurkPA", 4)],
    }
    # Türkiye's dossier: only the session, where a Turkish official took part.
    assert numbers(world.tr)["totals"] == {
        "outgoing": 1,
        "incoming": 0,
        "elsewhere": 0,
        "remote": 0,
    }
    assert numbers(world.tr)["theirs"] == [("Numan Kurtulmus", 1)]


def test_publishing_counts_a_meeting(world, editor):
    transitions.release_submit(release=world.draft, user=editor)
    transitions.release_publish(release=world.draft, user=editor)

    assert kept() == from_scratch()
    shown = numbers(world.kz)
    assert shown["years"][2022] == {"outgoing": 1, "remote": 1}
    assert shown["theirs"] == [("Maulen Ashimbayev", 3), ("Serjan Abdikarimov", 2)]
    assert shown["organisations"] == [("TurkPA", 4), ("OSCE PA", 1)]


def test_withdrawing_the_only_release_uncounts_its_meeting(world, editor):
    transitions.release_withdraw(release=world.releases[world.there], user=editor, reason="Wrong")

    assert kept() == from_scratch()
    shown = numbers(world.kz)
    assert shown["totals"]["outgoing"] == 0
    assert 2020 not in shown["years"]
    assert shown["theirs"] == [("Maulen Ashimbayev", 2), ("Serjan Abdikarimov", 1)]
    assert not CountedMeeting.objects.filter(meeting=world.there).exists()


def test_a_meeting_reported_twice_counts_once_until_both_go(world, editor):
    second = world.report(world.there)
    assert numbers(world.kz)["totals"]["outgoing"] == 1

    transitions.release_withdraw(release=world.releases[world.there], user=editor, reason="Twice")
    assert numbers(world.kz)["totals"]["outgoing"] == 1
    second.delete()

    assert kept() == from_scratch()
    assert numbers(world.kz)["totals"]["outgoing"] == 0


def test_moving_a_meeting_changes_its_direction_and_year(world):
    world.there.host_country = world.az
    world.there.date = DAY(2019, 12, 30)
    world.there.save()

    assert kept() == from_scratch()
    shown = numbers(world.kz)
    assert shown["years"][2019] == {"incoming": 1}
    assert 2020 in shown["years"] and shown["years"][2020] == {}
    assert shown["totals"] == {"outgoing": 0, "incoming": 2, "elsewhere": 1, "remote": 1}


def test_a_session_moved_to_a_third_country_leaves_that_ones_dossier(world):
    world.session.host_country = CountryFactory(code="FR")
    world.session.save()

    assert kept() == from_scratch()
    assert numbers(world.kz)["totals"]["elsewhere"] == 1
    assert numbers(world.tr)["totals"] == {
        "outgoing": 0,
        "incoming": 0,
        "elsewhere": 1,
        "remote": 0,
    }


def test_participants_and_an_officials_country(world):
    world.call.participants.remove(world.speaker)
    world.session.participants.add(world.envoy)
    assert kept() == from_scratch()
    # The call now has no Kazakh official, and was held nowhere: not Kazakhstan's.
    assert numbers(world.kz)["totals"]["remote"] == 0

    world.turk.country = world.kz
    world.turk.save()
    assert kept() == from_scratch()
    assert numbers(world.kz)["theirs"] == [
        ("Maulen Ashimbayev", 2),
        ("Serjan Abdikarimov", 2),
        ("Numan Kurtulmus", 1),
    ]
    assert numbers(world.tr)["theirs"] == []

    world.speaker.meetings.clear()
    assert kept() == from_scratch()


def test_a_release_reporting_another_meeting(world):
    release = world.releases[world.call]
    release.meeting = world.secret
    release.save()

    assert kept() == from_scratch()
    assert numbers(world.kz)["years"][2022] == {"outgoing": 1}


def test_deleting_meetings_releases_and_officials(world):
    world.session.delete()
    assert kept() == from_scratch()
    world.releases[world.here].delete()
    assert kept() == from_scratch()
    world.speaker.meetings.clear()
    world.speaker.releases.clear()
    world.speaker.delete()
    assert kept() == from_scratch()
    assert numbers(world.kz)["theirs"] == []


def test_a_scheduled_release_counts_from_its_time(world, clock):
    assert numbers(world.kz)["totals"]["incoming"] == 1
    stored = CountedMeeting.objects.get(meeting=world.soon)
    assert stored.due_at == world.scheduled.published_at
    assert kept() == from_scratch()  # not public yet, not counted

    clock.move(hours=3)
    # Out now: readers add it until the counts are kept again.
    assert kept() != from_scratch()
    shown = numbers(world.kz)
    assert shown["years"][2022] == {"incoming": 1, "remote": 1}
    assert shown["theirs"] == [("Maulen Ashimbayev", 3), ("Serjan Abdikarimov", 2)]
    assert shown["ours"] == [("Sahiba Gafarova", 3), ("Azay Guliyev", 2)]
    assert shown["organisations"] == [("TurkPA", 4), ("OSCE PA", 1)]

    call_command("count_due_releases", stdout=io.StringIO())
    call_command("count_due_releases", stdout=io.StringIO())  # twice: still counted once

    assert kept() == from_scratch()
    stored.refresh_from_db()
    assert stored.due_at is None
    assert numbers(world.kz) == shown


def test_an_earlier_release_of_a_scheduled_meeting_counts_it_at_once(world):
    world.report(world.soon, published_at=world.clock.now() - datetime.timedelta(minutes=5))

    assert CountedMeeting.objects.get(meeting=world.soon).due_at is None
    assert kept() == from_scratch()


def test_counting_again_from_nothing(world):
    DossierCount.objects.update(meetings=99)  # as if they had gone wrong
    CountedMeeting.objects.all().delete()

    dossier_counts.meetings_recount()
    assert kept() == from_scratch()

    DossierCount.objects.all().delete()
    recount.releases_recount()  # what reindex_releases runs
    assert kept() == from_scratch()
    assert CountedMeeting.objects.get(meeting=world.soon).due_at is not None


def test_a_meeting_no_release_reports_is_never_counted(world):
    lonely = MeetingFactory(host_country=world.kz, participants=[world.speaker])
    draft_only = Release.objects.filter(pk=world.draft.pk)

    assert not CountedMeeting.objects.filter(meeting__in=[lonely, world.secret]).exists()
    assert draft_only.get().meeting == world.secret
