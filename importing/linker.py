"""Finding what a release is about in its text.

``Linker`` knows every official, country and organisation by all the names
releases use for them and finds them in one pass of an Aho-Corasick automaton
(``pyahocorasick``), so the cost of a text does not grow with the number of
names known. On top of the names it reads:

- new people, from the way releases introduce them ("Chairman of the Senate
  of the Kazakh Parliament Maulen Ashimbayev"), as proposals with position and
  country for a person to confirm;
- the meeting reported: the first sentence where people meet, its date
  ("on 28 March", the year taken from the release), participants and place.

Countries a release is *about* are those of the meeting's participants (or,
without a meeting, of the officials it names); any other country found is
only *mentioned*. The linker reads the database once, when built, and never
writes to it.
"""

import datetime
import re
from dataclasses import dataclass, field

import ahocorasick
from django.conf import settings
from django.utils.text import slugify

from importing.parser import MONTHS, fold

HONORIFICS = ("mr", "mrs", "ms", "madam", "dr", "h.e.", "mister")
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
}
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
}
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
}

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
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z‘“'\"])")
_UPPER = "".join(c for c in map(chr, range(0x41, 0x250)) if c.isupper())
# Two or more capitalised words in a row, one space apart: where names are.
CAPITALISED_RUN = re.compile(rf"(?<![\w’'-])[{_UPPER}][\w’'.-]*(?: [{_UPPER}][\w’'.-]*)+")
WORD_BEFORE = re.compile(r"([\w’'-]+)\W*$")
TOKEN = re.compile(r"[^\W\d_][\w’'.-]*|,|[^\w\s]", re.UNICODE)


@dataclass
class Found:
    kind: str  # "official", "country" or "organisation"
    key: object  # official id, country id or organisation name
    start: int
    end: int
    strength: int  # 2: a full name or country name; 1: a surname alone


@dataclass
class Proposal:
    """A person the text introduces who is not (yet) a known official."""

    name: str
    titles: list  # the positions of the fullest introduction
    country_id: int | None
    start: int = 0
    phrases: list = field(default_factory=list)  # every introduction's positions

    @property
    def slug(self):
        return slugify(self.name)


@dataclass
class MeetingSuggestion:
    date: datetime.date
    official_ids: list
    proposal_names: list
    host_country_id: int | None
    city: str
    kind: str
    sentence: str = ""


@dataclass
class Links:
    """What the linker found in one release."""

    officials: list = field(default_factory=list)  # ids, the release is about them
    mentioned_officials: list = field(default_factory=list)
    countries: list = field(default_factory=list)  # ids, the release is about them
    mentioned_countries: list = field(default_factory=list)
    organisations: list = field(default_factory=list)  # tag names
    meeting: MeetingSuggestion | None = None
    proposals: list = field(default_factory=list)  # Proposal, new people
    titles: dict = field(default_factory=dict)  # official id -> positions the text gives


_NOT_WORD = re.compile(r"\W")


def _words_only(text):
    """``text`` with every character that is not part of a word made a space (same length)."""
    return _NOT_WORD.sub(" ", text)


