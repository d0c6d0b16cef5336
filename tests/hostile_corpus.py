"""The hostile corpus: what a hostile reader types into the site's addresses.

``HOSTILE`` holds the values, each as it goes into an address (``raw``, already
percent-encoded, so invalid UTF-8 and ``%00`` reach the site as such) and as the
text a page might show (``text``). ``PUBLIC_PAGES`` gives, for every public URL
name, one example address built from the sample content (fixtures/sample.json) and
the query parameters that page reads. A new public address joins the corpus by
adding its line there; tests/test_hostile.py fails until it has one.
"""

from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import quote, unquote

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Hostile:
    id: str
    raw: str  # as it appears in the address, percent-encoded
    # "any" goes into every part of an address; "number" only where a number or a
    # date goes (a page, an id, a year), so the corpus stays quick to run.
    aim: str = "any"

    @property
    def text(self):
        """The value as a page receives it (invalid UTF-8 replaced)."""
        return unquote(self.raw, errors="replace")

    @property
    def markup(self):
        """Whether the value would be markup if a page showed it unescaped."""
        return any(c in self.text for c in '<>"')


def typed(id, text, aim="any"):
    """A value typed by a reader: percent-encoded as a browser sends it."""
    return Hostile(id, quote(text, safe=""), aim)


def number(id, text):
    return typed(id, text, aim="number")


HOSTILE = [
    # Paths out of the site.
    typed("traversal", "../../etc/passwd"),
    Hostile("traversal-encoded", "%2e%2e%2f%2e%2e%2fetc%2fpasswd"),
    Hostile("traversal-double-encoded", "..%252f..%252fetc%252fpasswd"),
    typed("traversal-backslash", "..\\..\\windows\\win.ini"),
    # Bytes that are not text.
    Hostile("nul", "%00"),
    Hostile("nul-inside", "kz%00"),
    Hostile("invalid-utf8", "%ff%fe"),
    Hostile("overlong-slash", "%c0%af"),
    Hostile("truncated-utf8", "%e2%82"),
    Hostile("surrogate", "%ed%a0%80"),
    Hostile("bad-percent", "%zz%"),
    typed("control-characters", "a\r\nSet-Cookie: hostile=1\t\x1b[31m"),
    # Sizes.
    typed("empty", ""),
    typed("blank", "   "),
    typed("overlong", "x" * 10_000),
    typed("overlong-markup", "<b>" * 3_400),
    # Numbers where a page number or an id goes.
    number("huge-number", "99999999999999999999"),
    number("negative", "-1"),
    number("zero", "0"),
    number("exponent", "1e9"),
    number("fraction", "1.5"),
    number("not-a-number", "NaN"),
    number("infinity", "inf"),
    number("last", "last"),
    # Full-text query syntax.
    typed("tsquery", "' & | ! :* <-> \\"),
    typed("tsquery-prefix", "kaz:*"),
    typed("tsquery-phrase", "gafarova <-> !astana"),
    typed("tsquery-group", "(a | b) & !c"),
    typed("quotes", "'\"''\"\""),
    typed("sql", "' OR 1=1 --"),
    # Markup.
    typed("script", "<script>alert(1)</script>"),
    typed("attribute", '"><img src=x onerror=alert(1)>'),
    typed("single-quoted-attribute", "'><svg onload=alert(1)>"),
    typed("textarea", "</textarea><script>alert(1)</script>"),
    typed("javascript-url", "javascript:alert(1)"),
    # Other alphabets and Unicode oddities.
    typed("azerbaijani", "Şuşa Əliyev ğ ı İ"),
    typed("cyrillic", "Сахиба Гафарова"),
    typed("arabic", "المجلس الوطني"),
    typed("hebrew", "הכנסת"),
    typed("right-to-left-override", "\u202egnp.exe"),
    typed("combining", "e\u0301\u0301\u0301 a\u0308\u0323 \u0307"),
    typed("emoji", "😀🇦🇿"),
    typed("highest-code-point", "\U0010ffff"),
    # Format strings and template syntax.
    typed("format-strings", "%s %n {0} {{7*7}} ${7*7}"),
    typed("template-tags", "{% debug %}{{ settings.SECRET_KEY }}"),
    # Dates out of range or not dates at all.
    number("date-zero", "0000-00-00"),
    number("date-far-future", "9999-12-31"),
    number("date-year-zero", "0000-01-01"),
    number("date-month-13", "2022-13-01"),
    number("date-day-32", "2022-03-32"),
    number("date-30-february", "2022-02-30"),
    number("date-before-range", "1899-12-31"),
    number("date-negative-year", "-2022-01-01"),
    number("date-compact", "20220328"),
    # The parts of an archive's address, at and past the edges of the archive.
    number("year-zero", "0000"),
    number("year-before-range", "1899"),
    number("year-first", "1900"),
    number("year-last", "2100"),
    number("year-after-range", "2101"),
    number("year-9999", "9999"),
    number("month-or-day-zero", "00"),
    number("month-13", "13"),
    number("day-31", "31"),
    number("day-32", "32"),
]

