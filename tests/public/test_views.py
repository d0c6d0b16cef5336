"""The public release pages: lists, archives, a release, tags and meetings.

The ``newsroom`` fixture has, next to each published item, a draft and a scheduled
release that would match the same page; the clock is stopped between the
published release (18:10) and the scheduled one (21:00) on 28 March 2022.
"""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from search import vector
from tests.factories import ReleaseFactory, baku

pytestmark = pytest.mark.django_db

RELEASE_URL = "/en/releases/2022/03/28/gafarova-meets-ashimbayev/"
HOUR = datetime.timedelta(hours=1)


def assert_no_leaks(response, leaks):
    content = response.content.decode()
    assert [text for text in leaks if text in content] == []


def assert_404_page(response):
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    assertContains(response, "<h1>Page not found</h1>", status_code=404, html=True)


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("/en/", "latest"),
        ("/en/releases/", "latest"),
        ("/en/releases/2022/", "object_list"),
        ("/en/releases/2022/03/", "object_list"),
        ("/en/releases/2022/03/28/", "object_list"),
        ("/en/tags/turkpa/", "object_list"),
        ("/en/tags/kazakhstan/", "object_list"),
    ],
)
def test_release_lists_show_only_the_published_release(client, newsroom, url, key):
    response = client.get(url)

    assert response.status_code == 200
    assert list(response.context[key]) == [newsroom.published]
    assertContains(
        response,
        f'<a href="{RELEASE_URL}">{newsroom.published.title}</a>',
        count=1,
        html=True,
    )
    assert_no_leaks(response, newsroom.leaks)


@pytest.mark.parametrize(
    "url",
    [
        "/en/",
        "/en/releases/",
        "/en/releases/?country=kz",
        "/en/releases/2022/03/",
        "/en/tags/turkpa/",
        "/en/officials/sahiba-gafarova/",
        "/en/countries/kz/",
        "/en/search/?q=Astana",
    ],
)
def test_release_cards_link_to_their_officials_and_tags(client, newsroom, url):
    vector.releases_reindex()  # the search index, for the search results (PostgreSQL)
    response = client.get(url)

    chips = [
        ("chip chip--person", "/en/officials/maulen-ashimbayev/", "Maulen Ashimbayev"),
        ("chip chip--person", "/en/officials/sahiba-gafarova/", "Sahiba Gafarova"),
        ("chip", "/en/tags/kazakhstan/", "Kazakhstan"),
        ("chip", "/en/tags/turkpa/", "TurkPA"),
    ]
    for css, href, text in chips:
        assertContains(response, f'<a class="{css}" href="{href}">{text}</a>', count=1, html=True)


def test_kept_release_cards_follow_every_change_to_what_they_show(client, newsroom):
    """Cards are kept rendered between requests; a change to anything shown is seen."""
    from taggit.models import Tag

    first = client.get("/en/releases/").content.decode()
    assert "Sahiba Gafarova</a>" in first
    assert first == client.get("/en/releases/").content.decode()  # the kept card, unchanged

    newsroom.gafarova.full_name = "Sahiba Qafarova"
    newsroom.gafarova.save()
    Tag.objects.filter(slug="turkpa").update(name="TÜRKPA")
    newsroom.section.name = "Chair’s Visits"
    newsroom.section.save()
    release = newsroom.published
    release.title = "Chair Meets the Chairman of the Senate"
    release.lead = "A new lead."
    release.save()

    content = client.get("/en/releases/").content.decode()
    gone = ["Sahiba Gafarova</a>", ">TurkPA</a>", "Chair’s Travels</span>", "Kazakhstan Parliament"]
    assert [old for old in gone if old in content] == []
    assertContains(
        client.get("/en/releases/"),
        '<a class="chip chip--person" href="/en/officials/sahiba-gafarova/">Sahiba Qafarova</a>',
        html=True,
    )
    shown = ["TÜRKPA</a>", "Chair’s Visits</span>", "Chair Meets the Chairman", "A new lead."]
    assert [new for new in shown if new not in content] == []


