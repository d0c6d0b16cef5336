"""The desk (the admin's home, workflow/desk.py) and the list of releases: each
person's queues with counts and links, in a fixed number of queries; the list's author
column, its "mine" filter and its one status filter."""

import datetime

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from releases.models import Release
from tests.factories import ReleaseFactory, UserFactory
from tests.workflow.admin_helpers import CHANGELIST_URL
from workflow import desk, transitions

pytestmark = pytest.mark.django_db

Status = Release.Status


def queues(user):
    return {q.key: q for q in desk.desk_for(user)}


def titles(queue):
    return [item.release.title for item in queue.items]


@pytest.fixture
def work(editor, press_officer, clock):
    """Releases in every queue, and one of each that belongs to someone else."""
    other = UserFactory(username="other", groups=["Press officer"])
    now = clock.now()
    made = {
        "mine": ReleaseFactory(draft=True, title="My draft", created_by=press_officer),
        "theirs": ReleaseFactory(draft=True, title="Their draft", created_by=other),
        "back": ReleaseFactory(draft=True, title="Sent back", created_by=press_officer),
        "submitted": ReleaseFactory(draft=True, title="My submission", created_by=press_officer),
        "their_submission": ReleaseFactory(
            status=Status.SUBMITTED, title="Their submission", created_by=other
        ),
        "later": ReleaseFactory(
            status=Status.PUBLISHED,
            title="Tomorrow",
            published_at=now + datetime.timedelta(days=1),
        ),
        "sooner": ReleaseFactory(
            status=Status.PUBLISHED,
            title="In an hour",
            published_at=now + datetime.timedelta(hours=1),
        ),
        "today": ReleaseFactory(
            title="Out this morning", published_at=now - datetime.timedelta(hours=8)
        ),
        "yesterday": ReleaseFactory(
            title="Yesterday", published_at=now - datetime.timedelta(days=1)
        ),
        "withdrawn": ReleaseFactory(
            status=Status.WITHDRAWN,
            title="Withdrawn",
            withdrawn_at=now - datetime.timedelta(days=1),
            withdrawal_reason="Wrong date.",
        ),
        "long_ago": ReleaseFactory(
            status=Status.WITHDRAWN,
            title="Long ago",
            withdrawn_at=now - datetime.timedelta(days=30),
        ),
    }
    transitions.release_submit(release=made["back"], user=press_officer)
    transitions.release_send_back(release=made["back"], user=editor, comment="Name the committee.")
    transitions.release_submit(release=made["submitted"], user=press_officer)
    return made


def test_an_officers_desk(press_officer, work):
    desk_of = queues(press_officer)

    assert list(desk_of) == ["drafts", "sent_back", "review", "scheduled", "today", "withdrawn"]
    assert titles(desk_of["drafts"]) == ["My draft"]
    assert titles(desk_of["sent_back"]) == ["Sent back"]
    assert desk_of["sent_back"].items[0].comment == "Name the committee."
    sent_back_at = work["back"].events.get(action="sent_back").at
    assert desk_of["sent_back"].items[0].when == (
        f"sent back {timezone.localtime(sent_back_at):%-d %B, %H:%M} · editor"
    )
    assert (desk_of["review"].title, titles(desk_of["review"])) == (
        "Mine awaiting review",
        ["My submission"],
    )
    assert titles(desk_of["scheduled"]) == ["In an hour", "Tomorrow"]
    assert desk_of["scheduled"].items[0].when == "28 March, 21:00, Baku time"
    assert titles(desk_of["today"]) == ["Out this morning"]
    assert titles(desk_of["withdrawn"]) == ["Withdrawn"]
    assert desk_of["withdrawn"].items[0].comment == "Wrong date."
    assert [q.count for q in desk_of.values()] == [1, 1, 1, 2, 1, 1]


def test_an_editor_sees_every_submission(editor, work):
    review = queues(editor)["review"]

    assert (review.title, sorted(titles(review)), review.count) == (
        "Awaiting review",
        ["My submission", "Their submission"],
        2,
    )
    assert review.url == "/admin/releases/release/?publication=submitted"
    assert queues(editor)["drafts"].count == 0


