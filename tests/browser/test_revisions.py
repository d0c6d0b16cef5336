"""The revisions page in a real browser: the comparison fits a 1280 px window, even
with a word as long as a pasted address, and restoring still works."""

import pytest
import reversion
from playwright.sync_api import expect

from releases.models import Release
from tests.factories import ReleaseFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery staple"
# One "word" of 300 characters: an address pasted into the text.
LONG_URL = "https://example.org/" + "a" * 280
OLD_BODY = (
    "Chairperson Maulen Ashimbayev met the delegation of the Milli Majlis in Astana. "
    f"The programme of the visit is at {LONG_URL} for the press."
)
# Changed next to the address, so that the comparison shows it.
NEW_BODY = OLD_BODY.replace(" met ", " received ").replace("for the press", "for journalists")


def _release_with_two_revisions():
    release = ReleaseFactory(title="Visit to Astana", body=OLD_BODY)
    with reversion.create_revision():
        release.save()
    with reversion.create_revision():
        release.body = NEW_BODY
        release.save()
    return release


def test_comparison_with_a_long_address_fits_a_1280_px_window(log_in, new_context):
    UserFactory(username="editor", groups=["Editor"])
    release = _release_with_two_revisions()
    page = log_in("editor", password=PASSWORD, viewport={"width": 1280, "height": 800})

    page.goto(f"/admin/releases/release/{release.pk}/revisions/")
    page.get_by_role("button", name="Compare the two chosen revisions").click()

    expect(page.get_by_role("heading", name="Comparison")).to_be_visible()
    expect(page.locator(".comparison ins")).to_have_text(["received", "journalists."])
    expect(page.locator(".comparison")).to_contain_text(LONG_URL)
    # The compare form is sent by GET, and the token stays out of the address.
    assert "a=" in page.url and "b=" in page.url
    assert "csrfmiddlewaretoken" not in page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


def test_restoring_from_the_revisions_page_posts_and_restores(log_in, new_context):
    UserFactory(username="editor", groups=["Editor"])
    release = _release_with_two_revisions()
    page = log_in("editor", password=PASSWORD)

    page.goto(f"/admin/releases/release/{release.pk}/revisions/")
    page.get_by_role("button", name="Restore this revision").click()

    expect(page.locator(".messagelist")).to_contain_text(
        "The earlier revision is restored, as a new revision."
    )
    assert page.url.endswith(f"/admin/releases/release/{release.pk}/change/")
    assert Release.objects.get(pk=release.pk).body == OLD_BODY
