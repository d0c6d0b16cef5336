"""JSON-LD, canonical links, Open Graph and Twitter cards on public pages; none on previews."""

import datetime
import html
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from people.models import Official
from releases.models import Meeting, Release
from releases.models.versions import split_paragraphs
from tests.factories import (
    ArchiveReleaseFactory,
    MeetingFactory,
    OfficialFactory,
    OfficialPortraitFactory,
    PhotoFactory,
    PositionFactory,
    ReleasePhotoFactory,
    country,
)
from workflow import previews

pytestmark = pytest.mark.django_db

HOST = "http://testserver"
R1_PATH = (
    "/en/releases/2022/03/28/"
    "chair-of-milli-majlis-sahiba-gafarova-meets-chairman-of-kazakhstan-parliaments-senate/"
)
R1_TITLE = "Chair of Milli Majlis Sahiba Gafarova Meets Chairman of Kazakhstan Parliament’s Senate"
R1_SUMMARY = (
    "Chair of the Milli Majlis Sahiba Gafarova had a meeting with Chairman of the Senate of "
    "the Kazakh Parliament Maulen Ashimbayev on 28 March as part of the current working trip "
    "to the Republic of Kazakhstan."
)
KZ_SENATE_CHAIR = "Chairman of the Senate of the Parliament of the Republic of Kazakhstan"
GAFAROVA_BIO = "Chair of the Milli Majlis of the Republic of Azerbaijan since March 2020."
MEETING_1 = "Talks during the Chair of the Milli Majlis’s working trip to Kazakhstan."
PUBLISHER = {
    "@type": "Organization",
    "name": "The Milli Majlis of the Republic of Azerbaijan",
    "url": f"{HOST}/en/",
}
# The sample releases' press contact (fixtures/sample.json).
SAMPLE_CONTACT = {
    "@type": "ContactPoint",
    "contactType": "press",
    "name": "Press and Public Relations Department",
    "description": "Press office of the Milli Majlis",
    "telephone": "+994 12 000 00 00",
    "email": "press@example.org",
}
LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
META = re.compile(
    r'<meta (?:property|name)="(?P<key>(?:og|article|twitter):[^"]+)" content="(?P<value>[^"]*)">'
)


def json_ld(page_html):
    """Every JSON-LD block of the page, parsed."""
    return [json.loads(block) for block in LD_JSON.findall(page_html)]


def social_meta(page_html):
    """[(property, content)] of the Open Graph, article and Twitter tags, in page order."""
    return [(m["key"], html.unescape(m["value"])) for m in META.finditer(page_html)]


def canonical(page_html):
    return re.findall(r'<link rel="canonical" href="([^"]+)">', page_html)


def get_html(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


@pytest.fixture
def sample():
    call_command("loaddata", "fixtures/sample.json", verbosity=0)


def test_release_page_carries_news_article_json_ld(client, sample):
    page = get_html(client, R1_PATH)

    [data] = json_ld(page)
    # The body as plain text, its paragraphs apart.
    body = Release.objects.get(slug_en=R1_PATH.rstrip("/").rsplit("/", 1)[1]).body_en
    assert data.pop("articleBody") == "\n\n".join(split_paragraphs(body))
    assert [data] == [
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": R1_TITLE,
            "inLanguage": "en",
            "description": R1_SUMMARY,
            "url": f"{HOST}{R1_PATH}",
            "mainEntityOfPage": {"@type": "WebPage", "@id": f"{HOST}{R1_PATH}"},
            "datePublished": "2022-03-28T18:10:00+04:00",
            "dateModified": "2022-03-28T18:10:00+04:00",
            "author": {
                "@type": "Organization",
                "name": "The Press and Public Relations Department",
            },
            "publisher": {**PUBLISHER, "contactPoint": SAMPLE_CONTACT},
            "about": [
                {
                    "@type": "Person",
                    "name": "Maulen Ashimbayev",
                    "url": f"{HOST}/en/officials/maulen-ashimbayev/",
                    "jobTitle": KZ_SENATE_CHAIR,
                },
                {
                    "@type": "Person",
                    "name": "Sahiba Gafarova",
                    "url": f"{HOST}/en/officials/sahiba-gafarova/",
                    "jobTitle": "Chair of the Milli Majlis",
                },
                {"@type": "Country", "name": "Azerbaijan", "url": f"{HOST}/en/countries/az/"},
                {"@type": "Country", "name": "Kazakhstan", "url": f"{HOST}/en/countries/kz/"},
            ],
            "articleSection": "Chair`s Travels",
            "keywords": ["Inter-parliamentary relations", "Kazakhstan", "TurkPA"],
        }
    ]


