"""Every public page runs a fixed number of SQL queries, however much it shows.

Each release is built with its own section, official (with positions), country,
tag (with its Russian name) and meeting, so a missing select_related or prefetch would
cost a query per release, official, country, tag or meeting shown. Each page is measured with 3 and
with 30 releases: the counts must be equal, and under a fixed bound.
"""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from people.models import Country
from tests.factories import (
    CountryFactory,
    MeetingFactory,
    OfficialFactory,
    OfficialPortraitFactory,
    PositionFactory,
    ReleaseFactory,
    SectionFactory,
    TagNamesFactory,
    baku,
)

# What making each page costs: every request a miss of the page cache.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_off")]


class Newsroom:
    """Published releases on 28 March 2022 (Baku); ``add(n)`` adds ``n`` more.

    The first release (the "hub") is about every official, country and tag, and
    its meeting has every official as a participant, so its page grows too.
    """

    def __init__(self):
        self.az = CountryFactory(code="AZ")
        self.kz = CountryFactory(code="KZ")
        self.chair = OfficialFactory(
            full_name="Sahiba Gafarova", slug="sahiba-gafarova", country=self.az
        )
        PositionFactory(
            official=self.chair,
            title="First Deputy Chair of the Milli Majlis",
            start_date=datetime.date(2015, 1, 1),
            end_date=datetime.date(2020, 3, 9),
        )
        PositionFactory(
            official=self.chair,
            title="Chair of the Milli Majlis",
            start_date=datetime.date(2020, 3, 10),
        )
        # Each official has a portrait: the pages showing them read it with them.
        OfficialPortraitFactory(official=self.chair)
        # A country of its own for each release: neither Azerbaijan nor Kazakhstan.
        self.countries = list(Country.objects.exclude(code__in=["AZ", "KZ"]).order_by("code"))
        self.releases = []
        # Unpublished releases that match every page must cost nothing either.
        ReleaseFactory(
            draft=True,
            published_at=baku(2022, 3, 28, 8, 0),
            officials=[self.chair],
            countries=[self.kz],
            tags=["TurkPA"],
        )
        ReleaseFactory(scheduled=True, officials=[self.chair], countries=[self.kz], tags=["TurkPA"])

    @property
    def hub(self):
        return self.releases[0]

    def add(self, count):
        # One transaction, as one import writes them: what is derived from the releases
        # (search vectors, filter counts) is computed once when it commits, not again
        # for each of the hub's hundred new links.
        with transaction.atomic():
            self._add(count)

    def _add(self, count):
        for _ in range(count):
            n = len(self.releases)
            country = self.countries[n]
            official = OfficialFactory(country=country)
            OfficialPortraitFactory(official=official)
            PositionFactory(
                official=official,
                title=f"Deputy Speaker {n}",
                start_date=datetime.date(2010, 1, 1),
                end_date=datetime.date(2019, 12, 31),
            )
            PositionFactory(
                official=official, title=f"Speaker {n}", start_date=datetime.date(2020, 1, 1)
            )
            meeting = MeetingFactory(
                date=datetime.date(2022, 3, 28),
                host_country=country,
                participants=[self.chair, official],
            )
            release = ReleaseFactory(
                published_at=baku(2022, 3, 28, 9, 0) + datetime.timedelta(minutes=n),
                section=SectionFactory(),
                officials=[self.chair, official],
                countries=[self.kz, country],
                tags=["TurkPA", f"Topic {n}"],
                meeting=meeting,
            )
            TagNamesFactory(tag=Tag.objects.get(name=f"Topic {n}"), name_ru=f"Тема {n}")
            self.releases.append(release)
            if n:
                self.hub.officials.add(official)
                self.hub.countries.add(country)
                self.hub.tags.add(f"Topic {n}")
                self.hub.meeting.participants.add(official)


# (page, address, queries the page runs; measured, so one more fails the test)
# A list of release cards reads their photos in one query; a release page its photos,
# its documents and its related releases in one query each.
# The sidebar's archive years take two small queries (the yearly counts and the releases
# due but not counted yet).
PAGES = [
    ("home", lambda w: "/en/", 9),
    # The list also reads the counts of its total and choices (one query), their names,
    # and the releases due but not yet counted, which the archive years use too.
    ("release index", lambda w: "/en/releases/", 8),
    ("year archive", lambda w: "/en/releases/2022/", 12),
    ("month archive", lambda w: "/en/releases/2022/03/", 12),
    ("day archive", lambda w: "/en/releases/2022/03/28/", 13),
    # One of the queries prefetches the change notes; one finds the convocation it was
    # published under; photos, documents and related releases one each. Its parts not yet
    # made, the page finds the release by its address, then reads it whole.
    ("release", lambda w: w.hub.get_absolute_url(), 16),
    # One reads the convocations to filter by.
    ("official list", lambda w: "/en/officials/", 4),
    # Pages about one official, country or tag read their total from the kept counts
    # (two small queries instead of counting their releases).
    # Its memberships of convocations are prefetched; the cards' photos are one query;
    # its friendship groups one more.
    ("official", lambda w: w.chair.get_absolute_url(), 13),
    # The countries, then their releases from the kept counts (and the releases due since).
    ("country list", lambda w: "/en/countries/", 3),
    # The dossier (releases/dossier.py): the home country, the kept counts per year and
    # host, what came out since they were counted, the latest meetings of each direction
    # (four) and their participants, both sides' officials, the organisations (two) and
    # the friendship group; the cards' photos.
    ("country", lambda w: w.kz.get_absolute_url(), 19),
    # Its sidebar's years reuse the due releases read for its total.
    ("tag", lambda w: "/en/tags/turkpa/", 9),
    ("meeting list", lambda w: "/en/meetings/", 4),
    # Participants' positions give their job titles in the Event data.
    ("meeting", lambda w: w.hub.meeting.get_absolute_url(), 4),
    # In Russian, the tags' Russian names are joined in the same queries.
    ("home in Russian", lambda w: "/ru/", 9),
    ("release index in Russian", lambda w: "/ru/releases/", 8),
    ("tag in Russian", lambda w: "/ru/tags/turkpa/", 10),
]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response


@pytest.fixture
def newsroom():
    return Newsroom()


@pytest.mark.parametrize(
    ("url_for", "bound"), [(url, bound) for _name, url, bound in PAGES], ids=[p[0] for p in PAGES]
)
def test_thirty_releases_within_a_fixed_bound(
    client, newsroom, django_assert_max_num_queries, url_for, bound
):
    newsroom.add(30)
    url = url_for(newsroom)

    with django_assert_max_num_queries(bound):
        response = client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize(
    "url_for", [url for _name, url, _bound in PAGES], ids=[p[0] for p in PAGES]
)
def test_same_number_of_queries_for_3_and_30_releases(client, newsroom, url_for):
    newsroom.add(3)
    url = url_for(newsroom)
    client.get(url)  # anything cached once per process is cached now
    few, few_response = count_queries(client, url)

    newsroom.add(27)
    assert url_for(newsroom) == url
    many, many_response = count_queries(client, url)

    assert many == few
    # The page really shows more with 30 releases, so the equality means something.
    assert len(many_response.content) > len(few_response.content)
