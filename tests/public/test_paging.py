"""Deep pages of a release list are found from the kept counts of each year, not by
skipping every release before them; they show exactly what skipping would."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from releases.models import Release
from tests.factories import ReleaseFactory, baku, in_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(clock):
    """73 public releases over 2019–2022, two pairs published at the same minute, a year
    boundary on each side of a page, hidden releases in between, and one whose time has
    come since it was counted as scheduled."""
    start = baku(2019, 11, 20, 9, 0)
    for n in range(70):
        published_at = start + datetime.timedelta(days=12 * n)
        ReleaseFactory(published_at=published_at, tags=["Budget"] if n % 3 else ["Trade"])
        if n in (10, 41):  # a tie: the newer id comes first
            ReleaseFactory(published_at=published_at, tags=["Budget"])
    ReleaseFactory(published_at=clock.now() + datetime.timedelta(hours=1), tags=["Budget"])
    clock.move(hours=2)  # due now; the kept counts have not counted it yet
    for state in ("draft", "submitted", "withdrawn"):
        in_state(state, published_at=baku(2021, 1, 1, 0, 30), tags=["Budget"])
    in_state("scheduled", tags=["Budget"])
    return clock


def ids_on(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return [release.pk for release in response.context["page_obj"].object_list]


def every_page(client, url, expected):
    pages = (len(expected) + 19) // 20
    shown = [ids_on(client, f"{url}?page={n}") for n in range(1, pages + 1)]
    assert shown == [expected[i : i + 20] for i in range(0, len(expected), 20)]
    assert client.get(f"{url}?page={pages + 1}").status_code == 404


def test_every_page_of_the_release_list_shows_what_skipping_to_it_would(client, archive):
    expected = list(
        Release.objects.published().order_by("-published_at", "-pk").values_list("pk", flat=True)
    )
    assert len(expected) == 73
    every_page(client, "/en/releases/", expected)


def test_every_page_of_a_tag_shows_what_skipping_to_it_would(client, archive):
    tag = Tag.objects.get(name="Budget")
    expected = list(
        Release.objects.published()
        .filter(tags=tag)
        .order_by("-published_at", "-pk")
        .values_list("pk", flat=True)
    )
    assert len(expected) == 49
    every_page(client, f"/en/tags/{tag.slug}/", expected)


def test_the_last_page_skips_no_release(client, archive):
    with CaptureQueriesContext(connection) as captured:
        ids_on(client, "/en/releases/?page=4")
    skipping = [q["sql"] for q in captured if "OFFSET" in q["sql"].upper()]
    assert skipping == []


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        ids_on(client, url)
    return len(captured)


@pytest.mark.usefixtures("page_cache_off")
def test_every_page_past_the_first_runs_the_same_queries(client, archive):
    # Past the first page: the page's ids, then its releases; a tag's list also reads its
    # yearly counts (the release list has read them already for its sidebar).
    assert [count_queries(client, f"/en/releases/?page={n}") for n in (1, 2, 3, 4)] == [8, 9, 9, 9]
    tag = "/en/tags/budget/?page="
    assert [count_queries(client, f"{tag}{n}") for n in (1, 2, 3)] == [9, 11, 11]
