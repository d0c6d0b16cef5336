"""Site search: what a reader typed, made safe, and the highlighting of matches.

Nothing typed by a reader reaches the database as query syntax. The text is
cut to ``MAX_QUERY_CHARS``, split into words of letters and digits (any
alphabet: Latin, Azerbaijani, Cyrillic, …), and at most ``MAX_WORDS`` of them
are used; quotes, punctuation and operators such as ``& | ! :*`` only separate
words.

On PostgreSQL the words become a ``to_tsquery`` in which every word must match
against the stored search vector of the page's language that ``search.derived``
keeps current (``CONFIGS``, as measured in docs/languages.md: English and Russian
stemmed, Azerbaijani folded by ``fold_az``; words of three or more letters also match
as prefixes, so "Kazakh" finds "Kazakhstan" and "Гафаровой" "Гафарова"). On SQLite
every word must occur in that language's title, lead, body, or the names of the
release's officials (and their positions), countries or tags, compared in the form
``fold`` gives both (letter case ignored in every alphabet). SQLite's own comparisons
ignore case only for English letters, so each SQLite connection gets ``fold`` as the
SQL function ``majlis_fold`` (``releases.apps``), which the ``__fold`` transform calls.
"""

import html
import re

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import CharField, TextField, Transform
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MAX_QUERY_CHARS = 200
MAX_WORDS = 8
MIN_PREFIX_LENGTH = 3
CONFIG = "english"
# The text-search configuration of each language's vector (bench/search_languages.py):
# Russian stems and, read as a prefix, finds declined surnames; PostgreSQL has no
# Azerbaijani stemmer, and the Turkish one cuts typed and inflected forms apart.
CONFIGS = {"en": CONFIG, "az": "simple", "ru": "russian"}
# The release's stored vector of each language (the English one kept its old name).
VECTOR_FIELDS = {"en": "search_vector", "az": "search_vector_az", "ru": "search_vector_ru"}

# Azerbaijani letters a reader may type without (ə as e, ı as i, ç as c …): folded on
# both sides. translate() folds them in SQL with no extension to install (unaccent
# folds the same letters but needs CREATE EXTENSION, and ə, ı it leaves alone anyway).
AZ_LETTERS = "əƏıİçÇşŞğĞöÖüÜ"
AZ_FOLDED = "eEiIcCsSgGoOuU"
_AZ_TABLE = str.maketrans(AZ_LETTERS, AZ_FOLDED)

_WORD = re.compile(r"[^\W_]+")


def fold(text):
    """``text`` as search compares it: case-folded in every alphabet ("Ə" is "ə",
    "КАЗАХСТАН" is "казахстан"), with the dotted and dotless i of Azerbaijani and the
    English i one letter.

    Whether a capital I is an English "i" or an Azerbaijani "ı" depends on the
    language, which a search word does not tell; so "ILHAM" finds "Ilham" and "BAKI"
    finds "Bakı", and "İ" (which case-folds to "i" and a combining dot) is "i" too.
    """
    if text is None:
        return None
    return text.casefold().replace("i\u0307", "i").replace("ı", "i")


@CharField.register_lookup
@TextField.register_lookup
class Fold(Transform):
    """``title__fold__contains=fold(word)``: the column as ``fold`` gives it (SQLite only)."""

    lookup_name = "fold"
    function = "majlis_fold"


def fold_az(text):
    """``text`` as the Azerbaijani vector holds it: folded, Azerbaijani letters as Latin."""
    return fold(text).translate(_AZ_TABLE)


