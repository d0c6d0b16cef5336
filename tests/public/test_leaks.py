"""The leak matrix: no public surface shows or counts a release the public may not see.

Every public surface (``SURFACES``) is checked against every non-public state
(``STATES``). In each combination the world holds one visible, published release and
one hidden release in that state that shares everything a page could group by: the
day, the official, the country, the tag and the meeting; it also names an official
and a topic of its own. The hidden release's title,
slug, lead and body never appear in the HTML, every count shown counts only the
visible release, and the hidden release's own address answers 404 (410 with a short
notice, without the text, for a withdrawn one).

Adding a surface: append ONE line to ``SURFACES``, ``("name", lambda ctx: url)``,
where ``ctx`` is the ``World`` below (``ctx.visible``, ``ctx.hidden``,
``ctx.official``, ``ctx.country``, ``ctx.tag``, ``ctx.meeting``). The page must
answer 200 and show something of the visible world (its release's title, the
official's or the country's name). A surface that lists releases shows the hidden
release once its time has come (``test_scheduled_release_appears_when_its_time_comes``);
a page that lists no releases goes into ``NOT_LISTING_RELEASES`` as well.
"""

import datetime
import re
from dataclasses import dataclass

import pytest
from django.test import Client
from pytest_django.asserts import assertTemplateUsed

from people.models import Country
from releases.models import Meeting, Release
from releases.renditions import FORMATS, WIDTHS
from tests.conftest import NOW
from tests.factories import (
    DocumentFactory,
    MeetingFactory,
    OfficialFactory,
    OfficialPortraitFactory,
    PhotoFactory,
    PositionFactory,
    ReleaseFactory,
    ReleasePhotoFactory,
    baku,
)
from workflow.transitions import release_withdraw

pytestmark = pytest.mark.django_db

SURFACES = [
    ("home", lambda ctx: "/en/"),
    ("release list", lambda ctx: "/en/releases/"),
    ("year archive", lambda ctx: "/en/releases/2022/"),
    ("month archive", lambda ctx: "/en/releases/2022/03/"),
    ("day archive", lambda ctx: "/en/releases/2022/03/28/"),
    ("official page", lambda ctx: ctx.official.get_absolute_url()),
    ("officials list", lambda ctx: "/en/officials/"),
    ("country page", lambda ctx: ctx.country.get_absolute_url()),
    ("countries list", lambda ctx: "/en/countries/"),
    ("tag page", lambda ctx: f"/en/tags/{ctx.tag}/"),
    ("meetings list", lambda ctx: "/en/meetings/"),
    ("meeting page", lambda ctx: ctx.meeting.get_absolute_url()),
    ("release detail of the visible release", lambda ctx: ctx.visible.get_absolute_url()),
    ("site feed, Atom", lambda ctx: "/en/feeds/releases.atom"),
    ("site feed, RSS", lambda ctx: "/en/feeds/releases.rss"),
    ("official feed", lambda ctx: f"{ctx.official.get_absolute_url()}feed.atom"),
    ("country feed", lambda ctx: f"{ctx.country.get_absolute_url()}feed.rss"),
    ("tag feed", lambda ctx: f"/en/tags/{ctx.tag}/feed.atom"),
    ("meetings calendar", lambda ctx: "/en/meetings.ics"),
    ("official's calendar", lambda ctx: f"{ctx.official.get_absolute_url()}meetings.ics"),
    ("releases sitemap", lambda ctx: "/sitemap-releases.xml"),
    ("archives sitemap", lambda ctx: "/sitemap-archives.xml"),
    ("officials sitemap", lambda ctx: "/sitemap-officials.xml"),
    ("tags sitemap", lambda ctx: "/sitemap-tags.xml"),
    ("meetings CSV", lambda ctx: f"{ctx.country.get_absolute_url()}meetings.csv"),
    # The open data API (api/): every endpoint.
    ("API releases", lambda ctx: "/api/releases/"),
    ("API releases filtered", lambda ctx: "/api/releases/?country=kz&tag=turkpa"),
    ("API release", lambda ctx: f"/api/releases/{ctx.visible.pk}/"),
    ("API officials", lambda ctx: "/api/officials/"),
    ("API official", lambda ctx: f"/api/officials/{ctx.official.slug}/"),
    ("API countries", lambda ctx: "/api/countries/"),
    ("API country", lambda ctx: "/api/countries/kz/"),
    ("API dossier", lambda ctx: "/api/countries/kz/dossier/"),
    ("API meetings", lambda ctx: "/api/meetings/"),
    ("API meeting", lambda ctx: f"/api/meetings/{ctx.meeting.pk}/"),
]

