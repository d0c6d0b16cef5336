"""``manage.py import_releases``: the seeds reproduce the fixtures; nothing half-written."""

import io
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from taggit.models import Tag

from bench.linker_quality import LABELLED, create_people
from importing import imports
from people.models import Official, Position
from releases.models import Meeting, Release, WorkflowEvent
from tests.releases.seed_data import (
    SEED_COPIES,
    load_people_only,
    releases_as_data,
    shared_seeds,
)

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_releases", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize("seeds", ["shared", "copies"])
def test_seeds_reproduce_the_fixture_releases_and_meetings(seeds):
    folder = shared_seeds() if seeds == "shared" else SEED_COPIES
    expected = load_people_only()
    assert Release.objects.count() == 0

    out, _ = run(folder, "--publish")

    assert out.splitlines()[-1] == "2 created, 0 joined, 0 updated, 0 skipped, 0 failed (2 files)."
    assert releases_as_data() == expected
    assert Meeting.objects.count() == 2


def test_fixture_links_are_the_ones_the_issue_expects():
    load_people_only()
    run(SEED_COPIES, "--publish")
    data = releases_as_data()
    chair = data[
        "Chair of Milli Majlis Sahiba Gafarova Meets Chairman of Kazakhstan Parliament’s Senate"
    ]
    assert chair["officials"] == ["maulen-ashimbayev", "sahiba-gafarova"]
    assert chair["mentioned_officials"] == ["ilham-aliyev"]
    assert chair["countries"] == ["AZ", "KZ"]
    assert chair["mentioned_countries"] == ["AM"]
    assert chair["organisations"] == ["TurkPA"]
    assert chair["meeting"]["date"].isoformat() == "2022-03-28"
    assert chair["meeting"]["host_country"] == "KZ"
    assert chair["section"] == "Chair`s Travels"
    ambassador = data[
        "Ambassador Serjan Abdikarimov: ‘Kazakhstan Has Always Supported Azerbaijan’s "
        "Territorial Integrity’"
    ]
    assert ambassador["officials"] == ["azay-guliyev", "serjan-abdikarimov"]
    assert ambassador["mentioned_officials"] == []
    assert ambassador["countries"] == ["AZ", "KZ"]
    assert ambassador["mentioned_countries"] == ["AM"]
    assert ambassador["organisations"] == sorted(
        ["OSCE PA", "TurkPA", "Turkic Council", "TURKSOY", "TRACECA"]
    )
    assert ambassador["meeting"]["date"].isoformat() == "2021-05-06"
    assert ambassador["section"] is None


def test_add_people_builds_the_same_from_an_empty_database():
    assert Official.objects.count() == 0

    out, _ = run(SEED_COPIES, "--publish", "--add-people")

    assert out.splitlines()[-1] == "2 created, 0 joined, 0 updated, 0 skipped, 0 failed (2 files)."
    imported = releases_as_data()
    # The same releases and links as the fixture (the people are new rows, same slugs).
    Release.objects.all().delete()
    Meeting.objects.all().delete()
    Official.objects.all().delete()
    Tag.objects.all().delete()
    expected = load_people_only()
    assert imported == expected


def test_add_people_gives_each_official_position_and_country():
    run(SEED_COPIES, "--add-people")

    people = {
        o.full_name: (o.country.code, sorted(p.title for p in o.positions.all()))
        for o in Official.objects.select_related("country").prefetch_related("positions")
    }
    assert people == {
        "Sahiba Gafarova": ("AZ", ["Chair of the Milli Majlis"]),
        "Maulen Ashimbayev": (
            "KZ",
            ["Chairman of the Senate of the Parliament of the Republic of Kazakhstan"],
        ),
        "Ilham Aliyev": ("AZ", ["President of Azerbaijan"]),
        "Azay Guliyev": (
            "AZ",
            [
                "Chairman of the OSCE PA Silk Way Support Group",
                "Leader of the Milli Majlis Delegation to the OSCE PA",
                "OSCE PA Vice President",
            ],
        ),
        "Serjan Abdikarimov": (
            "KZ",
            ["Extraordinary and Plenipotentiary Ambassador of Kazakhstan to Azerbaijan"],
        ),
    }


