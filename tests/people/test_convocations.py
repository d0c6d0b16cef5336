"""Convocations (people/parliament.py): their names in three languages, an MP's
memberships on their page, the officials index by convocation, and a release of a past
convocation saying so with each official's title as it was then."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from people.models import Convocation
from people.parliament import ordinal
from tests.factories import (
    ConvocationFactory,
    CountryFactory,
    MembershipFactory,
    OfficialFactory,
    PositionFactory,
    ReleaseFactory,
    baku,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "numbers"),
    [
        ("en", ["1st", "2nd", "3rd", "4th", "6th", "11th", "12th", "13th", "21st", "22nd"]),
        (
            "az",
            ["1-ci", "2-ci", "3-cü", "4-cü", "6-cı", "11-ci", "12-ci", "13-cü", "21-ci", "22-ci"],
        ),
        ("ru", ["1-й", "2-й", "3-й", "4-й", "6-й", "11-й", "12-й", "13-й", "21-й", "22-й"]),
    ],
)
def test_ordinals_in_three_languages(language, numbers):
    assert [ordinal(n, language) for n in (1, 2, 3, 4, 6, 11, 12, 13, 21, 22)] == numbers


def test_the_azerbaijani_ordinals_of_tens():
    assert [ordinal(n, "az") for n in (10, 20, 30, 40, 60, 90, 100)] == [
        "10-cu",
        "20-ci",
        "30-cu",
        "40-cı",
        "60-cı",
        "90-cı",
        "100-cü",
    ]


@pytest.mark.parametrize(
    ("language", "label", "member", "published"),
    [
        (
            "en",
            "6th convocation (2020–2024)",
            "Member of the 6th convocation (2020–2024)",
            "Published under the 6th convocation (2020–2024)",
        ),
        (
            "az",
            "6-cı çağırış (2020–2024)",
            "6-cı çağırışın deputatı (2020–2024)",
            "6-cı çağırış dövründə dərc edilib (2020–2024)",
        ),
        (
            "ru",
            "6-й созыв (2020–2024)",
            "Депутат 6-го созыва (2020–2024)",
            "Опубликовано при 6-м созыве (2020–2024)",
        ),
    ],
)
def test_the_labels_in_three_languages(language, label, member, published):
    sixth = Convocation.objects.get(number=6)
    with translation.override(language):
        assert (sixth.label, sixth.member_label, sixth.published_label) == (
            label,
            member,
            published,
        )


def test_the_migration_writes_the_latest_convocations():
    assert [(c.number, c.start_date, c.end_date, c.name_az) for c in Convocation.objects.all()] == [
        (7, datetime.date(2024, 9, 23), None, "Yeddinci çağırış"),
        (6, datetime.date(2020, 3, 10), datetime.date(2024, 9, 22), "Altıncı çağırış"),
        (5, datetime.date(2015, 11, 27), datetime.date(2020, 3, 9), "Beşinci çağırış"),
    ]
    assert Convocation.objects.get(number=7).years == "2024–"


def test_the_convocation_on_a_day():
    assert [c.number for c in Convocation.objects.on(datetime.date(2020, 3, 9))] == [5]
    assert [c.number for c in Convocation.objects.on(datetime.date(2020, 3, 10))] == [6]
    assert [c.number for c in Convocation.objects.on(datetime.date(2030, 1, 1))] == [7]
    assert list(Convocation.objects.on(datetime.date(2000, 1, 1))) == []


def test_a_convocation_cannot_end_before_it_starts():
    convocation = Convocation(
        number=8, start_date=datetime.date(2029, 1, 1), end_date=datetime.date(2028, 1, 1)
    )
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        convocation.full_clean()


@pytest.fixture
def mp(db):
    """An MP of the 6th and 7th convocations, Chair in each, named by a 2022 release."""
    chair = OfficialFactory(
        full_name="Sahiba Gafarova", slug="sahiba-gafarova", country=CountryFactory(code="AZ")
    )
    sixth, seventh = ConvocationFactory(number=6), ConvocationFactory(number=7)
    PositionFactory(
        official=chair,
        title="Chair of the Milli Majlis",
        start_date=datetime.date(2020, 3, 10),
        end_date=datetime.date(2024, 9, 22),
        convocation=sixth,
    )
    PositionFactory(
        official=chair,
        title="Speaker of the Milli Majlis",
        start_date=datetime.date(2024, 9, 23),
        convocation=seventh,
    )
    MembershipFactory(official=chair, convocation=sixth)
    MembershipFactory(official=chair, convocation=seventh)
    ReleaseFactory(
        title="Talks in Astana",
        slug="talks-in-astana",
        published_at=baku(2022, 3, 28, 18, 10),
        officials=[chair],
    )
    return chair


def test_an_official_page_shows_the_convocations(client, mp):
    content = client.get("/en/officials/sahiba-gafarova/").content.decode()

    assert (
        '<ul class="profile__convocations">'
        '<li><a href="/en/officials/?convocation=7">Member of the 7th convocation (2024–)</a></li>'
        '<li><a href="/en/officials/?convocation=6">Member of the 6th convocation (2020–2024)'
        "</a></li></ul>"
    ) in content
    assert '<span class="count">· 6th convocation (2020–2024)</span>' in content


def test_the_officials_index_by_convocation(client, mp):
    other = OfficialFactory(full_name="Later Member", slug="later-member")
    MembershipFactory(official=other, convocation=ConvocationFactory(number=7))
    ReleaseFactory(officials=[other])

    assert list(client.get("/en/officials/").context["officials"]) == [other, mp]
    assert list(client.get("/en/officials/?convocation=7").context["officials"]) == [other, mp]
    sixth = client.get("/en/officials/?convocation=6")
    assert list(sixth.context["officials"]) == [mp]
    assert "<h1>Officials: 6th convocation (2020–2024)</h1>" in sixth.content.decode()
    assert list(client.get("/en/officials/?convocation=5").context["officials"]) == []
    assert client.get("/en/officials/?convocation=99").status_code == 404


def test_a_release_of_a_past_convocation_says_so(client, mp):
    release = mp.releases.get()

    content = client.get(release.get_absolute_url()).content.decode()

    assert (
        '<p class="release__convocation"><a href="/en/officials/?convocation=6">'
        "Published under the 6th convocation (2020–2024)</a></p>"
    ) in content
    # The title as it was on the day, not today's.
    assert '<span class="people__title">Chair of the Milli Majlis</span>' in content
    assert "Speaker of the Milli Majlis" not in content


def test_a_release_of_the_sitting_convocation_says_nothing(client, mp):
    release = ReleaseFactory(slug="this-week", officials=[mp])

    content = client.get(release.get_absolute_url()).content.decode()

    assert 'class="release__convocation"' not in content
    assert '<span class="people__title">Speaker of the Milli Majlis</span>' in content


def test_staff_keep_a_friendship_group_in_the_admin(admin_client, mp):
    kz = CountryFactory(code="KZ")
    seventh = ConvocationFactory(number=7)
    page = admin_client.get("/admin/people/friendshipgroup/add/")
    for field in ("name_en", "name_az", "name_ru", "members-0-official", "members-0-role"):
        assert f'name="{field}"' in page.content.decode()

    response = admin_client.post(
        "/admin/people/friendshipgroup/add/",
        {
            "name_en": "Azerbaijan–Kazakhstan working group",
            "name_az": "Azərbaycan–Qazaxıstan işçi qrupu",
            "name_ru": "Рабочая группа Азербайджан–Казахстан",
            "country": kz.pk,
            "convocation": seventh.pk,
            "members-TOTAL_FORMS": "1",
            "members-INITIAL_FORMS": "0",
            "members-0-official": mp.pk,
            "members-0-role": "head",
        },
    )

    assert response.status_code == 302
    group = kz.friendship_groups.get()
    assert (group.name_ru, group.convocation) == ("Рабочая группа Азербайджан–Казахстан", seventh)
    assert [(m.official, m.role) for m in group.members.all()] == [(mp, "head")]