# Where a number or a date goes: these receive the "number" values too.
NUMBER_PARTS = {"page", "p", "pk", "year", "month", "day", "from", "to"}


# Whole query strings rather than one value.
QUERY_STRINGS = {
    "repeated-parameter": "&".join(["q=a"] * 1_500),
    "many-parameters": "&".join(f"p{n}=a" for n in range(1_500)),
    "invalid-utf8-name": "%ff%fe=1&%c0%af=2",
    "parameter-without-value": "q&page&from",
    "markup-name": quote("<script>alert(1)</script>") + "=1",
}

# Other methods than GET; a page must refuse them, or answer as to GET.
METHODS = ("POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE", "PROPFIND")

# Request headers a hostile client sends along.
HEADERS = {
    "HTTP_COOKIE": 'sessionid=<script>alert(1)</script>; csrftoken="; =; \x00',
    "HTTP_IF_MODIFIED_SINCE": "Sat, 32 Foo 99999 25:61:61 GMT",
    "HTTP_IF_NONE_MATCH": '"<script>", *, W/',
    "HTTP_RANGE": "bytes=99999999999999999999-0",
    "HTTP_REFERER": "javascript:alert(1)//<script>",
    "HTTP_USER_AGENT": "<script>alert(1)</script>" * 100,
    "HTTP_ACCEPT": "*/*;q=99999999999999999999, text/html;q=-1",
    "HTTP_ACCEPT_LANGUAGE": "<script>, ;q=x, " * 50,
    "HTTP_X_FORWARDED_PROTO": "https, <script>",
    "HTTP_X_FORWARDED_FOR": "999.999.999.999, <script>",
}
HOSTS = ("<script>", "example.com:99999999999999999999", "ex ample.com", "[::1", "")

# Appended to an example address, less its final slash: a suffix without one meets
# the redirect that adds it.
PATH_SUFFIXES = {
    "traversal": "/../../etc/passwd",
    "traversal-encoded": "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "nul": "%00/",
    "invalid-utf8": "%ff%fe/",
    "overlong-slash": "%c0%af",
    "header-injection": "%0d%0aSet-Cookie:%20hostile=1",
    "markup": quote("/<script>alert(1)</script>/", safe="/"),
}

GAFAROVA = "chair-of-milli-majlis-sahiba-gafarova-meets-chairman-of-kazakhstan-parliaments-senate"


class Page(NamedTuple):
    """A public URL name's example: its path's parts, the query parameters it reads,
    and valid parameters that each hostile one joins (a later value of the same name
    replaces an earlier one)."""

    parts: dict = {}
    params: tuple = ()
    query: str = ""


