"""The editorial workflow in a real browser: review and scheduling, and an edit conflict
between two people working on the same release at once."""

import datetime

import pytest
import reversion
from django.utils import timezone
from playwright.sync_api import expect

from releases.models import Release, WorkflowEvent
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Baku-Senate-2022"
TITLE = "Milli Majlis Delegation to Address the OSCE Parliamentary Assembly"
SLUG = "milli-majlis-delegation-to-address-the-osce-parliamentary-assembly"
BODY = "The delegation will address the winter session of the OSCE Parliamentary Assembly."


def test_officer_submits_editor_schedules_it_appears_on_time(
    log_in, show_version, new_context, live_server, sample_content, monkeypatch
):
    UserFactory(username="officer", password=PASSWORD, groups=["Press officer"])
    editor = UserFactory(username="editor", password=PASSWORD, groups=["Editor"])

    # The press officer writes the draft and submits it for review in one go.
    page = log_in("officer")
    page.goto("/admin/releases/release/add/")
    show_version(page, "English")
    page.get_by_label("Title (English):").press_sequentially(TITLE)
    expect(page.get_by_label("Web address (English):")).to_have_value(SLUG)
    page.get_by_label("Body (English):").fill(BODY)
    # No publish button for a press officer, only the review step.
    expect(page.locator("button[name=_workflow]")).to_have_text(["Submit for review"])
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messagelist")).to_contain_text(f"“{TITLE}”: submit for review done.")
    release = Release.objects.get(slug=SLUG)
    assert release.status == Release.Status.SUBMITTED

    # The editor schedules it two minutes ahead, Baku time.
    page = log_in("editor")
    page.goto(f"/admin/releases/release/{release.pk}/change/")
    expect(page.locator(".workflow-summary")).to_contain_text("Submitted for review")
    when = (timezone.localtime() + datetime.timedelta(minutes=2)).replace(microsecond=0)
    page.locator("#id_published_at_0").fill(f"{when:%d/%m/%Y}")
    page.locator("#id_published_at_1").fill(f"{when:%H:%M:%S}")
    # The primary button says what pressing it will do with that time.
    primary = page.locator(".submit-row .workflow-primary")
    expect(primary).to_have_text(f"Schedule for {when:%d.%m.%Y %H:%M}")
    primary.click()
    expect(page.locator(".messagelist")).to_contain_text(f"“{TITLE}”: publish done.")
    release.refresh_from_db()
    assert release.status == Release.Status.PUBLISHED
    assert release.published_at == when
    assert release.is_scheduled
    assert release.events.filter(action=WorkflowEvent.Action.SCHEDULED).get().user == editor
    expect(page.locator("#result_list")).to_contain_text(f"Scheduled for {when:%d %b %Y %H:%M}")
    public_path = release.get_absolute_url()

    # The public sees nothing of it yet.
    reader = new_context().new_page()
    reader.goto("/")
    expect(reader.locator(".card__title")).to_have_count(2)
    expect(reader.get_by_text(TITLE)).to_have_count(0)
    assert reader.goto(public_path).status == 404
    expect(reader.get_by_role("heading", level=1)).to_have_text("Page not found")

    # Time passes. The live server runs in a thread of this process, so moving
    # ``django.utils.timezone.now`` (which ``published()`` reads) moves its clock
    # too: three minutes on, past the scheduled time, without waiting for them and
    # without any job running in between.
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + datetime.timedelta(minutes=3))

    reader.goto("/")
    expect(reader.locator(".card__title")).to_have_count(3)
    expect(reader.locator(".card__title").first).to_have_text(TITLE)
    response = reader.goto(public_path)
    assert response.status == 200
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(reader.locator(".release__body p")).to_have_text([BODY])


def test_edit_conflict_keeps_the_second_persons_text(
    log_in, show_version, new_context, live_server, sample_content
):
    UserFactory(username="officer", password=PASSWORD, groups=["Press officer"])
    UserFactory(username="editor", password=PASSWORD, groups=["Editor"])
    with reversion.create_revision():
        release = Release.objects.create(
            title="Budget debate",
            slug="budget-debate",
            body="The text as drafted.",
            # Whole seconds, as the admin form shows and saves them.
            published_at=timezone.now().replace(microsecond=0),
        )
    url = f"/admin/releases/release/{release.pk}/change/"

    officer = log_in("officer")
    officer.goto(url)
    editor = log_in("editor")
    editor.goto(url)
    # Each sees that the other has the release open (the officer only after reloading).
    expect(editor.locator(".workflow-summary")).to_contain_text(
        "officer is editing this release too."
    )

    # Written in Azerbaijani first (the default original): its tab is open.
    show_version(officer, "English")
    officer.get_by_label("Body (English):").fill("The officer's corrected text.")
    officer.get_by_role("button", name="Save", exact=True).click()
    expect(officer.locator(".messagelist")).to_contain_text("was changed successfully")

    show_version(editor, "English")
    editor.get_by_label("Body (English):").fill("The editor's own text.")
    editor.get_by_role("button", name="Save", exact=True).click()

    expect(editor.locator(".errorlist.nonfield")).to_contain_text(
        "Someone else saved this release after you opened it (officer, "
    )
    expect(editor.get_by_role("alert")).to_contain_text(
        "Changed by someone else since you opened it"
    )
    expect(editor.get_by_role("alert").locator("tbody tr")).to_have_text(
        ["Body (English)The text as drafted.The officer's corrected text."]
    )
    expect(editor.get_by_label("Body (English):")).to_have_value("The editor's own text.")
    release.refresh_from_db()
    assert release.body == "The officer's corrected text."

    # Saving again, knowingly, keeps the editor's version.
    editor.get_by_role("button", name="Save", exact=True).click()
    expect(editor.locator(".messagelist")).to_contain_text("was changed successfully")
    release.refresh_from_db()
    assert release.body == "The editor's own text."
    assert release.updated_by.username == "editor"