def test_archive_navigation_lists_only_published_periods(client, newsroom):
    # An older draft, or a release scheduled for later, would add a year, a month
    # or a day if it counted.
    ReleaseFactory(draft=True, title="Old draft", published_at=baku(2020, 1, 15, 9, 0))
    ReleaseFactory(title="Due on the 30th", slug="due-30", published_at=baku(2022, 3, 30, 9))
    ReleaseFactory(title="Due next year", slug="due-2023", published_at=baku(2023, 1, 2, 9))
    ReleaseFactory(title="Older release", slug="older", published_at=baku(2021, 5, 6, 21, 12))

    years = client.get("/en/releases/")
    # The sidebar's archive widget.
    assert [year.year for year in years.context["years"]] == [2022, 2021]
    assertContains(years, '<li><a href="/en/releases/2022/">2022</a></li>', html=True)
    assertContains(years, '<li><a href="/en/releases/2021/">2021</a></li>', html=True)
    assertNotContains(years, "/en/releases/2020/")
    assertNotContains(years, "/en/releases/2023/")

    months = client.get("/en/releases/2022/")
    assert list(months.context["date_list"]) == [baku(2022, 3, 1, 0, 0)]
    assert months.context["previous_year"] == datetime.date(2021, 1, 1)
    assert months.context["next_year"] is None

    days = client.get("/en/releases/2022/03/")
    assert list(days.context["date_list"]) == [baku(2022, 3, 28, 0, 0)]
    assertContains(days, '<li><a href="/en/releases/2022/03/28/">28 March</a></li>', html=True)
    assert days.context["next_month"] is None
    assertNotContains(days, "/en/releases/2022/03/30/")
    assert client.get("/en/releases/2022/03/28/").context["next_day"] is None


def test_home_shows_the_latest_ten(client, now):
    releases = [
        ReleaseFactory(title=f"Release of {day} March", published_at=baku(2022, 3, day, 9))
        for day in range(1, 13)
    ]

    response = client.get("/en/")

    assert list(response.context["latest"]) == releases[::-1][:10]
    assertContains(response, ">Release of 3 March</a>")
    assertNotContains(response, ">Release of 2 March</a>")
    assertNotContains(response, ">Release of 1 March</a>")


def test_release_index_pages(client, now):
    releases = [
        ReleaseFactory(title=f"Number {n:02d}", published_at=baku(2022, 2, 1, 9) + n * HOUR)
        for n in range(25)
    ]
    newest_first = releases[::-1]

    first = client.get("/en/releases/")
    second = client.get("/en/releases/?page=2")

    assert list(first.context["latest"]) == newest_first[:20]
    assert list(second.context["latest"]) == newest_first[20:]
    assertContains(first, '<a rel="next" href="?page=2">Older →</a>', html=True)
    assertContains(second, "<span>Page 2 of 2</span>", html=True)