def test_without_add_people_new_people_are_only_proposed():
    out, _ = run(SEED_COPIES)

    assert Official.objects.count() == 0
    assert Position.objects.count() == 0
    assert (
        "proposed new official Serjan Abdikarimov — Extraordinary and Plenipotentiary "
        "Ambassador of Kazakhstan to Azerbaijan (Kazakhstan) (not created; use --add-people)"
    ) in out
    # The meeting is still recorded, with no participants yet.
    assert sorted(Meeting.objects.values_list("date", flat=True)) == [
        Meeting.objects.get(date="2021-05-06").date,
        Meeting.objects.get(date="2022-03-28").date,
    ]


def test_imported_releases_are_drafts_and_not_public():
    load_people_only()
    run(SEED_COPIES)

    assert sorted(Release.objects.values_list("status", flat=True)) == ["draft", "draft"]
    assert list(Release.objects.published()) == []
    assert list(Meeting.objects.public()) == []
    assert list(WorkflowEvent.objects.values_list("action", flat=True)) == ["created", "created"]


def test_publish_records_the_step_in_the_audit_trail():
    load_people_only()
    run(SEED_COPIES, "--publish")

    assert sorted(WorkflowEvent.objects.values_list("action", "comment")) == [
        ("created", "Imported from 000_bb650117f500152c.txt"),
        ("created", "Imported from 004_e6d9216516d6c033.txt"),
        ("published", "Published on import"),
        ("published", "Published on import"),
    ]
    assert Release.objects.published().count() == 2


def test_running_again_skips_and_never_duplicates():
    load_people_only()
    run(SEED_COPIES)
    before = releases_as_data()

    out, _ = run(SEED_COPIES)

    assert out.splitlines()[-1] == "0 created, 0 joined, 0 updated, 2 skipped, 0 failed (2 files)."
    assert releases_as_data() == before
    assert Release.objects.count() == 2
    assert Meeting.objects.count() == 2


def test_a_changed_text_updates_the_release(tmp_path):
    load_people_only()
    run(SEED_COPIES)
    seed = SEED_COPIES / "004_e6d9216516d6c033.txt"
    changed = tmp_path / seed.name
    # Straight quotes and Windows line ends: still the same release.
    text = seed.read_text(encoding="utf-8").replace("’", "'").replace("‘", "'")
    text = text.replace("a war crime", "a grave war crime").replace("\n", "\r\n")
    changed.write_bytes(text.encode("utf-8"))

    out, _ = run(changed)

    assert out.splitlines()[-1] == "0 created, 0 joined, 1 updated, 0 skipped, 0 failed (1 file)."
    assert Release.objects.count() == 2
    release = Release.objects.get(slug__startswith="ambassador-serjan")
    assert "a grave war crime" in release.body
    assert release.title.endswith("Territorial Integrity’")  # the stored title is kept


def test_dry_run_writes_nothing_and_says_what_it_would_do():
    load_people_only()
    officials = Official.objects.count()

    out, _ = run(SEED_COPIES, "--dry-run", "--publish")

    assert Release.objects.count() == 0
    assert Meeting.objects.count() == 0
    assert WorkflowEvent.objects.count() == 0
    assert Official.objects.count() == officials
    assert "would create “Ambassador Serjan Abdikarimov:" in out
    assert "  officials mentioned: Ilham Aliyev" in out
    assert "  countries mentioned: Armenia" in out
    assert "  organisations: OSCE PA, TurkPA, Turkic Council, TURKSOY, TRACECA" in out
    assert "  meeting: 28 March 2022, visit, Kazakhstan: Sahiba Gafarova, Maulen Ashimbayev" in out
    assert out.splitlines()[-1] == (
        "Dry run, nothing written. Would have: "
        "2 created, 0 joined, 0 updated, 0 skipped, 0 failed (2 files)."
    )


