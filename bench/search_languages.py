"""Which PostgreSQL text-search configuration finds Azerbaijani and Russian words in
their forms.

Both languages change a word's ending (Qafarova, Qafarovanın; Гафарова, Гафаровой): a
reader who types one form should find the text that uses another, and nothing else.
Each line of PAIRS is labelled by hand from the sample translations: a word as a reader
would type it, a form the texts use, and whether it should match. The script counts,
for each configuration, the should-match pairs it matches (recall) and the should-not
pairs it matches (false matches), in PostgreSQL itself; nothing is stored.

    DATABASE_URL=postgres://USER:PASSWORD@HOST:PORT/DB python bench/search_languages.py
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "majlis_site.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from search import terms  # noqa: E402

# (typed, as the text has it, should match)
AZERBAIJANI = [
    ("Qafarova", "Qafarovanın", True),
    ("Qafarova", "Qafarovaya", True),
    ("Qafarova", "Qafarovanı", True),
    ("Qazaxıstan", "Qazaxıstanın", True),
    ("Qazaxıstan", "Qazaxıstana", True),
    ("Qazaxıstan", "Qazaxıstanda", True),
    ("Azərbaycan", "Azərbaycanın", True),
    ("Azərbaycan", "Azərbaycana", True),
    ("Azərbaycan", "Azərbaycanla", True),
    ("Ermənistan", "Ermənistanı", True),
    ("Ermənistan", "Ermənistana", True),
    ("Ermənistan", "Ermənistanın", True),
    ("parlament", "Parlamenti", True),
    ("parlament", "parlamentdir", True),
    ("senat", "Senatının", True),
    ("səfər", "səfəri", True),
    ("səfər", "səfərləri", True),
    ("görüş", "görüşüb", True),
    ("görüş", "görüşlərini", True),
    ("müharibə", "müharibəsində", True),
    ("müharibə", "müharibənin", True),
    ("əməkdaşlıq", "əməkdaşlığı", True),
    ("əməkdaşlıq", "əməkdaşlığın", True),
    ("qələbə", "qələbəsi", True),
    ("qələbə", "qələbənin", True),
    ("ərazi", "əraziləri", True),
    ("ərazi", "ərazisindən", True),
    ("sülh", "sülhün", True),
    ("xalq", "xalqlarımızı", True),
    ("sədr", "Sədri", True),
    # Typed without Azerbaijani letters, as on a keyboard without them.
    ("Azerbaycan", "Azərbaycanın", True),
    ("Ermenistan", "Ermənistana", True),
    ("Qazaxistan", "Qazaxıstanda", True),
    ("emekdasliq", "əməkdaşlığı", True),
    ("muharibe", "müharibəsində", True),
    # Different words that look alike.
    ("səfir", "səfəri", False),  # ambassador, trip
    ("Qazax", "Qazaxıstanın", False),  # a district of Azerbaijan, Kazakhstan
    ("mina", "minnətdarlığını", False),  # mine, gratitude
    ("sədr", "sədaqət", False),  # chair, loyalty
    ("ordu", "orduya", True),
    ("ordu", "ordinar", False),
    ("xəritə", "xəritələrini", True),
    ("xəritə", "xəta", False),  # map, error
]

RUSSIAN = [
    ("Гафарова", "Гафаровой", True),
    ("Гафаровой", "Гафарова", True),
    ("Ашимбаев", "Ашимбаевым", True),
    ("Ашимбаев", "Ашимбаеву", True),
    ("Гулиев", "Гулиевым", True),
    ("Абдыкаримов", "Абдыкаримовым", True),
    ("Алиев", "Алиева", True),
    ("Казахстан", "Казахстана", True),
    ("Казахстан", "Казахстаном", True),
    ("Азербайджан", "Азербайджану", True),
    ("Азербайджан", "Азербайджаном", True),
    ("Армения", "Армении", True),
    ("Армения", "Арменией", True),
    ("сенат", "Сената", True),
    ("парламент", "Парламента", True),
    ("победа", "победой", True),
    ("сотрудничество", "сотрудничества", True),
    ("посол", "посла", True),
    ("мир", "мира", True),
    ("провокация", "провокации", True),
    # Different words that look alike.
    ("посол", "послание", False),  # ambassador, message
    ("мина", "минута", False),  # mine, minute
    ("мир", "мираж", False),  # peace, mirage
    ("парламент", "межпарламентских", False),  # parliament, interparliamentary
]

PAIRS = {"az": AZERBAIJANI, "ru": RUSSIAN}

# language: {label: (configuration, the typed word matched as a prefix of the text's words)}
CONFIGS = {
    "az": {
        "simple": ("simple", False),
        "turkish": ("turkish", False),
        "simple + unaccent": ("az_simple_unaccent", False),
        "turkish + unaccent": ("az_turkish_unaccent", False),
        "simple, prefix": ("simple", True),
        "turkish, prefix": ("turkish", True),
        "simple + unaccent, prefix": ("az_simple_unaccent", True),
        "turkish + unaccent, prefix": ("az_turkish_unaccent", True),
        # As search_vector_az reads it: every Azerbaijani letter folded by translate().
        "simple + translate, prefix": ("simple", True),
    },
    "ru": {
        "simple": ("simple", False),
        "russian": ("russian", False),
        "simple, prefix": ("simple", True),
        "russian, prefix": ("russian", True),
    },
}

SETUP = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    # ə, ı are letters of their own to unaccent; a reader without them types e, i.
    "CREATE TEXT SEARCH CONFIGURATION az_simple_unaccent (COPY = simple)",
    "ALTER TEXT SEARCH CONFIGURATION az_simple_unaccent "
    "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple",
    "CREATE TEXT SEARCH CONFIGURATION az_turkish_unaccent (COPY = turkish)",
    "ALTER TEXT SEARCH CONFIGURATION az_turkish_unaccent "
    "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, turkish_stem",
]

# What unaccent leaves: Azerbaijani ə and ı, folded here as a reader types them.
FOLD = "translate(%s, 'əƏıI', 'eEiI')"
# What search.vector folds, with no extension: the Azerbaijani letters of search.terms.
FOLD_ALL = f"translate(%s, '{terms.AZ_LETTERS}', '{terms.AZ_FOLDED}')"


def matches(cursor, config, typed, text, *, fold, prefix):
    folding = FOLD_ALL if fold == "translate" else FOLD
    left, right = (folding % "%s", folding % "%s") if fold else ("%s", "%s")
    # A prefix query: the typed word as the configuration reads it, then ":*".
    query = (
        f"to_tsquery(%s::regconfig, quote_literal(lower({right})) || ':*')"
        if prefix
        else f"plainto_tsquery(%s::regconfig, {right})"
    )
    cursor.execute(
        f"SELECT to_tsvector(%s::regconfig, {left}) @@ {query}", [config, text, config, typed]
    )
    return cursor.fetchone()[0]


def main():
    if connection.vendor != "postgresql":
        sys.exit("Needs PostgreSQL: set DATABASE_URL.")
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in SETUP:
            cursor.execute(statement)
        for language, pairs in PAIRS.items():
            report(cursor, language, pairs)
        transaction.set_rollback(True)


def report(cursor, language, pairs):
    should = sum(1 for *_, want in pairs if want)
    should_not = len(pairs) - should
    print(f"\n{language}: {len(pairs)} labelled pairs, {should} should match, {should_not} not.\n")
    print("| configuration | recall | false matches | missed (first four) |")
    print("| --- | ---: | ---: | --- |")
    for label, (config, prefix) in CONFIGS[language].items():
        fold = "translate" if "translate" in label else "unaccent" in label
        found = {
            (t, x): matches(cursor, config, t, x, fold=fold, prefix=prefix) for t, x, _ in pairs
        }
        hits = sum(1 for t, x, want in pairs if want and found[t, x])
        wrong = [f"{t}→{x}" for t, x, want in pairs if not want and found[t, x]]
        missed = [f"{t}→{x}" for t, x, want in pairs if want and not found[t, x]]
        shown = ", ".join(missed[:4]) + (f" (+{len(missed) - 4})" if len(missed) > 4 else "")
        falsely = f"{len(wrong)}/{should_not} {', '.join(wrong)}"
        print(f"| {label} | {hits}/{should} | {falsely} | {shown} |")


if __name__ == "__main__":
    main()