# Surfaces that show no release but the one they are about, or none at all.
NOT_LISTING_RELEASES = {
    "officials list",
    "countries list",
    "release detail of the visible release",
    # Calendars fold long lines and sitemaps list addresses, not titles.
    "meetings calendar",
    "official's calendar",
    "releases sitemap",
    "archives sitemap",
    "officials sitemap",
    "tags sitemap",
    # They give addresses of releases, not their titles.
    "meetings CSV",
    "API release",
    "API officials",
    "API official",
    "API countries",
    "API country",
    "API dossier",
    "API meetings",
    "API meeting",
}

STATES = ["draft", "submitted", "scheduled", "withdrawn"]


@dataclass
class World:
    visible: Release
    hidden: Release
    official: object
    country: Country
    meeting: Meeting
    hidden_photo: object = None
    hidden_document: object = None
    tag: str = "turkpa"

    @property
    def hidden_media_urls(self):
        """Every address of the hidden release's photo (the photo and each rendition)
        and of its document."""
        photo = self.hidden_photo
        renditions = [photo.rendition(w, f) for w in WIDTHS for f in FORMATS]
        return [photo.image.url, *(r.url for r in renditions), self.hidden_document.file.url]

    @property
    def hidden_texts(self):
        """What of the hidden release no public page may contain."""
        h = self.hidden
        return [
            h.title,
            h.slug,
            h.lead,
            h.body,
            "Hidden-only topic",
            "hidden-only-topic",
            "Hidden-only Envoy",
            "hidden-only-envoy",
            "Hidden-only caption",
            "Hidden-only document",
            self.hidden_photo.image.name,
            self.hidden_document.file.name,
        ]

    @property
    def visible_markers(self):
        return [
            self.visible.title,
            self.official.full_name,
            self.country.name,
            self.visible.get_absolute_url(),
            self.official.get_absolute_url(),
            f"/en/tags/{self.tag}/",
            "/en/releases/2022/03/",
        ]


def hidden_fields(state):
    if state == "draft":
        return {"status": Release.Status.DRAFT, "published_at": baku(2022, 3, 28, 12, 0)}
    if state == "submitted":
        return {"status": Release.Status.SUBMITTED, "published_at": baku(2022, 3, 28, 12, 0)}
    if state == "scheduled":
        # Later the same day: published, but its time has not come.
        return {"status": Release.Status.PUBLISHED, "published_at": baku(2022, 3, 28, 21, 0)}
    if state == "withdrawn":
        return {
            "status": Release.Status.WITHDRAWN,
            "published_at": baku(2022, 3, 28, 12, 0),
            "withdrawn_at": baku(2022, 3, 28, 19, 0),
            "withdrawal_reason": "Issued in error.",
        }
    raise ValueError(state)


def build_world(state, *, portraits=False):
    country = Country.objects.get(code="KZ")
    official = OfficialFactory(
        full_name="Maulen Ashimbayev", slug="maulen-ashimbayev", country=country
    )
    PositionFactory(
        official=official, title="Chairman of the Senate", start_date=datetime.date(2020, 5, 4)
    )
    meeting = MeetingFactory(
        date=datetime.date(2022, 3, 28),
        host_country=country,
        participants=[official],
        description="Talks in Astana.",
    )
    # Named only by the hidden release, so a leak shows even on the officials list.
    envoy = OfficialFactory(
        full_name="Hidden-only Envoy", slug="hidden-only-envoy", country=country
    )
    common = {"countries": [country], "meeting": meeting}
    visible = ReleaseFactory(
        title="Visible headline of the published release",
        slug="visible-published-release",
        published_at=baku(2022, 3, 28, 18, 10),
        body="Visible body text.",
        tags=["TurkPA"],
        officials=[official],
        **common,
    )
    hidden = ReleaseFactory(
        title=f"Hidden {state} headline",
        slug=f"hidden-{state}-release",
        lead=f"Hidden {state} lead.",
        body=f"Hidden {state} body text.",
        tags=["TurkPA", "Hidden-only topic"],
        officials=[official, envoy],
        **common,
        **hidden_fields(state),
    )
    photo = PhotoFactory(caption="Hidden-only caption", alt_text="Hidden-only caption")
    ReleasePhotoFactory(release=hidden, photo=photo)
    document = DocumentFactory(release=hidden, title="Hidden-only document")
    if portraits:
        OfficialPortraitFactory(official=official)
        OfficialPortraitFactory(official=envoy)
    assert list(Release.objects.published()) == [visible]
    return World(
        visible=visible,
        hidden=hidden,
        official=official,
        country=country,
        meeting=meeting,
        hidden_photo=photo,
        hidden_document=document,
    )


def counts_shown(content):
    """Every number the page shows as a count (sidebar topics, country list)."""
    return [int(n) for n in re.findall(r'class="count">(\d+)', content)]


