"""A release page's photos (renditions with srcset), documents, press contact and related
releases; the cards' lead photos; their JSON-LD; and the page cache after they change."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    DocumentFactory,
    MeetingFactory,
    OfficialFactory,
    PhotoFactory,
    PressContactFactory,
    ReleaseFactory,
    ReleasePhotoFactory,
    baku,
    country,
)
from tests.images import empty_media_root
from tests.public.test_structured_data import json_ld

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    return empty_media_root(settings, tmp_path)


def page(client, release):
    response = client.get(release.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def srcset(photo, fmt, widths=(400, 800)):
    shown = {400: 400, 800: 800, 1200: photo.width}
    return ", ".join(f"{photo.rendition(w, fmt).url} {shown[w]}w" for w in widths)


def test_the_lead_photo_is_a_picture_of_renditions_and_the_rest_a_gallery(client):
    release = ReleaseFactory()
    lead = PhotoFactory(caption="The delegations", alt_text="Two delegations at a table")
    second = PhotoFactory(caption="The signing", credit="Photo service")
    ReleasePhotoFactory(release=release, photo=second, position=2)
    ReleasePhotoFactory(release=release, photo=lead, position=1)

    html = page(client, release)

    figure = html.split('<figure class="release__figure">')[1]
    assert f'<source type="image/webp" srcset="{srcset(lead, "webp", (400, 800, 1200))}"' in figure
    assert f'srcset="{srcset(lead, "jpeg", (400, 800, 1200))}"' in figure
    assert 'sizes="(min-width: 50rem) 46rem, 100vw"' in figure
    assert 'alt="Two delegations at a table" width="1000" height="600"' in figure
    assert (
        '<figcaption>The delegations <span class="release__credit">'
        "Photo: Press service of the Milli Majlis</span></figcaption>"
    ) in figure
    gallery = html.split('class="release__gallery"')[1].split("</section>")[0]
    assert lead.image.name not in gallery
    assert second.r400_webp.url in gallery
    assert 'The signing <span class="release__credit">Photo: Photo service</span>' in gallery
    # The original file is never what the page loads.
    assert lead.image.url not in html


def test_documents_and_the_press_contact_are_listed(client):
    contact = PressContactFactory(
        name="Leyla Aliyeva", role="Head of press", phone="+994 12 555 01 02", email="l@x.az"
    )
    release = ReleaseFactory(press_contact=contact)
    statement = DocumentFactory(release=release, title="Joint statement", language="az")

    html = page(client, release)

    assert (
        f'<a href="{statement.file.url}" hreflang="az" type="application/pdf" download>'
        "Joint statement</a>"
    ) in html
    assert f"(PDF, {statement.size}\xa0bytes, {statement.get_language_display()})" in html
    assert re.search(
        r"Leyla Aliyeva, Head of press\s*<br><a href=\"tel:\+994125550102\">\+994 12 555 01 02</a>"
        r"\s*<br><a href=\"mailto:l@x.az\">l@x.az</a>",
        html,
    )


def test_the_json_ld_lists_documents_photos_and_the_contact(client):
    contact = PressContactFactory(name="Leyla Aliyeva", role="Head of press", phone="", email="")
    release = ReleaseFactory(press_contact=contact, body="One.\n\nTwo.")
    document = DocumentFactory(release=release, title="Joint statement")
    photo = PhotoFactory(caption="", alt_text="", credit="")
    ReleasePhotoFactory(release=release, photo=photo)

    [data] = json_ld(page(client, release))

    host = "http://testserver"
    assert data["articleBody"] == "One.\n\nTwo."
    assert data["image"] == [{"@type": "ImageObject", "contentUrl": host + photo.r1200_jpeg.url}]
    assert data["associatedMedia"] == [
        {
            "@type": "MediaObject",
            "name": "Joint statement",
            "contentUrl": host + document.file.url,
            "encodingFormat": "application/pdf",
            "contentSize": f"{document.size} B",
            "inLanguage": "en",
        }
    ]
    assert data["publisher"]["contactPoint"] == {
        "@type": "ContactPoint",
        "contactType": "press",
        "name": "Leyla Aliyeva",
        "description": "Head of press",
    }


def test_a_card_shows_its_lead_photos_thumbnail(client):
    release = ReleaseFactory(title="With a photo")
    photo = PhotoFactory(alt_text="The hall")
    ReleasePhotoFactory(release=release, photo=photo)
    ReleaseFactory(title="Without one")

    html = client.get("/en/releases/").content.decode()

    cards = html.split('<article class="card')[1:]
    assert [("card--photo" in card, photo.r400_webp.url in card) for card in cards] == [
        (False, False),
        (True, True),
    ]


class TestRelated:
    @pytest.fixture
    def world(self):
        chair = OfficialFactory(full_name="Sahiba Gafarova")
        guest = OfficialFactory(full_name="Maulen Ashimbayev")
        meeting = MeetingFactory()
        kz = country("KZ")
        release = ReleaseFactory(
            meeting=meeting, officials=[chair, guest], countries=[kz], title="The release"
        )
        return release, chair, guest, meeting, kz

    def test_same_meeting_first_then_most_officials_then_countries(self, client, world):
        release, chair, guest, meeting, kz = world
        at = baku(2022, 1, 1, 10, 0)
        by_country = ReleaseFactory(title="Country only", countries=[kz], published_at=at)
        one_official = ReleaseFactory(title="One official", officials=[chair], published_at=at)
        two_officials = ReleaseFactory(
            title="Two officials", officials=[chair, guest], published_at=at
        )
        same_meeting = ReleaseFactory(title="Same meeting", meeting=meeting, published_at=at)
        ReleaseFactory(title="Unrelated", published_at=at)
        ReleaseFactory(title="Draft of the meeting", meeting=meeting, draft=True)

        response = client.get(release.get_absolute_url())

        assert response.context["related"] == [
            same_meeting,
            two_officials,
            one_official,
            by_country,
        ]
        section = response.content.decode().split('class="release__related"')[1]
        assert "Draft of the meeting" not in section and "Unrelated" not in section

    def test_a_release_sharing_nothing_lists_none_without_a_query(self, client):
        release = ReleaseFactory()

        response = client.get(release.get_absolute_url())

        assert response.context["related"] == []
        assert "release__related" not in response.content.decode()

    @pytest.mark.usefixtures("page_cache_off")
    def test_the_same_queries_for_3_and_30_related_releases(self, client, world):
        release, chair, guest, meeting, kz = world

        def count():
            with CaptureQueriesContext(connection) as queries:
                client.get(release.get_absolute_url())
            return len(queries)

        for _ in range(3):
            ReleaseFactory(meeting=meeting, officials=[chair], countries=[kz])
        with_3 = count()
        for _ in range(27):
            ReleaseFactory(meeting=meeting, officials=[chair], countries=[kz])

        assert count() == with_3


class TestFreshness:
    """The release page is kept whole; a change to what it shows makes it afresh."""

    @pytest.fixture
    def kept(self, client):
        release = ReleaseFactory(press_contact=PressContactFactory(name="Leyla Aliyeva"))
        photo = PhotoFactory(caption="Old caption")
        ReleasePhotoFactory(release=release, photo=photo)
        url = release.get_absolute_url()
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"
        return release, photo, url

    def fresh(self, client, url, text):
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss"
        assert text in response.content.decode()

    def test_a_new_caption(self, client, kept):
        release, photo, url = kept
        photo.caption = "New caption"
        photo.save()
        self.fresh(client, url, "New caption")

    def test_a_new_document(self, client, kept):
        release, photo, url = kept
        DocumentFactory(release=release, title="Added statement")
        self.fresh(client, url, "Added statement")

    def test_a_renamed_contact(self, client, kept):
        release, photo, url = kept
        contact = release.press_contact
        contact.name = "Rashad Mammadov"
        contact.save()
        self.fresh(client, url, "Rashad Mammadov")
