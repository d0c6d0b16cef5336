"""Suggest links in a real browser: the press officer ticks, the release is linked."""

import pytest
from django.db import connections

from people.models import Official
from tests.factories import UserFactory
from tests.releases.seed_data import chair_draft


@pytest.fixture
def close_connections():
    """Close the connection the test's ORM calls opened while Playwright ran.

    Playwright's sync API runs the test in its own greenlet context, where the
    ORM opens a connection of its own; left open, PostgreSQL refuses to drop
    the test database at the end of the run.
    """
    yield
    connections.close_all()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_suggest_links_then_accept_all_but_two(page, live_server, close_connections):
    release = chair_draft()
    UserFactory(username="officer", password="a-long-test-password", groups=["Press officer"])

    # The browser resolves no names but 127.0.0.1 (no traffic leaves the machine).
    base = live_server.url.replace("localhost", "127.0.0.1")
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.goto(f"{base}/admin/releases/release/{release.pk}/change/")
    page.get_by_role("button", name="Suggest links").click()

    page.wait_for_selector("#suggested-links")
    assert page.locator("h1").inner_text() == "Suggested links"
    # Reject one mentioned official and one mentioned country with one click each.
    page.get_by_label("Ilham Aliyev").uncheck()
    page.get_by_label("Armenia").uncheck()
    page.get_by_role("button", name="Add the ticked links").click()

    page.wait_for_selector(".messagelist")
    assert "Linked 6 suggestion(s)" in page.locator(".messagelist").inner_text()
    release.refresh_from_db()
    assert sorted(release.officials.values_list("slug", flat=True)) == [
        "maulen-ashimbayev",
        "sahiba-gafarova",
    ]
    assert sorted(release.countries.values_list("code", flat=True)) == ["AZ", "KZ"]
    assert list(release.mentioned_officials.all()) == []
    assert list(release.mentioned_countries.all()) == []
    assert list(release.tags.names()) == ["TurkPA"]
    assert release.meeting.date.isoformat() == "2022-03-28"
    assert release.meeting.host_country.code == "KZ"
    assert set(release.meeting.participants.all()) == set(
        Official.objects.filter(slug__in=["sahiba-gafarova", "maulen-ashimbayev"])
    )
