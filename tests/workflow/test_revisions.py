"""Revisions: every save keeps one; staff list, compare and restore them.

A restore puts the old content back as a new revision and never changes the status.
"""

import random
import re

import pytest
import reversion
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains

from releases.models import Release, WorkflowEvent
from tests.factories import (
    CountryFactory,
    MeetingFactory,
    OfficialFactory,
    PressContactFactory,
    ReleaseFactory,
    SectionFactory,
    baku,
)
from tests.workflow.admin_helpers import (
    ADD_URL,
    INLINES,
    change_url,
    form_data_for,
    messages_of,
    snapshot,
)
from workflow import diffs, editing, transitions
from workflow import revisions as release_revisions

pytestmark = pytest.mark.django_db


def revisions_url(release):
    return f"/admin/releases/release/{release.pk}/revisions/"


def restore_url(release, version):
    return f"/admin/releases/release/{release.pk}/revisions/{version.pk}/restore/"


def history(release):
    """(user, comment) of each revision, oldest first."""
    return [
        (v.revision.user.username, v.revision.comment)
        for v in reversed(list(release_revisions.release_versions(release)))
    ]


@pytest.fixture
def officer(press_officer):
    client = Client()
    client.force_login(press_officer)
    return client


@pytest.fixture
def editor_c(editor):
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def published(officer, editor_c, clock):
    """Written by the officer as a draft (two saves), then edited and published by the editor."""
    response = officer.post(
        ADD_URL,
        {
            "primary_language": "en",
            "title_en": "Draft headline",
            "slug_en": "the-release",
            "published_at_0": "2022-03-28",
            "published_at_1": "18:10:00",
            "body_en": "Draft body.",
            "byline": "The Press and Public Relations Department",
            "tags": "TurkPA, OSCE PA",
            **INLINES,
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    release = Release.objects.get(slug="the-release")
    officer.post(change_url(release), form_data_for(release, lead_en="A lead by the officer."))
    response = editor_c.post(
        change_url(release),
        form_data_for(
            release,
            title_en="Published headline",
            body_en="Published body.",
            tags="TurkPA",
            _workflow="publish",
        ),
    )
    assert response.status_code == 302
    release.refresh_from_db()
    assert release.status == Release.Status.PUBLISHED
    # Show (and so use up) the messages of those saves.
    officer.get("/admin/")
    editor_c.get("/admin/")
    return release


def test_each_save_keeps_a_revision_with_its_author_and_comment(published):
    assert history(published) == [
        ("officer", "Created"),
        ("officer", "Edited"),
        ("editor", "Publish"),
    ]
    newest = release_revisions.release_versions(published).first()
    assert newest.field_dict["title"] == "Published headline"
    assert newest.field_dict["status"] == Release.Status.PUBLISHED


def test_workflow_steps_keep_a_revision_too(published, editor, clock):
    transitions.release_withdraw(release=published, user=editor, reason="Wrong figures.")

    assert history(published)[-1] == ("editor", "Withdraw: Wrong figures.")


def test_revisions_page_lists_who_when_what(editor_c, published):
    response = editor_c.get(revisions_url(published))

    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(r["version"].revision.user.username, r["changed"]) for r in rows] == [
        # Published at the moment of publishing: the time changed too.
        ("editor", ["Title (English)", "Publication date and time", "Body (English)", "Tags"]),
        ("officer", ["Lead (English)"]),
        ("officer", ["First recorded revision"]),
    ]
    assertContains(response, "<td>Publish</td>", html=True)
    assertContains(
        response,
        "<td>Title (English), Publication date and time, Body (English), Tags</td>",
        html=True,
    )
    day = rows[0]["version"].revision.date_created
    assertContains(response, f"{day.astimezone(published.local_published_at.tzinfo):%d %B %Y}")
    # The newest revision is the current content: nothing to restore there.
    assert response.content.decode().count("Restore this revision") == 2


def test_compare_two_revisions_shows_the_changed_fields(editor_c, published):
    versions = list(release_revisions.release_versions(published))
    newest, oldest = versions[0], versions[-1]

    response = editor_c.get(revisions_url(published), {"a": newest.pk, "b": oldest.pk})

    comparison = response.context["comparison"]
    changed = {row["label"]: row for row in comparison if row["changed"]}
    assert sorted(changed) == [
        "Body (English)",
        "Lead (English)",
        "Publication date and time",
        "Tags",
        "Title (English)",
    ]
    # The long texts word by word, the short fields side by side.
    assert changed["Title (English)"]["diff"] == (
        '<p class="passage"><del>Draft</del><ins>Published</ins> headline</p>'
    )
    assert (
        changed["Body (English)"]["diff"]
        == '<p class="passage"><del>Draft</del><ins>Published</ins> body.</p>'
    )
    assert (
        changed["Lead (English)"]["diff"]
        == '<p class="passage"><ins>A lead by the officer.</ins></p>'
    )
    assert (changed["Tags"]["before"], changed["Tags"]["after"]) == ("OSCE PA, TurkPA", "TurkPA")
    assertContains(response, "<h2>Comparison</h2>", html=True)
    assertContains(
        response,
        '<td colspan="2"><p class="passage"><del>Draft</del><ins>Published</ins> body.</p></td>',
        html=True,
    )


@pytest.mark.parametrize(
    "params",
    [{"a": "x", "b": "1"}, {"a": "999999", "b": "1"}, {"a": "1"}, {"b": "1e5"}],
)
def test_bad_comparisons_get_a_message_not_an_error(editor_c, published, params):
    response = editor_c.get(revisions_url(published), params)

    assert response.status_code == 200
    assert response.context["comparison"] is None
    assert messages_of(response) == ["Choose two revisions of this release to compare."]


def test_a_revision_of_another_release_cannot_be_compared(editor_c, published, editor, clock):
    other = Release.objects.create(title="Other", slug="other", body="Other body.")
    with reversion.create_revision():
        other.save()
    foreign = release_revisions.release_versions(other).first()
    own = release_revisions.release_versions(published).first()

    response = editor_c.get(revisions_url(published), {"a": foreign.pk, "b": own.pk})

    assert response.context["comparison"] is None
    assertNotContains(response, "Other body.")


def test_restore_old_draft_content_into_a_published_release(editor_c, published):
    first = list(release_revisions.release_versions(published))[-1]
    revisions = len(history(published))

    response = editor_c.post(restore_url(published, first))

    assert response.status_code == 302
    assert response["Location"] == change_url(published)
    assert messages_of(response) == ["The earlier revision is restored, as a new revision."]
    published.refresh_from_db()
    assert (published.title, published.body, published.lead) == (
        "Draft headline",
        "Draft body.",
        "",
    )
    assert sorted(published.tags.names()) == ["OSCE PA", "TurkPA"]
    # Content only: a draft's revision never unpublishes.
    assert published.status == Release.Status.PUBLISHED
    assert list(Release.objects.published()) == [published]
    assert len(history(published)) == revisions + 1
    user, comment = history(published)[-1]
    assert user == "editor"
    assert comment.startswith("Restored the revision of ")
    event = published.events.order_by("-pk").first()
    assert (event.action, event.user.username) == (WorkflowEvent.Action.REVERTED, "editor")


def test_restore_into_a_withdrawn_release_keeps_it_withdrawn(editor_c, published, editor, clock):
    transitions.release_withdraw(release=published, user=editor, reason="Wrong figures.")
    first = list(release_revisions.release_versions(published))[-1]

    response = editor_c.post(restore_url(published, first))

    assert response.status_code == 302
    published.refresh_from_db()
    assert published.title == "Draft headline"
    assert published.status == Release.Status.WITHDRAWN
    assert published.withdrawal_reason == "Wrong figures."
    assert list(Release.objects.published()) == []


def test_restoring_a_published_revision_into_a_draft_keeps_it_a_draft(editor, clock):
    release = Release.objects.create(title="One", slug="one", body="Published text.")
    with reversion.create_revision():
        release.status = Release.Status.PUBLISHED
        release.save()
    live = release_revisions.release_versions(release).first()
    Release.objects.filter(pk=release.pk).update(status=Release.Status.DRAFT, body="Redrafted.")
    release.refresh_from_db()

    release_revisions.release_restore_revision(release=release, version=live, user=editor)

    release.refresh_from_db()
    assert release.body == "Published text."
    assert release.status == Release.Status.DRAFT
    assert list(Release.objects.published()) == []


def test_press_officer_cannot_restore_a_published_release(officer, published):
    first = list(release_revisions.release_versions(published))[-1]
    before = snapshot(published)
    revisions = len(history(published))

    page = officer.get(revisions_url(published))
    response = officer.post(restore_url(published, first))

    assert page.status_code == 200  # may read the history
    assertNotContains(page, "Restore this revision")
    assert response.status_code == 403
    assert snapshot(published) == before
    assert len(history(published)) == revisions


def test_restore_by_get_changes_nothing(editor_c, published):
    first = list(release_revisions.release_versions(published))[-1]
    before = snapshot(published)

    response = editor_c.get(restore_url(published, first))

    assert response.status_code == 302
    assert response["Location"] == revisions_url(published)
    assert snapshot(published) == before


def test_restore_of_another_releases_revision_is_not_found(editor_c, published, clock):
    other = Release.objects.create(title="Other", slug="other", body="Other body.")
    with reversion.create_revision():
        other.save()
    foreign = release_revisions.release_versions(other).first()
    before = snapshot(published)

    response = editor_c.post(restore_url(published, foreign))

    assert response.status_code == 404
    assert snapshot(published) == before


def test_anonymous_users_see_no_revisions(published):
    response = Client().get(revisions_url(published))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert "Draft headline" not in response.content.decode()


def test_restoring_a_revision_brings_back_the_officials_and_countries_mentioned(editor, clock):
    quoted, other = OfficialFactory(full_name="Ilham Aliyev"), OfficialFactory()
    armenia, georgia = CountryFactory(code="AM"), CountryFactory(code="GE")
    release = Release.objects.create(title="One", slug="one", body="Text.")
    with reversion.create_revision():
        release.save()
        release.mentioned_officials.set([quoted])
        release.mentioned_countries.set([armenia])
    first = release_revisions.release_versions(release).first()
    release.mentioned_officials.set([other])
    release.mentioned_countries.set([georgia])

    release_revisions.release_restore_revision(release=release, version=first, user=editor)

    assert list(release.mentioned_officials.all()) == [quoted]
    assert list(release.mentioned_countries.all()) == [armenia]
    content = release_revisions.version_content(release_revisions.release_versions(release).first())
    assert (content["mentioned_officials"], content["mentioned_countries"]) == (
        [quoted.pk],
        [armenia.pk],
    )


# The compare form and the restore buttons.


def forms_of(html):
    """[(attributes of the <form> tag, the HTML inside it)] of the page, in order."""
    return re.findall(r"<form ([^>]*)>(.*?)</form>", html, re.S)


def test_the_compare_form_is_sent_by_get_without_the_csrf_token(editor_c, published):
    response = editor_c.get(revisions_url(published))

    compare = [
        (tag, inside) for tag, inside in forms_of(response.content.decode()) if 'name="a"' in inside
    ]
    assert len(compare) == 1
    tag, inside = compare[0]
    assert 'method="get"' in tag
    assert "csrfmiddlewaretoken" not in inside
    # The restore buttons sit in the list but send a POST form of their own.
    assert inside.count('<button type="submit" class="button" form="restore" formaction=') == 2


def test_restoring_stays_a_post_with_the_csrf_token(editor, published):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    first = list(release_revisions.release_versions(published))[-1]
    page = client.get(revisions_url(published)).content.decode()
    [(tag, inside)] = [(tag, inside) for tag, inside in forms_of(page) if 'id="restore"' in tag]
    assert tag == 'method="post" id="restore"'
    token = re.fullmatch(
        r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)">', inside
    ).group(1)
    assert f'form="restore" formaction="{restore_url(published, first)}"' in page
    before = snapshot(published)

    refused = client.post(restore_url(published, first))

    assert refused.status_code == 403
    assert snapshot(published) == before

    response = client.post(restore_url(published, first), {"csrfmiddlewaretoken": token})

    assert response["Location"] == change_url(published)
    published.refresh_from_db()
    assert (published.title, published.body) == ("Draft headline", "Draft body.")


