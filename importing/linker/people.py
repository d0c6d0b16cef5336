"""Reading people from a text: known officials by their titles, new ones by the way
releases introduce them, members listed after a group noun, and their countries."""

from dataclasses import dataclass

from importing.linker.names import (
    AFTER_NAME,
    LIST_NEXT,
    NAME_RUN,
    is_initial,
    is_particle,
    name_words,
)
from importing.linker.vocabulary import BODY_NAMES, PARTICLES, SINGULAR
from importing.linker.words import (
    ADDRESS,
    CITIES,
    CITY,
    CONNECTORS,
    NOT_NAMES,
    PRE_ROLE,
    ROLE_WORDS,
    SENTENCE_END,
    TOKEN,
    _is_capitalised,
    _split_positions,
    _word_before,
)

NAME_MAX = 6  # words, particles and initials included
GENERIC = ROLE_WORDS | (NOT_NAMES - BODY_NAMES) | PRE_ROLE | CONNECTORS
# Words of cities' names, never of a person's ("St Petersburg Ivan Sokolov"); but Sofia is
# also a given name.
CITY_WORDS = {w.lower() for city in CITIES for w in city.split()} - {"sofia"}


@dataclass
class Introduction:
    """A person a text introduces: their name and positions as written, where the
    introduction starts (its first position word) and where the name ends, and the
    country said right after the name ("MPs Ion Ciobanu of Moldova", "(Poland)")."""

    name: str
    titles: list
    start: int
    title_start: int
    end: int
    country_id: int | None = None
    listed: bool = False  # named in a list after the first, with its position


