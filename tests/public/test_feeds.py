"""Atom and RSS feeds of published releases: site-wide and per official, country and tag."""

import datetime
import re
from xml.etree import ElementTree

import feedparser
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag

from people.models import Official
from releases.models import Release
from tests.factories import ArchiveReleaseFactory, OfficialFactory, country

pytestmark = pytest.mark.django_db

R1_TITLE = "Chair of Milli Majlis Sahiba Gafarova Meets Chairman of Kazakhstan Parliament’s Senate"
R1_URL = (
    "http://testserver/en/releases/2022/03/28/"
    "chair-of-milli-majlis-sahiba-gafarova-meets-chairman-of-kazakhstan-parliaments-senate/"
)
# The sample releases' press contact, after each summary.
CONTACT = (
    "<p>Press contact: Press and Public Relations Department, Press office of the Milli "
    "Majlis, +994 12 000 00 00, press@example.org</p>"
)
R1_SUMMARY = (
    "Chair of the Milli Majlis Sahiba Gafarova had a meeting with Chairman of the Senate of "
    "the Kazakh Parliament Maulen Ashimbayev on 28 March as part of the current working trip "
    "to the Republic of Kazakhstan."
)
R2_TITLE = (
    "Ambassador Serjan Abdikarimov: ‘Kazakhstan Has Always Supported Azerbaijan’s "
    "Territorial Integrity’"
)
R2_URL = (
    "http://testserver/en/releases/2021/05/06/ambassador-serjan-abdikarimov-kazakhstan-has-"
    "always-supported-azerbaijans-territorial-integrity/"
)
BYLINE = "The Press and Public Relations Department"

FEED_FORMATS = ["atom", "rss"]


def fetch_feed(client, url):
    """Fetch and parse a feed; fail unless it is well-formed and of the right type."""
    response = client.get(url)
    assert response.status_code == 200, url
    expected_type = "application/atom+xml" if url.endswith(".atom") else "application/rss+xml"
    assert response["Content-Type"] == f"{expected_type}; charset=utf-8"
    parsed = feedparser.parse(response.content)
    assert parsed.bozo is False, parsed.get("bozo_exception")
    assert parsed.version == ("atom10" if url.endswith(".atom") else "rss20")
    return parsed


def titles(parsed):
    return [entry.title for entry in parsed.entries]


@pytest.fixture
def sample():
    call_command("loaddata", "fixtures/sample.json", verbosity=0)


def test_site_atom_feed_has_both_sample_releases_with_full_entries(client, sample):
    parsed = fetch_feed(client, "/en/feeds/releases.atom")

    assert parsed.feed.title == "Milli Majlis Press Office: latest releases"
    assert parsed.feed.link == "http://testserver/en/releases/"
    entries = [
        {
            "title": e.title,
            "link": e.link,
            "id": e.id,
            "summary": e.summary,
            "published": e.published,
            "updated": e.updated,
            "author": e.author,
            "tags": [t.term for t in e.tags],
        }
        for e in parsed.entries
    ]
    assert entries == [
        {
            "title": R1_TITLE,
            "link": R1_URL,
            "id": "tag:testserver,2022-03-28:release:1",
            "summary": R1_SUMMARY + CONTACT,
            "published": "2022-03-28T18:10:00+04:00",
            "updated": "2022-03-28T18:10:00+04:00",
            "author": BYLINE,
            "tags": ["Inter-parliamentary relations", "Kazakhstan", "TurkPA"],
        },
        {
            "title": R2_TITLE,
            "link": R2_URL,
            "id": "tag:testserver,2021-05-06:release:2",
            "summary": (
                "Leader of the Milli Majlis Delegation to the OSCE PA, OSCE PA Vice President "
                "and Chairman of the OSCE PA Silk Way Support Group Azay Guliyev met with the "
                "Extraordinary and Plenipotentiary Ambassador of Kazakhstan to Azerbaijan "
                "Serjan Abdikarimov on 6 May." + CONTACT
            ),
            "published": "2021-05-06T21:12:00+04:00",
            "updated": "2021-05-06T21:12:00+04:00",
            "author": BYLINE,
            "tags": [
                "Inter-parliamentary relations",
                "Kazakhstan",
                "OSCE PA",
                "TRACECA",
                "Turkic Council",
                "TurkPA",
                "TURKSOY",
            ],
        },
    ]


def test_site_rss_feed_has_both_sample_releases_with_full_entries(client, sample):
    parsed = fetch_feed(client, "/en/feeds/releases.rss")

    first = parsed.entries[0]
    assert titles(parsed) == [R1_TITLE, R2_TITLE]
    assert [e.link for e in parsed.entries] == [R1_URL, R2_URL]
    assert first.id == "tag:testserver,2022-03-28:release:1"
    assert first.guidislink is False
    assert first.summary == R1_SUMMARY + CONTACT
    assert first.published == "Mon, 28 Mar 2022 18:10:00 +0400"
    assert first.author == BYLINE
    assert [t.term for t in first.tags] == ["Inter-parliamentary relations", "Kazakhstan", "TurkPA"]


