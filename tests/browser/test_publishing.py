"""Publishing in a real browser: a press officer writes a draft in the admin, an editor
publishes it, and only then does the public see it."""

import pytest
from playwright.sync_api import expect

from releases.models import Release
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Baku-Senate-2022"
TITLE = "Milli Majlis Delegation Attends TurkPA Plenary Session in Astana"
SLUG = "milli-majlis-delegation-attends-turkpa-plenary-session-in-astana"
PARAGRAPHS = [
    "A delegation of the Milli Majlis took part in the plenary session of the "
    "Parliamentary Assembly of Turkic States in Astana.",
    "The delegates discussed co-operation between the parliaments of the Turkic states "
    "and met members of the Senate of Kazakhstan.",
]


def test_officer_drafts_editor_publishes_public_sees(
    log_in, show_version, new_context, live_server, sample_content
):
    officer = UserFactory(username="officer", password=PASSWORD, groups=["Press officer"])
    editor = UserFactory(username="editor", password=PASSWORD, groups=["Editor"])

    # The press officer writes the release.
    page = log_in("officer")
    page.get_by_role("link", name="Releases", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Select release to change")
    page.get_by_role("link", name="Add release").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add release")
    # Officers cannot choose a status: it is shown, read-only, as Draft.
    expect(page.locator("#id_status")).to_have_count(0)
    expect(page.locator(".field-status .readonly")).to_have_text("Draft")

    # Typed key by key, so the admin's script fills the web address from the title.
    show_version(page, "English")
    page.get_by_label("Title (English):").press_sequentially(TITLE)
    expect(page.get_by_label("Web address (English):")).to_have_value(SLUG)
    page.get_by_label("Body (English):").fill("\n\n".join(PARAGRAPHS))
    page.get_by_label("Tags:").fill("TurkPA, Kazakhstan")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".messagelist")).to_have_text(
        f"The release “{TITLE}” was added successfully."
    )
    release = Release.objects.get(title=TITLE)
    assert release.slug == SLUG
    assert release.status == Release.Status.DRAFT
    assert release.paragraphs == PARAGRAPHS
    assert set(release.tags.names()) == {"TurkPA", "Kazakhstan"}
    assert release.created_by == officer
    assert release.updated_by == officer
    public_path = release.get_absolute_url()

    # Re-opened, the officer's change form still offers no status to choose.
    page.locator("#result_list").get_by_role("link", name=TITLE, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change release")
    expect(page.locator("#id_status")).to_have_count(0)
    expect(page.locator("select[name=status]")).to_have_count(0)
    expect(page.locator(".field-status .readonly")).to_have_text("Draft")
    expect(page.get_by_label("Tags:")).to_have_value("Kazakhstan, TurkPA")

    # The public cannot see the draft: not listed, and its address is not found.
    reader = new_context().new_page()
    reader.goto("/")
    expect(reader.locator(".card__title")).to_have_count(2)
    expect(reader.get_by_role("link", name=TITLE)).to_have_count(0)
    response = reader.goto(public_path)
    assert response.status == 404
    expect(reader.get_by_role("heading", level=1)).to_have_text("Page not found")

    # The editor publishes it.
    page = log_in("editor")
    page.goto(f"/admin/releases/release/{release.pk}/change/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Change release")
    # The status is not a field for editors either: they publish with a workflow button.
    expect(page.locator("select[name=status]")).to_have_count(0)
    expect(page.locator(".field-status .readonly")).to_have_text("Draft")
    page.get_by_role("button", name="Publish now").click()

    expect(page.locator(".messagelist li")).to_have_text(
        [f"“{TITLE}”: publish done.", f"The release “{TITLE}” was changed successfully."]
    )
    release.refresh_from_db()
    assert release.status == Release.Status.PUBLISHED
    assert release.updated_by == editor
    assert release.created_by == officer
    assert release.is_published()
    # A first publication goes out at the moment it is published (the same day, unless
    # midnight in Baku fell in between).
    public_path = release.get_absolute_url()

    # A new anonymous reader finds it on the home page, newest first.
    reader = new_context().new_page()
    reader.goto("/")
    expect(reader.locator(".card__title")).to_have_count(3)
    expect(reader.locator(".card__title").first).to_have_text(TITLE)
    reader.get_by_role("link", name=TITLE, exact=True).click()

    expect(reader).to_have_url(live_server.url + public_path)
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(reader.locator(".release__body p")).to_have_text(PARAGRAPHS)
    about = reader.get_by_role("region", name="About this release")
    tag_links = about.locator("h3:text-is('Tags') + p > a")
    expect(tag_links).to_have_count(2)
    tags = {link.text_content(): link.get_attribute("href") for link in tag_links.all()}
    assert tags == {"Kazakhstan": "/en/tags/kazakhstan/", "TurkPA": "/en/tags/turkpa/"}

    about.get_by_role("link", name="TurkPA", exact=True).click()
    expect(reader).to_have_url(live_server.url + "/en/tags/turkpa/")
    expect(reader.get_by_role("heading", level=1)).to_have_text("Releases tagged “TurkPA”")
    expect(reader.get_by_role("link", name=TITLE, exact=True)).to_be_visible()