# The long texts compared word by word.

MAULEN = (
    "Maulen Ashimbayev met the delegation of the Parliament of Kazakhstan in Baku on Monday. "
    "The sides discussed cooperation between the two parliaments and the preparations "
    "for the next session of the assembly."
)
MAULEN_CHANGED = MAULEN.replace(" met ", " received ").replace("next session", "autumn session")
MAULEN_HTML = (
    '<p class="passage">Maulen Ashimbayev <del>met</del><ins>received</ins> the delegation'
    " of the Parliament of Kazakhstan in …</p>"
    '<p class="passage">… the two parliaments and the preparations for the'
    " <del>next</del><ins>autumn</ins> session of the assembly.</p>"
)


def two_revisions(old_body, new_body, **fields):
    """A release saved with ``old_body``, then with ``new_body``; and the query comparing them."""
    release = ReleaseFactory(body=old_body, **fields)
    with reversion.create_revision():
        release.save()
    with reversion.create_revision():
        release.body = new_body
        release.save()
    newer, older = release_revisions.release_versions(release)
    return release, {"a": older.pk, "b": newer.pk}


def comparison_row(response, label):
    [row] = [row for row in response.context["comparison"] if row["label"] == label]
    return row


def test_word_diff_keeps_words_whole_and_gives_only_the_changed_passages():
    assert diffs.passages(MAULEN, MAULEN_CHANGED) == [
        [
            ("equal", "Maulen Ashimbayev "),
            ("delete", "met"),
            ("insert", "received"),
            ("equal", " the delegation of the Parliament of Kazakhstan in"),
            ("elided", "…"),
        ],
        [
            ("elided", "…"),
            ("equal", "the two parliaments and the preparations for the "),
            ("delete", "next"),
            ("insert", "autumn"),
            ("equal", " session of the assembly."),
        ],
    ]
    assert diffs.diff_html(MAULEN, MAULEN_CHANGED) == MAULEN_HTML


