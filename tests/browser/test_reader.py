"""A reader on the public site, in a real browser: from the home page to a release,
its official and its countries; the skip link; no sideways scrolling on a phone."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from releases.models import Section

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

GAFAROVA_RELEASE = (
    "Chair of Milli Majlis Sahiba Gafarova Meets Chairman of Kazakhstan Parliament’s Senate"
)
ABDIKARIMOV_RELEASE = (
    "Ambassador Serjan Abdikarimov: ‘Kazakhstan Has Always Supported Azerbaijan’s "
    "Territorial Integrity’"
)
GAFAROVA_RELEASE_PATH = (
    "/en/releases/2022/03/28/"
    "chair-of-milli-majlis-sahiba-gafarova-meets-chairman-of-kazakhstan-parliaments-senate/"
)


def test_reader_goes_from_home_to_release_official_and_countries(page, live_server, sample_content):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Latest releases")
    # Newest first.
    expect(page.locator(".card__title")).to_have_text([GAFAROVA_RELEASE, ABDIKARIMOV_RELEASE])

    page.get_by_role("link", name=GAFAROVA_RELEASE, exact=True).click()

    expect(page).to_have_url(live_server.url + GAFAROVA_RELEASE_PATH)
    expect(page).to_have_title(f"{GAFAROVA_RELEASE} · Milli Majlis Press Office")
    expect(page.get_by_role("heading", level=1)).to_have_text(GAFAROVA_RELEASE)
    # The sample fixture spells this section "Chair`s Travels" (a backtick); compare
    # with what is stored rather than pin that spelling.
    section = Section.objects.get(slug="chairs-travels")
    expect(page.locator(".release__section")).to_have_text(section.name)
    expect(page.locator(".release__date")).to_have_text("28 March 2022 | 18:10")
    expect(page.locator(".release__body p")).to_have_count(12)
    expect(page.locator(".release__body p").first).to_have_text(
        "Chair of the Milli Majlis Sahiba Gafarova had a meeting with Chairman of the Senate "
        "of the Kazakh Parliament Maulen Ashimbayev on 28 March as part of the current working "
        "trip to the Republic of Kazakhstan."
    )
    expect(page.locator(".release__byline")).to_have_text(
        "The Press and Public Relations Department\nThe Milli Majlis", use_inner_text=True
    )
    footer = page.get_by_role("contentinfo")
    expect(footer.locator(".site-footer__about")).to_have_text(
        settings.NEWSROOM["STANDING_PARAGRAPH"]
    )

    about = page.get_by_role("region", name="About this release")
    officials = about.locator("h3:text-is('Officials') + ul > li")
    expect(officials).to_have_text(
        [
            "Maulen Ashimbayev, Chairman of the Senate of the Parliament of the Republic of "
            "Kazakhstan",
            "Sahiba Gafarova, Chair of the Milli Majlis",
        ]
    )
    countries = about.locator("h3:text-is('Countries') + p > a")
    expect(countries).to_have_text(["Azerbaijan", "Kazakhstan"])
    tags = about.locator("h3:text-is('Tags') + p > a")
    expect(tags).to_have_count(3)
    assert sorted(tags.all_text_contents()) == [
        "Inter-parliamentary relations",
        "Kazakhstan",
        "TurkPA",
    ]

    officials.get_by_role("link", name="Sahiba Gafarova", exact=True).click()

    expect(page).to_have_url(live_server.url + "/en/officials/sahiba-gafarova/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sahiba Gafarova")
    expect(page.locator(".profile__title")).to_have_text("Chair of the Milli Majlis")
    expect(page.locator(".profile__bio")).to_have_text(
        "Chair of the Milli Majlis of the Republic of Azerbaijan since March 2020."
    )
    her_releases = page.get_by_role("region", name="Releases", exact=True)
    expect(her_releases.locator(".card__title")).to_have_text([GAFAROVA_RELEASE])
    expect(her_releases.locator(".card__meta time")).to_have_text(["28 March 2022 | 18:10"])

    page.locator(".profile__header").get_by_role("link", name="Azerbaijan", exact=True).click()

    expect(page).to_have_url(live_server.url + "/en/countries/az/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Azerbaijan")
    expect(page.locator(".intro")).to_have_text("Republic of Azerbaijan")
    expect(
        page.get_by_role("region", name="Releases", exact=True).locator(".card__title")
    ).to_have_text([GAFAROVA_RELEASE, ABDIKARIMOV_RELEASE])

    # Back on the release, the other country it is about.
    page.go_back()
    page.go_back()
    expect(page).to_have_url(live_server.url + GAFAROVA_RELEASE_PATH)
    about.locator("h3:text-is('Countries') + p").get_by_role(
        "link", name="Kazakhstan", exact=True
    ).click()

    expect(page).to_have_url(live_server.url + "/en/countries/kz/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kazakhstan")
    expect(page.locator(".intro")).to_have_text("Republic of Kazakhstan")
    kz_releases = page.get_by_role("region", name="Releases", exact=True)
    expect(kz_releases.locator(".card__title")).to_have_text(
        [GAFAROVA_RELEASE, ABDIKARIMOV_RELEASE]
    )
    kz_releases.get_by_role("link", name=GAFAROVA_RELEASE, exact=True).click()
    expect(page).to_have_url(live_server.url + GAFAROVA_RELEASE_PATH)


def test_skip_link_is_the_first_thing_tab_reaches(page, sample_content):
    page.goto("/")

    page.keyboard.press("Tab")

    focused = page.evaluate(
        "() => ({text: document.activeElement.textContent.trim(),"
        " href: document.activeElement.getAttribute('href')})"
    )
    assert focused == {"text": "Skip to main content", "href": "#main"}
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()

    page.keyboard.press("Enter")

    # Focus moves into the content, so the next Tab starts there, not in the header.
    expect(page.locator("main#main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name=GAFAROVA_RELEASE, exact=True)).to_be_focused()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        GAFAROVA_RELEASE_PATH,
        "/en/releases/",
        "/en/officials/",
        "/en/officials/azay-guliyev/",
        "/en/countries/",
        "/en/countries/kz/",
        "/en/meetings/",
        "/en/meetings/1/",
        "/en/tags/inter-parliamentary-relations/",
    ],
)
def test_no_horizontal_scroll_on_a_phone(new_context, sample_content, path):
    page = new_context(viewport={"width": 390, "height": 844}).new_page()

    response = page.goto(path)

    assert response.status == 200, path
    expect(page.locator("main h1")).to_be_visible()
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    assert widths["inner"] == 390
    assert widths["scroll"] <= widths["inner"], f"{path} scrolls sideways: {widths}"


def test_home_page_without_releases_says_so(page):
    page.goto("/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Latest releases")
    expect(page.locator("main .empty")).to_have_text("No releases have been published here yet.")
    expect(page).to_have_title("Milli Majlis Press Office")
