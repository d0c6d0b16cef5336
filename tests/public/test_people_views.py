"""The public pages for officials and countries.

An official or country is public only through a published release or a public
meeting; the ``newsroom`` fixture's draft names an official (Undisclosed Envoy)
and a country (Armenia) that nothing published mentions.
"""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import CountryFactory, MeetingFactory, OfficialFactory, ReleaseFactory, baku

pytestmark = pytest.mark.django_db

RELEASE_URL = "/en/releases/2022/03/28/gafarova-meets-ashimbayev/"


def assert_no_leaks(response, leaks):
    content = response.content.decode()
    assert [text for text in leaks if text in content] == []


def assert_404_page(response):
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    assertContains(response, "<h1>Page not found</h1>", status_code=404, html=True)


class TestOfficialList:
    def test_lists_only_officials_of_published_releases(self, client, newsroom):
        OfficialFactory(full_name="Never Mentioned")

        response = client.get("/en/officials/")

        assert response.status_code == 200
        assert list(response.context["officials"]) == [newsroom.ashimbayev, newsroom.gafarova]
        assertContains(
            response,
            '<a class="directory__name" href="/en/officials/sahiba-gafarova/">Sahiba Gafarova</a>',
            html=True,
        )
        assertContains(
            response,
            '<p class="directory__detail">Chair of the Milli Majlis · Azerbaijan</p>',
            html=True,
        )
        assertNotContains(response, "Never Mentioned")
        assert_no_leaks(response, newsroom.leaks)

    def test_official_of_a_public_meeting_only_is_listed(self, client, newsroom):
        host = OfficialFactory(full_name="Meeting Host", country=newsroom.kz)
        newsroom.meeting.participants.add(host)

        response = client.get("/en/officials/")

        assert list(response.context["officials"]) == [
            newsroom.ashimbayev,
            host,
            newsroom.gafarova,
        ]

    @pytest.mark.parametrize("page", ["999", "abc", "0"])
    def test_bad_page_numbers(self, client, newsroom, page):
        assert_404_page(client.get("/en/officials/", {"page": page}))


class TestOfficialDetail:
    def test_shows_the_official_and_only_published_work(self, client, newsroom):
        response = client.get("/en/officials/sahiba-gafarova/")

        assert response.status_code == 200
        assert response.context["object"] == newsroom.gafarova
        assert list(response.context["object_list"]) == [newsroom.published]
        assert list(response.context["meetings"]) == [newsroom.meeting]
        assertContains(response, "<h1>Sahiba Gafarova</h1>", html=True)
        assertContains(
            response, '<p class="profile__title">Chair of the Milli Majlis</p>', html=True
        )
        assertContains(
            response, f'<a href="{RELEASE_URL}">{newsroom.published.title}</a>', html=True
        )
        assertContains(response, "First Deputy Chair of the Milli Majlis")  # history
        assert_no_leaks(response, newsroom.leaks)

    @pytest.mark.parametrize(
        "url",
        [
            "/en/officials/no-such-person/",
            "/en/officials/undisclosed-envoy/",
            "/en/officials/Sahiba-Gafarova/",
        ],
    )
    def test_unknown_or_unpublished_official(self, client, newsroom, url):
        response = client.get(url)

        assert_404_page(response)
        assert_no_leaks(response, newsroom.leaks)

    def test_official_of_scheduled_release_only(self, client, newsroom):
        embargoed = OfficialFactory(full_name="Embargoed Guest", slug="embargoed-guest")
        newsroom.scheduled.officials.add(embargoed)
        newsroom.scheduled_meeting.participants.add(embargoed)

        assert_404_page(client.get("/en/officials/embargoed-guest/"))
        assertNotContains(client.get("/en/officials/"), "Embargoed Guest")

    @pytest.mark.parametrize("page", ["999", "abc", "0"])
    def test_bad_page_numbers(self, client, newsroom, page):
        assert_404_page(client.get("/en/officials/sahiba-gafarova/", {"page": page}))


class TestCountryList:
    def test_lists_only_countries_of_published_releases(self, client, newsroom):
        response = client.get("/en/countries/")

        assert response.status_code == 200
        assert list(response.context["countries"]) == [newsroom.az, newsroom.kz]
        assert [c.release_count for c in response.context["countries"]] == [1, 1]
        assertContains(
            response,
            '<li><a href="/en/countries/kz/">Kazakhstan</a>'
            ' <span class="count">1 release</span></li>',
            html=True,
        )
        assert_no_leaks(response, newsroom.leaks)

    def test_host_of_a_public_meeting_is_listed_without_releases(self, client, newsroom):
        tr = CountryFactory(code="TR")
        meeting = MeetingFactory(host_country=tr, participants=[newsroom.gafarova])
        ReleaseFactory(meeting=meeting, slug="in-ankara", published_at=baku(2022, 3, 20, 9))

        response = client.get("/en/countries/")

        assert list(response.context["countries"]) == [newsroom.az, newsroom.kz, tr]
        assert [c.release_count for c in response.context["countries"]] == [1, 1, 0]
        assertContains(
            response,
            f'<li><a href="/en/countries/tr/">{tr.name}</a> '
            '<span class="count">0 releases</span></li>',
            html=True,
        )


class TestCountryDetail:
    def test_shows_only_published_releases_and_public_meetings(self, client, newsroom):
        response = client.get("/en/countries/kz/")

        assert response.status_code == 200
        assert response.context["object"] == newsroom.kz
        assert list(response.context["object_list"]) == [newsroom.published]
        assert list(response.context["meetings"]) == [newsroom.meeting]
        assertContains(response, "<h1>Kazakhstan</h1>", html=True)
        assertContains(response, '<p class="intro">Republic of Kazakhstan</p>', html=True)
        assert_no_leaks(response, newsroom.leaks)

    @pytest.mark.parametrize(
        "url",
        [
            "/en/countries/zz/",  # no such code
            "/en/countries/KZ/",  # codes are written in lower case
            "/en/countries/Kz/",
            "/en/countries/kaz/",
            "/en/countries/am/",  # only a draft is about Armenia
            "/en/countries/fr/",  # nothing about France at all
        ],
    )
    def test_unknown_or_unpublished_country(self, client, newsroom, url):
        response = client.get(url)

        assert_404_page(response)
        assert_no_leaks(response, newsroom.leaks)

    def test_country_of_scheduled_release_only(self, client, newsroom):
        newsroom.scheduled.countries.add(CountryFactory(code="GE"))

        assert_404_page(client.get("/en/countries/ge/"))
        assertNotContains(client.get("/en/countries/"), "Georgia")

    @pytest.mark.parametrize("page", ["999", "abc", "0"])
    def test_bad_page_numbers(self, client, newsroom, page):
        assert_404_page(client.get("/en/countries/kz/", {"page": page}))
