"""No hidden release leaks through a feed, a calendar, the sitemap or structured data.

For every surface and every hidden state (draft, submitted, scheduled,
withdrawn), a hidden release shares the official, country, tag and meeting of
a visible one, and brings its own official, country, tag and meeting: nothing
of it may appear, while the visible release's data does (so the surface is
really showing content).
"""

import datetime

import pytest
from django.utils import timezone
from taggit.models import Tag

from tests.factories import (
    HIDDEN_STATES,
    ArchiveReleaseFactory,
    MeetingFactory,
    OfficialFactory,
    country,
)

pytestmark = pytest.mark.django_db

# (address, text that must appear: the visible side of the shared objects)
SURFACES = [
    ("/en/feeds/releases.atom", "Visible release title"),
    ("/en/feeds/releases.rss", "Visible release title"),
    ("/en/officials/visible-member/feed.atom", "Visible release title"),
    ("/en/officials/visible-member/feed.rss", "Visible release title"),
    ("/en/countries/kz/feed.atom", "Visible release title"),
    ("/en/countries/kz/feed.rss", "Visible release title"),
    ("/en/tags/shared-tag/feed.atom", "Visible release title"),
    ("/en/tags/shared-tag/feed.rss", "Visible release title"),
    ("/en/meetings.ics", "Visible release title"),
    ("/en/officials/visible-member/meetings.ics", "Visible release title"),
    ("/en/countries/kz/meetings.ics", "Visible release title"),
    ("/sitemap.xml", "/sitemap-releases.xml"),
    ("/sitemap-releases.xml", "/visible-release-title/"),
    ("/sitemap-archives.xml", "/en/releases/2022/01/"),
    ("/sitemap-officials.xml", "/en/officials/visible-member/"),
    ("/sitemap-countries.xml", "/en/countries/kz/"),
    ("/sitemap-tags.xml", "/en/tags/shared-tag/"),
    ("/sitemap-meetings.xml", "/en/meetings/{meeting}/"),
    ("{visible_url}", '"headline": "Visible release title"'),
    ("/en/meetings/{meeting}/", '"@type": "Event"'),
    ("/en/officials/visible-member/", '"@type": "Person"'),
]


@pytest.fixture
def world(request):
    """A visible release, and a hidden one in ``request.param`` state sharing its objects."""
    state = request.param
    member = OfficialFactory(full_name="Visible Member")
    shared_tag = Tag.objects.create(name="Shared tag", slug="shared-tag")
    meeting = MeetingFactory(host_country=country("KZ"), participants=[member])
    visible = ArchiveReleaseFactory(
        title="Visible release title",
        body="Visible body, in full in each feed entry.",
        officials=[member],
        countries=[country("KZ")],
        tags=[shared_tag],
        meeting=meeting,
    )

    secret_person = OfficialFactory(full_name="Secret Person", country=country("FR"))
    secret_tag = Tag.objects.create(name="Secret tag", slug="secret-tag")
    secret_meeting = MeetingFactory(
        host_country=country("FR"),
        participants=[member, secret_person],
        description="Secret meeting",
    )
    hidden_time = (
        None if state == "scheduled" else timezone.make_aware(datetime.datetime(2019, 7, 1, 12, 0))
    )
    extra = {"published_at": hidden_time} if hidden_time else {}
    hidden = ArchiveReleaseFactory(
        state=state,
        title="Hidden release title",
        lead="Hidden lead",
        body="Hidden body, in no feed.",
        officials=[member, secret_person],
        countries=[country("KZ"), country("FR")],
        tags=[shared_tag, secret_tag],
        meeting=meeting,
        **extra,
    )
    ArchiveReleaseFactory(
        state=state, title="Hidden report of the secret meeting", meeting=secret_meeting
    )
    local = timezone.localtime(hidden.published_at)
    return {
        "visible_url": visible.get_absolute_url(),
        "meeting": meeting.pk,
        "secret_meeting": secret_meeting.pk,
        "forbidden": [
            "Hidden",
            "hidden-",
            "Secret",
            "secret-",
            "/en/countries/fr/",
            f"/en/meetings/{secret_meeting.pk}/",
            f"meeting-{secret_meeting.pk}@",
            f"/en/releases/{local.year}/",
            f"/en/releases/{local:%Y/%m}/",
        ],
    }


@pytest.mark.parametrize("world", HIDDEN_STATES, indirect=True)
@pytest.mark.parametrize(("surface", "expected"), SURFACES)
def test_hidden_release_never_appears(client, world, surface, expected):
    path = surface.format(**world)

    response = client.get(path)

    assert response.status_code == 200, path
    body = response.content.decode()
    assert expected.format(**world) in body
    if "/feed." in path or "/feeds/" in path:
        # Entries carry whole bodies: the visible one's, so the hidden one's would show.
        assert "&lt;p&gt;Visible body, in full in each feed entry.&lt;/p&gt;" in body
    for text in world["forbidden"]:
        assert text not in body, (path, text)


@pytest.mark.parametrize("world", HIDDEN_STATES, indirect=True)
@pytest.mark.parametrize(
    "surface",
    [
        "/en/officials/secret-person/feed.atom",
        "/en/officials/secret-person/feed.rss",
        "/en/officials/secret-person/meetings.ics",
        "/en/countries/fr/feed.atom",
        "/en/countries/fr/feed.rss",
        "/en/countries/fr/meetings.ics",
        "/en/tags/secret-tag/feed.atom",
        "/en/tags/secret-tag/feed.rss",
        "/en/meetings/{secret_meeting}/",
    ],
)
def test_objects_known_only_from_hidden_releases_have_no_feed_or_page(client, world, surface):
    path = surface.format(**world)

    response = client.get(path)

    assert response.status_code == 404, path
    assert b"Hidden" not in response.content
    assert b"Secret" not in response.content
