"""The interface's catalogs (locale/az, locale/ru): complete, and in step with the code.

Every message the templates and the code mark for translation is in both catalogs with a
translation (all plural forms of the language), nothing is left fuzzy, and the catalogs
hold nothing the code no longer says. Read directly from the sources and the .po files,
without running makemessages.
"""

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation.template import templatize

BASE = Path(settings.BASE_DIR)
CATALOGS = {lang: BASE / "locale" / lang / "LC_MESSAGES" / "django.po" for lang in ("az", "ru")}
# The project's own code, as makemessages reads it (tests, benchmarks and .venv aside).
PACKAGES = ["importing", "majlis_site", "people", "public", "releases", "safety", "search"]
PACKAGES += ["workflow", "api"]

# name: (has a context, has a plural), for the ways the code marks a message.
MARKERS = {
    "_": (False, False),
    "gettext": (False, False),
    "gettext_lazy": (False, False),
    "ngettext": (False, True),
    "ngettext_lazy": (False, True),
    "pgettext": (True, False),
    "pgettext_lazy": (True, False),
    "npgettext": (True, True),
    "npgettext_lazy": (True, True),
}


def read_po(path):
    """{(context, msgid): entry}, each entry {"plural", "strs" [msgstr…], "flags"}; the
    header under (None, "")."""
    entries, entry, field = {}, None, None

    def close():
        if entry is not None and "id" in entry:
            entries[(entry.get("ctxt"), entry["id"])] = entry

    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            close()
            entry = None
            continue
        if entry is None:
            entry = {"flags": set(), "plural": None, "strs": {}}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if isinstance(field, int):
                entry["strs"][field] += value
            else:
                entry[field] += value
        else:
            keyword, _, value = line.partition(" ")
            value = ast.literal_eval(value)
            match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            field = {
                "msgctxt": "ctxt",
                "msgid": "id",
                "msgid_plural": "plural",
                "msgstr": 0,
            }.get(keyword, int(match.group(1)) if match else None)
            assert field is not None, f"{path}: unreadable line {line!r}"
            if isinstance(field, int):
                entry["strs"][field] = value
            else:
                entry[field] = value
    return entries


def marked_in_python(path):
    """{(context, msgid): plural or None} for the messages a Python file marks."""
    found = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", None))
        if name not in MARKERS:
            continue
        has_context, has_plural = MARKERS[name]
        texts = [a.value for a in node.args if isinstance(a, ast.Constant)]
        if not texts or not all(isinstance(t, str) for t in texts):
            continue
        context = texts.pop(0) if has_context else None
        found[(context, texts[0])] = texts[1] if has_plural else None
    return found


def marked_in_template(path):
    """{(context, msgid): plural or None} for a template's translate and blocktranslate
    tags, as Django hands them to makemessages."""
    code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    found = {}
    for i, token in enumerate(tokens):
        if token.type != tokenize.NAME or token.string not in MARKERS:
            continue
        if tokens[i + 1].string != "(":
            continue
        texts = []
        for argument in tokens[i + 2 :]:
            if argument.type == tokenize.STRING:
                texts.append(ast.literal_eval(argument.string))
            elif argument.string != ",":
                break
        has_context, has_plural = MARKERS[token.string]
        context = texts.pop(0) if has_context else None
        found[(context, texts[0])] = texts[1] if has_plural else None
    return found


def marked_messages():
    found = {}
    for package in PACKAGES:
        for path in sorted((BASE / package).rglob("*.py")):
            found.update(marked_in_python(path))
    for path in sorted((BASE / "templates").rglob("*")):
        if path.suffix in (".html", ".txt"):
            found.update(marked_in_template(path))
    return found


@pytest.fixture(scope="module")
def marked():
    return marked_messages()


def test_the_reader_finds_messages_of_every_kind(marked):
    assert marked[(None, "Page not found")] is None
    assert marked[("button", "Search")] is None
    assert marked[(None, "%(counter)s release")] == "%(counter)s releases"
    assert marked[(None, "Scheduled for %(when)s (Baku time)")] is None  # blocktranslate
    assert marked[(None, "Publish")] is None  # gettext_lazy in Python
    assert marked[("alt. month", "March")] is None


@pytest.mark.parametrize("lang", CATALOGS)
def test_every_marked_message_is_translated(marked, lang):
    entries = read_po(CATALOGS[lang])

    missing = [key for key in marked if key not in entries]
    assert missing == []
    untranslated = [key for key, e in entries.items() if not all(e["strs"].values())]
    assert untranslated == []
    assert [key for key, plural in marked.items() if entries[key]["plural"] != plural] == []


@pytest.mark.parametrize("lang", CATALOGS)
def test_nothing_is_fuzzy_or_left_over(marked, lang):
    entries = read_po(CATALOGS[lang])

    assert [key for key, e in entries.items() if "fuzzy" in e["flags"]] == []
    assert [key for key, e in entries.items() if e.get("obsolete")] == []
    assert sorted(k for k in entries if k != (None, "") and k not in marked) == []


@pytest.mark.parametrize(("lang", "forms"), [("az", 2), ("ru", 4)])
def test_plurals_have_every_form_of_the_language(lang, forms):
    entries = read_po(CATALOGS[lang])

    header = entries[(None, "")]["strs"][0]
    assert f"Language: {lang}\n" in header
    assert f"Plural-Forms: nplurals={forms};" in header
    plurals = [e for e in entries.values() if e["plural"] is not None]
    assert plurals and [e for e in plurals if sorted(e["strs"]) != list(range(forms))] == []


def test_both_catalogs_hold_the_same_messages():
    az, ru = (set(read_po(path)) for path in CATALOGS.values())

    assert az == ru


@pytest.mark.parametrize(
    ("lang", "text"),
    [("az", "Milli Məclisin Mətbuat xidməti"), ("ru", "Пресс-служба Милли Меджлиса")],
)
def test_the_compiled_catalogs_are_the_ones_django_reads(lang, text):
    with translation.override(lang):
        assert str(settings.NEWSROOM["SITE_NAME"]) == text
