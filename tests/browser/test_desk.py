"""The desk in a real browser: an officer writes a release (it saves itself and
survives a reload), submits it with the primary button; the editor finds it on the
desk and is emailed; presence lasts while the other form is open, and ends soon after
its tab closes; a published release's unsaved edits are kept apart and offered back."""

import re

import pytest
from playwright.sync_api import expect

from releases.models import Release, ReleaseAutosave, WorkflowEvent
from tests.factories import ReleaseFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Baku-Senate-2022"
TITLE = "Milli Majlis Delegation Meets the Speaker of the Grand National Assembly"
BODY = "The delegation discussed the work of the interparliamentary friendship group."


@pytest.fixture
def fast(settings):
    """Autosave every second, a heartbeat every second, gone after three."""
    settings.NEWSROOM_AUTOSAVE_SECONDS = 1
    settings.NEWSROOM_PRESENCE = {"HEARTBEAT_SECONDS": 1, "EXPIRES_SECONDS": 3}


def test_officer_writes_reloads_submits_and_the_editor_finds_it_on_the_desk(
    log_in, show_version, fast, mailoutbox, settings
):
    officer = UserFactory(username="officer", password=PASSWORD, groups=["Press officer"])
    UserFactory(username="editor", password=PASSWORD, groups=["Editor"], email="ed@example.org")

    page = log_in("officer")
    page.goto("/admin/releases/release/add/")
    expect(page.locator("#suggest-links-button")).to_be_disabled()
    show_version(page, "English")
    page.get_by_label("Title (English):").press_sequentially(TITLE[:20])
    page.get_by_label("Body (English):").fill(BODY)
    # The first autosave with a title and a body creates the draft; the form becomes
    # its edit form, and Suggest links works.
    expect(page.locator("#autosave-status")).to_have_text(re.compile(r"^Saved at \d\d:\d\d$"))
    release = Release.objects.get()
    assert (release.status, release.created_by, release.body_en) == ("draft", officer, BODY)
    expect(page).to_have_url(re.compile(rf"/admin/releases/release/{release.pk}/change/$"))
    expect(page.locator("#suggest-links-button")).to_be_enabled()

    # Mid-sentence, the browser reloads: the text written since is saved too.
    title = page.get_by_label("Title (English):")
    title.press("End")
    title.press_sequentially(TITLE[20:])
    stored_title = saved_value(page, release, "title_en", TITLE)
    assert stored_title == TITLE
    page.reload()
    show_version(page, "English")
    expect(page.get_by_label("Title (English):")).to_have_value(TITLE)
    expect(page.get_by_label("Body (English):")).to_have_value(BODY)
    # Saved by itself, no revision for each autosave: only the one of its creation.
    assert list(release.events.values_list("action", flat=True)) == [WorkflowEvent.Action.CREATED]

    # Suggest links pressed straight after writing, long before the next autosave is
    # due: what was just written is saved first.
    settings.NEWSROOM_AUTOSAVE_SECONDS = 600
    page.reload()
    show_version(page, "English")
    body = page.get_by_label("Body (English):")
    body.press("End")
    body.press_sequentially(" More.")
    page.get_by_role("button", name="Suggest links").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Suggested links")
    release.refresh_from_db()
    assert release.body_en == BODY + " More."
    settings.NEWSROOM_AUTOSAVE_SECONDS = 1
    page.goto(f"/admin/releases/release/{release.pk}/change/")

    # The primary button is the next step, and it submits.
    primary = page.locator(".submit-row .workflow-primary")
    expect(primary).to_have_text("Submit for review")
    primary.click()
    expect(page.locator(".messagelist")).to_contain_text(f"“{TITLE}”: submit for review done.")
    release.refresh_from_db()
    assert release.status == Release.Status.SUBMITTED
    [email] = mailoutbox
    assert (email.to, email.subject) == (["ed@example.org"], f"Awaiting review: “{TITLE}”")

    editor = log_in("editor")
    editor.goto("/admin/")
    queue = editor.locator(".desk-review")
    expect(queue.locator("h2")).to_have_text("Awaiting review 1")
    expect(queue.get_by_role("link", name=TITLE)).to_have_attribute(
        "href", f"/admin/releases/release/{release.pk}/change/"
    )
    expect(editor.locator("#content-main")).not_to_contain_text("Taggit")


def saved_value(page, release, name, expected, seconds=5):
    """``release``'s column ``name`` once an autosave has stored ``expected`` (or as it
    is after ``seconds``)."""
    for _ in range(seconds * 10):
        release.refresh_from_db()
        if getattr(release, name) == expected:
            break
        page.wait_for_timeout(100)
    return getattr(release, name)


def test_presence_ends_soon_after_the_other_tab_closes(log_in, fast):
    UserFactory(username="officer", password=PASSWORD, groups=["Press officer"])
    UserFactory(username="editor", password=PASSWORD, groups=["Editor"])
    release = ReleaseFactory(draft=True, title="Budget debate", slug="budget-debate")
    url = f"/admin/releases/release/{release.pk}/change/"

    editor = log_in("editor")
    editor.goto(url)
    officer = log_in("officer")
    officer.goto(url)
    expect(officer.locator("#release-presence")).to_have_text(
        "⚠ editor is editing this release too."
    )
    # The editor's form appears on the officer's at its next heartbeat, without a reload.
    expect(editor.locator("#release-presence")).to_have_text(
        "⚠ officer is editing this release too."
    )

    editor.close(run_before_unload=True)

    expect(officer.locator("#release-presence")).to_have_text("", timeout=5_000)


def test_a_published_releases_edits_are_kept_apart_and_offered_back(
    log_in, show_version, fast, new_context
):
    UserFactory(username="editor", password=PASSWORD, groups=["Editor"])
    release = ReleaseFactory(title="Live release", slug="live-release", body="As published.")
    url = f"/admin/releases/release/{release.pk}/change/"

    page = log_in("editor")
    page.goto(url)
    show_version(page, "English")
    page.get_by_label("Body (English):").fill("A correction not saved yet.")
    expect(page.locator("#autosave-status")).to_contain_text("Kept for you, not public")
    release.refresh_from_db()
    assert release.body_en == "As published."
    kept = ReleaseAutosave.objects.get(release=release)
    assert kept.fields["body_en"] == "A correction not saved yet."

    # The browser crashed; opened again (on a laptop set to another time zone), the form
    # offers the text back, and times are Baku time without Django's note contradicting it.
    page.close()
    page = log_in("editor", timezone_id="Europe/London")
    page.goto(url)
    expect(page.locator(".timezonewarning")).to_have_count(1)
    expect(page.locator(".timezonewarning").first).to_be_hidden()
    expect(page.locator(".field-published_at .help:not(.timezonewarning)")).to_contain_text(
        "Baku time."
    )
    expect(page.locator("#autosave-kept")).to_contain_text("It is kept for you.")
    page.get_by_role("button", name="Put my text back").click()
    show_version(page, "English")
    expect(page.get_by_label("Body (English):")).to_have_value("A correction not saved yet.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    release.refresh_from_db()
    assert release.body_en == "A correction not saved yet."
    assert not ReleaseAutosave.objects.exists()