def register_fold(sender, connection, **kwargs):
    """Give a new SQLite connection the SQL function ``majlis_fold`` (``fold``)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("majlis_fold", 1, fold, deterministic=True)


def uses_full_text():
    """Whether the database has full-text search (PostgreSQL) or the simpler match is used."""
    return connection.vendor == "postgresql"


def _distinct_words(text):
    # "İ" lower-cases to "i" plus a combining dot; the dot would split the word.
    text = (text or "")[:MAX_QUERY_CHARS].replace("\u0307", "")
    words, seen = [], set()
    for word in _WORD.findall(text):
        key = word.casefold()
        if len(word) >= 2 and key not in seen:
            seen.add(key)
            words.append(word)
    return words


def query_words(text):
    """The distinct words to search for in ``text``, in order, as typed (case kept).

    Only the first ``MAX_QUERY_CHARS`` characters and ``MAX_WORDS`` words count.
    Single characters are left out: they match almost everything and mean little.
    """
    return _distinct_words(text)[:MAX_WORDS]


def query_notes(text):
    """Plain-language remarks on what of ``text`` was left out of the search."""
    text = text or ""
    notes = []
    if len(text) > MAX_QUERY_CHARS:
        notes.append(
            ngettext(
                "Only the first %(count)d character was searched for.",
                "Only the first %(count)d characters were searched for.",
                MAX_QUERY_CHARS,
            )
            % {"count": MAX_QUERY_CHARS}
        )
    words = _distinct_words(text)
    if len(words) > MAX_WORDS:
        notes.append(
            ngettext(
                "Only the first %(count)d word was searched for.",
                "Only the first %(count)d words were searched for.",
                MAX_WORDS,
            )
            % {"count": MAX_WORDS}
        )
    if text.strip() and not words:
        notes.append(_("Type at least one word of two or more letters or digits."))
    return notes


def tsquery(words, language="en"):
    """A PostgreSQL ``SearchQuery`` requiring every word (longer ones as prefixes), read
    with ``language``'s configuration as its vector was made."""
    if language == "az":
        words = [fold_az(w) for w in words]
    # Each word holds only letters and digits, so quoting it cannot break the syntax.
    terms = [f"'{w}':*" if len(w) >= MIN_PREFIX_LENGTH else f"'{w}'" for w in words]
    return SearchQuery(" & ".join(terms), search_type="raw", config=CONFIGS[language])


# Endings dropped from a search word before marking, so "meetings" marks "meeting"
# too, roughly as PostgreSQL's stemming matches it.
_ENDINGS = ("ings", "ing", "es", "ed", "s")


def _keys(words):
    keys = []
    for word in words:
        key = fold(word)
        for ending in _ENDINGS:
            if key.endswith(ending) and len(key) - len(ending) >= MIN_PREFIX_LENGTH + 1:
                key = key[: -len(ending)]
                break
        keys.append(key)
    return keys


def _matches(token, keys):
    folded = fold(token)
    return any(folded.startswith(key) for key in keys)


def highlight(text, words):
    """All of ``text``, escaped, with words starting with a search word in ``<mark>``."""
    keys = _keys(words)
    out, last = [], 0
    for match in _WORD.finditer(text or ""):
        if _matches(match.group(), keys):
            out.append(html.escape(text[last : match.start()], quote=False))
            out.append(f"<mark>{html.escape(match.group(), quote=False)}</mark>")
            last = match.end()
    out.append(html.escape((text or "")[last:], quote=False))
    return mark_safe("".join(out))


def excerpt(text, words, size=300):
    """About ``size`` characters of ``text`` around the first match, escaped, matches marked.

    Starts at the beginning of ``text`` if no word matches (the release matched
    through its officials, countries or tags).
    """
    text = " ".join((text or "").split())
    keys = [k for k in _keys(words) if k]
    first = None
    if keys:
        # A search word at the start of a word of the text, in any letter case.
        alternatives = "|".join(re.escape(k) for k in keys)
        first = re.search(f"(?<![^\\W_])(?:{alternatives})", text, re.IGNORECASE)
    start = max(0, first.start() - size // 4) if first else 0
    if start > 0:
        # Begin and end on whole words.
        start = text.find(" ", start) + 1 or start
    end = start + size
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    else:
        end = len(text)
    body = highlight(text[start:end], words)
    before = "… " if start > 0 else ""
    after = " …" if end < len(text) else ""
    return mark_safe(f"{before}{body}{after}")
