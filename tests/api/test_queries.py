"""Every endpoint of the API runs a fixed number of SQL queries, however much it answers:
measured with 3 and with 30 releases (tests/public/test_queries.py's newsroom, each
release with its own official, country, tag and meeting, plus a meeting in Kazakhstan
each for the dossier)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.models import Convocation
from tests.factories import (
    MeetingFactory,
    MembershipFactory,
    OfficialFactory,
    ReleaseFactory,
    baku,
)
from tests.public.test_queries import Newsroom

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_off")]


class WithKazakhstan(Newsroom):
    def _add(self, count):
        super()._add(count)
        for n in range(count):
            guest = OfficialFactory(country=self.kz)
            MembershipFactory(official=guest, convocation=Convocation.objects.get(number=6))
            meeting = MeetingFactory(
                date=datetime.date(2000 + n % 20, 1, 1),
                host_country=[self.kz, self.az, None][n % 3],
                participants=[self.chair, guest],
            )
            ReleaseFactory(
                published_at=baku(2021, 1, 1, 9, 0) + datetime.timedelta(minutes=n),
                officials=[guest],
                countries=[self.kz],
                tags=["TurkPA"],
                meeting=meeting,
            )


# (endpoint, address, queries it runs: measured, so one more fails the test). An answer
# about one official or country ("official", "country") is the same size with more releases.
ENDPOINTS = [
    # The page's ids, then its releases with their section, officials with positions,
    # countries, tags with their names, and the convocations.
    ("releases", lambda w: "/api/releases/", 7),
    ("releases filtered", lambda w: "/api/releases/?country=kz&tag=turkpa", 9),
    ("release", lambda w: f"/api/releases/{w.hub.pk}/", 6),
    # The page, positions with their convocations, memberships, convocations.
    ("officials", lambda w: "/api/officials/", 4),
    ("officials of a convocation", lambda w: "/api/officials/?convocation=6", 5),
    ("official", lambda w: f"/api/officials/{w.chair.slug}/", 4),
    # The countries' releases from the kept counts: those and the releases due since.
    ("countries", lambda w: "/api/countries/", 4),
    ("country", lambda w: "/api/countries/kz/", 4),
    ("dossier", lambda w: "/api/countries/kz/dossier/", 14),
    ("meetings", lambda w: "/api/meetings/", 4),
    ("meetings of a country", lambda w: "/api/meetings/?country=kz", 5),
    ("meeting", lambda w: f"/api/meetings/{w.hub.meeting.pk}/", 4),
]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return len(queries), response


@pytest.fixture
def newsroom():
    return WithKazakhstan()


@pytest.mark.parametrize(
    ("url_for", "bound"), [(u, b) for _n, u, b in ENDPOINTS], ids=[e[0] for e in ENDPOINTS]
)
def test_same_number_of_queries_for_3_and_30_releases(client, newsroom, url_for, bound):
    newsroom.add(3)
    url = url_for(newsroom)
    client.get(url)
    few, few_response = count_queries(client, url)

    newsroom.add(27)
    many, many_response = count_queries(client, url)

    assert many == few
    assert many <= bound
    if not url.startswith(("/api/officials/sahiba", "/api/countries/kz/")) or "dossier" in url:
        assert len(many_response.content) > len(few_response.content)


def test_a_page_of_releases_made_before_is_read_with_one_query(client, newsroom, settings):
    newsroom.add(30)
    settings.NEWSROOM_PAGE_CACHE = {**settings.NEWSROOM_PAGE_CACHE, "MEMO": True}
    first = client.get("/api/releases/?page_size=25").json()

    queries, again = count_queries(client, "/api/releases/?page_size=25")

    # The page's ids: the data of each release is remembered.
    assert (queries, again.json()) == (1, first)
    settings.NEWSROOM_PAGE_CACHE = {**settings.NEWSROOM_PAGE_CACHE, "MEMO": False}
    assert client.get("/api/releases/?page_size=25").json() == first