def test_the_links_lead_to_the_same_releases_in_the_list(officer_client, press_officer, work):
    for queue in desk.desk_for(press_officer):
        if queue.key == "sent_back":
            continue  # Listed with the other drafts.
        response = officer_client.get(queue.url)
        listed = sorted(r.title for r in response.context["cl"].result_list)
        expected = sorted(titles(queue))
        if queue.key == "drafts":
            expected = sorted(expected + titles(queues(press_officer)["sent_back"]))
        assert listed == expected, queue.key


def test_someone_without_the_releases_sees_no_desk(client, work):
    nobody = UserFactory(username="nobody", is_staff=True)
    client.force_login(nobody)

    assert desk.desk_for(nobody) == []
    response = client.get("/admin/")
    assertNotContains(response, "desk-queue")


def test_the_home_page_is_the_desk_without_a_taggit_heading(officer_client, work):
    response = officer_client.get("/admin/")

    assertContains(
        response,
        '<h2 id="desk-sent_back">Sent back to me <span class="count">1</span></h2>',
        html=True,
    )
    assertContains(response, "Name the committee.")
    assertContains(
        response, '<a href="/admin/releases/desksettings/">My email notifications</a>', html=True
    )
    assertNotContains(response, "Taggit")
    assertContains(
        response,
        '<a href="/admin/taggit/" class="section" title="Models in the Tags application">Tags</a>',
        html=True,
    )
    assertNotContains(response, "Recent actions")


@pytest.mark.parametrize("n", [3, 30])
def test_the_desk_costs_the_same_queries_however_many_releases(
    officer_client, press_officer, editor, clock, django_assert_max_num_queries, n
):
    for i in range(n):
        ReleaseFactory(draft=True, title=f"Draft {i}", slug=f"draft-{i}", created_by=press_officer)
        back = ReleaseFactory(
            status=Status.SUBMITTED, title=f"Back {i}", slug=f"back-{i}", created_by=press_officer
        )
        transitions.release_send_back(release=back, user=editor, comment=f"Fix {i}.")
        ReleaseFactory(
            status=Status.SUBMITTED, title=f"Sub {i}", slug=f"sub-{i}", created_by=press_officer
        )
        ReleaseFactory(
            title=f"Live {i}",
            slug=f"live-{i}",
            published_at=clock.now() - datetime.timedelta(minutes=i + 1),
        )
        ReleaseFactory(
            status=Status.PUBLISHED,
            title=f"Later {i}",
            slug=f"later-{i}",
            published_at=clock.now() + datetime.timedelta(hours=i + 1),
        )
        ReleaseFactory(
            status=Status.WITHDRAWN, title=f"Gone {i}", slug=f"gone-{i}", withdrawn_at=clock.now()
        )

    # Session, user, its permissions, the counts, six queues.
    with django_assert_max_num_queries(12):
        response = officer_client.get("/admin/")

    shown = min(n, desk.QUEUE_LENGTH)
    content = response.content.decode()
    assert content.count('<li><a href="/admin/releases/release/') == 6 * shown
    assertContains(
        response, f'<h2 id="desk-drafts">My drafts <span class="count">{n}</span></h2>', html=True
    )
    assertContains(
        response,
        '<p class="all"><a href="/admin/releases/release/?mine=yes&amp;publication=draft">'
        "Show them in the list</a></p>",
        count=2,
        html=True,
    )


class TestTheList:
    def test_author_column_and_one_status_filter(self, editor_client, press_officer):
        ReleaseFactory(draft=True, title="Theirs", created_by=press_officer)

        response = editor_client.get(CHANGELIST_URL)

        assertContains(response, '<td class="field-author">officer</td>', html=True)
        titles_of_filters = [spec.title for spec in response.context["cl"].filter_specs]
        assert [str(t) for t in titles_of_filters[:2]] == ["author", "publication"]
        assert "status" not in [str(t) for t in titles_of_filters]

    def test_mine_lists_what_the_person_wrote(self, officer_client, press_officer, editor):
        mine = ReleaseFactory(draft=True, title="Mine", created_by=press_officer)
        ReleaseFactory(draft=True, title="Theirs", created_by=editor)

        response = officer_client.get(CHANGELIST_URL + "?mine=yes")

        assert list(response.context["cl"].result_list) == [mine]

    def test_the_list_styles_come_from_a_static_file(self, editor_client):
        response = editor_client.get(CHANGELIST_URL)

        assertContains(
            response,
            '<link href="/static/workflow/desk.css" media="all" rel="stylesheet">',
            html=True,
        )
        assertNotContains(response, "style=")
