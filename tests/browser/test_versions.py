"""Three versions in a real browser: an editor writes them in the admin and schedules
the release a few seconds ahead; no version is public before that time, all three are
after it, with nothing else running in between."""

import datetime
import time

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect

from releases.models import Release
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Baku-Senate-2022"
LANGUAGE_NAMES = {"az": "Azerbaijani", "en": "English", "ru": "Russian"}
# Seconds between scheduling and the release's time: enough to check every address
# while it is still hidden.
AHEAD = 20
VERSIONS = {
    "az": {
        "title": "Milli Məclisin Sədri TürkPA-nın Baş katibi ilə görüşüb",
        "slug": "milli-məclisin-sədri-türkpa-nın-baş-katibi-ilə-görüşüb",
        "address": "milli-meclisin-sedri-turkpa-nin-bas-katibi-ile-gorusub",
        "body": "Milli Məclisin Sədri Sahibə Qafarova TürkPA-nın Baş katibi ilə görüşüb.",
    },
    "en": {
        "title": "Chair of the Milli Majlis Meets TurkPA Secretary General",
        "slug": "chair-of-the-milli-majlis-meets-turkpa-secretary-general",
        "address": "chair-of-the-milli-majlis-meets-turkpa-secretary-general",
        "body": "The Chair of the Milli Majlis Sahiba Gafarova met the TurkPA Secretary General.",
    },
    "ru": {
        "title": "Председатель Милли Меджлиса встретилась с генсекретарём ТюркПА",
        "slug": "председатель-милли-меджлиса-встретилась-с-генсекретарём-тюркпа",
        "address": "predsedatel-milli-medzhlisa-vstretilas-s-gensekretaryom-tyurkpa",
        "body": "Председатель Милли Меджлиса Сахиба Гафарова встретилась с генсекретарём ТюркПА.",
    },
}


def _lists(lang):
    with translation.override(lang):
        return [reverse("releases:home"), reverse("releases:release_index")]


def _check_readers(new_context, release, *, public):
    """What a reader of each language finds: the version's page and the lists."""
    for lang, version in VERSIONS.items():
        # A reader whose browser asks for the language: the page is in it, with or
        # without a language prefix in its address.
        reader = new_context(locale=lang).new_page()
        response = reader.goto(release.get_absolute_url(lang))
        if public:
            assert response.status == 200
            expect(reader.get_by_role("heading", level=1)).to_have_text(version["title"])
            expect(reader.locator(".release__body p")).to_have_text([version["body"]])
        else:
            assert response.status == 404
            expect(reader.locator("body")).not_to_contain_text(version["title"])
        for address in _lists(lang):
            assert reader.goto(address).status == 200
            titles = reader.get_by_role("link", name=version["title"], exact=True)
            expect(titles).to_have_count(1 if public else 0)
        reader.context.close()


def test_three_versions_scheduled_go_live_together(log_in, show_version, new_context, live_server):
    UserFactory(username="editor", password=PASSWORD, groups=["Editor"])
    page = log_in("editor")
    page.goto("/admin/releases/release/add/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add release")

    page.locator("#id_primary_language").select_option("az")
    for lang, version in VERSIONS.items():
        show_version(page, LANGUAGE_NAMES[lang])
        # Typed key by key, so the admin's script fills the address from the title,
        # keeping the letters of each alphabet.
        title = page.locator(f"#id_title_{lang}")
        title.press_sequentially(version["title"])
        # Letters beyond the keyboard's are typed without key events: one more key, so
        # the script reads the whole title.
        title.press("End")
        slug = page.locator(f"#id_slug_{lang}")
        expect(slug).to_have_value(version["slug"])
        # The public addresses take Latin letters only for now: a Latin one is typed.
        slug.fill(version["address"])
        page.locator(f"#id_body_{lang}").fill(version["body"])
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    release = Release.objects.get()
    assert release.written_languages == ["az", "en", "ru"]
    assert (release.status, release.published_languages) == (Release.Status.DRAFT, "")

    # Scheduled a few seconds ahead, in Baku time as the form shows it.
    when = timezone.localtime() + datetime.timedelta(seconds=AHEAD)
    page.locator("#id_published_at_0").fill(f"{when:%Y-%m-%d}")
    page.locator("#id_published_at_1").fill(f"{when:%H:%M:%S}")
    primary = page.locator(".submit-row .workflow-primary")
    expect(primary).to_have_text(f"Schedule for {when:%d.%m.%Y %H:%M}")
    primary.click()
    expect(page.locator(".messagelist li").first).to_have_text(
        f"“{VERSIONS['en']['title']}”: publish done."
    )
    release.refresh_from_db()
    assert release.status == Release.Status.PUBLISHED
    assert release.published_languages == "az en ru"
    assert release.published_at == when.replace(microsecond=0)

    _check_readers(new_context, release, public=False)
    assert timezone.now() < release.published_at, "the checks took longer than the schedule"

    # Nothing runs in between: the time alone makes the three versions public.
    time.sleep(max(0, (release.published_at - timezone.now()).total_seconds()) + 1)
    _check_readers(new_context, release, public=True)
