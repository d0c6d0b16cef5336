"""The sitemap index at /sitemap.xml, its sections, and robots.txt."""

import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from public.sitemaps import ReleaseSitemap
from releases.models import Release
from tests.factories import ArchiveReleaseFactory, MeetingFactory, OfficialFactory, country

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
HOST = "http://testserver"
SECTIONS = ["pages", "releases", "archives", "officials", "countries", "tags", "meetings"]
R1_PATH = (
    "/en/releases/2022/03/28/"
    "chair-of-milli-majlis-sahiba-gafarova-meets-chairman-of-kazakhstan-parliaments-senate/"
)
R2_PATH = (
    "/en/releases/2021/05/06/ambassador-serjan-abdikarimov-kazakhstan-has-"
    "always-supported-azerbaijans-territorial-integrity/"
)


def fetch_xml(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"] == "application/xml"
    return ET.fromstring(response.content)


def index_entries(client):
    root = fetch_xml(client, "/sitemap.xml")
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    return [
        (s.findtext("sm:loc", namespaces=NS), s.findtext("sm:lastmod", namespaces=NS))
        for s in root.findall("sm:sitemap", NS)
    ]


def section_urls(client, section):
    """[(path, lastmod)] of one section sitemap."""
    root = fetch_xml(client, f"/sitemap-{section}.xml")
    return [
        (
            u.findtext("sm:loc", namespaces=NS).removeprefix(HOST),
            u.findtext("sm:lastmod", namespaces=NS),
        )
        for u in root.findall("sm:url", NS)
    ]


def all_paths(client):
    """Every address reachable from /sitemap.xml, following the index."""
    paths = []
    for loc, _lastmod in index_entries(client):
        section = loc.removeprefix(f"{HOST}/sitemap-").removesuffix(".xml")
        paths += [path for path, _ in section_urls(client, section)]
    return paths


@pytest.fixture
def sample():
    call_command("loaddata", "fixtures/sample.json", verbosity=0)


def test_index_lists_every_section(client, sample):
    assert index_entries(client) == [
        (f"{HOST}/sitemap-pages.xml", None),
        (f"{HOST}/sitemap-releases.xml", "2022-03-28T18:10:00+04:00"),
        (f"{HOST}/sitemap-archives.xml", None),
        (f"{HOST}/sitemap-officials.xml", None),
        (f"{HOST}/sitemap-countries.xml", None),
        (f"{HOST}/sitemap-tags.xml", None),
        (f"{HOST}/sitemap-meetings.xml", None),
    ]


def test_sitemap_lists_both_sample_releases_with_their_last_change(client, sample):
    urls = section_urls(client, "releases")
    english = [url for url in urls if url[0].startswith("/en/")]
    assert english == [(R1_PATH, "2022-03-28"), (R2_PATH, "2021-05-06")]
    # And each of the two in Azerbaijani and Russian, at that version's own address.
    releases = Release.objects.order_by("-published_at")
    assert sorted(path for path, _ in urls) == sorted(
        release.get_absolute_url(lang) for release in releases for lang in ("az", "en", "ru")
    )
    paths = all_paths(client)
    assert R1_PATH in paths
    assert R2_PATH in paths


def test_sections_list_the_public_officials_countries_tags_meetings_and_archives(client, sample):
    def paths(section):
        """The English addresses; each page is also listed in Azerbaijani and Russian."""
        found = [path for path, _ in section_urls(client, section)]
        english = [path for path in found if path.startswith("/en/")]
        assert sorted(found) == sorted(
            path.replace("/en/", f"/{lang}/", 1) for path in english for lang in ("az", "en", "ru")
        )
        return english

    # Ilham Aliyev and Armenia are in the sample data but in no release or meeting.
    assert paths("officials") == [
        "/en/officials/azay-guliyev/",
        "/en/officials/maulen-ashimbayev/",
        "/en/officials/sahiba-gafarova/",
        "/en/officials/serjan-abdikarimov/",
    ]
    assert paths("countries") == ["/en/countries/az/", "/en/countries/kz/"]
    assert paths("tags") == [
        "/en/tags/inter-parliamentary-relations/",
        "/en/tags/kazakhstan/",
        "/en/tags/osce-pa/",
        "/en/tags/traceca/",
        "/en/tags/turkic-council/",
        "/en/tags/turkpa/",
        "/en/tags/turksoy/",
    ]
    assert paths("meetings") == ["/en/meetings/1/", "/en/meetings/2/"]
    assert paths("archives") == [
        "/en/releases/2022/",
        "/en/releases/2021/",
        "/en/releases/2022/03/",
        "/en/releases/2021/05/",
    ]
    assert paths("pages") == [
        "/en/",
        "/en/releases/",
        "/en/officials/",
        "/en/countries/",
        "/en/meetings/",
    ]
    # Every address the sitemap gives is a page that exists.
    for path in all_paths(client):
        assert client.get(path).status_code == 200, path


def test_unknown_section_is_not_found(client):
    response = client.get("/sitemap-secrets.xml")

    assert response.status_code == 404


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_staff_pages(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines == [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /preview/",
        "Disallow: /releases/*/preview/",
        "",
        "Sitemap: http://testserver/sitemap.xml",
    ]


def test_sitemaps_run_the_same_queries_for_3_and_30_releases(client):
    def add(n):
        for _ in range(n):
            official = OfficialFactory(country=country("KZ"))
            meeting = MeetingFactory(participants=[official])
            tag = Tag.objects.create(name=f"Tag {Tag.objects.count()}")
            ArchiveReleaseFactory(
                officials=[official], countries=[country("KZ")], tags=[tag], meeting=meeting
            )

    def counts():
        counted = {}
        for path in ["/sitemap.xml"] + [f"/sitemap-{s}.xml" for s in SECTIONS]:
            with CaptureQueriesContext(connection) as ctx:
                fetch_xml(client, path)
            counted[path] = len(ctx.captured_queries)
        return counted

    add(3)
    small = counts()
    add(27)
    large = counts()

    assert small == large
    assert len(section_urls(client, "releases")) == 30  # in English only
    assert len(section_urls(client, "tags")) == 90  # each tag's page in three languages
    assert max(large.values()) <= 10


def test_long_sections_are_split_into_pages_the_index_lists(client, monkeypatch):
    monkeypatch.setattr(ReleaseSitemap, "limit", 2)
    releases = [ArchiveReleaseFactory() for _ in range(5)]
    ArchiveReleaseFactory(state="draft", title="Draft beyond the pages")

    locs = [loc for loc, _ in index_entries(client) if "releases" in loc]
    assert locs == [
        f"{HOST}/sitemap-releases.xml",
        f"{HOST}/sitemap-releases.xml?p=2",
        f"{HOST}/sitemap-releases.xml?p=3",
    ]
    listed = []
    for loc in locs:
        root = fetch_xml(client, loc.removeprefix(HOST))
        listed += [u.findtext("sm:loc", namespaces=NS) for u in root.findall("sm:url", NS)]
    assert listed == [f"{HOST}{r.get_absolute_url()}" for r in reversed(releases)]
    assert client.get("/sitemap-releases.xml?p=4").status_code == 404
