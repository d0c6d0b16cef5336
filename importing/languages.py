"""The three languages of the archive as the importer reads them: month names in date
lines, and which language a text is written in."""

import re

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

# Month names as each language writes them in a date line: Azerbaijani ("28 mart
# 2022") and Russian, in the genitive of dates ("28 марта 2022") and the nominative.
MONTHS_BY_LANGUAGE = {
    "en": MONTHS,
    "az": {
        name: number
        for number, name in enumerate(
            [
                "yanvar",
                "fevral",
                "mart",
                "aprel",
                "may",
                "iyun",
                "iyul",
                "avqust",
                "sentyabr",
                "oktyabr",
                "noyabr",
                "dekabr",
            ],
            start=1,
        )
    },
    "ru": {
        name: number
        for number, names in enumerate(
            [
                ("января", "январь", "янв"),
                ("февраля", "февраль", "фев"),
                ("марта", "март", "мар"),
                ("апреля", "апрель", "апр"),
                ("мая", "май"),
                ("июня", "июнь", "июн"),
                ("июля", "июль", "июл"),
                ("августа", "август", "авг"),
                ("сентября", "сентябрь", "сен", "сент"),
                ("октября", "октябрь", "окт"),
                ("ноября", "ноябрь", "ноя"),
                ("декабря", "декабрь", "дек"),
            ],
            start=1,
        )
        for name in names
    },
}


# Every language's names in one table: no name stands for two different months.
DATE_MONTHS = {
    name: number for months in MONTHS_BY_LANGUAGE.values() for name, number in months.items()
}

LANGUAGES = ("az", "en", "ru")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Letters of Azerbaijani's Latin alphabet that English does not use.
_AZERBAIJANI = re.compile(r"[əƏğĞıİşŞçÇöÖüÜ]")
_NOT_LETTERS = re.compile(r"[\W\d_]+")
SAMPLE = 3000
_WORD = re.compile(r"[^\W\d_]+")


def text_language(text):
    """ "az", "en" or "ru": the language ``text`` is written in, told by its letters.

    Russian is written in Cyrillic; Azerbaijani in a Latin alphabet where ə, ğ, ı, ş,
    ç, ö, ü are several letters in a hundred (ə alone about one in twelve), which
    English text uses only in names: so the letters are counted in the words that do not
    start with a capital (an English release naming six Turkish MPs stays English).
    """
    # The first few thousand characters tell the language as well as the whole.
    text = text[:SAMPLE]
    letters = len(_NOT_LETTERS.sub("", text)) or 1
    if len(_CYRILLIC.findall(text)) / letters > 0.3:
        return "ru"
    if len(_AZERBAIJANI.findall(text)) / letters <= 0.03:
        return "en"
    # Only the words that do not start with a capital: a name's letters are not counted.
    lower = " ".join(w for w in _WORD.findall(text) if not w[0].isupper())
    lower_letters = len(_NOT_LETTERS.sub("", lower)) or 1
    if len(_AZERBAIJANI.findall(lower)) / lower_letters > 0.03:
        return "az"
    return "en"
