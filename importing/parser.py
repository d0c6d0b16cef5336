"""Reading plain-text releases in the press office's archive layout.

The layout (see the sample releases): a title line; an optional section line;
a date line such as ``28 March 2022 | 18:10`` (Baku time; ``28 mart 2022 | 18:10`` in
Azerbaijani, ``28 марта 2022 | 18:10`` in Russian); body paragraphs separated by blank
lines; the signature lines; last, the standing paragraph about the Milli Majlis, which
every page adds by itself and is therefore not kept in the body. The language of a
release is told by its letters, and its signature and standing paragraph are those of
its language (``NEWSROOM_LANGUAGE_TEXTS``).

Parsing is liberal about what real archives contain (extra blank lines,
Windows line ends, a byte-order mark, non-breaking spaces, straight or
typographic quotes, a missing time, dates written ``06.05.2021`` or
``May 6, 2021``) and strict about the rest: anything it cannot read raises
``ParseError`` naming the file, the line and what was expected.
"""

import datetime
import re
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from importing.languages import DATE_MONTHS, text_language
from importing.layouts import captions, free_layout
from importing.text import normalise, plain
from releases.models import Release, Section

_TIME = r"(?:\s*[|,;]?\s*(?:at\s+|в\s+|saat\s+)?(?P<hour>\d{1,2})[:.](?P<minute>\d{2}))?"
_WORD = r"[^\W\d_]+"
DATE_PATTERNS = [
    # 28 March 2022 | 18:10; 28 mart 2022 | 18:10; 28 марта 2022 г. | 18:10
    re.compile(
        rf"^(?P<day>\d{{1,2}})\s+(?P<month>{_WORD})\.?,?\s+(?P<year>\d{{4}})"
        rf"(?:\s*(?:г\.|года))?{_TIME}$"
    ),
    # May 6, 2021 | 21:12
    re.compile(rf"^(?P<month>{_WORD})\.?\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}}){_TIME}$"),
    # 06.05.2021 21:12 (day first, as in Azerbaijan)
    re.compile(rf"^(?P<day>\d{{1,2}})[./](?P<mnum>\d{{1,2}})[./](?P<year>\d{{4}}){_TIME}$"),
    # 2021-05-06 21:12
    re.compile(rf"^(?P<year>\d{{4}})-(?P<mnum>\d{{2}})-(?P<day>\d{{2}})(?:T|\s)?{_TIME}$"),
]
DATE_EXAMPLE = (
    "“28 March 2022 | 18:10”, “28 mart 2022 | 18:10”, “28 марта 2022 | 18:10”, "
    "“06.05.2021” or “May 6, 2021”"
)


class ParseError(ValueError):
    """A file that does not follow the layout; says where and what was expected."""

    def __init__(self, source, line, message):
        self.source = str(source)
        self.line = line
        self.message = message
        super().__init__(f"{self.source}:{line}: {message}")


@dataclass
class ParsedRelease:
    """What a text file says, before any database lookup."""

    source: str
    title: str
    published_at: datetime.datetime
    body: str
    section: str = ""
    lead: str = ""
    byline: str = field(default_factory=lambda: settings.NEWSROOM["DEFAULT_BYLINE"])
    has_time: bool = True
    language: str = "en"  # "az", "en" or "ru", told by its letters (text_language)

    @property
    def published_on(self):
        return self.published_at.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE)).date()


def parse_date_line(text):
    """``(datetime, has_time)`` for a date line, None if it does not look like one.

    Month names are read in any of the three languages. Raises ValueError when it looks
    like a date but is not a real one (31 February).
    """
    text = " ".join(plain(text).split())
    for pattern in DATE_PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        parts = match.groupdict()
        if parts.get("month") is not None:
            month = DATE_MONTHS.get(parts["month"].lower())
            if month is None:
                return None
        else:
            month = int(parts["mnum"])
        has_time = parts.get("hour") is not None
        hour, minute = (int(parts["hour"]), int(parts["minute"])) if has_time else (0, 0)
        naive = datetime.datetime(int(parts["year"]), month, int(parts["day"]), hour, minute)
        return naive.replace(tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)), has_time
    return None


def _blocks(lines):
    """Paragraphs as (first line number, [lines]) split at blank lines."""
    blocks, current, start = [], [], None
    for number, line in lines:
        if line:
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks


NO_DATE = (
    " Nor does any of its first lines hold a date (“BAKU, 28 March 2022 – …”, “on 28 March "
    "2022”): give the file's date with --date YYYY-MM-DD."
)