def test_dry_run_with_add_people_creates_nobody():
    run(SEED_COPIES, "--dry-run", "--add-people")

    assert Official.objects.count() == 0
    assert Release.objects.count() == 0


def test_a_malformed_file_is_refused_and_leaves_no_trace(tmp_path):
    load_people_only()
    shutil.copy(SEED_COPIES / "000_bb650117f500152c.txt", tmp_path / "a.txt")
    (tmp_path / "b.txt").write_text(
        "A title\n\nA section\nthe twelfth of never\n\nBody about Kazakhstan.\n", encoding="utf-8"
    )

    with pytest.raises(CommandError, match="1 of 2 files failed"):
        out, err = io.StringIO(), io.StringIO()
        call_command("import_releases", str(tmp_path), stdout=out, stderr=err)

    assert f"FAILED {tmp_path / 'b.txt'}:4: expected a date line" in err.getvalue()
    assert out.getvalue().splitlines()[-1] == (
        "1 created, 0 joined, 0 updated, 0 skipped, 1 failed (2 files)."
    )
    assert list(Release.objects.values_list("title", flat=True)) == [
        "Chair of Milli Majlis Sahiba Gafarova Meets Chairman of Kazakhstan Parliament’s Senate"
    ]


def test_a_file_failing_validation_rolls_back_its_meeting_and_people(tmp_path):
    bad = tmp_path / "long.txt"
    seed = (SEED_COPIES / "004_e6d9216516d6c033.txt").read_text(encoding="utf-8")
    # A byline longer than the field allows fails full_clean after people and meeting exist.
    bad.write_text(seed, encoding="utf-8")

    from importing import imports
    from importing.parser import parse_file

    parsed = parse_file(bad)
    parsed.byline = "x" * 500
    with pytest.raises(Exception, match="byline"):
        imports.release_import(parsed=parsed, add_people=True)

    assert Official.objects.count() == 0
    assert Meeting.objects.count() == 0
    assert Release.objects.count() == 0


def test_a_missing_path_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="expected a file or folder"):
        run(tmp_path / "nowhere")


def test_folders_are_searched_for_text_files_only(tmp_path):
    shutil.copy(SEED_COPIES / "004_e6d9216516d6c033.txt", tmp_path / "x.txt")
    (tmp_path / "README.md").write_text("not a release", encoding="utf-8")

    out, _ = run(tmp_path)

    assert out.splitlines()[-1] == "1 created, 0 joined, 0 updated, 0 skipped, 0 failed (1 file)."


def test_a_section_created_by_a_failed_file_is_not_reused():
    from importing import imports
    from importing.linker import Linker
    from importing.parser import parse_text
    from releases.models import Section

    linker = Linker.from_database()
    failing = parse_text("First\n\nA New Section\n1 June 2023\n\nBody.", source="a.txt")
    failing.byline = "x" * 500  # refused by full_clean, after the section was created
    with pytest.raises(Exception, match="byline"):
        imports.release_import(parsed=failing, linker=linker)
    good = parse_text("Second\n\nA New Section\n1 June 2023\n\nBody.", source="b.txt")

    imports.release_import(parsed=good, linker=linker)

    release = Release.objects.select_related("section").get()
    assert release.section == Section.objects.get(name="A New Section")


def test_a_title_without_latin_letters_still_gets_an_address():
    from importing import imports
    from importing.parser import parse_text

    imports.release_import(parsed=parse_text("Милли Меджлис\n\n1 June 2023\n\nBody."))

    assert list(Release.objects.values_list("slug", flat=True)) == ["release"]


# Many files at once ------------------------------------------------------------


