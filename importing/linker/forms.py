"""Names as Azerbaijani and Russian write them in running text, whatever their endings.

Russian declines every word of a name ("Сахиба Гафарова", "с Сахибой Гафаровой",
"Мауленом Ашимбаевым"); Azerbaijani adds suffixes to it ("Qafarovanın", "Qazaxıstan
Respublikasına"). A name is known by the stems of its words: in Russian a word less its
ending in the nominative ("Гафаров", "Сахиб"), in Azerbaijani the word as written. A word
of a text is a name's word when it starts with that stem and what follows is an ending
of the language: a Russian case ending, or Azerbaijani suffixes in harmony with the
stem's last vowel (so the dative of "Quliyev" is "Quliyevə", and "Quliyeva" is another
person). Words are looked up by their beginnings in a table of stems, so the cost of a
text does not grow with the number of names known.
"""

import re

from importing.text import fold

# Letters one language writes two ways: ё is often written е; İ lowers to i in Azerbaijani.
_SAME = str.maketrans({"ё": "е", "Ё": "Е", "İ": "i"})
_WORD = re.compile(r"[^\W_]+")

# Endings a Russian name has in the nominative, left off to make its stem (longest first).
_RU_NOMINATIVE = ("ая", "яя", "ое", "ее", "ые", "ие", "ый", "ий", "ой", "а", "я", "о", "е", "ы")
_RU_NOMINATIVE += ("и", "й", "ь")
# What may follow a Russian stem in a text: the endings of the cases, singular and plural.
# Not -ов/-ев/-ин: with them a surname would also be the start of another ("Гасан").
_RU_ENDINGS = frozenset(
    ("", "а", "я", "о", "е", "у", "ю", "ы", "и", "й", "ь", "ой", "ей", "ою", "ею", "ом", "ем")
    + ("ым", "им", "ых", "их", "ые", "ие", "ая", "яя", "ое", "ее", "ую", "юю", "ый", "ий")
    + ("ого", "его", "ому", "ему", "ыми", "ими", "ам", "ям", "ах", "ях", "ами", "ями")
    + ("ия", "ии", "ию", "ией", "ием", "ья", "ью", "ье")
)
# Azerbaijani suffixes, one after another: plural, possessive, the cases, -lı, -dakı.
_AZ_SUFFIXES = re.compile(
    r"(?:l[aə]r|n?[dt][aə]k[iı]|n?[dt][aə]n?|[nsy]?[ıiuü]n?|[ny]?[aə]|y?l[aə]|l[ıiuü]|d[ıiuü]r)*"
)
_BACK, _FRONT = set("aıou"), set("əeiöü")


def _ru_stem(word, shortest):
    """(stem, open): the stem of a Russian word in the nominative; not open to endings
    when it would be shorter than ``shortest`` ("Мали" is not the start of "мало")."""
    for ending in _RU_NOMINATIVE:
        if word.endswith(ending):
            stem = word[: -len(ending)]
            return (stem, True) if len(stem) >= shortest else (word, False)
    return word, len(word) >= shortest


def _az_stem(word, shortest):
    return word, len(word) >= shortest


def _ru_ending(stem, rest):
    return rest in _RU_ENDINGS


def _az_ending(stem, rest):
    if not rest:
        return True
    if len(rest) > 10 or not _AZ_SUFFIXES.fullmatch(rest):
        return False
    last = next((c for c in reversed(stem) if c in _BACK or c in _FRONT), None)
    vowels = {c for c in rest if c in _BACK or c in _FRONT}
    return last is None or vowels <= (_BACK if last in _BACK else _FRONT)


_RULES = {"az": (_az_stem, _az_ending), "ru": (_ru_stem, _ru_ending)}


def comparable(text):
    """``text`` folded as the two languages compare it (same length)."""
    return fold(text.translate(_SAME))


class InflectedNames:
    """The names of one language, Azerbaijani or Russian, found with their endings."""

    def __init__(self, language):
        self.language = language
        self._stem, self._ending = _RULES[language]
        self._names = {}  # first (stem, open) -> [(parts, cases, target)]
        self._stems = set()  # (stem, open) of every word of every name

    def copy(self):
        other = InflectedNames(self.language)
        other._names = {key: list(entries) for key, entries in self._names.items()}
        other._stems = set(self._stems)
        return other

    def add(self, form, target):
        """Know ``form`` (a name as written in the nominative) as ``target``.

        A word written with a capital must be so written in the text; a short name in
        capitals (ОБСЕ, ABŞ) in capitals.
        """
        words = [(m.start(), m.group()) for m in _WORD.finditer(comparable(form))]
        if not words:
            return
        # One word alone must be longer to take endings: it has no other word to confirm it.
        shortest = 4 if len(words) == 1 else 3
        parts = tuple(self._stem(word, shortest) for _, word in words)
        capitals = form.isupper() and len(form) <= 8
        cases = tuple(
            "upper" if capitals else "capital" if form[start].isupper() else None
            for start, _ in words
        )
        self._names.setdefault(parts[0], []).append((parts, cases, target))
        self._stems.update(parts)

    def candidates(self, text):
        """[(start, end, [targets])]: every name in ``text``, overlapping ones included."""
        words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(comparable(text))]
        fits = [self._fits(word) for _, _, word in words]
        found = {}
        for k, (start, _, _) in enumerate(words):
            for first in fits[k]:
                for parts, cases, target in self._names.get(first, ()):
                    last = k + len(parts) - 1
                    if last >= len(words) or not all(
                        parts[j] in fits[k + j]
                        and (j == 0 or words[k + j][0] == words[k + j - 1][1] + 1)
                        and _written(text, words[k + j][0], parts[j][0], cases[j])
                        for j in range(len(parts))
                    ):
                        continue
                    found.setdefault((start, words[last][1]), []).append(target)
        return [(start, end, targets) for (start, end), targets in found.items()]

    def _fits(self, word):
        """The (stem, open) of the names' words that ``word`` can be."""
        fits = set()
        if (word, False) in self._stems:
            fits.add((word, False))
        for i in range(3, len(word) + 1):
            stem = (word[:i], True)
            if stem in self._stems and self._ending(word[:i], word[i:]):
                fits.add(stem)
        return fits


def _written(text, start, stem, case):
    if case == "capital":
        return text[start : start + 1].isupper()
    if case == "upper":
        return text[start : start + len(stem)].isupper()
    return True