def test_word_diff_marks_whole_phrases_not_the_spaces_around_them():
    assert diffs.passages(
        "the delegation met the speaker today", "a delegation visited a speaker today"
    ) == [
        [
            ("delete", "the"),
            ("insert", "a"),
            ("equal", " delegation "),
            ("delete", "met the"),
            ("insert", "visited a"),
            ("equal", " speaker today"),
        ]
    ]


def test_word_diff_of_a_long_text_of_common_words_gives_just_the_changes():
    # Past 200 words difflib by default ignores the words found all over the text (here
    # every word) and would mark most of it as changed.
    vocabulary = "the delegation of Milli Majlis met speaker parliament and in Baku on talks"
    rng = random.Random(0)
    words = [rng.choice(vocabulary.split()) for _ in range(300)]
    changed = list(words)
    changed[100] = changed[200] = "Astana"

    got = diffs.passages(" ".join(words), " ".join(changed))

    assert [[kind for kind, _ in passage] for passage in got] == [
        ["elided", "equal", "delete", "insert", "equal", "elided"]
    ] * 2
    assert [passage[2:4] for passage in got] == [
        [("delete", words[100]), ("insert", "Astana")],
        [("delete", words[200]), ("insert", "Astana")],
    ]


@pytest.mark.parametrize(
    "context, expected",
    [
        # Four unchanged words between the changes: one passage while the context covers them.
        (2, [["one ", "-two", "+2", " three four five six ", "-seven", "+7"]]),
        (1, [["one ", "-two", "+2", " three", "…"], ["…", "six ", "-seven", "+7"]]),
    ],
)
def test_word_diff_context_either_side_of_a_change(context, expected):
    marks = {"equal": "", "delete": "-", "insert": "+", "elided": ""}
    got = diffs.passages(
        "one two three four five six seven", "one 2 three four five six 7", context=context
    )

    assert [[marks[kind] + text for kind, text in passage] for passage in got] == expected