def each_file_alone(folder):
    """Import every file of ``folder`` on its own, as ``release_import`` does."""
    from importing import imports
    from importing.parser import parse_file, release_files

    for path in release_files([folder]):
        imports.release_import(parsed=parse_file(path), publish=True)
    return releases_as_data(), Meeting.objects.count()


def forget_releases():
    Release.objects.all().delete()
    Meeting.objects.all().delete()


@pytest.mark.parametrize("chunk_size", [200, 3])
def test_a_run_gives_what_importing_each_file_alone_gives(monkeypatch, chunk_size):
    from importing.management.commands.import_releases import Command

    # The officials the labelled releases assume known.
    create_people(LABELLED)
    expected_data, expected_meetings = each_file_alone(LABELLED)
    forget_releases()
    monkeypatch.setattr(Command, "chunk_size", chunk_size)

    out, _ = run(LABELLED, "--publish")

    assert (
        out.splitlines()[-1] == "22 created, 0 joined, 0 updated, 0 skipped, 0 failed (22 files)."
    )
    assert releases_as_data() == expected_data
    assert Meeting.objects.count() == expected_meetings
    assert len(expected_data) == 22


def test_a_file_refused_in_a_group_leaves_no_trace_and_the_others_are_created():
    from importing import imports
    from importing.parser import parse_file, parse_text
    from releases.models import Section

    load_people_only()
    chair, ambassador = (parse_file(p) for p in sorted(SEED_COPIES.glob("*.txt")))
    bad = parse_text(
        "Refused\n\nA New Section\n1 June 2023\n\nSahiba Gafarova met with Maulen Ashimbayev "
        "on 1 June in Astana.",
        source="bad.txt",
    )
    bad.byline = "x" * 500

    batch = imports.releases_import(parsed=[chair, bad, ambassador], publish=True)

    first, refused, last = batch.results
    assert (first.outcome, last.outcome) == ("created", "created")
    assert "byline" in " ".join(refused.message_dict)
    assert sorted(Release.objects.values_list("title", flat=True)) == sorted(
        [chair.title, ambassador.title]
    )
    assert not Section.objects.filter(name="A New Section").exists()
    assert sorted(m.isoformat() for m in Meeting.objects.values_list("date", flat=True)) == [
        "2021-05-06",
        "2022-03-28",
    ]


def test_when_the_database_refuses_a_group_each_file_is_imported_alone(monkeypatch):
    from django.db import IntegrityError

    load_people_only()
    expected, expected_meetings = each_file_alone(SEED_COPIES)
    forget_releases()

    def refused(*args, **kwargs):
        # As the database would: some rows are written, then one is refused.
        Meeting.objects.create(date="2020-01-01")
        raise IntegrityError("refused")

    monkeypatch.setattr(imports, "_create_releases", refused)

    out, _ = run(SEED_COPIES, "--publish")

    assert out.splitlines()[-1] == "2 created, 0 joined, 0 updated, 0 skipped, 0 failed (2 files)."
    assert releases_as_data() == expected
    assert Meeting.objects.count() == expected_meetings  # the group's rows were rolled back


def test_the_same_release_in_two_files_of_one_run_is_created_once(tmp_path):
    load_people_only()
    seed = SEED_COPIES / "004_e6d9216516d6c033.txt"
    shutil.copy(seed, tmp_path / "a.txt")
    shutil.copy(seed, tmp_path / "b.txt")

    out, _ = run(tmp_path)

    assert out.splitlines()[-1] == "1 created, 0 joined, 0 updated, 1 skipped, 0 failed (2 files)."
    assert Release.objects.count() == 1
    assert Meeting.objects.count() == 1


def write_release(folder, name, title, *, day=1, meeting_day=None):
    text = (
        f"{title}\n\n{day} June 2023 | 10:00\n\n"
        "Chair of the Milli Majlis Sahiba Gafarova met with Chairman of the Senate of the "
        f"Parliament of Kazakhstan Maulen Ashimbayev on {meeting_day or day} June in Astana.\n\n"
        "The sides discussed co-operation within the TurkPA.\n"
    )
    (folder / name).write_text(text, encoding="utf-8")