class TestReleaseDetail:
    def test_shows_the_release(self, client, newsroom):
        response = client.get(RELEASE_URL)

        assert response.status_code == 200
        assert response.context["release"] == newsroom.published
        assert "is_preview" not in response.context
        assertContains(
            response,
            f'<h1 class="release__title">{newsroom.published.title}</h1>',
            count=1,
            html=True,
        )
        assertContains(response, '<p class="release__section">Chair’s Travels</p>', html=True)
        assertContains(
            response,
            '<p class="release__date"><time datetime="2022-03-28T18:10:00+04:00">'
            "28 March 2022 | 18:10</time></p>",
            html=True,
        )
        assertContains(
            response,
            '<div class="release__body">'
            "<p>Sahiba Gafarova met Maulen Ashimbayev in Astana.</p>"
            "<p>They spoke about the TurkPA and the Silk Way.</p>"
            "</div>",
            html=True,
        )
        assertContains(
            response,
            '<p class="release__byline">The Press and Public Relations Department<br>'
            "The Milli Majlis</p>",
            html=True,
        )
        assertContains(response, settings.NEWSROOM["STANDING_PARAGRAPH"], count=1)
        assert "X-Robots-Tag" not in response
        assert_no_leaks(response, newsroom.leaks)

    def test_lists_officials_with_the_title_they_held_then(self, client, newsroom):
        response = client.get(RELEASE_URL)

        assertContains(
            response,
            '<li><a href="/en/officials/sahiba-gafarova/">Sahiba Gafarova</a>, '
            '<span class="people__title">Chair of the Milli Majlis</span></li>',
            html=True,
        )
        assertContains(
            response,
            '<li><a href="/en/officials/maulen-ashimbayev/">Maulen Ashimbayev</a>, '
            '<span class="people__title">Chairman of the Senate of the Parliament of the '
            "Republic of Kazakhstan</span></li>",
            html=True,
        )
        assertContains(
            response, '<a class="chip" href="/en/countries/kz/">Kazakhstan</a>', html=True
        )
        assertContains(response, '<a class="chip" href="/en/tags/turkpa/">TurkPA</a>', html=True)

    def test_an_older_release_shows_the_title_held_at_the_time(self, client, newsroom):
        older = ReleaseFactory(
            title="First Deputy Chair receives a delegation",
            slug="deputy-receives-delegation",
            published_at=baku(2019, 6, 1, 12, 0),
            officials=[newsroom.gafarova],
        )

        response = client.get("/en/releases/2019/06/01/deputy-receives-delegation/")

        assert response.context["release"] == older
        assertContains(
            response,
            '<li><a href="/en/officials/sahiba-gafarova/">Sahiba Gafarova</a>, '
            '<span class="people__title">First Deputy Chair of the Milli Majlis</span></li>',
            html=True,
        )
        assertNotContains(response, '<span class="people__title">Chair of the Milli Majlis')

    def test_url_follows_the_baku_date(self, client, now):
        # 21:30 UTC on 27 March is 01:30 on 28 March in Baku.
        release = ReleaseFactory(
            slug="after-midnight",
            published_at=datetime.datetime(2022, 3, 27, 21, 30, tzinfo=datetime.UTC),
        )

        assert client.get("/en/releases/2022/03/28/after-midnight/").context["release"] == release
        assert_404_page(client.get("/en/releases/2022/03/27/after-midnight/"))
        assert list(client.get("/en/releases/2022/03/28/").context["object_list"]) == [release]
        assert_404_page(client.get("/en/releases/2022/03/27/"))

    def test_script_in_title_and_body_is_escaped(self, client, now):
        release = ReleaseFactory(
            title="<script>alert(1)</script> headline",
            slug="escaped",
            body="Before.\n\n<script>alert(1)</script>\n\n<b>bold</b> & more",
            published_at=baku(2022, 3, 28, 9, 0),
        )

        response = client.get(release.get_absolute_url())

        content = response.content.decode()
        assert "<script>" not in content
        assert "<b>bold</b>" not in content
        assert "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>" in content
        assert "<p>&lt;b&gt;bold&lt;/b&gt; &amp; more</p>" in content
        assert (
            '<h1 class="release__title">&lt;script&gt;alert(1)&lt;/script&gt; headline</h1>'
            in content
        )

    def test_scheduled_release_appears_when_its_time_comes(self, client, newsroom, monkeypatch):
        assert_404_page(client.get(newsroom.scheduled.get_absolute_url()))

        later = baku(2022, 3, 28, 21, 0).astimezone(datetime.UTC)
        monkeypatch.setattr(timezone, "now", lambda: later)

        response = client.get(newsroom.scheduled.get_absolute_url())
        assert response.context["release"] == newsroom.scheduled
        day = client.get("/en/releases/2022/03/28/")
        assert list(day.context["object_list"]) == [newsroom.scheduled, newsroom.published]


class TestNotFound:
    @pytest.mark.parametrize(
        "url",
        [
            "/en/releases/2022/03/28/no-such-release/",
            "/en/releases/2022/03/29/gafarova-meets-ashimbayev/",
            "/en/releases/2022/02/30/",
            "/en/releases/2022/02/30/some-slug/",
            "/en/releases/2022/13/",
            "/en/releases/2022/00/",
            "/en/releases/2022/03/00/",
            "/en/releases/2022/03/32/",
            "/en/releases/2022/3/28/",
            "/en/releases/22/",
            "/en/releases/2021/",
            "/en/releases/2022/04/",
            "/en/releases/2022/03/27/",
            "/en/tags/no-such-tag/",
            "/en/tags/yerevan-talks/",
            "/en/tags/embargoed-topic/",
            "/en/meetings/999999/",
        ],
    )
    def test_unknown_or_impossible_addresses(self, client, newsroom, url):
        assert_404_page(client.get(url))

    def test_draft_and_scheduled_addresses(self, client, newsroom):
        for release in (newsroom.draft, newsroom.scheduled):
            response = client.get(release.get_absolute_url())

            assert_404_page(response)
            assert_no_leaks(response, newsroom.leaks)

    def test_meetings_known_only_from_unpublished_releases(self, client, newsroom):
        for meeting in (newsroom.draft_meeting, newsroom.scheduled_meeting):
            response = client.get(f"/en/meetings/{meeting.pk}/")

            assert_404_page(response)
            assert_no_leaks(response, newsroom.leaks)

    @pytest.mark.parametrize(
        "url",
        ["/en/", "/en/releases/", "/en/releases/2022/", "/en/tags/turkpa/", "/en/meetings/"],
    )
    @pytest.mark.parametrize("page", ["999", "abc", "0", "-1", "2"])
    def test_bad_page_numbers(self, client, newsroom, url, page):
        assert_404_page(client.get(url, {"page": page}))

    @pytest.mark.parametrize(
        "url",
        [
            "/en/releases/0000/",
            "/en/releases/9999/",
            "/en/releases/0000/01/",
            "/en/releases/9999/12/",
            "/en/releases/0001/01/01/",
            "/en/releases/9999/12/31/",
            "/en/releases/0001/01/01/some-slug/",
            "/en/releases/9999/12/31/some-slug/",
            "/en/releases/1899/12/31/",
            "/en/releases/1900/01/01/",
            "/en/releases/2100/12/31/",
            "/en/releases/2101/01/01/",
        ],
    )
    def test_extreme_years_answer_404_not_500(self, client, newsroom, url):
        assert_404_page(client.get(url))

    def test_edge_of_the_year_range_with_content(self, client, now):
        release = ReleaseFactory(slug="first-day", published_at=baku(1900, 1, 1, 0, 30))

        for url in ["/en/releases/1900/", "/en/releases/1900/01/", "/en/releases/1900/01/01/"]:
            response = client.get(url)
            # (A card made on the first page is shown again as it was: compared by release.)
            assert [r.pk for r in response.context["object_list"]] == [release.pk]
        detail = client.get("/en/releases/1900/01/01/first-day/")
        assert detail.context["release"] == release


