"""Parsing plain-text releases: liberal in layout, exact about what it keeps, clear on errors."""

import datetime
import json
import zoneinfo

import pytest
from django.conf import settings

from importing.parser import ParseError, parse_file, parse_text, release_files
from tests.releases.seed_data import FIXTURE, SEED_COPIES, shared_seeds

BAKU = zoneinfo.ZoneInfo("Asia/Baku")
CHAIR = SEED_COPIES / "000_bb650117f500152c.txt"
AMBASSADOR = SEED_COPIES / "004_e6d9216516d6c033.txt"


def fixture_release(title_start):
    for item in json.loads(FIXTURE.read_text(encoding="utf-8")):
        if item["model"] == "releases.release" and item["fields"]["title_en"].startswith(
            title_start
        ):
            return item["fields"]
    raise LookupError(title_start)


def test_the_seed_copies_are_the_shared_seeds():
    folder = shared_seeds()
    for copy in SEED_COPIES.glob("*.txt"):
        assert copy.read_bytes() == (folder / copy.name).read_bytes()


def test_the_chairs_release_reads_as_in_the_fixture():
    parsed = parse_file(CHAIR)
    expected = fixture_release("Chair of Milli Majlis")

    assert parsed.title == expected["title_en"]
    assert parsed.section == "Chair`s Travels"
    assert parsed.published_at == datetime.datetime(2022, 3, 28, 18, 10, tzinfo=BAKU)
    assert parsed.body == expected["body_en"]
    assert parsed.byline == "The Press and Public Relations Department"


def test_the_ambassadors_release_has_no_section():
    parsed = parse_file(AMBASSADOR)
    expected = fixture_release("Ambassador Serjan")

    assert parsed.title == expected["title_en"]
    assert parsed.section == ""
    assert parsed.published_at == datetime.datetime(2021, 5, 6, 21, 12, tzinfo=BAKU)
    assert parsed.body == expected["body_en"]


def test_signature_and_standing_paragraph_are_not_kept_in_the_body():
    body = parse_file(CHAIR).body

    assert "Press and Public Relations Department" not in body
    assert "unicameral parliament" not in body
    assert body.endswith("as the conversation drew on.")


def test_windows_line_ends_a_bom_and_extra_blank_lines_read_the_same():
    text = CHAIR.read_text(encoding="utf-8")
    messy = "\ufeff\n\n" + text.replace("\n\n", "\n\n\n").replace("\n", "\r\n")

    assert parse_text(messy, source="x") == parse_text(text, source="x")


def test_the_standing_paragraph_is_recognised_with_straight_quotes_and_odd_spacing(settings):
    texts = settings.NEWSROOM_LANGUAGE_TEXTS
    settings.NEWSROOM_LANGUAGE_TEXTS = {
        **texts,
        "en": {**texts["en"], "STANDING_PARAGRAPH": "The Milli Majlis’ own paragraph – about it."},
    }
    text = (
        "Title\n\n1 June 2023\n\nBody.\n\nThe Press and Public Relations Department\n"
        "The Milli Majlis\n\nThe Milli  Majlis' own paragraph - about\nit.\n"
    )

    assert parse_text(text).body == "Body."


def test_a_standing_paragraph_that_differs_is_kept_as_body():
    text = "Title\n\n1 June 2023\n\nBody.\n\nThe Milli Majlis of some other country has 99 MPs.\n"

    assert parse_text(text).body == "Body.\n\nThe Milli Majlis of some other country has 99 MPs."


def test_hard_wrapped_paragraphs_are_joined():
    text = "Title\n\n1 June 2023 | 10:00\n\nOne line\nwrapped here.\n\nSecond.\n"

    assert parse_text(text).body == "One line wrapped here.\n\nSecond."


@pytest.mark.parametrize(
    ("line", "expected", "has_time"),
    [
        ("28 March 2022 | 18:10", (2022, 3, 28, 18, 10), True),
        ("28 March 2022 | 18:10\u00a0 \u00a0 ", (2022, 3, 28, 18, 10), True),
        ("28 March 2022", (2022, 3, 28, 0, 0), False),
        ("28 Mar 2022, 09.05", (2022, 3, 28, 9, 5), True),
        ("06.05.2021", (2021, 5, 6, 0, 0), False),
        ("06.05.2021 21:12", (2021, 5, 6, 21, 12), True),
        ("May 6, 2021", (2021, 5, 6, 0, 0), False),
        ("May 6, 2021 | 21:12", (2021, 5, 6, 21, 12), True),
        ("2021-05-06 21:12", (2021, 5, 6, 21, 12), True),
    ],
)
def test_date_lines_in_every_accepted_form(line, expected, has_time):
    parsed = parse_text(f"Title\n\n{line}\n\nBody.")

    assert parsed.published_at == datetime.datetime(*expected, tzinfo=BAKU)
    assert parsed.has_time is has_time
    assert parsed.section == ""


def test_typographic_quotes_are_kept_in_title_and_body():
    parsed = parse_text("‘Quoted’ title\n\nSection’s\n1 June 2023\n\n“Body” isn’t changed.")

    assert (parsed.title, parsed.section, parsed.body) == (
        "‘Quoted’ title",
        "Section’s",
        "“Body” isn’t changed.",
    )


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ("", 1, "expected a title line, found an empty file."),
        ("\n\n  \n", 1, "expected a title line, found an empty file."),
        ("Title only\n", 2, "expected a date line such as"),
        ("Title\n\nSection\nnot a date\n\nBody", 4, "expected a date line such as"),
        ("Title\n\nSection\n\n\nBody text here", 6, "expected a date line such as"),
        ("Title\n\n31 February 2022 | 10:00\n\nBody", 3, "expected a real date"),
        ("Title\n\n1 June 2023 | 25:00\n\nBody", 3, "expected a real date"),
        ("Title\n\n1 June 2023\n\n", 4, "expected at least one body paragraph"),
        (
            "Title\n\n1 June 2023\n\nThe Press and Public Relations Department\nThe Milli Majlis",
            4,
            "expected at least one body paragraph",
        ),
        ("1 June 2023\n\nBody", 1, "expected a title line first, found a date."),
        ("T" * 301 + "\n\n1 June 2023\n\nBody", 1, "expected a title of at most 300 characters"),
        ("Title\n\n1 June 2023\n\nBody\n\nA \x00 byte", 7, "expected text, found a NUL"),
    ],
)
def test_malformed_text_names_the_line_and_what_was_expected(text, line, expected):
    with pytest.raises(ParseError) as caught:
        parse_text(text, source="archive/x.txt")

    assert str(caught.value).startswith(f"archive/x.txt:{line}: {expected}")


def test_a_file_in_another_encoding_is_refused_with_its_line(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Title\n\n1 June 2023\n\nCaf\u00e9 talk.\n".encode("latin-1"))

    with pytest.raises(ParseError) as caught:
        parse_file(path)

    assert str(caught.value) == (f"{path}:5: expected UTF-8 text; this file uses another encoding.")


def test_folders_give_their_text_files_sorted(tmp_path):
    (tmp_path / "b").mkdir()
    for name in ["b/2.txt", "1.txt", "notes.md"]:
        (tmp_path / name).write_text("x", encoding="utf-8")

    assert release_files([tmp_path]) == [tmp_path / "1.txt", tmp_path / "b" / "2.txt"]


def test_published_on_is_the_baku_date():
    parsed = parse_text("Title\n\n1 June 2023 | 01:30\n\nBody.")

    assert parsed.published_on == datetime.date(2023, 6, 1)
    assert settings.TIME_ZONE == "Asia/Baku"