def test_release_page_has_canonical_open_graph_and_twitter_tags(client, sample):
    page = get_html(client, R1_PATH)

    assert canonical(page) == [f"{HOST}{R1_PATH}"]
    assert social_meta(page) == [
        ("og:type", "article"),
        ("og:site_name", "Milli Majlis Press Office"),
        ("og:title", R1_TITLE),
        ("og:description", R1_SUMMARY),
        ("og:url", f"{HOST}{R1_PATH}"),
        ("article:published_time", "2022-03-28T18:10:00+04:00"),
        ("article:tag", "Inter-parliamentary relations"),
        ("article:tag", "Kazakhstan"),
        ("article:tag", "TurkPA"),
        ("twitter:card", "summary"),
        ("twitter:title", R1_TITLE),
        ("twitter:description", R1_SUMMARY),
    ]


def test_release_image_and_later_edit_appear_in_the_data(client):
    release = ArchiveReleaseFactory(title="Photo release", lead="A lead.")
    photo = PhotoFactory(
        caption="The delegations at the table",
        alt_text="The delegations at the table",
        credit="Press service",
    )
    ReleasePhotoFactory(release=release, photo=photo)
    edited = timezone.make_aware(datetime.datetime(2022, 2, 1, 9, 30))
    Release.objects.filter(pk=release.pk).update(updated_at=edited)
    image_url = f"{HOST}{photo.r1200_jpeg.url}"

    page = get_html(client, release.get_absolute_url())

    [data] = json_ld(page)
    assert data["image"] == [
        {
            "@type": "ImageObject",
            "contentUrl": image_url,
            "caption": "The delegations at the table",
            "description": "The delegations at the table",
            "creditText": "Press service",
        }
    ]
    assert data["dateModified"] == "2022-02-01T09:30:00+04:00"
    assert data["description"] == "A lead."
    assert "about" not in data
    meta = dict(social_meta(page))
    assert meta["og:image"] == image_url
    assert meta["og:image:alt"] == "The delegations at the table"
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["twitter:image"] == image_url


def test_script_in_a_title_stays_inside_the_json(client):
    evil = "Talks </script><script>alert(1)</script> & more"
    release = ArchiveReleaseFactory(title=evil, lead="<!-- lead </script>")

    page = get_html(client, release.get_absolute_url())

    [data] = json_ld(page)
    assert data["headline"] == evil
    assert data["description"] == "<!-- lead </script>"
    assert "<script>alert(1)" not in page
    assert dict(social_meta(page))["og:title"] == evil


def preview_user():
    user = get_user_model().objects.create_user("previewer", password="x", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_release", "add_previewlink"])
    )
    return user


@pytest.mark.parametrize("state", ["draft", "scheduled", "published"])
def test_previews_carry_no_canonical_social_or_structured_data(client, state):
    release = ArchiveReleaseFactory(title="Preview me", state=state)
    user = preview_user()

    client.force_login(user)
    pages = [get_html(client, f"/releases/{release.pk}/preview/")]
    client.logout()
    # A public release gets no preview link: its own address is the page to share.
    if state != "published":
        link = previews.preview_link_create(release=release, user=user)
        pages.append(get_html(client, f"/preview/{previews.preview_token(link)}/"))

    for page in pages:
        assert "Preview me" in page
        assert '<meta name="robots" content="noindex, nofollow">' in page
        assert json_ld(page) == []
        assert canonical(page) == []
        assert social_meta(page) == []