def parse_text(text, *, source="<text>", date=None):
    """Read one release from ``text``; raise ParseError if it is not in the layout.

    A text without a date line is read when one of its first lines holds a date
    (``layouts.free_layout``); ``date`` (a datetime.date) dates a text that holds none.
    """
    lines = _lines(text, source)
    dropped = captions([(number, line) for number, line in lines if line])
    lines = [(number, "" if number in dropped else line) for number, line in lines]
    filled = [(number, line) for number, line in lines if line]
    title = _title(source, filled)
    try:
        section, (published_at, has_time), date_line = _section_and_date(source, filled)
        body_from = date_line + 1
    except ParseError as error:
        if not error.message.startswith("expected a date line"):
            raise
        layout = free_layout(filled, date=date)
        if layout is None:
            raise ParseError(source, error.line, error.message + NO_DATE) from None
        title, section = layout.title, layout.section
        published_at, has_time, date_line = layout.published_at, layout.has_time, layout.date_line
        body_from = layout.body_from
    # The language of the text after the date line: a title may quote a foreign name.
    after = [(n, line) for n, line in lines if n >= body_from]
    language = text_language(" ".join(line for _, line in after))
    blocks = _drop_standing_text(_blocks(after), language)
    if not blocks:
        raise ParseError(
            source, date_line + 1, "expected at least one body paragraph after the date line."
        )
    body = "\n\n".join(" ".join(block) for _, block in blocks)
    return ParsedRelease(
        source=str(source),
        title=title,
        section=section,
        published_at=published_at,
        body=body,
        has_time=has_time,
        language=language,
        byline=settings.NEWSROOM_LANGUAGE_TEXTS[language]["DEFAULT_BYLINE"],
    )


def _lines(text, source):
    """[(line number, line without its spaces at either end)] of ``text``."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        # PostgreSQL cannot store it, and no text file holds one: refuse it on every database.
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ParseError(source, line, "expected text, found a NUL character (a binary file?).")
    return [(number, line.strip()) for number, line in enumerate(text.split("\n"), start=1)]


def _title(source, filled):
    """The title: the first line of ``filled`` (the lines with text), not a date."""
    if not filled:
        raise ParseError(source, 1, "expected a title line, found an empty file.")
    title_line, title = filled[0]
    title_max = Release._meta.get_field("title").max_length
    if len(title) > title_max:
        raise ParseError(
            source,
            title_line,
            f"expected a title of at most {title_max} characters, found {len(title)}.",
        )
    if _try_date(source, title_line, title) is not None:
        raise ParseError(source, title_line, "expected a title line first, found a date.")
    return title


def _section_and_date(source, filled):
    """``(section, (published_at, has_time), date line number)`` from the lines after the
    title: the date line, or a section line and then the date line ("" for no section)."""
    title_line = filled[0][0]
    if len(filled) < 2:
        raise ParseError(
            source, title_line + 1, f"expected a date line such as {DATE_EXAMPLE} after the title."
        )
    parsed_date = _try_date(source, *filled[1])
    if parsed_date is not None:
        return "", parsed_date, filled[1][0]
    section_line, section = filled[1]
    section_max = Section._meta.get_field("name").max_length
    if len(section) > section_max or len(filled) < 3:
        raise ParseError(
            source,
            section_line,
            f"expected a date line such as {DATE_EXAMPLE} after the title "
            f"(or a section name of at most {section_max} characters, then the date line); "
            f"found “{_clip(section)}”.",
        )
    parsed_date = _try_date(source, *filled[2])
    if parsed_date is None:
        number, found = filled[2]
        raise ParseError(
            source,
            number,
            f"expected a date line such as {DATE_EXAMPLE} after the section line "
            f"“{_clip(section)}”; found “{_clip(found)}”.",
        )
    return section, parsed_date, filled[2][0]


def _try_date(source, number, line):
    try:
        return parse_date_line(line)
    except ValueError as error:
        raise ParseError(
            source, number, f"expected a real date such as {DATE_EXAMPLE}; {error}."
        ) from None


def _clip(text, length=60):
    return text if len(text) <= length else text[: length - 1] + "…"


def _drop_standing_text(blocks, language):
    """Remove the standing paragraph and the signature lines, in ``language``, from the end."""
    texts = settings.NEWSROOM_LANGUAGE_TEXTS[language]
    standing = normalise(texts["STANDING_PARAGRAPH"])
    signature = {normalise(texts["DEFAULT_BYLINE"]), normalise(texts["SIGNATURE"])}
    blocks = [(start, list(block)) for start, block in blocks]
    if blocks and normalise(" ".join(blocks[-1][1])) == standing:
        blocks.pop()
    while blocks and normalise(blocks[-1][1][-1]) in signature:
        blocks[-1][1].pop()
        if not blocks[-1][1]:
            blocks.pop()
    return blocks


def parse_file(path, *, date=None):
    """Read and parse one UTF-8 file (a byte-order mark is allowed); ``date`` dates a
    file that holds none."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ParseError(path, 0, f"could not be read: {error.strerror or error}.") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ParseError(
            path, line, "expected UTF-8 text; this file uses another encoding."
        ) from None
    return parse_text(text, source=path, date=date)


def release_files(paths):
    """The ``.txt`` files named by ``paths`` (files, or folders searched recursively), sorted.

    Raises ParseError for a path that does not exist.
    """
    found = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.txt") if p.is_file()))
        elif path.is_file():
            found.append(path)
        else:
            raise ParseError(path, 0, "expected a file or folder; nothing is there.")
    return found
