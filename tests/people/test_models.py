"""Officials' titles over time, position dates, and countries from the ISO list."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from people.models import Country, Position
from tests.factories import CountryFactory, OfficialFactory, PositionFactory

pytestmark = pytest.mark.django_db

date = datetime.date


@pytest.fixture
def gafarova():
    """A deputy who became Chair: two positions, one after the other."""
    official = OfficialFactory(full_name="Sahiba Gafarova", slug="sahiba-gafarova")
    PositionFactory(
        official=official,
        title="First Deputy Chair of the Milli Majlis",
        start_date=date(2015, 1, 1),
        end_date=date(2020, 3, 9),
    )
    PositionFactory(
        official=official, title="Chair of the Milli Majlis", start_date=date(2020, 3, 10)
    )
    return official


class TestTitleOn:
    @pytest.mark.parametrize(
        ("day", "title"),
        [
            (date(2014, 12, 31), ""),
            (date(2015, 1, 1), "First Deputy Chair of the Milli Majlis"),
            (date(2019, 6, 1), "First Deputy Chair of the Milli Majlis"),
            (date(2020, 3, 9), "First Deputy Chair of the Milli Majlis"),
            (date(2020, 3, 10), "Chair of the Milli Majlis"),
            (date(2022, 3, 28), "Chair of the Milli Majlis"),
        ],
    )
    def test_picks_the_position_held_that_day(self, gafarova, day, title):
        assert gafarova.title_on(day) == title

    def test_posts_held_together_are_joined_newest_first(self):
        official = OfficialFactory()
        PositionFactory(official=official, title="Member of Parliament", start_date=None)
        PositionFactory(
            official=official, title="OSCE PA Vice President", start_date=date(2021, 7, 1)
        )
        PositionFactory(
            official=official,
            title="Chair of the Committee on Culture",
            start_date=date(2019, 1, 1),
            end_date=date(2020, 12, 31),
        )

        assert official.title_on(date(2022, 1, 1)) == (
            "OSCE PA Vice President; Member of Parliament"
        )
        assert official.title_on(date(2020, 6, 1)) == (
            "Chair of the Committee on Culture; Member of Parliament"
        )

    def test_no_positions_gives_empty_title(self):
        assert OfficialFactory().title_on(date(2022, 3, 28)) == ""

    def test_current_title_is_todays(self, gafarova, now):
        # ``now`` is 28 March 2022.
        assert gafarova.current_title == "Chair of the Milli Majlis"

    def test_current_title_drops_a_post_that_has_ended(self, now):
        official = OfficialFactory()
        PositionFactory(
            official=official,
            title="Ambassador to Azerbaijan",
            start_date=date(2018, 1, 1),
            end_date=date(2022, 3, 27),
        )

        assert official.current_title == ""
        assert [p.is_current for p in official.positions.all()] == [False]


class TestPositionDates:
    def test_ending_before_starting_fails_validation(self):
        position = PositionFactory.build(
            official=OfficialFactory(), start_date=date(2020, 3, 10), end_date=date(2020, 3, 9)
        )

        with pytest.raises(ValidationError) as error:
            position.full_clean()

        assert error.value.messages == ["A position cannot end before it starts."]

    def test_ending_before_starting_is_refused_by_the_database(self):
        position = PositionFactory.build(
            official=OfficialFactory(), start_date=date(2020, 3, 10), end_date=date(2020, 3, 9)
        )

        with pytest.raises(IntegrityError), transaction.atomic():
            position.save()

        assert Position.objects.count() == 0

    @pytest.mark.parametrize(
        ("start", "end"),
        [
            (date(2020, 3, 10), date(2020, 3, 10)),
            (date(2020, 3, 10), None),
            (None, date(2020, 3, 9)),
            (None, None),
        ],
    )
    def test_open_or_one_day_positions_are_valid(self, start, end):
        position = PositionFactory.build(official=OfficialFactory(), start_date=start, end_date=end)

        position.full_clean()
        position.save()

        assert Position.objects.get().pk == position.pk


class TestCountry:
    def test_iso_list_is_loaded_by_the_migration(self):
        kz = Country.objects.get(code="KZ")

        assert kz.name == "Kazakhstan"
        assert Country.objects.filter(code__in=["AZ", "KZ", "AM", "TR"]).count() == 4

    def test_factory_reuses_the_loaded_row(self):
        before = Country.objects.count()

        kz = CountryFactory(code="KZ")

        assert kz == Country.objects.get(code="KZ")
        assert kz.name == "Kazakhstan"
        assert Country.objects.count() == before

    def test_code_is_stored_upper_case(self):
        kz = Country.objects.get(code="KZ")
        kz.code = "kz"
        kz.save()

        kz.refresh_from_db()
        assert kz.code == "KZ"
        assert list(Country.objects.filter(name="Kazakhstan").values_list("code", flat=True)) == [
            "KZ"
        ]

    def test_address_is_lower_case(self):
        assert Country.objects.get(code="KZ").get_absolute_url() == "/en/countries/kz/"

    def test_natural_key_lookup_ignores_case(self):
        assert Country.objects.get_by_natural_key("kz") == Country.objects.get(code="KZ")

    def test_other_names_list_skips_blank_lines(self):
        country = Country(other_names="Kazakh\n\n  Kazakhstan’s  \r\n")

        assert country.other_names_list == ["Kazakh", "Kazakhstan’s"]
