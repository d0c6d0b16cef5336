"""Reading people from a text: known officials by their titles, new ones by the way
releases introduce them."""

from importing.linker.words import (
    CAPITALISED_RUN,
    CONNECTORS,
    HONORIFICS,
    NOT_NAMES,
    PRE_ROLE,
    ROLE_WORDS,
    TOKEN,
    _is_capitalised,
    _is_name_word,
    _split_positions,
    _word_before,
)
from importing.text import fold


class PeopleReading:
    """Part of ``Linker``: the people a text names or introduces."""

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