@pytest.mark.parametrize("old, new", [("Same text.", "Same text."), ("", ""), (None, "")])
def test_word_diff_of_equal_texts_is_empty(old, new):
    assert diffs.passages(old, new) == []
    assert diffs.diff_html(old, new) == ""


def test_word_diff_escapes_the_texts():
    assert diffs.diff_html("<b>Tom</b> & Jerry", "<b>Tom</b> & 'Jerry'") == (
        '<p class="passage">&lt;b&gt;Tom&lt;/b&gt; &amp; <del>Jerry</del>'
        "<ins>&#x27;Jerry&#x27;</ins></p>"
    )


def test_the_comparison_shows_the_body_word_by_word(editor_c):
    release, params = two_revisions(MAULEN, MAULEN_CHANGED)

    response = editor_c.get(revisions_url(release), params)

    assert comparison_row(response, "Body (English)")["diff"] == MAULEN_HTML
    assertContains(response, f'<td colspan="2">{MAULEN_HTML}</td>', html=True)
    # The unchanged words between the two passages are left out.
    assertNotContains(response, "Monday")


def test_unchanged_long_text_is_not_repeated_in_full(editor_c):
    paragraphs = [
        f"Paragraph {n} tells of the visit and of the talks held with the speaker, word{n}."
        for n in range(1, 21)
    ]
    old = "\n\n".join(paragraphs)
    release, params = two_revisions(
        old, old.replace("word10.", "word10 in Baku."), lead="A lead about Kazakhstan."
    )

    response = editor_c.get(revisions_url(release), params)

    assert comparison_row(response, "Body (English)")["diff"] == (
        '<p class="passage">… and of the talks held with the speaker, <del>word10.</del>'
        "<ins>word10 in Baku.</ins>\n\nParagraph 11 tells of the visit and of …</p>"
    )
    for word in ["word9", "word12", "Paragraph 1 ", "Paragraph 20"]:
        assertNotContains(response, word)
    # An unchanged long field says so instead of showing its text twice.
    assert (
        comparison_row(response, "Lead (English)")["diff"],
        comparison_row(response, "Lead (English)")["changed"],
    ) == ("", False)
    assertContains(
        response, '<tr><th>Lead (English)</th><td colspan="2">Unchanged</td></tr>', html=True
    )
    assertNotContains(response, "Kazakhstan")