class TestMeetings:
    def test_list_shows_only_public_meetings(self, client, newsroom):
        response = client.get("/en/meetings/")

        assert response.status_code == 200
        assert list(response.context["meetings"]) == [newsroom.meeting]
        assert [list(m.public_releases) for m in response.context["meetings"]] == [
            [newsroom.published]
        ]
        assertContains(response, "Talks during the Chair’s working trip to Kazakhstan.", count=1)
        assertContains(
            response,
            f'<li><a href="{RELEASE_URL}">{newsroom.published.title}</a></li>',
            html=True,
        )
        assert_no_leaks(response, newsroom.leaks)

    def test_meeting_lists_only_its_published_releases(self, client, newsroom):
        # A second, unpublished release about the public meeting.
        ReleaseFactory(
            draft=True,
            title="Draft follow-up on the Astana talks",
            meeting=newsroom.meeting,
            published_at=baku(2022, 3, 28, 19, 0),
        )

        listing = client.get("/en/meetings/")
        response = client.get(f"/en/meetings/{newsroom.meeting.pk}/")

        assert response.context["meeting"] == newsroom.meeting
        assert list(response.context["meeting"].public_releases) == [newsroom.published]
        assertContains(response, "<h1>Visit, 28 March 2022</h1>", html=True)
        assertContains(
            response,
            '<li><a href="/en/officials/maulen-ashimbayev/">Maulen Ashimbayev</a>'
            " (Kazakhstan)</li>",
            html=True,
        )
        for page in (listing, response):
            assertNotContains(page, "Draft follow-up on the Astana talks")
            assert_no_leaks(page, newsroom.leaks)


def test_sidebar_counts_only_published_releases(client, newsroom):
    # The year's page has the sidebar's widgets; /releases/ has its filter choices.
    response = client.get("/en/releases/2022/")

    assertContains(
        response,
        '<li><a class="chip" href="/en/tags/turkpa/">TurkPA <span class="count">1</span></a></li>',
        html=True,
    )
    assertContains(response, '<li><a href="/en/releases/2022/">2022</a></li>', html=True)


def test_empty_site_home_and_index(client, db):
    for url in ("/en/", "/en/releases/"):
        response = client.get(url)

        assert response.status_code == 200
        assert list(response.context["latest"]) == []
        assertContains(response, "No releases have been published here yet.")


def test_a_tag_typed_in_azerbaijani_or_russian_has_a_page(client, now):
    release = ReleaseFactory(title="Talks in Shusha", published_at=baku(2022, 3, 1, 10, 0))
    release.tags.set(["Şuşa", "Казахстан"])
    tags = {tag.name: tag.slug for tag in release.tags.all()}
    assert tags == {"Şuşa": "şuşa", "Казахстан": "казахстан"}

    page = client.get(release.get_absolute_url())
    assertContains(page, 'href="/en/tags/%C5%9Fu%C5%9Fa/"')
    for slug in tags.values():
        response = client.get(f"/en/tags/{slug}/")
        assert [r.pk for r in response.context["releases"]] == [release.pk]
        feed = client.get(f"/en/tags/{slug}/feed.atom")
        assertContains(feed, "Talks in Shusha")
