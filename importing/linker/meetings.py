"""Reading the meeting a release reports: when, who, where."""

from importing.languages import MONTHS_BY_LANGUAGE
from importing.linker.context import ABSENT, PARTICIPATION
from importing.linker.results import MeetingSuggestion
from importing.linker.words import (
    CALLS,
    CITIES,
    CITY,
    MEETING_DATES,
    MEETING_VERBS,
    PLACES,
    SENTENCE_END,
    VISITS,
    _date_near,
    _unique,
)


class MeetingReading:
    """Part of ``Linker``: the meeting a text reports."""

    def _meeting(
        self, text, mentions, proposals, published_on, language="en", *, home=None, passive=()
    ):
        """The meeting ``text`` reports: the first sentence where people meet and at least
        two take part. Its participants are theirs and those of every sentence where people
        meet or take part ("The delegation included …"), less those only quoted
        (``passive``); where no place is said, a meeting other than a call is held in the
        press service's country (``home``)."""
        sentences = []
        offset = 0
        for paragraph in text.split("\n\n"):
            for piece in SENTENCE_END.split(paragraph):
                start = text.find(piece, offset)
                sentences.append((start, piece))
                offset = start + len(piece)
        title_end = text.find("\n\n")
        for start, sentence in sentences:
            if start < title_end or not MEETING_VERBS[language].search(sentence):
                continue
            ids, names = self._present(sentence, start, mentions, proposals, passive)
            if len(ids) + len(names) < 2:
                continue
            for other_start, other in sentences:
                if other_start <= title_end or other_start == start:
                    continue
                more_ids, more_names = self._present(
                    other, other_start, mentions, proposals, passive
                )
                # Only a sentence naming people is read for the words of taking part.
                if (more_ids or more_names) and (
                    MEETING_VERBS[language].search(other) or PARTICIPATION.search(other)
                ):
                    ids = _unique([*ids, *more_ids])
                    names = _unique([*names, *more_names])
            when = published_on
            match = MEETING_DATES[language].search(sentence)
            if match and published_on:
                found = match.groupdict()
                day = int(found["day"] or found["day2"])
                month = MONTHS_BY_LANGUAGE[language][(found["month"] or found["month2"]).lower()]
                when = _date_near(published_on, month, day) or published_on
            kind = "bilateral"
            if CALLS[language].search(sentence):
                kind = "call"
            elif VISITS[language].search(sentence):
                kind = "visit"
            host, city = self._place(sentence, language)
            if host is None and kind != "call":
                host = home
            if when is None:
                return None
            return MeetingSuggestion(when, ids, names, host, city, kind, sentence)
        return None

    @staticmethod
    def _present(sentence, start, mentions, proposals, passive):
        """(official ids, proposal names) of the people ``sentence`` (at ``start``) has
        present: none when it says they were not."""
        if ABSENT.search(sentence):
            return [], []
        end = start + len(sentence)
        ids = _unique(
            pk for pk, s, _ in mentions if start <= s < end and ("official", s) not in passive
        )
        # By name, or where introduced: a Russian name is proposed in the nominative.
        names = [
            p.name
            for p in proposals
            if (p.name in sentence or start <= p.start < end) and ("person", p.name) not in passive
        ]
        return ids, names

    def _place(self, sentence, language="en"):
        match = CITY.search(sentence) if language == "en" else None
        if match:
            city = match["city"]
            return self.country_by_code.get(CITIES[city]), city
        pattern, which = PLACES[language]
        match = pattern.search(sentence)
        if match:
            hits = [f for f in self.find(match["where"], language) if f.kind == "country"]
            if hits:
                return hits[which].key, ""
        return None, ""