def test_markup_in_a_changed_body_is_shown_escaped(editor_c):
    release, params = two_revisions(
        "The speaker said hello.", 'The speaker said <script>alert("x")</script> hello.'
    )

    response = editor_c.get(revisions_url(release), params)

    assertNotContains(response, "<script>alert")
    assertContains(
        response,
        '<p class="passage">The speaker said '
        "<ins>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; </ins>hello.</p>",
    )


def test_every_release_field_is_revisioned_or_named_as_not_content():
    """A field added to Release is restored by revisions unless NOT_CONTENT says otherwise."""
    fields = {f.name for f in Release._meta.get_fields() if not (f.auto_created and not f.concrete)}
    content = {name.removesuffix("_id") for name in release_revisions.CONTENT_FIELDS}
    content |= set(release_revisions.CONTENT_M2M)
    assert fields - content - set(release_revisions.NOT_CONTENT) == set()
    assert content & set(release_revisions.NOT_CONTENT) == set()
    assert "body_ru" in content and "officials" in content and "status" not in content
    assert "body" not in content  # restored language by language


def test_restoring_brings_back_every_content_field(editor, clock):
    section, meeting = SectionFactory(), MeetingFactory()
    old = {
        "section_id": section.pk,
        "published_at": baku(2022, 3, 1, 10, 0),
        "byline": "Old byline",
        "meeting_id": meeting.pk,
        "body_format": "markdown",
        "press_contact_id": PressContactFactory().pk,
        "primary_language": "ru",
    }
    for lang in ("az", "en", "ru"):
        old |= {
            f"title_{lang}": f"Old headline {lang}",
            f"slug_{lang}": f"old-headline-{lang}",
            f"lead_{lang}": f"Old lead {lang}.",
            f"body_{lang}": f"Old body {lang}.",
        }
    assert set(old) == set(release_revisions.CONTENT_FIELDS)
    release = ReleaseFactory(**old)
    with reversion.create_revision():
        editing.release_save(release=release, user=editor, expected_version=release.version)
    first = release_revisions.release_versions(release).first()
    new = {name: None if name.endswith("_id") else "" for name in old}
    new.update(title_en="New", slug_en="new", published_at=baku(2022, 3, 2, 10, 0))
    new.update(body_en="New body.", byline="New byline", primary_language="en")
    new.update(body_format="plain")
    for name, value in new.items():
        setattr(release, name, value)
    with reversion.create_revision():
        editing.release_save(release=release, user=editor, expected_version=release.version)

    release_revisions.release_restore_revision(release=release, version=first, user=editor)

    release.refresh_from_db()
    assert {name: getattr(release, name) for name in old} == old
