"""New people in Russian texts, named in any case and proposed in the nominative.

Russian declines names ("встретился с Председателем Сената Республики Казахстан Мауленом
Ашимбаевым"): a proposal must carry the name as a person's record writes it ("Маулен
Ашимбаев"). ``pymorphy3`` (with its Russian dictionaries, ``pymorphy3-dicts-ru``) tells
a given name and a surname from other capitalised words and puts them in the nominative,
in the gender it read; the first word of the position too ("Председатель Сената …").
The analyser is loaded on the first Russian text that introduces someone.
"""

import functools
import re

from importing.linker.people import Introduction

_CAPITAL = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
NAME = re.compile(rf"(?<![\w-])(?P<first>{_CAPITAL})\s+(?P<last>{_CAPITAL})(?![\w-])")
# Words that open a position, as their stems.
ROLE = re.compile(
    r"(?<![\w-])(?:[Пп]редседател|[Зз]аместител|[Вв]ице-спикер|[Сс]пикер|[Пп]осл[аеоу]?|"
    r"[Мм]инистр|[Дд]епутат|[Сс]енатор|[Пп]резидент|[Сс]екретар|[Чч]лен|[Гг]лав[аеоуы]|"
    r"[Рр]уководител|[Сс]оветник)\w*"
)
_SENTENCE = re.compile(r"[.!?]\s")
# What separates one person's position from another's.
_BETWEEN = re.compile(r",|\s(?:и|с|со|а|к|у)\s")


@functools.cache
def analyser():
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


def _as_person(word, grammeme):
    """``word`` in the nominative when it can be a given name (``grammeme`` "Name") or a
    surname ("Surn"), with the parse's gender; a word the dictionary does not know
    ("Мауленом") may be a given name. Else None."""
    parses = analyser().parse(word)
    chosen = next((p for p in parses if grammeme in p.tag), None)
    if chosen is None and grammeme == "Name" and not analyser().word_is_known(word):
        chosen = parses[0]
    if chosen is None:
        return None
    nominative = chosen.inflect({"nomn"})
    if nominative is None or "-" in word:
        return word
    return nominative.word.capitalize()


def _nominative(word):
    parse = analyser().parse(word)[0]
    nominative = parse.inflect({"nomn"})
    if nominative is None:
        return word
    written = nominative.word
    return written[:1].upper() + written[1:] if word[:1].isupper() else written


class RussianReading:
    """Part of ``Linker``: people a Russian text introduces with a position."""

    def _russian_introductions(self, text, prose_from, mentions, home):
        """(introductions, proposals) for Russian ``text`` after ``prose_from``."""
        from importing.linker.results import Proposal

        introductions, proposals, previous = [], {}, None
        for match in NAME.finditer(text, prose_from):
            start = match.start()
            if any(s <= start < e for _, s, e in mentions):
                continue  # a known official, in whatever case
            sentence_start = max(
                [m.end() for m in _SENTENCE.finditer(text, 0, start)] + [prose_from]
            )
            # The position: from its first word, with no other person's before the name.
            roles = [
                r
                for r in ROLE.finditer(text, sentence_start, start)
                if not _BETWEEN.search(text, r.end(), start)
            ]
            if not roles:
                continue
            title = " ".join(text[roles[0].start() : start].split())
            if len(title) > 160:
                continue
            first = _as_person(match["first"], "Name")
            last = _as_person(match["last"], "Surn")
            if not first or not last:
                continue
            name = f"{first} {last}"
            words = title.split(" ")
            title = " ".join([_nominative(words[0]), *words[1:]])
            introductions.append(Introduction(name, [title], start, roles[0].start(), match.end()))
            if name not in proposals:
                country = self._country_in(title, language="ru")
                if (
                    country is None
                    and previous
                    and re.fullmatch(r"\s+и\s+", text[previous[0] : roles[0].start()])
                ):
                    country = previous[1]  # "… Мауленом Ашимбаевым и заместителем …"
                country = country or home
                proposals[name] = Proposal(name, [title], country, start)
                proposals[name].words = text[roles[0].start() : match.end()]
                proposals[name].phrases.append([title])
            previous = (match.end(), proposals[name].country_id)
        return introductions, list(proposals.values())
