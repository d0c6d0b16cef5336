"""Text made comparable, for the parser and the linker alike: quotes, dashes and spaces
made plain, letters in one case, every character kept at its place."""

# One-to-one replacements, so normalised text keeps every character's position.
_PLAIN = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "`": "'",
        "´": "'",
        "ʼ": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "–": "-",
        "—": "-",
        "\u2011": "-",
    }
)


def plain(text):
    """``text`` with quotes, dashes and spaces made plain, same case, same length."""
    return text.translate(_PLAIN)


def fold(text):
    """``text`` with quotes, dashes and spaces made plain, lower case, same length."""
    folded = plain(text)
    lowered = folded.lower()
    if len(lowered) == len(folded):
        return lowered
    # A few letters (e.g. "İ") grow when lowered; keep those as they are.
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)


def normalise(text):
    """Compare-form of a line or paragraph: folded, whitespace collapsed."""
    return " ".join(fold(text).split())