@pytest.mark.parametrize("fmt", FEED_FORMATS)
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/en/officials/sahiba-gafarova/feed", [R1_TITLE]),
        ("/en/officials/azay-guliyev/feed", [R2_TITLE]),
        ("/en/countries/kz/feed", [R1_TITLE, R2_TITLE]),
        ("/en/tags/osce-pa/feed", [R2_TITLE]),
        ("/en/tags/turkpa/feed", [R1_TITLE, R2_TITLE]),
    ],
)
def test_feeds_of_an_official_country_or_tag_carry_only_their_releases(
    client, sample, fmt, url, expected
):
    parsed = fetch_feed(client, f"{url}.{fmt}")

    assert titles(parsed) == expected


def test_object_feeds_are_titled_and_linked_to_their_page(client, sample):
    official = fetch_feed(client, "/en/officials/sahiba-gafarova/feed.atom").feed
    kz = fetch_feed(client, "/en/countries/kz/feed.rss").feed
    tag = fetch_feed(client, "/en/tags/osce-pa/feed.atom").feed

    assert (official.title, official.link) == (
        "Releases about Sahiba Gafarova",
        "http://testserver/en/officials/sahiba-gafarova/",
    )
    assert (kz.title, kz.link) == (
        "Releases about Kazakhstan",
        "http://testserver/en/countries/kz/",
    )
    assert (tag.title, tag.link) == (
        "Releases tagged “OSCE PA”",
        "http://testserver/en/tags/osce-pa/",
    )


def test_lead_is_the_description_when_there_is_one(client):
    ArchiveReleaseFactory(title="With a lead", lead="The short summary.", body="Body text.")
    ArchiveReleaseFactory(
        title="Without a lead", lead="", body="First para\nwraps.\n\nSecond para."
    )

    parsed = fetch_feed(client, "/en/feeds/releases.atom")

    assert [(e.title, e.summary) for e in parsed.entries] == [
        ("Without a lead", "First para wraps."),
        ("With a lead", "The short summary."),
    ]


@pytest.mark.parametrize("fmt", FEED_FORMATS)
def test_markup_in_titles_and_text_is_carried_as_text(client, fmt):
    ArchiveReleaseFactory(title="Talks <b>&</b> “quotes”", lead="Fish & chips < 5 > 3 </summary>")

    parsed = fetch_feed(client, f"/en/feeds/releases.{fmt}")

    [entry] = parsed.entries
    assert entry.title == "Talks <b>&</b> “quotes”"
    # The description is HTML in both formats: the text arrives escaped, to be shown as typed.
    assert entry.summary == "Fish &amp; chips &lt; 5 &gt; 3 &lt;/summary&gt;"


def test_feed_shows_the_latest_twenty_releases(client):
    for _ in range(23):
        ArchiveReleaseFactory()

    parsed = fetch_feed(client, "/en/feeds/releases.atom")

    expected = list(Release.objects.order_by("-published_at")[:20].values_list("title", flat=True))
    assert titles(parsed) == expected
    assert len(expected) == 20


def test_entry_id_stays_when_the_address_changes(client):
    release = ArchiveReleaseFactory(title="Before")
    first = fetch_feed(client, "/en/feeds/releases.atom").entries[0]

    release.title = "After"
    release.slug = "after"
    release.published_at -= datetime.timedelta(days=2)
    release.save()
    second = fetch_feed(client, "/en/feeds/releases.atom").entries[0]

    assert first.link != second.link
    assert (
        first.id
        == second.id
        == f"tag:testserver,{timezone.localdate():%Y-%m-%d}:release:{release.pk}"
    )


@pytest.mark.parametrize("fmt", FEED_FORMATS)
@pytest.mark.parametrize(
    "url", ["/en/officials/nobody/feed", "/en/countries/zz/feed", "/en/tags/no-such-tag/feed"]
)
def test_unknown_official_country_or_tag_has_no_feed(client, sample, url, fmt):
    response = client.get(f"{url}.{fmt}")

    assert response.status_code == 404
    assert b"<feed" not in response.content
    assert b"<rss" not in response.content


@pytest.mark.parametrize("fmt", FEED_FORMATS)
@pytest.mark.parametrize("state", ["draft", "submitted", "scheduled", "withdrawn"])
def test_official_country_and_tag_known_only_from_hidden_releases_have_no_feed(client, fmt, state):
    official = OfficialFactory(full_name="Secret Visitor", country=country("FR"))
    tag = Tag.objects.create(name="Secret summit", slug="secret-summit")
    ArchiveReleaseFactory(state=state, officials=[official], countries=[country("FR")], tags=[tag])

    for url in [
        "/en/officials/secret-visitor/feed",
        "/en/countries/fr/feed",
        "/en/tags/secret-summit/feed",
    ]:
        response = client.get(f"{url}.{fmt}")
        assert response.status_code == 404, url
        assert b"Secret" not in response.content