class PeopleReading:
    """Part of ``Linker``: the people a text names or introduces."""

    def names(self, text, found=None):
        """[(name, start, end)]: every run of words in ``text`` that may be a person's name
        (capitalised words, with initials and particles between them), less the words of
        positions, bodies and countries around it; ``found``: what ``find`` gives for it."""
        names = []
        # Words of a country's name found there are not a person's ("of Egypt Hamdy Ali El
        # Sayed"), though a given name may be one elsewhere ("Sint Maarten", "Jordan").
        found_names = self.find(text) if found is None else found
        countries = {at for f in found_names if f.kind == "country" for at in range(f.start, f.end)}
        for match in NAME_RUN.finditer(text):
            words = [(w, match.start() + at) for w, at in name_words(match.group())]
            segment, before = [], _word_before(text, match.start())
            for word, at in [*words, ("", None)]:
                # Not a word in capitals ("OSCE PA"), but an initial ("J.").
                shaped = is_initial(word) or not word.isupper()
                if at is not None and shaped and at not in countries and not self._not_a_name(word):
                    segment.append((word, at))
                    continue
                if len(segment) >= 2:
                    follows = word if at is not None else ""
                    name = self._name_of(text, segment, before, follows)
                    if name:
                        names.append(name)
                before, segment = word, []
        return names

    def _name_of(self, text, segment, before, follows):
        """(name, start, end) of the words of ``segment``, or None when they are not a
        name: fewer than two capitalised words, more than NAME_MAX words, or a fragment of
        a body's name ("German-Central Asian Parliamentary Group", "Combating Corruption
        of the Milli Majlis")."""
        while segment and (is_particle(segment[0][0]) or is_initial(segment[0][0])):
            segment = segment[1:]
        while segment and (is_particle(segment[-1][0]) or is_initial(segment[-1][0])):
            segment = segment[:-1]
        capitals = [w for w, _ in segment if not is_particle(w) and not is_initial(w)]
        if len(capitals) >= 3 and before.lower() in ("the", "of"):
            # "Speaker of the Knesset Amir Ohana": the first word is the body's.
            segment = segment[1:]
            capitals = capitals[1:]
        if len(capitals) < 2 or len(segment) > NAME_MAX:
            return None
        if follows and follows.lower().strip("’'.") in NOT_NAMES:
            return None
        start, end = segment[0][1], segment[-1][1] + len(segment[-1][0])
        after = AFTER_NAME.match(text, end)
        if after and after["of"] and self._country_in(after["of"]) is None:
            return None
        return " ".join(w for w, _ in segment), start, end

    def people(self, text, names=None):
        """[Introduction] for every person ``text`` introduces with a position, and every
        one listed after them ("MPs Rauf Aliyev, Leyla Karimova and Tural Mammadov")."""
        names = self.names(text) if names is None else names
        by_start = {start: (name, start, end) for name, start, end in names}
        ends = {end for _, _, end in names}
        results, listed = [], set()
        for name, start, end in names:
            if start in listed:
                continue
            titles, title_start = self._title_before(text, start, ends)
            if not titles:
                continue
            group = [(name, start, end)]
            position = end
            while True:
                after = AFTER_NAME.match(text, position)
                group[-1] = (*group[-1][:3], after["paren"] or after["of"])
                separator = LIST_NEXT.match(text, after.end())
                following = separator and by_start.get(separator.end())
                if not following:
                    break
                group.append(following)
                listed.add(following[1])
                position = following[2]
            if len(group) > 1:
                titles = [_singular(t) for t in titles]
            for k, (n, s, e, said) in enumerate(group):
                # "MPs Ion Ciobanu of Moldova, Dimitar Petkov of Bulgaria": a list says each
                # one's country after their name, and so does a position of no body's name
                # ("Vice-President of the Assembly Marta Vilanova i Puig of Spain").
                country = None
                if said and (len(group) > 1 or self._generic(titles)):
                    country = self._country_in(said)
                results.append(Introduction(n, titles, s, title_start, e, country, k > 0))
        return results

    def _not_a_name(self, word):
        lowered = word.lower().strip("’'.")
        if lowered in PARTICLES:
            return False  # "El Sayed", though "El Salvador" is a country's name
        return (
            lowered in NOT_NAMES
            or lowered in CITY_WORDS
            or lowered in ROLE_WORDS
            or lowered in PRE_ROLE
            or lowered in ADDRESS
        )

    def _title_before(self, text, name_start, name_ends=()):
        """(positions, start) written right before the name starting at ``name_start``,
        or ([], None); the positions stop at another name (one of ``name_ends``)."""
        # Within the name's paragraph: never the headline before it.
        since = max(name_start - 250, text.rfind("\n", 0, name_start) + 1, 0)
        tokens = [(m.group(), m.start()) for m in TOKEN.finditer(text, since, name_start)]
        k = len(tokens) - 1
        if k >= 0 and tokens[k][0].lower().rstrip(".") in ADDRESS:
            k -= 1
        end = k
        role_at = None
        while k >= 0:
            word, at = tokens[k]
            lowered = word.lower()
            if at + len(word.rstrip(".")) in name_ends:
                break
            if word.endswith(".") and len(word) > 3 and k < end:
                break  # the sentence before ("… Usmonov. Member of …")
            if lowered in ROLE_WORDS:
                role_at = k
            elif not (
                word == ","
                or lowered in CONNECTORS
                or lowered in NOT_NAMES  # "Members of the committee", in lower case too
                or _is_capitalised(word)
                or word.isupper()
            ):
                break
            k -= 1
        if role_at is None:
            return [], None
        start = role_at
        while start > 0 and tokens[start - 1][0].lower() in PRE_ROLE | {"and"}:
            start -= 1
        while start <= end and tokens[start][0].lower() in CONNECTORS:
            start += 1
        if start > end:
            return [], None
        phrase = text[tokens[start][1] : tokens[end][1] + len(tokens[end][0])].strip(" ,")
        return _split_positions(phrase), tokens[start][1]

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

    def _country_of(self, titles, text="", at=None, home=None):
        """The country a person serves, read from their positions; for a position of no
        country ("Senators", "Members of the committee"), the country of the delegation the
        sentence speaks of, else of the press service (``home``); None if unsure."""
        for title in titles:
            country = self._country_in(title)
            if country is not None:
                return country
        if not titles or any(self._international(t) for t in titles):
            return None
        if at is not None:
            sentence_start = max(
                [m.end() for m in SENTENCE_END.finditer(text, 0, at)] + [text.rfind("\n", 0, at)]
            )
            sentence = text[
                sentence_start : SENTENCE_END.search(text, at).start()
                if SENTENCE_END.search(text, at)
                else len(text)
            ]
            if "delegation" in sentence.lower():
                earlier = [c for s, c in self._delegations(text) if s < at]
                if earlier:
                    return earlier[-1]
            # Met in the city they serve: "On 22 April in Dublin, Chairman of the Joint
            # Committee … met …".
            city = CITY.search(sentence)
            if city:
                return self.country_by_code.get(CITIES[city["city"]])
        # A position in a body of no name of its own ("Chairman of the Senate", "Members of
        # the committee") is one of the press service's; not "Speaker of the Knesset".
        return home if self._generic(titles) else None

    @staticmethod
    def _generic(titles):
        """Whether ``titles`` name no particular body ("Senator", "Members of the House")."""
        return all(w.lower().strip(",.") in GENERIC for t in titles for w in t.split())


def _singular(title):
    """A list's position for one of its people: "MPs" → "MP", "Members of …" → "Member of …"."""
    words = title.split(" ")
    for k, word in enumerate(words):
        one = SINGULAR.get(word.lower())
        if one:
            words[k] = one[:1].upper() + one[1:] if k == 0 else one
            break
    return " ".join(words)
