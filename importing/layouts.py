"""Layouts other than the archive's: a date anywhere in a release's first lines.

News agencies, embassies and other parliaments' press services do not write a date line
of their own. They open with a dateline ("COPENHAGEN, 10 November 2023 – …"), a photo
caption, a first line that is already a paragraph, or "On 22 April 2024 in Dublin, …".
``free_layout`` reads such a text when the archive layout (title, optional section, date
line) does not fit: the first date in its first lines dates it, the title is the first
line (or, when that line is the first paragraph, its first sentence less the dateline).
"""

import datetime
import re
import zoneinfo
from dataclasses import dataclass

from django.conf import settings

from importing.languages import DATE_MONTHS

# Lines a photo caption starts with, in the three languages (and the agencies' "Foto").
CAPTION = re.compile(r"^(?:photo|picture|foto|фото|şəkil)\b\s*(?:[:(—–-]|by\b|credit\b)", re.I)
# How many lines (after captions) a date is looked for in.
FIRST_LINES = 6
_MONTH = r"(?P<{}>[^\W\d_]+)\.?"
_TIME = r"(?:\s*[|,;]?\s*(?:at\s+|в\s+|saat\s+)?(?P<hour>\d{1,2})[:.](?P<minute>\d{2})\b)?"
DATE_IN_TEXT = re.compile(
    rf"\b(?:(?P<day>\d{{1,2}})\s+{_MONTH.format('month')},?\s+(?P<year>\d{{4}})"
    rf"|{_MONTH.format('month2')}\s+(?P<day2>\d{{1,2}}),\s+(?P<year2>\d{{4}})"
    r"|(?P<day3>\d{1,2})\.(?P<mnum>\d{1,2})\.(?P<year3>\d{4})"
    rf"|(?P<year4>\d{{4}})-(?P<mnum4>\d{{2}})-(?P<day4>\d{{2}})){_TIME}",
)
# "BAKU, 22 May 2024 (CPA) – ": a dateline before the first sentence.
DATELINE = re.compile(
    r"^[^\W\d_][\w .’'-]{1,30}(?:,\s*[^–—\n]{1,40}?)?\s*(?:\([^)]{1,40}\))?\s*[–—]\s+"
)
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-ÞĀ-ſА-ЯЁ“\"«])")
SECTION_MAX = 100


@dataclass
class FreeLayout:
    title: str
    section: str
    published_at: datetime.datetime
    has_time: bool
    date_line: int  # the number of the line the date was read from
    body_from: int  # the number of the first line of the body


def captions(filled):
    """The numbers of the lines of ``filled`` ([(number, line)]) that are photo captions,
    among its first lines."""
    return {number for number, line in filled[: FIRST_LINES + 2] if CAPTION.match(line)}


def date_in(line):
    """(datetime, has_time, match) for the first real date written in ``line``, else None."""
    for match in DATE_IN_TEXT.finditer(line):
        parts = {k: v for k, v in match.groupdict().items() if v is not None}
        name = parts.get("month") or parts.get("month2")
        month = DATE_MONTHS.get(name.lower()) if name else int(parts.get("mnum") or parts["mnum4"])
        day = int(next(parts[k] for k in ("day", "day2", "day3", "day4") if k in parts))
        year = int(next(parts[k] for k in ("year", "year2", "year3", "year4") if k in parts))
        has_time = "hour" in parts
        try:
            naive = datetime.datetime(
                year, month or 0, day, int(parts.get("hour", 0)), int(parts.get("minute", 0))
            )
        except ValueError:
            continue  # not a month's name ("On 5 Members 2024"), or not a real day
        return naive.replace(tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)), has_time, match
    return None


def free_layout(filled, *, date=None):
    """The layout of ``filled`` (its lines with text, captions dropped) when it holds a
    date in its first lines, or ``date`` (a datetime.date) is given; else None."""
    dated = ((k, date_in(line)) for k, (_, line) in enumerate(filled[:FIRST_LINES]))
    k, found = next(((k, found) for k, found in dated if found), (None, None))
    if found:
        published_at, has_time, match = found
    elif date is not None:
        k, match, has_time = None, None, False
        midnight = datetime.datetime.combine(date, datetime.time())
        published_at = midnight.replace(tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
    else:
        return None
    first_number, first = filled[0]
    if k == 0 and _is_paragraph(first, match):
        # The first line is the first paragraph: its first sentence is the title.
        return FreeLayout(title_from(first), "", published_at, has_time, first_number, first_number)
    date_at = k if k is not None else 1
    section = ""
    body_index = 1
    if date_at >= 2 and _is_section(filled[1][1]):
        section, body_index = filled[1][1], 2
    if k is not None and k >= 1 and match.group(0).strip() == filled[k][1].strip():
        body_index = k + 1  # a date line of its own, not part of a paragraph
    date_line = filled[k][0] if k is not None else first_number
    body_from = filled[body_index][0] if body_index < len(filled) else date_line + 1
    return FreeLayout(first, section, published_at, has_time, date_line, body_from)


def _is_paragraph(line, match):
    """A first line holding the date is a paragraph when the date opens it (a dateline) or
    it reads as prose (ends a sentence)."""
    return match.start() < 40 or line.rstrip().endswith((".", "!", "?", "»", "”", '"'))


def _is_section(line):
    return len(line) <= SECTION_MAX and not line.rstrip().endswith((".", "!", "?"))


def title_from(paragraph, length=300):
    """The first sentence of ``paragraph``, less its dateline, at most ``length`` long."""
    text = DATELINE.sub("", paragraph, count=1)
    sentence = SENTENCE.split(text, maxsplit=1)[0].rstrip(" .")
    if len(sentence) > length:
        sentence = sentence[: length - 1].rsplit(" ", 1)[0] + "…"
    return sentence
