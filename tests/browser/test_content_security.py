"""The Content-Security-Policy in a real browser: no page of the public site or of the
admin's release forms breaks it (Chromium reports every refused script, style, image or
connection as a ``securitypolicyviolation`` event and a console error)."""

import pytest
from django.db import connections

from releases.models import Release
from tests.factories import OfficialFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Runs before any script of the page; the browser's own injection, not the page's.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(
    `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


@pytest.fixture
def close_connections():
    yield
    connections.close_all()


def watched(context):
    """A page of ``context`` with its violations and CSP console errors collected."""
    page = context.new_page()
    page.add_init_script(LISTEN)
    page.console_errors = []
    page.on(
        "console",
        lambda message: (
            page.console_errors.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return page


def violations(page):
    return page.evaluate("window.__violations") + page.console_errors


def test_public_pages_break_no_rule(new_context, sample_content, close_connections):
    release = Release.objects.published().order_by("pk").first()
    official = release.officials.first()
    page = watched(new_context())

    for path in [
        "/en/",
        "/en/releases/?q=cooperation",
        release.get_absolute_url(),
        official.get_absolute_url(),
    ]:
        response = page.goto(path)
        assert response.status == 200
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        assert violations(page) == [], path
    # The stylesheet did load: the page is styled, not the browser's default.
    assert page.evaluate("document.styleSheets.length") == 1
    assert page.evaluate("document.styleSheets[0].cssRules.length") > 10
    # A data block is not a script the policy governs: the official's page carries one.
    assert page.locator('script[type="application/ld+json"]').count() == 1


def test_the_admins_release_and_official_pages_break_no_rule(
    new_context, sample_content, close_connections
):
    UserFactory(username="editor", password="a-long-test-password", groups=["Editor"])
    release = Release.objects.published().order_by("pk").first()
    OfficialFactory()
    page = watched(new_context())
    page.goto("/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")

    for path in [
        "/admin/",
        "/admin/releases/release/",
        "/admin/releases/release/add/",
        f"/admin/releases/release/{release.pk}/change/",
        f"/admin/releases/release/{release.pk}/revisions/",
        "/admin/people/official/",
        "/admin/people/official/add/",
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        assert violations(page) == [], path

    # The scripts ran: the search-as-you-type choices open, the date shortcuts appear.
    page.goto(f"/admin/releases/release/{release.pk}/change/")
    assert page.locator(".datetimeshortcuts").count() > 0
    page.locator(".field-officials .select2-selection").click()
    page.wait_for_selector(".select2-results__option")
    page.keyboard.press("Escape")
    assert violations(page) == []
