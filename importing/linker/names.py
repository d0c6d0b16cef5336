"""People's names as releases of many countries write them.

A name is two to six words: capitalised words, initials ("Robert J. McAllister") and,
between them, the small words of names ("Pieter van der Berg", "Khalid bin Rashid Al
Mansouri", "Marta Vilanova i Puig"). Known officials are also found when a text spells
them another way: without their letters' marks ("Yildirim" for "Yıldırım"), or with a
letter or two wrong ("Maulem" for "Maulen"), by ``rapidfuzz`` among the officials whose
surname starts with the same letter.
"""

import functools
import re
import unicodedata

from rapidfuzz import fuzz, process

from importing.linker.vocabulary import PARTICLES

_UPPER = "".join(c for c in map(chr, range(0x41, 0x250)) if c.isupper())
_NAME_WORD = rf"[{_UPPER}][\w’'-]*[^\W\d_]"
_INITIAL = rf"[{_UPPER}]\."
_PARTICLE = "|".join(PARTICLES)
# A run of words that may be a name: capitalised words, with initials and particles
# between them; never a particle first or last.
NAME_RUN = re.compile(
    rf"(?<![\w’'.-])(?:{_NAME_WORD}|{_INITIAL})"
    rf"(?:[ ](?:(?:{_PARTICLE})[ ])*(?:{_NAME_WORD}|{_INITIAL}))+(?![\w’'-])"
)
# What may follow a person's name in a list: their country, then the next of the list.
AFTER_NAME = re.compile(
    rf"(?:\s*\((?P<paren>[^()]{{2,40}})\)|\s+of\s+(?:the\s+)?(?P<of>[{_UPPER}][\w-]+"
    rf"(?:\s[{_UPPER}][\w-]+)?))?"
)
LIST_NEXT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
# Letters a name may be written without: ı and ə have no mark to drop.
_PLAIN_LETTERS = str.maketrans({"ı": "i", "ə": "e", "Ə": "E", "ø": "o", "Ø": "O", "ł": "l"})
_PLAIN_LETTERS.update({ord("Ł"): "L", ord("đ"): "d", ord("ß"): "s", ord("æ"): "a"})


@functools.lru_cache(maxsize=65536)
def unmarked(text):
    """``text`` with the marks of its letters taken off, one letter for one ("Yıldırım"
    → "Yildirim"), so positions are kept."""
    out = []
    for c in text.translate(_PLAIN_LETTERS):
        base = unicodedata.normalize("NFD", c)[0]
        out.append(base if base.isalpha() or not c.isalpha() else c)
    return "".join(out)


def name_words(run):
    """[(word, offset in ``run``)] of a run found by NAME_RUN."""
    words, offset = [], 0
    for word in run.split(" "):
        words.append((word, offset))
        offset += len(word) + 1
    return words


def is_particle(word):
    return word in PARTICLES


def is_initial(word):
    return len(word) == 2 and word[1] == "." and word[0].isupper()


class SpellingIndex:
    """Known officials found under another spelling: {(first letter of the given name,
    of the surname): [(folded full name, official id)]}."""

    # The least similarity (rapidfuzz's ratio, 0–100) of two spellings of one name.
    CUTOFF = 90

    def __init__(self):
        self._blocks = {}

    def copy(self):
        other = SpellingIndex()
        other._blocks = {key: list(entries) for key, entries in self._blocks.items()}
        return other

    @staticmethod
    def _key(words):
        return (words[0][:1], words[-1][:1])

    def add(self, full_name, pk):
        words = unmarked(full_name).lower().split()
        if len(words) >= 2:
            self._blocks.setdefault(self._key(words), []).append((" ".join(words), pk))

    def find(self, written):
        """The official id ``written`` (two or more words) is another spelling of, else
        None; one of two female and male forms ("Aliyev", "Aliyeva") is not another's."""
        words = written.lower().split()
        if len(words) < 2:
            return None
        entries = self._blocks.get(self._key([unmarked(words[0]), unmarked(words[-1])]))
        if not entries:
            return None
        words = unmarked(" ".join(words)).split()
        folded = " ".join(words)
        choices = {i: name for i, (name, _) in enumerate(entries)}
        best = process.extractOne(folded, choices, scorer=fuzz.ratio, score_cutoff=self.CUTOFF)
        if best is None:
            return None
        name, _, index = best
        surname, other = words[-1], name.split()[-1]
        if surname != other and (surname + "a" == other or other + "a" == surname):
            return None
        return entries[index][1]