def test_official_page_carries_person_json_ld(client, sample):
    page = get_html(client, "/en/officials/sahiba-gafarova/")

    assert json_ld(page) == [
        {
            "@context": "https://schema.org",
            "@type": "Person",
            "name": "Sahiba Gafarova",
            "url": f"{HOST}/en/officials/sahiba-gafarova/",
            "nationality": {"@type": "Country", "name": "Azerbaijan"},
            "jobTitle": "Chair of the Milli Majlis",
            "description": GAFAROVA_BIO,
        }
    ]


def test_official_without_title_has_their_portrait_in_person_json_ld(client):
    official = OfficialFactory(full_name="Jean Dupont", country=country("FR"))
    photo = OfficialPortraitFactory(official=official).photo
    ArchiveReleaseFactory(officials=[official])

    [data] = json_ld(get_html(client, official.get_absolute_url()))

    assert data == {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": "Jean Dupont",
        "url": f"{HOST}/en/officials/jean-dupont/",
        "nationality": {"@type": "Country", "name": "France"},
        "image": {
            "@type": "ImageObject",
            "contentUrl": f"{HOST}{photo.r1200_jpeg.url}",
            "description": "Jean Dupont",
            "creditText": "Press service of the Milli Majlis",
        },
    }


def test_meeting_page_carries_event_json_ld(client, sample):
    page = get_html(client, "/en/meetings/1/")

    assert json_ld(page) == [
        {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": "Visit: Maulen Ashimbayev, Sahiba Gafarova",
            "startDate": "2022-03-28",
            "url": f"{HOST}/en/meetings/1/",
            "attendee": [
                {
                    "@type": "Person",
                    "name": "Maulen Ashimbayev",
                    "url": f"{HOST}/en/officials/maulen-ashimbayev/",
                    "jobTitle": KZ_SENATE_CHAIR,
                },
                {
                    "@type": "Person",
                    "name": "Sahiba Gafarova",
                    "url": f"{HOST}/en/officials/sahiba-gafarova/",
                    "jobTitle": "Chair of the Milli Majlis",
                },
            ],
            "description": MEETING_1,
            "location": {
                "@type": "Place",
                "name": "Kazakhstan",
                "address": {"@type": "PostalAddress", "addressCountry": "KZ"},
            },
        }
    ]


def test_meeting_with_time_and_city_has_a_zoned_start_and_locality(client):
    meeting = MeetingFactory(
        date=datetime.date(2023, 6, 1),
        time=datetime.time(15, 30),
        city="Ankara",
        host_country=country("TR"),
        kind=Meeting.Kind.CONFERENCE,
        description="",
    )
    ArchiveReleaseFactory(meeting=meeting)

    [data] = json_ld(get_html(client, meeting.get_absolute_url()))

    assert data["startDate"] == "2023-06-01T15:30:00+04:00"
    assert data["name"] == "Conference or session"
    assert data["attendee"] == []
    assert "description" not in data
    assert data["location"] == {
        "@type": "Place",
        "name": "Ankara, Türkiye",
        "address": {"@type": "PostalAddress", "addressLocality": "Ankara", "addressCountry": "TR"},
    }


def page_queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        get_html(client, path)
    return len(ctx.captured_queries)


@pytest.mark.usefixtures("page_cache_off")
def test_structured_data_adds_no_query_per_official(client):
    def release_with(n, title):
        officials = []
        for _ in range(n):
            official = OfficialFactory(country=country("KZ"))
            PositionFactory(official=official, title="Senator")
            officials.append(official)
        meeting = MeetingFactory(participants=officials)
        return ArchiveReleaseFactory(
            title=title, officials=officials, countries=[country("KZ")], meeting=meeting
        )

    small = release_with(2, "Small")
    large = release_with(12, "Large")

    for path_of in (lambda r: r.get_absolute_url(), lambda r: r.meeting.get_absolute_url()):
        assert page_queries(client, path_of(small)) == page_queries(client, path_of(large))
    [data] = json_ld(get_html(client, large.get_absolute_url()))
    assert [p.get("jobTitle") for p in data["about"][:-1]] == ["Senator"] * 12
    assert Official.objects.count() == 14
