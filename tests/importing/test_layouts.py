"""Files of other sources: a date anywhere in the first lines, captions, no section line."""

import datetime
import io
import zoneinfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from importing.parser import ParseError, parse_text
from releases.models import Release

BAKU = zoneinfo.ZoneInfo("Asia/Baku")


def at(*args):
    return datetime.datetime(*args, tzinfo=BAKU)


def test_a_dateline_inside_the_first_paragraph_dates_the_release():
    parsed = parse_text(
        "Danish and Azerbaijani Speakers Meet\n\nCOPENHAGEN, 10 November 2023 – Speaker of "
        "the Folketing met the Chair of the Milli Majlis.\n\nThey discussed wind power.\n"
    )

    assert (parsed.title, parsed.section) == ("Danish and Azerbaijani Speakers Meet", "")
    assert (parsed.published_at, parsed.has_time) == (at(2023, 11, 10), False)
    assert parsed.body == (
        "COPENHAGEN, 10 November 2023 – Speaker of the Folketing met the Chair of the Milli "
        "Majlis.\n\nThey discussed wind power."
    )


def test_an_agency_dateline_with_a_short_month_and_the_agency():
    parsed = parse_text("Senate Chairman Meets Speaker\n\nASTANA, 6 Feb 2024 (CPA) – They met.\n")

    assert parsed.published_at == at(2024, 2, 6)
    assert parsed.body == "ASTANA, 6 Feb 2024 (CPA) – They met."


def test_a_photo_caption_glued_before_the_text_is_dropped():
    parsed = parse_text(
        "Photo: Senate press service\nBISHKEK, 15 October 2024 (CPA) – Deputy Chairwoman of "
        "the Senate held talks with the Toraga. Water was discussed.\n\nMore.\n"
    )

    # The first line is the first paragraph: its first sentence, less the dateline, titles it.
    assert parsed.title == "Deputy Chairwoman of the Senate held talks with the Toraga"
    assert parsed.published_at == at(2024, 10, 15)
    assert parsed.body.startswith("BISHKEK, 15 October 2024 (CPA) – Deputy Chairwoman")
    assert "Photo" not in parsed.body


def test_a_first_line_that_is_a_paragraph_with_the_date_in_it():
    parsed = parse_text(
        "Speaker Numan Yıldırım received the Toraga of the Jogorku Kenesh in Ankara on 2 "
        "November 2024.\n\nThe speakers discussed the next session.\n"
    )

    assert parsed.title == (
        "Speaker Numan Yıldırım received the Toraga of the Jogorku Kenesh in Ankara on 2 "
        "November 2024"
    )
    assert parsed.published_at == at(2024, 11, 2)
    assert parsed.body.startswith("Speaker Numan Yıldırım received")


def test_a_section_line_then_a_paragraph_opening_with_the_date():
    parsed = parse_text(
        "Irish Committee Chair Meets Azerbaijani MPs\nCommittee News\nOn 22 April 2024 in "
        "Dublin, the Chairman met a delegation.\n"
    )

    assert (parsed.title, parsed.section) == (
        "Irish Committee Chair Meets Azerbaijani MPs",
        "Committee News",
    )
    assert parsed.published_at == at(2024, 4, 22)
    assert parsed.body == "On 22 April 2024 in Dublin, the Chairman met a delegation."


def test_no_section_line_and_a_date_line_of_its_own_as_before():
    parsed = parse_text("Title of it\n21 March 2024 | 17:00\n\nBody.\n")

    assert (parsed.section, parsed.published_at, parsed.body) == ("", at(2024, 3, 21, 17), "Body.")


def test_a_file_with_no_date_is_refused_with_a_message_offering_the_date_option():
    with pytest.raises(ParseError) as caught:
        parse_text("Speakers to Meet\n\nBAKU (CPA) – The speakers will meet next spring.\n")

    assert caught.value.line == 3
    assert "Nor does any of its first lines hold a date" in caught.value.message
    assert caught.value.message.endswith("give the file's date with --date YYYY-MM-DD.")


def test_the_date_given_dates_a_file_with_none():
    parsed = parse_text(
        "Speakers to Meet\n\nBAKU (CPA) – The speakers will meet.\n", date=datetime.date(2024, 1, 2)
    )

    assert (parsed.title, parsed.published_at, parsed.has_time) == (
        "Speakers to Meet",
        at(2024, 1, 2),
        False,
    )
    assert parsed.body == "BAKU (CPA) – The speakers will meet."


def test_a_file_giving_its_date_keeps_it_whatever_the_date_given():
    parsed = parse_text("Title\n\n5 May 2024 | 10:00\n\nBody.\n", date=datetime.date(2024, 1, 2))

    assert parsed.published_at == at(2024, 5, 5, 10)


@pytest.mark.django_db
def test_the_command_refuses_a_file_with_no_date_and_imports_it_with_date(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Speakers to Meet\n\nBAKU (CPA) – The speakers of the parliaments will meet.\n",
        encoding="utf-8",
    )

    err = io.StringIO()
    with pytest.raises(CommandError, match="1 of 1 files failed"):
        call_command("import_releases", str(tmp_path), stdout=io.StringIO(), stderr=err)
    assert "give the file's date with --date YYYY-MM-DD." in err.getvalue()
    assert Release.objects.count() == 0

    call_command("import_releases", str(tmp_path), "--date", "2024-01-02", stdout=io.StringIO())

    assert list(Release.objects.values_list("title", "published_at")) == [
        ("Speakers to Meet", at(2024, 1, 2))
    ]
