"""Reading the meeting a release reports: when, who, where."""

from importing.languages import MONTHS
from importing.linker.results import MeetingSuggestion
from importing.linker.words import (
    CALL_WORDS,
    CITIES,
    CITY,
    MEETING_DATE,
    MEETING_VERB,
    PLACE_TO,
    SENTENCE_END,
    VISIT_WORDS,
    _date_near,
    _unique,
)


class MeetingReading:
    """Part of ``Linker``: the meeting a text reports."""

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