@pytest.fixture
def reader():
    return Client()


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize(("surface", "url_for"), SURFACES, ids=[name for name, _ in SURFACES])
def test_hidden_release_never_shows(reader, clock, surface, url_for, state):
    world = build_world(state)

    response = reader.get(url_for(world))

    assert response.status_code == 200, surface
    content = response.content.decode()
    assert [m for m in world.visible_markers if m in content], "the page shows nothing visible"
    if "feed" in surface:
        # Entries carry whole bodies (the hidden one's among hidden_texts).
        assert "&lt;p&gt;Visible body text.&lt;/p&gt;" in content
    assert [text for text in world.hidden_texts if text in content] == []
    assert world.hidden.get_absolute_url() not in content
    # Only one release is public, so every count on the page is exactly one.
    assert all(n == 1 for n in counts_shown(content)), counts_shown(content)


@pytest.mark.parametrize("state", STATES)
def test_counts_count_only_the_visible_release(reader, clock, state):
    build_world(state)

    countries = reader.get("/en/countries/")
    home = reader.get("/en/")

    assert {c.code: c.release_count for c in countries.context["countries"]} == {"KZ": 1}
    assert counts_shown(countries.content.decode()) == [1]
    assert [(t.name, t.num_releases) for t in home.context["tags"]] == [("TurkPA", 1)]
    assert counts_shown(home.content.decode()) == [1]


@pytest.mark.parametrize("state", STATES)
def test_hidden_release_address_shows_nothing(reader, clock, state):
    world = build_world(state)

    response = reader.get(world.hidden.get_absolute_url())
    content = response.content.decode()

    assert world.hidden.body not in content
    assert world.hidden.lead not in content
    if state == "withdrawn":
        assert response.status_code == 410
        assertTemplateUsed(response, "releases/release_withdrawn.html")
        assert world.hidden.title in content
    else:
        assert response.status_code == 404
        assert world.hidden.title not in content
    assert reader.get("/en/tags/hidden-only-topic/").status_code == 404
    assert reader.get("/en/officials/hidden-only-envoy/").status_code == 404


@pytest.mark.parametrize("state", STATES)
def test_hidden_release_photos_renditions_and_documents_answer_404(reader, clock, state):
    world = build_world(state)
    missing = reader.get("/media/photos/2020/01/no-such-file.jpg")

    answers = [reader.get(url) for url in world.hidden_media_urls]

    assert len(answers) == 1 + len(WIDTHS) * len(FORMATS) + 1
    assert [(a.status_code, a.content) for a in answers] == [(404, missing.content)] * len(answers)


def portrait_urls(official):
    """Every address of the official's portrait: the photo and each rendition."""
    photo = official.portrait.photo
    return [photo.image.url, *(photo.rendition(w, f).url for w in WIDTHS for f in FORMATS)]


def fetched(reader, url):
    response = reader.get(url)
    if response.streaming:
        # Read to its end: the test client then closes it as a server does.
        b"".join(response.streaming_content)
    return response.status_code


# The surfaces that show officials; their portraits are a photo of the library each.
OFFICIAL_SURFACES = [
    (name, url_for)
    for name, url_for in SURFACES
    if name in {"official page", "officials list", "official feed", "API officials", "API official"}
]


@pytest.mark.parametrize("state", STATES)
def test_the_portrait_of_an_official_only_hidden_releases_name_answers_404(reader, clock, state):
    world = build_world(state, portraits=True)
    envoy = world.hidden.officials.get(slug="hidden-only-envoy")
    missing = reader.get("/media/photos/2020/01/no-such-file.jpg")

    answers = [reader.get(url) for url in portrait_urls(envoy)]

    assert len(answers) == 1 + len(WIDTHS) * len(FORMATS)
    assert [(a.status_code, a.content) for a in answers] == [(404, missing.content)] * len(answers)
    assert [fetched(reader, url) for url in portrait_urls(world.official)] == [200] * len(answers)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize(
    ("surface", "url_for"), OFFICIAL_SURFACES, ids=[name for name, _ in OFFICIAL_SURFACES]
)
def test_no_surface_names_the_hidden_officials_portrait(reader, clock, surface, url_for, state):
    world = build_world(state, portraits=True)
    envoy_photo = world.hidden.officials.get(slug="hidden-only-envoy").portrait.photo

    content = reader.get(url_for(world)).content.decode()

    assert envoy_photo.image.name not in content
    assert [f"renditions/{envoy_photo.image.name}" in content] == [False]
    if surface in ("official page", "officials list"):
        # The visible official's portrait is shown from its renditions, never full size.
        photo = world.official.portrait.photo
        assert photo.r400_webp.url in content
        assert f'src="{photo.image.url}"' not in content


