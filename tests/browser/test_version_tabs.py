"""The release form's versions as tabs, in a real browser: each tab names its language
and state, the original marked; a tab shows its version's fields; a missing version is
marked; after an error, the tab holding it is open. Without JavaScript every version's
fieldset is shown, as before."""

import re

import pytest
from playwright.sync_api import expect

from releases.models import Release
from tests.factories import ReleaseFactory, UserFactory

PASSWORD = "Baku-Senate-2022"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def release():
    """Published in Azerbaijani (its original) and English; no Russian version yet."""
    UserFactory(username="editor", password=PASSWORD, groups=["Editor"])
    return ReleaseFactory(
        primary_language="az",
        title_az="Milli Məclisin Sədri TürkPA-nın Baş katibi ilə görüşüb",
        slug_az="sedr-turkpa",
        body_az="Milli Məclisin Sədri TürkPA-nın Baş katibi ilə görüşüb.",
        title="Chair meets the TurkPA Secretary General",
        slug="chair-meets-turkpa",
        published_languages="az en",
    )


def change_form(log_in, release, **context_kwargs):
    page = log_in("editor", password=PASSWORD, **context_kwargs)
    page.goto(f"/admin/releases/release/{release.pk}/change/")
    return page


def test_the_tabs_name_each_version_and_switch_between_them(log_in, show_version, release):
    page = change_form(log_in, release)

    tabs = page.get_by_role("tablist").get_by_role("tab")
    expect(tabs).to_have_text(
        ["Azerbaijani (original): published", "English: published", "Russian: missing"]
    )
    for tab, selected in zip(tabs.all(), ["true", "false", "false"], strict=True):
        expect(tab).to_have_attribute("aria-selected", selected)
    expect(tabs.nth(0)).to_have_class(re.compile(r"\bversion-tab--original\b"))
    expect(tabs.nth(2)).to_have_class(re.compile(r"\bversion-tab--missing\b"))
    expect(tabs.nth(1)).not_to_have_class(re.compile(r"\bversion-tab--missing\b"))
    expect(page.locator("#id_title_az")).to_be_visible()
    expect(page.locator("#id_title_en")).to_be_hidden()

    show_version(page, "English")
    expect(page.locator("#id_title_en")).to_be_visible()
    expect(page.locator("#id_title_en")).to_have_value("Chair meets the TurkPA Secretary General")
    expect(page.locator("#id_title_az")).to_be_hidden()
    panel = page.get_by_role("tabpanel")
    expect(panel).to_have_count(1)
    expect(panel).to_have_attribute("aria-labelledby", tabs.nth(1).get_attribute("id"))

    # The keyboard moves between the tabs, round from the last to the first.
    tabs.nth(1).press("ArrowRight")
    expect(tabs.nth(2)).to_be_focused()
    expect(tabs.nth(2)).to_have_attribute("aria-selected", "true")
    expect(page.locator("#id_title_ru")).to_be_visible()
    expect(page.locator("#id_title_ru")).to_have_value("")
    tabs.nth(2).press("ArrowRight")
    expect(tabs.nth(0)).to_have_attribute("aria-selected", "true")
    tabs.nth(0).press("End")
    expect(tabs.nth(2)).to_be_focused()


def test_an_error_in_the_russian_version_opens_its_tab(log_in, show_version, release):
    page = change_form(log_in, release)

    show_version(page, "Russian")
    page.locator("#id_title_ru").fill("Председатель встретилась с генсекретарём ТюркПА")
    page.locator("#id_slug_ru").fill("not an address!")
    page.locator("#id_body_ru").fill("Председатель встретилась с генсекретарём ТюркПА.")
    show_version(page, "Azerbaijani")
    page.get_by_role("button", name="Save and continue editing").click()

    expect(page.locator(".errornote")).to_be_visible()
    russian = page.get_by_role("tab", name=re.compile("^Russian"))
    expect(russian).to_have_attribute("aria-selected", "true")
    expect(russian).to_have_class(re.compile(r"\bversion-tab--error\b"))
    expect(russian).to_have_attribute("aria-describedby", "release-form-errors")
    expect(page.locator(".field-slug_ru .errorlist")).to_be_visible()
    expect(page.locator("#id_title_ru")).to_have_value(
        "Председатель встретилась с генсекретарём ТюркПА"
    )
    expect(page.get_by_role("tab", name=re.compile("^English"))).not_to_have_class(
        re.compile(r"\bversion-tab--error\b")
    )
    release.refresh_from_db()
    # Nothing of the Russian version was saved.
    assert release.written_languages == ["az", "en"]


def test_without_javascript_every_version_is_shown(log_in, release):
    page = change_form(log_in, release, java_script_enabled=False)

    expect(page.get_by_role("tab")).to_have_count(0)
    for lang in ("az", "en", "ru"):
        expect(page.locator(f"#id_title_{lang}")).to_be_visible()
    expect(page.locator("fieldset.release-version .fieldset-heading")).to_have_text(
        ["Azerbaijani (original): published", "English: published", "Russian: missing"]
    )
    assert Release.objects.get().published_languages == "az en"