def test_releases_of_one_day_with_the_same_address_are_numbered(tmp_path):
    from tests.factories import ReleaseFactory

    load_people_only()
    stored = ReleaseFactory(title="Talks in Astana", slug="talks-in-astana")
    day = stored.local_published_at.day
    month = stored.local_published_at.strftime("%B")
    for name, title in [("a.txt", "Talks in Astana"), ("b.txt", "Talks in Astana!")]:
        (tmp_path / name).write_text(
            f"{title}\n\n{day} {month} {stored.local_published_at.year} | 10:00\n\nBody.\n",
            encoding="utf-8",
        )

    run(tmp_path)

    assert sorted(Release.objects.values_list("slug", flat=True)) == [
        "talks-in-astana",
        "talks-in-astana-2",
        "talks-in-astana-3",
    ]


def test_releases_reporting_one_meeting_share_it(tmp_path):
    load_people_only()
    write_release(tmp_path, "a.txt", "Talks in Astana", day=2, meeting_day=1)
    write_release(tmp_path, "b.txt", "The Chair in Astana", day=3, meeting_day=1)

    run(tmp_path)

    meeting = Meeting.objects.get()
    assert sorted(meeting.releases.values_list("title", flat=True)) == [
        "Talks in Astana",
        "The Chair in Astana",
    ]
    assert sorted(meeting.participants.values_list("slug", flat=True)) == [
        "maulen-ashimbayev",
        "sahiba-gafarova",
    ]


def test_the_queries_of_a_run_do_not_grow_with_its_files(tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    load_people_only()
    Tag.objects.get_or_create(name="TurkPA", defaults={"slug": "turkpa"})
    queries, inserts = {}, {}
    for count in (3, 30):
        folder = tmp_path / str(count)
        folder.mkdir()
        for n in range(count):
            write_release(folder, f"{n:02d}.txt", f"Talks number {n}", day=n % 28 + 1)
        with CaptureQueriesContext(connection) as ctx:
            run(folder)
        sql = [q["sql"] for q in ctx.captured_queries]
        inserts[count] = sum(s.startswith('INSERT INTO "releases_release" ') for s in sql)
        queries[count] = len(sql) - inserts[count]
        forget_releases()

    assert queries[30] == queries[3]
    # The releases themselves go in one insert, or as many as the database takes
    # parameters for (SQLite: 999, a few dozen releases of three languages each).
    per_insert = connection.ops.bulk_batch_size(Release._meta.concrete_fields, [None] * 30)
    assert (inserts[3], inserts[30]) == (1, -(-30 // per_insert))
    assert Release.objects.count() == 0  # forgotten after each run; both runs created


@pytest.mark.parametrize("active", ["az", "ru"])
def test_an_import_writes_and_reads_english_names_whatever_language_is_active(active):
    from importing.parser import parse_file

    load_people_only()
    Official.objects.exclude(slug__in=["sahiba-gafarova", "maulen-ashimbayev"]).delete()

    with translation.override(active):
        result = imports.release_import(
            parsed=parse_file(SEED_COPIES / "000_bb650117f500152c.txt"), add_people=True
        )

    assert sorted(o.slug for o in result.release.officials.all()) == [
        "maulen-ashimbayev",
        "sahiba-gafarova",
    ]
    [aliyev] = Official.objects.exclude(slug__in=["sahiba-gafarova", "maulen-ashimbayev"])
    assert (aliyev.full_name_en, aliyev.full_name_az, aliyev.full_name_ru) == (
        "Ilham Aliyev",
        None,
        None,
    )
    assert [(p.title_en, p.title_ru) for p in aliyev.positions.all()] == [
        ("President of Azerbaijan", None)
    ]