PAGE = ("page",)
API = ("lang", "format")
CURSOR = ("cursor", "page_size")
OFFICIAL = {"slug": "sahiba-gafarova"}
DAY = {"year": "2022", "month": "03", "day": "28"}

# Every public URL name, with an example from the sample content.
PUBLIC_PAGES = {
    "sitemap": Page(),
    "sitemap_section": Page({"section": "releases"}, ("p",)),
    "robots": Page(),
    "healthz": Page(),
    "readyz": Page(),
    "language_home": Page(),
    "old_address": Page({"path": "releases/2022/03/28/"}, PAGE),
    "people:official_list": Page(params=(*PAGE, "convocation")),
    "people:official_detail": Page(OFFICIAL, PAGE),
    "people:official_feed_atom": Page(OFFICIAL),
    "people:official_feed_rss": Page(OFFICIAL),
    "people:official_calendar": Page(OFFICIAL),
    "people:country_list": Page(),
    "people:country_detail": Page({"code": "kz"}, PAGE),
    "people:country_feed_atom": Page({"code": "kz"}),
    "people:country_feed_rss": Page({"code": "kz"}),
    "people:country_calendar": Page({"code": "kz"}),
    "people:country_meetings_csv": Page({"code": "kz"}),
    "api:root": Page(params=API),
    "api:release_list": Page(
        params=(*API, *CURSOR, "q", "official", "country", "tag", "section", "from", "to")
    ),
    "api:release_detail": Page({"pk": "1"}, API),
    "api:official_list": Page(params=(*API, *CURSOR, "country", "convocation")),
    "api:official_detail": Page(OFFICIAL, API),
    "api:country_list": Page(params=(*API, *CURSOR)),
    "api:country_detail": Page({"code": "kz"}, API),
    "api:country_dossier": Page({"code": "kz"}, API),
    "api:meeting_list": Page(params=(*API, *CURSOR, "country", "official")),
    "api:meeting_detail": Page({"pk": "1"}, API),
    "api:schema": Page(params=API),
    "releases:home": Page(params=PAGE),
    "releases:feed_atom": Page(),
    "releases:feed_rss": Page(),
    "releases:meeting_calendar": Page(),
    # Each hostile filter meets another, valid one, so combined filters are counted.
    "releases:release_index": Page(
        params=("official", "country", "tag", "section", "from", "to", "q", "page"),
        query="country=kz",
    ),
    "workflow:release_preview": Page({"pk": "1"}),
    "releases:release_year": Page({"year": "2022"}, PAGE),
    "releases:release_month": Page({"year": "2022", "month": "03"}, PAGE),
    "releases:release_day": Page(DAY, PAGE),
    "releases:release_detail": Page({**DAY, "slug": GAFAROVA}),
    "workflow:preview_link": Page({"token": "not-a-token"}),
    "releases:search": Page(params=("q", "page"), query="q=kazakh"),
    "releases:tag_detail": Page({"slug": "turkpa"}, PAGE),
    "releases:tag_feed_atom": Page({"slug": "turkpa"}),
    "releases:tag_feed_rss": Page({"slug": "turkpa"}),
    "releases:meeting_list": Page(params=PAGE),
    "releases:meeting_detail": Page({"pk": "1"}),
    # An uploaded file no public page shows (the sample content has none).
    "media": Page({"name": "releases/2022/03/talks.jpg"}),
}

# Parts of the site that are not public pages.
PRIVATE_PREFIXES = ("admin/",)


def public_routes():
    """{URL name: route} of every pattern of the root URLconf outside the admin.

    An unnamed pattern is listed under its route, so it cannot be missed either.
    """
    found = {}

    def walk(patterns, prefix, namespace):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if route.startswith(PRIVATE_PREFIXES):
                continue
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, route, inner)
            elif isinstance(entry, URLPattern):
                name = f"{namespace}{entry.name}" if entry.name else route
                found[name] = route

    walk(get_resolver().url_patterns, "", "")
    return found
