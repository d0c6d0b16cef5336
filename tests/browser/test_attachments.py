"""A release with a photo, a document and a press contact, in a real browser: an officer
writes it, uploading the photo from the release form, and submits it; an editor
publishes it; the public then sees the photo's renditions, the document and the contact.
While it is a draft, its photo and document answer 404 to the public."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from releases.models import Release
from tests.browser.conftest import STAFF_PASSWORD
from tests.factories import PDF, PressContactFactory, UserFactory
from tests.images import image_bytes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Milli Majlis and Senate of Kazakhstan Sign a Joint Statement"


def anonymous_status(path):
    """What the site's media view answers a reader. Asked in the process: Django's live
    test server serves the media folder itself, around the site's own view."""
    response = Client().get(path)
    if response.streaming:
        b"".join(response.streaming_content)  # read to its end, the file closes
    return response.status_code


def test_officer_adds_photo_document_and_contact_editor_publishes_public_sees(
    log_in, show_version, new_context, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    UserFactory(username="officer", password=STAFF_PASSWORD, groups=["Press officer"])
    UserFactory(username="editor", password=STAFF_PASSWORD, groups=["Editor"])
    PressContactFactory(name="Leyla Aliyeva", role="Head of press", email="press@example.org")

    page = log_in("officer")
    page.goto("/admin/releases/release/add/")
    show_version(page, "English")
    page.get_by_label("Title (English):").press_sequentially(TITLE)
    page.get_by_label("Body (English):").fill(
        "## The statement\n\nThe parliaments signed **a joint statement** in Astana."
    )
    page.get_by_label("Press contact:").select_option(label="Leyla Aliyeva, Head of press")

    # The photo: uploaded to the library from the release form's "+" beside the choice.
    with page.expect_popup() as opened:
        page.locator("#add_id_release_photos-0-photo").click()
    popup = opened.value
    popup.locator("#id_image").set_input_files(
        {
            "name": "signing.jpg",
            "mimeType": "image/jpeg",
            "buffer": image_bytes("JPEG", (1000, 600)),
        }
    )
    popup.locator("#id_caption_en").fill("The Speakers sign the statement")
    popup.locator("#id_alt_text_en").fill("Two speakers signing at a table")
    popup.get_by_role("button", name="Save", exact=True).click()
    popup.wait_for_event("close")
    expect(page.locator("#id_release_photos-0-photo")).not_to_have_value("")

    page.locator("#id_documents-0-file").set_input_files(
        {"name": "joint-statement.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.locator("#id_documents-0-title").fill("The joint statement")
    page.locator("#id_documents-0-language").select_option("en")
    page.get_by_role("button", name="Submit for review", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text(f"“{TITLE}”: submit for review done.")

    release = Release.objects.get(title=TITLE)
    [photo] = release.photo_list
    [document] = release.documents.all()
    assert (release.status, release.body_format, release.press_contact.name) == (
        Release.Status.SUBMITTED,
        "markdown",
        "Leyla Aliyeva",
    )
    assert (photo.caption_en, photo.alt_text_en, photo.width) == (
        "The Speakers sign the statement",
        "Two speakers signing at a table",
        1000,
    )
    # Not public yet: its photo, a rendition and the document are not found.
    for path in (photo.image.url, photo.r800_webp.url, document.file.url):
        assert anonymous_status(path) == 404

    page = log_in("editor")
    page.goto(f"/admin/releases/release/{release.pk}/change/")
    page.get_by_role("button", name="Publish now").click()
    expect(page.locator(".messagelist")).to_contain_text(f"“{TITLE}”: publish done.")
    release.refresh_from_db()
    assert release.is_published()

    reader = new_context().new_page()
    reader.goto(release.get_absolute_url())
    expect(reader.locator(".release__body h3")).to_have_text("The statement")
    expect(reader.locator(".release__body strong")).to_have_text("a joint statement")
    image = reader.locator(".release__figure img")
    expect(image).to_have_attribute("alt", "Two speakers signing at a table")
    assert "/media/renditions/" in reader.locator(".release__figure source").get_attribute("srcset")
    # The browser loaded a rendition (WebP, as Chromium takes it), not the original.
    expect(image).to_have_js_property("complete", True)
    loaded = image.evaluate("img => img.currentSrc")
    assert "/media/renditions/" in loaded and loaded.endswith(".webp")
    assert image.evaluate("img => img.naturalWidth") > 0
    link = reader.get_by_role("link", name="The joint statement")
    expect(link).to_have_attribute("href", document.file.url)
    expect(reader.locator(".release__documents")).to_contain_text("(PDF, ")
    expect(reader.locator(".release__contact")).to_contain_text("Leyla Aliyeva, Head of press")
    expect(reader.get_by_role("link", name="press@example.org")).to_be_visible()
    assert anonymous_status(document.file.url) == 200
