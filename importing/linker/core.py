"""The linker: every known name in one automaton, and a release read as a whole."""

import ahocorasick
from django.conf import settings

from importing.languages import text_language
from importing.linker.context import ContextReading
from importing.linker.evidence import EvidenceReading
from importing.linker.forms import InflectedNames
from importing.linker.introductions import IntroductionReading
from importing.linker.meetings import MeetingReading
from importing.linker.names import SpellingIndex, unmarked
from importing.linker.people import PeopleReading
from importing.linker.results import Found, Links
from importing.linker.russian import RussianReading
from importing.linker.words import (
    HONORIFICS,
    _unique,
    _words_only,
)
from importing.text import fold

LANGUAGES = ("az", "en", "ru")
INFLECTED = ("az", "ru")  # read by the stems of names (forms.py); English by whole words
COUNTRY_NAMES = ("name", "official_name", "other_names")


def in_language(names, language):
    """The name in ``language`` of {language: name}, else the first of English,
    Azerbaijani and Russian there is (as pages show it)."""
    order = (language, *(lang for lang in ("en", "az", "ru") if lang != language))
    return next((names[lang] for lang in order if names.get(lang)), "")


class Linker(
    PeopleReading,
    IntroductionReading,
    RussianReading,
    MeetingReading,
    ContextReading,
    EvidenceReading,
):
    """Finds officials, countries, organisations, new people and the meeting in a text."""

    def __init__(self, *, officials=(), countries=(), organisations=(), home_country_id=None):
        """``officials``: (id, names, country_id); ``countries``: (id, code, names);
        ``organisations``: (tag name, [names]). An official's names are a full name (English)
        or {language: full name}, a country's a list (English) or {language: [names]}; a
        language without an official's name reads the first of English, Azerbaijani and
        Russian that has one. Built from the database by ``from_database``.
        """
        self.officials = {}  # id -> (full_name, country_id)
        self.countries = {}  # id -> code
        self.country_by_code = {}
        self.home_country_id = home_country_id
        self._keys = {}  # folded key -> set of (kind, key, strength, case-sensitive form)
        self._inflected = {lang: InflectedNames(lang) for lang in INFLECTED}
        self._spellings = SpellingIndex()
        for country_id, code, names in countries:
            self.countries[country_id] = code
            self.country_by_code[code] = country_id
            names = names if isinstance(names, dict) else {"en": names}
            for name in names.get("en", ()):
                self._add_key(name, ("country", country_id, 2))
            for lang, inflected in self._inflected.items():
                for name in names.get(lang, ()):
                    inflected.add(name, ("country", country_id, 2))
        for name, names in organisations:
            for alias in names:
                self._add_key(alias, ("organisation", name, 2))
                for inflected in self._inflected.values():
                    inflected.add(alias, ("organisation", name, 2))
        for official in officials:
            self._add_official(*official)
        self._build()

    @classmethod
    def from_database(cls):
        """The linker of every official, country and organisation stored, their names read
        from each language's column, whatever language is active."""
        from people.models import Country, Official, lines
        from releases.models import Organisation

        countries = []
        columns = [f"{field}_{lang}" for lang in LANGUAGES for field in COUNTRY_NAMES]
        for pk, code, *values in Country.objects.values_list("pk", "code", *columns):
            names = dict(zip(columns, values, strict=True))
            by_language = {
                # A country without a name in a language is read by its English one.
                lang: [
                    name
                    for name in (
                        names[f"name_{lang}"] or names["name_en"],
                        names[f"official_name_{lang}"],
                    )
                    if name
                ]
                + lines(names[f"other_names_{lang}"])
                for lang in LANGUAGES
            }
            countries.append((pk, code, by_language))
        officials = [
            (pk, dict(zip(LANGUAGES, names, strict=True)), country_id)
            for pk, country_id, *names in Official.objects.values_list(
                "pk", "country_id", *(f"full_name_{lang}" for lang in LANGUAGES)
            )
        ]
        home = settings.NEWSROOM.get("HOME_COUNTRY", "AZ")
        return cls(
            officials=officials,
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

    def _add_official(self, pk, names, country_id):
        names = names if isinstance(names, dict) else {"en": names}
        full_name = in_language(names, "en")
        self.officials[pk] = (full_name, country_id)
        words = full_name.split()
        self._add_key(full_name, ("official", pk, 2))
        self._spellings.add(full_name, pk)
        if unmarked(full_name) != full_name:
            # "Numan Yildirim" for "Numan Yıldırım": the letters written without marks.
            self._add_key(unmarked(full_name), ("official", pk, 2))
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
        for lang, inflected in self._inflected.items():
            words = in_language(names, lang).split()
            inflected.add(" ".join(words), ("official", pk, 2))
            if len(words) >= 2:
                inflected.add(" ".join([words[-1], *words[:-1]]), ("official", pk, 2))
                if len(words[-1]) >= 4:
                    inflected.add(words[-1], ("official", pk, 1))

    def _build(self):
        self._automaton = ahocorasick.Automaton()
        for key, targets in self._keys.items():
            self._automaton.add_word(f" {_words_only(key)} ", (len(key) + 1, tuple(targets)))
        if self._keys:
            self._automaton.make_automaton()

    def extended(self, officials):
        """A copy that also knows ``officials`` ((id, names, country_id), …)."""
        copy = object.__new__(Linker)
        copy.__dict__.update(self.__dict__)
        copy.officials = dict(self.officials)
        copy._keys = {key: set(targets) for key, targets in self._keys.items()}
        copy._inflected = {lang: names.copy() for lang, names in self._inflected.items()}
        copy._spellings = self._spellings.copy()
        for official in officials:
            copy._add_official(*official)
        copy._build()
        return copy

    # Finding names ------------------------------------------------------------

    def find(self, text, language="en"):
        """Every known name in ``text`` written in ``language``, the longest where names
        overlap, in text order."""
        if language in self._inflected:
            candidates = self._inflected[language].candidates(text)
        else:
            candidates = self._english(text)
        # Leftmost-longest: at each place the longest name wins; overlapping ones go.
        candidates.sort(key=lambda c: (c[0], c[0] - c[1]))
        found, last_end = [], -1
        for start, end, targets in candidates:
            if start < last_end:
                continue
            last_end = end
            for kind, key, strength, *_ in targets:
                found.append(Found(kind, key, start, end, strength))
        return found

    def _english(self, text):
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
        return candidates

    # The release as a whole ------------------------------------------------------

    def link(self, *, title="", lead="", body="", published_on=None, language=None):
        """What ``title``, ``lead`` and ``body`` say; ``published_on`` dates the meeting.

        ``language`` ("az", "en" or "ru") is the text's, told by its letters if not given.
        People introduced with a position are read in English and Russian texts, known
        officials spelt another way in English ones. Each link keeps the words of the text
        that gave it (``Links.evidence``).
        """
        text = "\n\n".join(part for part in (title, lead, body) if part)
        language = language or text_language(text)
        found = self.find(text, language)
        names = self.names(text, found) if language == "en" else []
        found += self._respelt(found, names)
        mentions = self._resolve_officials([f for f in found if f.kind == "official"])
        links = Links()
        home = self._release_home(text)
        introductions = []
        if language == "en":
            # People introduced with a position: titles of known ones, proposals for the rest.
            prose_from = len(title) + 2 if title else 0
            introductions = self.people(text, [n for n in names if n[1] >= prose_from])
            links.titles, links.proposals = self._introductions(text, introductions, mentions, home)
        elif language == "ru":
            prose_from = len(title) + 2 if title else 0
            introductions, links.proposals = self._russian_introductions(
                text, prose_from, mentions, home
            )
        passive = self._quoted(text, mentions, introductions, links.proposals)
        links.meeting = self._meeting(
            text, mentions, links.proposals, published_on, language, home=home, passive=passive
        )
        self._about(links, mentions, found, passive)
        links.evidence = self._evidence(text, links, mentions, found, introductions)
        return links

    def _about(self, links, mentions, found, passive):
        """Set the officials and countries of ``links``: those the release is about (with a
        meeting, its participants; without, everyone named but those only quoted), and
        those it only mentions; the new people taking part; and its organisations."""
        officials_in_text = {}
        for pk, start, _ in mentions:
            officials_in_text.setdefault(pk, start)
        order = sorted(officials_in_text.items(), key=lambda item: item[1])
        all_officials = [pk for pk, _ in order]
        if links.meeting is not None:
            about = set(links.meeting.official_ids)
            links.participant_names = list(links.meeting.proposal_names)
        else:
            about = {pk for pk, start, _ in mentions if ("official", start) not in passive}
            links.participant_names = [
                p.name for p in links.proposals if ("person", p.name) not in passive
            ]
        links.officials = [pk for pk in all_officials if pk in about]
        links.mentioned_officials = [pk for pk in all_officials if pk not in about]
        about_countries = [self.officials[pk][1] for pk in links.officials]
        about_countries += [
            p.country_id
            for p in links.proposals
            if p.name in links.participant_names and p.country_id
        ]

        country_order = []
        for f in found:
            if f.kind == "country" and f.key not in country_order:
                country_order.append(f.key)
        links.countries = _unique(about_countries)
        links.mentioned_countries = [c for c in country_order if c not in links.countries]
        links.organisations = _unique(f.key for f in found if f.kind == "organisation")
