"""The words the linker reads releases by: names of roles, places, months, and the
patterns of introductions and meetings."""

import datetime
import re

from importing.languages import MONTHS, MONTHS_BY_LANGUAGE
from importing.linker import vocabulary

HONORIFICS = ("mr", "mrs", "ms", "madam", "dr", "h.e.", "mister")
# Words of address that may stand before a name ("Sir Geoffrey"); known officials are
# looked up with HONORIFICS only.
ADDRESS = (*HONORIFICS, *vocabulary.HONORIFICS)
CONNECTORS = {"of", "the", "to", "and", "for", "in", "on", "at", "de", "&"}
# Words that open a position, in any case ("the president of Azerbaijan").
ROLE_WORDS = {
    "chair",
    "chairman",
    "chairwoman",
    "chairperson",
    "co-chair",
    "speaker",
    "president",
    "vice-president",
    "minister",
    "ambassador",
    "leader",
    "head",
    "secretary",
    "secretary-general",
    "member",
    "commissioner",
    "director",
    "governor",
    "mayor",
    "envoy",
    "representative",
    "consul",
    "rapporteur",
    "senator",
    "adviser",
    "advisor",
    "coordinator",
    "deputy",
    "king",
    "queen",
    "emir",
    "prime",
} | vocabulary.ROLE_WORDS
# Words that may stand before a position word and belong to it.
PRE_ROLE = {"extraordinary", "plenipotentiary", "deputy", "vice", "first", "acting", "honorary"}
# Capitalised words that are part of a position or a body, never of a name.
NOT_NAMES = {
    "parliament",
    "senate",
    "assembly",
    "majlis",
    "milli",
    "council",
    "group",
    "committee",
    "delegation",
    "republic",
    "embassy",
    "ministry",
    "affairs",
    "foreign",
    "state",
    "states",
    "national",
    "federal",
    "house",
    "chamber",
    "commission",
    "union",
    "organisation",
    "organization",
    "party",
    "government",
    "office",
    "kingdom",
    "federation",
    "parliamentary",
    "friendship",
    "working",
    "department",
    "support",
    "general",
    "people",
    "peoples",
    "the",
    "his",
    "her",
    "majesty",
    "excellency",
} | vocabulary.NOT_NAMES
CITIES = {
    "Baku": "AZ",
    "Ganja": "AZ",
    "Shusha": "AZ",
    "Nakhchivan": "AZ",
    "Astana": "KZ",
    "Nur-Sultan": "KZ",
    "Almaty": "KZ",
    "Ankara": "TR",
    "Istanbul": "TR",
    "Moscow": "RU",
    "Tashkent": "UZ",
    "Bishkek": "KG",
    "Ashgabat": "TM",
    "Dushanbe": "TJ",
    "Tbilisi": "GE",
    "Tehran": "IR",
    "Islamabad": "PK",
    "Budapest": "HU",
    "Rome": "IT",
    "Paris": "FR",
    "Strasbourg": "FR",
    "Berlin": "DE",
    "London": "GB",
    "Washington": "US",
    "New York": "US",
    "Vienna": "AT",
    "Geneva": "CH",
    "Brussels": "BE",
    "Warsaw": "PL",
    "Kyiv": "UA",
    "Minsk": "BY",
    "Beijing": "CN",
    "Tokyo": "JP",
    "Seoul": "KR",
    "Doha": "QA",
    "Riyadh": "SA",
    "Abu Dhabi": "AE",
    "Cairo": "EG",
    "Madrid": "ES",
    "Athens": "GR",
    "Bucharest": "RO",
    "Sofia": "BG",
    "Belgrade": "RS",
    "Chisinau": "MD",
} | vocabulary.CITIES

CITY = re.compile(
    r"\bin (?P<city>"
    + "|".join(re.escape(c) for c in sorted(CITIES, key=len, reverse=True))
    + r")\b"
)
MEETING_VERB = re.compile(
    r"\b(?:met|meets|meet|had an? (?:meeting|talks?|conversation|phone conversation|"
    r"telephone conversation|phone call|video ?call|video ?conference|online meeting) with|"
    r"held (?:a meeting|talks|a phone conversation|a video ?conference) with|"
    r"received|receives|hosted|welcomed)\b",
    re.IGNORECASE,
)
CALL_WORDS = re.compile(
    r"\b(?:phone|telephone|video ?call|video ?conference|online meeting)\b", re.I
)
VISIT_WORDS = re.compile(r"\b(?:visit|working trip|official trip|trip)\b", re.I)
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
MEETING_DATE = re.compile(
    rf"\bon\s+(?:(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH})\b|(?P<month2>{_MONTH})\s+(?P<day2>\d{{1,2}})\b)",
    re.IGNORECASE,
)
PLACE_TO = re.compile(
    r"\b(?:visit|trip|working trip|official visit)\s+to\s+(?:the\s+)?(?P<where>[^.,;]{2,80})", re.I
)
PLACE_IN = re.compile(r"\bin\s+(?P<city>[A-Z][\w-]+(?:\s[A-Z][\w-]+)?)")
_UPPER = "".join(c for c in map(chr, range(0x41, 0x250)) if c.isupper())
# A sentence ends before a capital of any of the three alphabets, or an opening quote.
# An initial does not end one ("Robert J. McAllister").
SENTENCE_END = re.compile(
    rf"(?<![\s.][{_UPPER}]\.)(?<=[.!?])\s+(?=[{_UPPER}\u0401\u0410-\u042f‘“'\"«])"
)
WORD_BEFORE = re.compile(r"([\w’'-]+)\W*$")
TOKEN = re.compile(r"[^\W\d_][\w’'.-]*|,|[^\w\s]", re.UNICODE)