def test_feed_runs_the_same_queries_for_3_and_30_releases(client):
    official = OfficialFactory(full_name="Busy Official")
    kz = country("KZ")
    tag = Tag.objects.create(name="Busy", slug="busy")
    urls = [
        "/en/feeds/releases.atom",
        "/en/feeds/releases.rss",
        "/en/officials/busy-official/feed.atom",
        "/en/countries/kz/feed.rss",
        "/en/tags/busy/feed.atom",
    ]

    def add_releases(n):
        for _ in range(n):
            extra = Tag.objects.create(name=f"Extra {Tag.objects.count()}")
            ArchiveReleaseFactory(officials=[official], countries=[kz], tags=[tag, extra])

    def counts():
        counted = {}
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                fetch_feed(client, url)
            counted[url] = len(ctx.captured_queries)
        return counted

    add_releases(3)
    small = counts()
    add_releases(27)
    large = counts()

    assert small == large
    # Object, releases, their tags: three at most, whatever the length.
    assert max(large.values()) <= 3
    assert Official.objects.get(slug="busy-official").releases.count() == 30


def alternate_links(html):
    """(type, href) of every <link rel="alternate"> in the page's <head>."""
    head = html.split("</head>", 1)[0]
    return [
        (m["type"], m["href"])
        for m in re.finditer(
            r'<link rel="alternate" type="(?P<type>[^"]+)" title="[^"]*" href="(?P<href>[^"]+)">',
            head,
        )
    ]


@pytest.mark.parametrize(
    ("page", "feed"),
    [
        ("/en/", "/en/feeds/releases"),
        ("/en/releases/", "/en/feeds/releases"),
        ("/en/officials/sahiba-gafarova/", "/en/officials/sahiba-gafarova/feed"),
        ("/en/countries/kz/", "/en/countries/kz/feed"),
        ("/en/tags/osce-pa/", "/en/tags/osce-pa/feed"),
    ],
)
def test_pages_announce_their_feeds_in_the_head(client, sample, page, feed):
    response = client.get(page)

    assert response.status_code == 200
    assert alternate_links(response.content.decode()) == [
        ("application/atom+xml", f"{feed}.atom"),
        ("application/rss+xml", f"{feed}.rss"),
    ]
    # And the announced feeds exist.
    assert titles(fetch_feed(client, f"{feed}.atom"))
    assert titles(fetch_feed(client, f"{feed}.rss"))


def test_pages_without_a_feed_announce_none(client, sample):
    response = client.get("/en/meetings/")

    assert response.status_code == 200
    assert alternate_links(response.content.decode()) == []
    assert 'href="/en/meetings.ics"' in response.content.decode()


MARKDOWN_BODY = (
    "The talks covered:\n\n"
    "- **energy**, and\n"
    "- [the joint statement](https://example.org/statement)\n\n"
    '<script>alert("x")</script> [bad](javascript:alert(1))'
)
# As the release page shows it: the same sanitiser, so no script and no javascript: link.
MARKDOWN_HTML = (
    "<p>The talks covered:</p>\n"
    "<ul>\n"
    "<li><strong>energy</strong>, and</li>\n"
    '<li><a href="https://example.org/statement" rel="noopener noreferrer nofollow">'
    "the joint statement</a></li>\n"
    "</ul>\n"
    '<p>&lt;script&gt;alert("x")&lt;/script&gt; [bad](javascript:alert(1))</p>\n'
)


CONTENT_ELEMENT = {
    "atom": "{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}content",
    "rss": "channel/item/{http://purl.org/rss/1.0/modules/content/}encoded",
}


def contents(client, fmt, url=None):
    """Each entry's content as the feed carries it: (its type, its HTML)."""
    response = client.get(url or f"/en/feeds/releases.{fmt}")
    root = ElementTree.fromstring(response.content)
    return [(e.get("type"), e.text) for e in root.iterfind(CONTENT_ELEMENT[fmt])]


@pytest.mark.parametrize("fmt", FEED_FORMATS)
def test_an_entry_carries_the_whole_sanitised_body_and_the_summary_stays(client, fmt):
    release = ArchiveReleaseFactory(lead="The short summary.", body=MARKDOWN_BODY)
    release.body_format = "markdown"
    release.save()

    parsed = fetch_feed(client, f"/en/feeds/releases.{fmt}")
    page = client.get(release.get_absolute_url()).content.decode()

    assert [e.summary for e in parsed.entries] == ["The short summary."]
    assert [c.type for c in parsed.entries[0].content] == ["text/html"]
    assert contents(client, fmt) == [("html" if fmt == "atom" else None, MARKDOWN_HTML)]
    assert MARKDOWN_HTML.strip() in page


@pytest.mark.parametrize("fmt", FEED_FORMATS)
def test_a_plain_body_is_carried_as_its_paragraphs_and_the_press_contact(client, sample, fmt):
    content = contents(client, fmt)[0][1]
    assert content.startswith(f"<p>{R1_SUMMARY}</p>\n<p>")
    assert content.endswith(f"</p>{CONTACT}")
    assert content.count("<p>") == len(Release.objects.get(pk=1).text_in("en").paragraphs) + 1
