"""Word-by-word comparison of two texts, for the revisions page.

Only the changed passages are shown, each with a few unchanged words either side; the
unchanged text in between is left out ("…"), so a one-word edit in a long body shows as
one short line. The texts are what press officers typed: every piece is escaped.
"""

import difflib
import re

from django.utils.html import format_html, format_html_join

# Unchanged words shown either side of a change.
CONTEXT_WORDS = 8
ELIDED = "…"

# A word (a run of anything but whitespace) or the whitespace between two words.
_TOKEN = re.compile(r"\s+|\S+")
# The units compared: each word with the whitespace after it (and any whitespace the
# text starts with). Whitespace alone is too common to compare well, and fast.
_UNIT = re.compile(r"\s+|\S+\s*")

_MARKUP = {"equal": "{}", "delete": "<del>{}</del>", "insert": "<ins>{}</ins>"}


def tokens(text):
    """``text`` as its words and the runs of whitespace between them; joined, they are ``text``."""
    return _TOKEN.findall(text or "")


def _words(units):
    return sum(1 for unit in units if not unit.isspace())


def _change(old, new):
    """The pieces of one changed stretch; words or whitespace that both sides start or end
    with are left unmarked ("met " to "received " marks "met" and "received" only)."""
    a, b = tokens(old), tokens(new)
    same = min(len(a), len(b))
    start = next((i for i in range(same) if a[i] != b[i]), same)
    end = next((i for i in range(same - start) if a[-1 - i] != b[-1 - i]), same - start)
    return [
        ("equal", "".join(a[:start])),
        ("delete", "".join(a[start : len(a) - end])),
        ("insert", "".join(b[start : len(b) - end])),
        ("equal", "".join(b[len(b) - end :])),
    ]


def _joined(pieces):
    """``pieces`` without empty ones, neighbours of the same kind joined into one."""
    joined = []
    for kind, text in pieces:
        if not text:
            continue
        if joined and joined[-1][0] == kind:
            joined[-1] = (kind, joined[-1][1] + text)
        else:
            joined.append((kind, text))
    return joined


def passages(old, new, *, context=CONTEXT_WORDS):
    """The changes from ``old`` to ``new``, each with up to ``context`` unchanged words either side.

    A list of passages, empty when the texts are the same. A passage is a list of
    ``(kind, text)`` pieces in reading order; kind is "equal", "delete", "insert", or
    "elided" (text ``ELIDED``) where unchanged words are left out, which is only ever
    the first or last piece. Joined, the equal and insert pieces are a part of ``new``.
    """
    a, b = _UNIT.findall(old or ""), _UNIT.findall(new or "")
    # No autojunk: it would ignore the words found all over a long text.
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    if all(op == "equal" for op, *_ in opcodes):
        return []
    found, current = [], []
    for n, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op != "equal":
            current += _change("".join(a[i1:i2]), "".join(b[j1:j2]))
            continue
        run = a[i1:i2]
        follows_change, precedes_change = n > 0, n < len(opcodes) - 1
        if _words(run) <= context * (follows_change + precedes_change):
            current.append(("equal", "".join(run)))
            continue
        # Cut: the first and the last ``context`` words stay, the rest is elided.
        if follows_change:
            current += [("equal", "".join(run[:context]).rstrip()), ("elided", ELIDED)]
            found.append(current)
        if precedes_change:
            current = [("elided", ELIDED), ("equal", "".join(run[len(run) - context :]))]
    if current and current[-1][0] != "elided":  # not yet ended by an elision
        found.append(current)
    return [_joined(passage) for passage in found]


def _piece_html(kind, text, first):
    if kind == "elided":
        return format_html("{} " if first else " {}", text)
    return format_html(_MARKUP[kind], text)


def _passage_html(passage):
    return format_html_join(
        "", "{}", ((_piece_html(kind, text, i == 0),) for i, (kind, text) in enumerate(passage))
    )


def diff_html(old, new, *, context=CONTEXT_WORDS):
    """The changed passages of ``old`` to ``new`` as HTML, one paragraph each ("" if none).

    Removed words are in <del>, added ones in <ins>; all text is escaped.
    """
    return format_html_join(
        "",
        '<p class="passage">{}</p>',
        ((_passage_html(p),) for p in passages(old, new, context=context)),
    )