class Linker:
    """Finds officials, countries, organisations, new people and the meeting in a text."""

    def __init__(self, *, officials=(), countries=(), organisations=(), home_country_id=None):
        """``officials``: (id, full_name, country_id); ``countries``: (id, code, [names]);
        ``organisations``: (tag name, [names]). Built from the database by ``from_database``.
        """
        self.officials = {}  # id -> (full_name, country_id)
        self.countries = {}  # id -> code
        self.country_by_code = {}
        self.home_country_id = home_country_id
        # Lookups the importer keeps for one run (sections, tags by name).
        self.memo = {}
        self._keys = {}  # folded key -> set of (kind, key, strength, case-sensitive form)
        self._country_words = set()
        for country_id, code, names in countries:
            self.countries[country_id] = code
            self.country_by_code[code] = country_id
            for name in names:
                self._add_key(name, ("country", country_id, 2))
                self._country_words.update(w.strip("’'").lower() for w in name.split())
        for name, names in organisations:
            for alias in names:
                self._add_key(alias, ("organisation", name, 2))
        for official in officials:
            self._add_official(*official)
        self._build()

    @classmethod
    def from_database(cls):
        from people.models import Country, Official
        from releases.models import Organisation

        countries = [
            (c.pk, c.code, [c.name, c.official_name, *c.other_names_list])
            for c in Country.objects.only("code", "name", "official_name", "other_names")
        ]
        home = settings.NEWSROOM.get("HOME_COUNTRY", "AZ")
        return cls(
            officials=Official.objects.values_list("pk", "full_name", "country_id"),
            countries=countries,
            organisations=[(o.name, o.names) for o in Organisation.objects.all()],
            home_country_id=next((pk for pk, code, _ in countries if code == home), None),
        )

    def _add_key(self, form, target, *, exact=False):
        form = " ".join(form.split())
        if not form:
            return
        # All-capital short names (UN, TURKSOY) must be written so: "un" is a word too.
        exact = exact or (form.isupper() and len(form) <= 8)
        written = form.replace("’", "'") if exact else None
        self._keys.setdefault(fold(form), set()).add((*target, written))

    def _add_official(self, pk, full_name, country_id):
        self.officials[pk] = (full_name, country_id)
        words = full_name.split()
        self._add_key(full_name, ("official", pk, 2))
        if len(words) >= 2:
            surname = words[-1]
            self._add_key(f"{surname} {' '.join(words[:-1])}", ("official", pk, 2))
            if len(surname) >= 4:
                # "Gafarova said": a surname alone, capitalised, if no one else has it.
                self._add_key(surname, ("official", pk, 1), exact=True)
            for honorific in HONORIFICS:
                self._add_key(f"{honorific} {surname}", ("official", pk, 1))
                self._add_key(f"{honorific}. {surname}", ("official", pk, 1))
                self._add_key(f"{honorific} {full_name}", ("official", pk, 2))

    def _build(self):
        self._automaton = ahocorasick.Automaton()
        for key, targets in self._keys.items():
            self._automaton.add_word(f" {_words_only(key)} ", (len(key) + 1, tuple(targets)))
        if self._keys:
            self._automaton.make_automaton()

    def extended(self, officials):
        """A copy that also knows ``officials`` ((id, full_name, country_id), …)."""
        copy = object.__new__(Linker)
        copy.__dict__.update(self.__dict__)
        copy.officials = dict(self.officials)
        copy.memo = self.memo
        copy._keys = {key: set(targets) for key, targets in self._keys.items()}
        for official in officials:
            copy._add_official(*official)
        copy._build()
        return copy

    # Finding names ------------------------------------------------------------

    def find(self, text):
        """Every known name in ``text``, the longest where names overlap, in text order."""
        if not self._keys:
            return []
        # Punctuation becomes spaces and keys are matched with a space either side,
        # so the automaton reports whole words only ("Oman" is not in "woman").
        padded = f" {_words_only(fold(text))} "
        candidates = []
        for end, (length, targets) in self._automaton.iter(padded):
            start = end - length
            usable = targets
            if any(t[3] is not None for t in targets):
                written = text[start : start + length - 1].replace("’", "'")
                usable = [t for t in targets if t[3] is None or t[3] == written]
            if usable:
                candidates.append((start, start + length - 1, usable))
        # Leftmost-longest: at each place the longest name wins; overlapping ones go.
        candidates.sort(key=lambda c: (c[0], c[0] - c[1]))
        found, last_end = [], -1
        for start, end, targets in candidates:
            if start < last_end:
                continue
            last_end = end
            for kind, key, strength, _ in targets:
                found.append(Found(kind, key, start, end, strength))
        return found

    # New people ----------------------------------------------------------------

    def people(self, text):
        """(name, [titles], start) for every person introduced with a position."""
        results = []
        for match in CAPITALISED_RUN.finditer(text):
            words, offset = [], match.start()
            for word in match.group().split(" "):
                words.append((word, offset))
                offset += len(word) + 1
            i = 0
            while i < len(words):
                word = words[i][0]
                if not _is_name_word(word) or self._not_a_name(word):
                    i += 1
                    continue
                # A run of capitalised words that may be a name.
                j = i + 1
                while j < len(words) and _is_name_word(words[j][0]):
                    j += 1
                run = words[i:j]
                before = words[i - 1][0] if i else _word_before(text, run[0][1])
                i = j
                if len(run) < 2:
                    continue
                # A name is the run's last two words; three if all three can be names
                # and the words before do not end in "of the", as no position does
                # ("Speaker of the Knesset Amir Ohana").
                names = run[-2:]
                if (
                    len(run) == 3
                    and before.lower() not in CONNECTORS
                    and not self._not_a_name(run[0][0])
                ):
                    names = run
                if any(self._not_a_name(w) for w, _ in names):
                    continue
                title = self._title_before(text, names[0][1])
                if title:
                    results.append((" ".join(w for w, _ in names), title, names[0][1]))
        return results

    def _not_a_name(self, word):
        lowered = word.lower().strip("’'.")
        return (
            lowered in NOT_NAMES
            or lowered in ROLE_WORDS
            or lowered in PRE_ROLE
            or lowered in HONORIFICS
            or lowered in self._country_words
            or lowered.removesuffix("’s").removesuffix("'s") in self._country_words
        )

    def _title_before(self, text, name_start):
        """The positions written right before the name starting at ``name_start``, or []."""
        tokens = [
            (m.group(), m.start())
            for m in TOKEN.finditer(text, max(0, name_start - 250), name_start)
        ]
        k = len(tokens) - 1
        if k >= 0 and tokens[k][0].lower().rstrip(".") in HONORIFICS:
            k -= 1
        end = k
        role_at = None
        while k >= 0:
            word = tokens[k][0]
            lowered = word.lower()
            if lowered in ROLE_WORDS:
                role_at = k
            elif not (
                word == "," or lowered in CONNECTORS or _is_capitalised(word) or word.isupper()
            ):
                break
            k -= 1
        if role_at is None:
            return []
        start = role_at
        while start > 0 and tokens[start - 1][0].lower() in PRE_ROLE | {"and"}:
            start -= 1
        while start <= end and tokens[start][0].lower() in CONNECTORS:
            start += 1
        if start > end:
            return []
        phrase = text[tokens[start][1] : tokens[end][1] + len(tokens[end][0])].strip(" ,")
        return _split_positions(phrase)

    # The release as a whole ------------------------------------------------------

    def link(self, *, title="", lead="", body="", published_on=None):
        """What ``title``, ``lead`` and ``body`` say; ``published_on`` dates the meeting."""
        text = "\n\n".join(part for part in (title, lead, body) if part)
        found = self.find(text)
        links = Links()

        mentions = self._resolve_officials([f for f in found if f.kind == "official"])
        officials_in_text = {}
        for pk, start, _ in mentions:
            officials_in_text.setdefault(pk, start)

        # People introduced with a position: titles of known ones, proposals for the rest.
        prose_from = len(title) + 2 if title else 0
        proposals = {}
        for name, titles, start in self.people(text[prose_from:]):
            start += prose_from
            known = next((pk for pk, s, e in mentions if s <= start < e), None)
            if known is not None:
                links.titles[known] = _fuller(links.titles.get(known, []), titles)
                continue
            proposal = proposals.get(name)
            if proposal is None:
                proposal = proposals[name] = Proposal(name, [], None, start)
            proposal.phrases.append(titles)
            proposal.titles = _fuller(proposal.titles, titles)
        for proposal in proposals.values():
            proposal.country_id = self._country_of([t for p in proposal.phrases for t in p])
        links.proposals = list(proposals.values())

        order = sorted(officials_in_text.items(), key=lambda item: item[1])
        all_officials = [pk for pk, _ in order]
        links.meeting = self._meeting(text, mentions, links.proposals, published_on)
        if links.meeting is not None:
            about = links.meeting.official_ids
            links.officials = [pk for pk in all_officials if pk in about]
            links.mentioned_officials = [pk for pk in all_officials if pk not in about]
            about_countries = [self.officials[pk][1] for pk in links.officials]
            about_countries += [
                p.country_id
                for p in links.proposals
                if p.name in links.meeting.proposal_names and p.country_id
            ]
        else:
            links.officials = all_officials
            about_countries = [self.officials[pk][1] for pk in all_officials]

        country_order = []
        for f in found:
            if f.kind == "country" and f.key not in country_order:
                country_order.append(f.key)
        links.countries = _unique(about_countries)
        links.mentioned_countries = [c for c in country_order if c not in links.countries]
        links.organisations = _unique(f.key for f in found if f.kind == "organisation")
        return links

    def _resolve_officials(self, hits):
        """[(official id, start, end)]; a surname alone counts only when unambiguous."""
        firm = {f.key for f in hits if f.strength == 2}
        by_span = {}
        for f in hits:
            by_span.setdefault((f.start, f.end), []).append(f)
        mentions = []
        for (start, end), span_hits in by_span.items():
            full = [f.key for f in span_hits if f.strength == 2]
            keys = full or [f.key for f in span_hits]
            if len(keys) > 1:
                # "Mr Aliyev" with two Aliyevs known: the one named in full elsewhere.
                keys = [k for k in keys if k in firm]
            if len(keys) == 1:
                mentions.append((keys[0], start, end))
        return mentions

    def _country_of(self, titles):
        """The country a person serves, read from their positions; None if unsure."""
        for title in titles:
            lowered = fold(title)
            if "milli majlis" in lowered:
                return self.home_country_id
            hits = [f for f in self.find(title) if f.kind == "country"]
            if hits:
                # "Ambassador of Kazakhstan to Azerbaijan": the first country is theirs.
                return hits[0].key
        return None

    def _meeting(self, text, mentions, proposals, published_on):
        sentences = []
        offset = 0
        for paragraph in text.split("\n\n"):
            for piece in SENTENCE_END.split(paragraph):
                start = text.find(piece, offset)
                sentences.append((start, piece))
                offset = start + len(piece)
        title_end = text.find("\n\n")
        for start, sentence in sentences:
            if start < title_end or not MEETING_VERB.search(sentence):
                continue
            end = start + len(sentence)
            ids = _unique(pk for pk, s, _ in mentions if start <= s < end)
            names = [p.name for p in proposals if p.name in sentence]
            if len(ids) + len(names) < 2:
                continue
            when = published_on
            match = MEETING_DATE.search(sentence)
            if match and published_on:
                day = int(match["day"] or match["day2"])
                month = MONTHS[(match["month"] or match["month2"]).lower()]
                when = _date_near(published_on, month, day) or published_on
            kind = "bilateral"
            if CALL_WORDS.search(sentence):
                kind = "call"
            elif VISIT_WORDS.search(sentence):
                kind = "visit"
            host, city = self._place(sentence)
            if host is None and kind != "call":
                host = self.home_country_id
            if when is None:
                return None
            return MeetingSuggestion(when, ids, names, host, city, kind, sentence)
        return None

    def _place(self, sentence):
        match = CITY.search(sentence)
        if match:
            city = match["city"]
            return self.country_by_code.get(CITIES[city]), city
        match = PLACE_TO.search(sentence)
        if match:
            hits = [f for f in self.find(match["where"]) if f.kind == "country"]
            if hits:
                return hits[0].key, ""
        return None, ""


def _is_capitalised(word):
    return word[:1].isupper()


def _is_name_word(word):
    # "Maulen", "Al-Khalifa", "O’Brien"; not "OSCE" or "PA".
    return word[:1].isupper() and any(c.islower() for c in word[1:]) and word[-1:] != "."


def _word_before(text, position):
    match = WORD_BEFORE.search(text, max(0, position - 40), position)
    return match.group(1) if match else ""


def _split_positions(phrase):
    """ "Leader of X, Vice President and Chairman of Y" → its positions."""
    parts = re.split(r",\s+|\s+and\s+", phrase)
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
