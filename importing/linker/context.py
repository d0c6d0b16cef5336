"""What a release says around the names: whose press service wrote it, which delegation
a list of members belongs to, who takes part and who is only quoted."""

import re

from importing.linker.vocabulary import INTERNATIONAL, PARLIAMENTS
from importing.linker.words import CITIES
from importing.text import fold

# The last paragraph names the press service that wrote the release.
SIGNATURE = re.compile(
    r"\b(?:press|service|office|department|secretariat|embassy|chancellery|information|"
    r"communications|пресс|служба|mətbuat|xidməti)\w*",
    re.IGNORECASE,
)
SIGNATURE_MAX = 200
# A dateline: the release is an agency's, which has no parliament of its own.
DATELINE = re.compile(
    r"^[^\W\d_][\w .’'-]{1,30}(?:,[^–—\n]{1,40}?)?\s*(?:\([^)]{1,40}\))?\s*[–—]\s"
)
# "a delegation of the Milli Majlis of Azerbaijan", "the German delegation".
DELEGATION = re.compile(
    r"\bdelegation\s+of\s+(?P<of>[^.;]{3,160}?)(?=\s+(?:led|headed|to|is|was|in|on|at|"
    r"arrived|visited|met|took)\b|[,.;]|$)|\b(?P<adj>[A-Z][\w-]+)\s+delegation\b",
)
# Words of taking part: the people of such a sentence took part in what is reported.
PARTICIPATION = re.compile(
    r"\b(?:included|include|including|accompanied|took part|take part|taking part|attended|"
    r"joined|participated|led by|headed by|among them|present|guests|delegation|observers|"
    r"mission|"
    r"iştirak|daxil|участвова\w*|вошли|в состав|во главе)",
    re.IGNORECASE,
)
# ... unless the sentence says they did not.
ABSENT = re.compile(r"\b(?:could not|couldn't|did not|was unable|were unable|not able)\b", re.I)
# Words before a person's position that make them quoted or named, not present.
PASSIVE = re.compile(
    r"(?:\bquoted|\bquoting|\bas|\brecalled that|\bsaid that|"
    r"\b(?:message|greetings|words|instructions|reforms|address|initiative|policy|policies|"
    r"invitation|letter|decree|vision|behalf|name|leadership|will|congratulations|order)"
    r"\s+of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


# Words after a person's name that make them quoted: "… Numan Yıldırım also stressed in his
# message", "…, who could not attend, sent a message".
PASSIVE_AFTER = re.compile(
    r"^(?:,[^,.]{1,60},)?\s+(?:also\s+)?(?:\w+\s+in\s+(?:his|her|their|a)\s+"
    r"(?:message|letter|statement|address)|sent\s+(?:a\s+)?(?:message|letter))",
    re.IGNORECASE,
)


INTERNATIONAL_BODY = re.compile(r"\b(?:" + "|".join(map(re.escape, INTERNATIONAL)) + r")\b")


class ContextReading:
    """Part of ``Linker``: a release's context."""

    def _release_home(self, text):
        """The country of the press service that wrote ``text``: the one its last
        paragraph names when that is a signature ("Press Service of the Senate of …
        Kazakhstan"); none for an international body's or an agency's (a dateline); else
        the home country (the Milli Majlis's own releases end with no signature)."""
        last = text.rsplit("\n\n", 1)[-1]
        if len(last) <= SIGNATURE_MAX and SIGNATURE.search(last) and "\n\n" in text:
            return self._country_in(last)
        first = text.split("\n\n")[1] if "\n\n" in text else text
        if DATELINE.match(first) or DATELINE.match(text):
            return None
        return self.home_country_id

    def _country_in(self, phrase, *, language="en"):
        """The country a position or a body belongs to, read from ``phrase`` (written in
        ``language``); None when it names none."""
        lowered = fold(phrase)
        for name, code in PARLIAMENTS.items():
            if name in lowered:
                return self.country_by_code.get(code)
        hits = [f for f in self.find(phrase, language) if f.kind == "country"]
        if hits:
            # "Ambassador of Kazakhstan to Azerbaijan": the first country is theirs.
            return hits[0].key
        for city, code in CITIES.items():
            if city in phrase:
                return self.country_by_code.get(code)
        return None

    @staticmethod
    def _international(phrase):
        return bool(INTERNATIONAL_BODY.search(fold(phrase)))

    def _delegations(self, text):
        """[(start, country id)]: where the text names a delegation, and whose it is."""
        found = []
        for match in DELEGATION.finditer(text):
            where = match["of"] or match["adj"]
            country = self._country_in(where)
            if country is not None:
                found.append((match.start(), country))
        return found

    @staticmethod
    def _passive(text, start, end=None):
        """Whether the person whose position or name starts at ``start`` (and whose name
        ends at ``end``) is quoted or named rather than present ("As President of Uzbekistan
        … said", "the greetings of …", "… stressed in his message")."""
        if PASSIVE.search(text[max(0, start - 40) : start]):
            return True
        return end is not None and bool(PASSIVE_AFTER.match(text[end : end + 120]))