@pytest.mark.parametrize(("surface", "url_for"), SURFACES, ids=[name for name, _ in SURFACES])
def test_scheduled_release_appears_when_its_time_comes(reader, clock, surface, url_for):
    """Scheduling needs no worker: the same pages show it the moment its time comes."""
    world = build_world("scheduled")
    url = url_for(world)
    before = reader.get(url).content.decode()
    assert world.hidden.title not in before
    assert reader.get(world.hidden.get_absolute_url()).status_code == 404

    clock.move(hours=1)  # 21:00 in Baku, the scheduled time
    assert clock.current == NOW + datetime.timedelta(hours=1) == world.hidden.published_at

    response = reader.get(url)
    content = response.content.decode()
    assert response.status_code == 200
    if surface not in NOT_LISTING_RELEASES:
        assert world.hidden.title in content
    if surface in ("officials list", "API officials"):
        assert "Hidden-only Envoy" in content
    # Counts grow: Kazakhstan's release count; in the sidebar, TurkPA (2) and the
    # hidden release's own topic (1).
    if not counts_shown(before):
        assert counts_shown(content) == []
    elif surface == "countries list":
        assert counts_shown(content) == [2]
    elif surface == "release list":
        # The filter choices count too: shared ones grow to 2, the hidden-only ones show 1.
        assert set(counts_shown(content)) == {1, 2}
    else:
        assert counts_shown(content) == [2, 1]
    assert reader.get(world.hidden.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(("surface", "url_for"), SURFACES, ids=[name for name, _ in SURFACES])
def test_a_release_withdrawn_leaves_every_kept_page(reader, clock, editor, surface, url_for):
    """The page cache on: every surface kept while the release was public is made afresh
    once it is withdrawn."""
    world = build_world("scheduled")
    clock.move(hours=1)
    url = url_for(world)
    reader.get(url)
    kept = reader.get(url)
    assert kept["X-Page-Cache"] == "hit"
    if surface not in NOT_LISTING_RELEASES:
        assert world.hidden.title in kept.content.decode()

    release_withdraw(release=world.hidden, user=editor, reason="Issued in error.")

    response = reader.get(url)
    content = response.content.decode()
    assert response.status_code == 200
    assert [text for text in world.hidden_texts if text in content] == []
    assert world.hidden.get_absolute_url() not in content
    assert all(n == 1 for n in counts_shown(content)), counts_shown(content)
    assert reader.get(world.hidden.get_absolute_url()).status_code == 410


@pytest.mark.parametrize("state", STATES)
def test_meetings_and_counts_of_hidden_releases_count_nowhere(reader, clock, state):
    """A meeting only a hidden release reports, with an official of its own, is in no
    dossier (page, CSV, API) and no count of the API; the country's releases are one."""
    world = build_world(state)
    envoy = OfficialFactory(
        full_name="Secret Visitor", slug="secret-visitor", country=world.country
    )
    secret = MeetingFactory(
        date=datetime.date(2019, 6, 1),
        host_country=None,
        kind=Meeting.Kind.CALL,
        participants=[envoy],
        description="Secret call.",
    )
    world.hidden.meeting = secret
    world.hidden.save()

    page = reader.get(world.country.get_absolute_url())
    dossier = reader.get("/api/countries/kz/dossier/").json()
    country = reader.get("/api/countries/kz/").json()
    meetings = reader.get("/api/meetings/?country=kz").json()
    csv_text = reader.get(f"{world.country.get_absolute_url()}meetings.csv").content.decode()

    assert [y.year for y in page.context["dossier"].years] == [2022]
    assert page.context["dossier"].totals == {
        "outgoing": 1,
        "incoming": 0,
        "elsewhere": 0,
        "remote": 0,
    }
    assert dossier["years"] == [
        {"year": 2022, "outgoing": 1, "incoming": 0, "elsewhere": 0, "remote": 0, "total": 1}
    ]
    assert [o["slug"] for o in dossier["their_officials"]] == ["maulen-ashimbayev"]
    assert [o["meetings"] for o in dossier["their_officials"]] == [1]
    assert country["releases"] == 1
    assert [m["id"] for m in meetings["results"]] == [world.meeting.pk]
    assert csv_text.count("\n") == 2  # the header and the one public meeting
    for content in (page.content.decode(), str(dossier), str(meetings), csv_text):
        assert "Secret" not in content
    assert reader.get(f"/api/meetings/{secret.pk}/").status_code == 404
    assert reader.get("/api/officials/secret-visitor/").status_code == 404
    assert reader.get(f"/api/releases/{world.hidden.pk}/").status_code == 404