# Meetings as Azerbaijani and Russian releases report them ("… ilə görüşüb", "встретилась
# с …"): the verb, the date ("martın 28-də", "28 марта"), a call or a visit, and where the
# visit went (Azerbaijani names the place before "səfər", Russian after "поездки в").
def _months(language):
    return "|".join(sorted(MONTHS_BY_LANGUAGE[language], key=len, reverse=True))


MEETING_VERBS = {
    "en": MEETING_VERB,
    "az": re.compile(
        r"\b(?:görüş(?:üb|dü|üblər|dülər|ür|ürlər)|görüş keçir\w*|qəbul ed(?:ib|di|ir)|"
        r"danışıqlar apar\w*|telefon danışığı|videokonfrans)",
        re.IGNORECASE,
    ),
    "ru": re.compile(
        r"\b(?:встрети(?:лся|лась|лись)|встречает(?:ся)?|принял[аи]?|принимает|"
        r"пров[её]л[аи]? (?:встречу|переговоры|телефонный разговор|видеоконференцию)|"
        r"состоял(?:ся|ась|ись) (?:встреча|телефонный разговор|переговоры|видеоконференция))\b",
        re.IGNORECASE,
    ),
}
MEETING_DATES = {
    "en": MEETING_DATE,
    "az": re.compile(
        rf"\b(?:(?P<month>{_months('az')})[ıiuü]n\s+(?P<day>\d{{1,2}})\b|"
        rf"(?P<day2>\d{{1,2}})\s+(?P<month2>{_months('az')})(?:[dt][aə])?\b)",
        re.IGNORECASE,
    ),
    "ru": re.compile(rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{_months('ru')})\b", re.IGNORECASE),
}
CALLS = {
    "en": CALL_WORDS,
    "az": re.compile(r"\b(?:telefon|video)", re.I),
    "ru": re.compile(r"\b(?:телефон|видео)", re.I),
}
VISITS = {
    "en": VISIT_WORDS,
    "az": re.compile(r"\bsəfər", re.I),
    "ru": re.compile(r"\b(?:визит|поездк)", re.I),
}
# Where a visit went, and which of the countries named there is the host.
PLACES = {
    "en": (PLACE_TO, 0),
    "az": (re.compile(r"(?P<where>[^.,;]{2,80}?)\s+(?:(?:rəsmi|işgüzar|dövlət)\s+)?səfər"), -1),
    "ru": (re.compile(r"\b(?:визит\w*|поездк\w*)\s+в\s+(?P<where>[^.,;]{2,80})", re.I), 0),
}

_NOT_WORD = re.compile(r"\W")


def _words_only(text):
    """``text`` with every character that is not part of a word made a space (same length)."""
    return _NOT_WORD.sub(" ", text)


def _is_capitalised(word):
    return word[:1].isupper()


def _word_before(text, position):
    match = WORD_BEFORE.search(text, max(0, position - 40), position)
    return match.group(1) if match else ""


def _split_positions(phrase):
    """ "Leader of X, Vice President and Chairman of Y" → its positions."""
    parts = re.split(r",\s+(?:and\s+)?|\s+and\s+", phrase)
    positions, pending = [], ""
    for part in parts:
        piece = f"{pending} and {part}" if pending else part
        if any(w.lower() in ROLE_WORDS for w in part.split()):
            positions.append(piece[:1].upper() + piece[1:])
            pending = ""
        else:
            pending = piece
    if pending and positions:
        positions[-1] = f"{positions[-1]} and {pending}"
    return positions


def _fuller(titles, other):
    """Of two ways of writing someone's positions, the fuller one."""
    return other if len(" ".join(other)) > len(" ".join(titles)) else titles


def _unique(items):
    seen = []
    for item in items:
        if item is not None and item not in seen:
            seen.append(item)
    return seen


def _date_near(published_on, month, day):
    """The date ``day``/``month`` nearest before (or just after) ``published_on``."""
    for year in (published_on.year, published_on.year - 1):
        try:
            candidate = datetime.date(year, month, day)
        except ValueError:
            continue
        # A release reports what happened, at most a few days ahead of it.
        if candidate <= published_on + datetime.timedelta(days=7):
            return candidate
    return None
