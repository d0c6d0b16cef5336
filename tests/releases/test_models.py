"""Releases and meetings: what is public, addresses in Baku time, paragraphs, slugs."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from releases.models import Meeting, Release
from tests.factories import MeetingFactory, ReleaseFactory, baku

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def test_published_queryset_and_is_published_agree(now):
    draft = ReleaseFactory(draft=True, published_at=baku(2022, 3, 28, 10, 0))
    scheduled = ReleaseFactory(published_at=baku(2022, 3, 28, 20, 1))
    published = ReleaseFactory(published_at=baku(2022, 3, 28, 19, 59))
    due_now = ReleaseFactory(published_at=now)
    future_draft = ReleaseFactory(draft=True, published_at=baku(2022, 4, 1, 10, 0))

    assert list(Release.objects.published()) == [due_now, published]
    everything = [draft, scheduled, published, due_now, future_draft]
    assert [r.is_published() for r in everything] == [False, False, True, True, False]
    assert [r.is_scheduled for r in everything] == [False, True, False, False, False]
    for release in everything:
        in_queryset = Release.objects.published().filter(pk=release.pk).exists()
        assert release.is_published() == in_queryset, release.title


def test_absolute_url_uses_the_baku_date_not_utc():
    # 21:30 UTC on 27 March is 01:30 on 28 March in Baku (UTC+4).
    release = ReleaseFactory(
        slug="late-night-session", published_at=datetime.datetime(2022, 3, 27, 21, 30, tzinfo=UTC)
    )

    assert release.get_absolute_url() == "/en/releases/2022/03/28/late-night-session/"
    release.refresh_from_db()  # the database hands the time back in UTC
    assert release.published_at.tzinfo == UTC
    assert release.get_absolute_url() == "/en/releases/2022/03/28/late-night-session/"


def test_absolute_url_pads_month_and_day():
    release = ReleaseFactory(slug="may-day", published_at=baku(2021, 5, 6, 21, 12))

    assert release.get_absolute_url() == "/en/releases/2021/05/06/may-day/"


def test_preview_url_is_by_primary_key():
    release = ReleaseFactory(draft=True)

    assert release.get_preview_url() == f"/releases/{release.pk}/preview/"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("One.\n\nTwo.", ["One.", "Two."]),
        ("One.\r\n\r\nTwo.\r\nStill two.\r\n\r\n\r\nThree.", ["One.", "Two. Still two.", "Three."]),
        ("One.\r\rTwo.", ["One.", "Two."]),
        ("\n\nOne.\n\n\n\n", ["One."]),
        ("Chair`s Travels: Kazakhstan’s ‘view’.", ["Chair`s Travels: Kazakhstan’s ‘view’."]),
        ("", []),
    ],
    ids=["unix", "windows", "old-mac", "surrounding-blank-lines", "typography", "empty"],
)
def test_paragraphs_split_on_blank_lines(body, expected):
    assert ReleaseFactory.build(body=body).paragraphs == expected


def test_paragraphs_split_on_lines_holding_only_spaces():
    # Text pasted from a word processor often has spaces on its "blank" lines;
    # the help text asks for a blank line, and this one looks blank.
    release = ReleaseFactory.build(body="One.\r\n \r\nTwo.\n\t\nThree.\n\u00a0\nFour.")

    assert release.paragraphs == ["One.", "Two.", "Three.", "Four."]


class TestSlugUniqueForDate:
    def test_same_slug_same_baku_day_is_refused(self):
        ReleaseFactory(slug="budget", published_at=baku(2022, 3, 28, 0, 30))
        second = ReleaseFactory.build(slug="budget", published_at=baku(2022, 3, 28, 23, 30))

        with pytest.raises(ValidationError) as error:
            second.full_clean()

        assert list(error.value.message_dict) == ["slug_en"]

    def test_same_slug_other_baku_day_is_accepted(self):
        ReleaseFactory(slug="budget", published_at=baku(2022, 3, 28, 0, 30))
        second = ReleaseFactory.build(slug="budget", published_at=baku(2022, 3, 29, 0, 30))

        second.full_clean()  # no error

    def test_draft_counts_too(self):
        ReleaseFactory(draft=True, slug="budget", published_at=baku(2022, 3, 28, 10, 0))
        second = ReleaseFactory.build(slug="budget", published_at=baku(2022, 3, 28, 11, 0))

        with pytest.raises(ValidationError):
            second.full_clean()

    def test_same_baku_day_given_in_utc_is_refused(self):
        # 27 March 21:30 UTC is 28 March 01:30 in Baku: both would have the
        # address /releases/2022/03/28/budget/.
        first = ReleaseFactory(slug="budget", published_at=baku(2022, 3, 28, 10, 0))
        second = ReleaseFactory.build(
            slug="budget", published_at=datetime.datetime(2022, 3, 27, 21, 30, tzinfo=UTC)
        )
        assert second.get_absolute_url() == first.get_absolute_url()

        with pytest.raises(ValidationError) as error:
            second.full_clean()

        assert list(error.value.message_dict) == ["slug_en"]

    def test_other_baku_day_given_in_utc_is_accepted(self):
        # Same UTC day (27 March), but 27 and 28 March in Baku: two addresses.
        first = ReleaseFactory(slug="budget", published_at=baku(2022, 3, 27, 12, 0))
        second = ReleaseFactory.build(
            slug="budget", published_at=datetime.datetime(2022, 3, 27, 21, 30, tzinfo=UTC)
        )
        assert second.get_absolute_url() != first.get_absolute_url()

        second.full_clean()  # no error

    def test_release_read_back_from_the_database_still_validates(self):
        # The database returns UTC times. A release saved at 01:30 Baku time
        # must not clash with yesterday's release of the same slug.
        ReleaseFactory(slug="budget", published_at=baku(2022, 3, 27, 12, 0))
        second = ReleaseFactory.build(slug="budget", published_at=baku(2022, 3, 28, 1, 30))
        second.full_clean()
        second.save()

        second.refresh_from_db()
        second.full_clean()  # no error


class TestMeetingPublic:
    def test_only_meetings_with_a_published_release(self, now):
        reported = MeetingFactory(date=datetime.date(2022, 3, 20))
        ReleaseFactory(meeting=reported, published_at=baku(2022, 3, 20, 12, 0))
        mixed = MeetingFactory(date=datetime.date(2022, 3, 21))
        ReleaseFactory(meeting=mixed, draft=True, published_at=baku(2022, 3, 21, 9, 0))
        ReleaseFactory(meeting=mixed, published_at=baku(2022, 3, 21, 12, 0))
        draft_only = MeetingFactory(date=datetime.date(2022, 3, 22))
        ReleaseFactory(meeting=draft_only, draft=True, published_at=baku(2022, 3, 22, 9, 0))
        scheduled_only = MeetingFactory(date=datetime.date(2022, 3, 28))
        ReleaseFactory(meeting=scheduled_only, published_at=baku(2022, 3, 28, 21, 0))
        MeetingFactory(date=datetime.date(2022, 3, 23))  # no release at all
        ReleaseFactory(published_at=baku(2022, 3, 24, 9, 0))  # a release about no meeting

        assert list(Meeting.objects.public()) == [mixed, reported]

    def test_str_names_kind_date_and_place(self):
        meeting = MeetingFactory.build(
            kind=Meeting.Kind.VISIT, date=datetime.date(2022, 3, 28), city="Astana"
        )

        assert str(meeting) == "Visit on 28 March 2022, Astana"
