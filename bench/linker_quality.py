"""Precision and recall of the linker on labelled releases.

Two sets:

- ``tests/data/labelled/``: 22 releases in the Milli Majlis's own style, each
  ``NN_name.txt`` with a ``NN_name.json`` of the links expected (officials about and
  mentioned, countries about and mentioned, organisations, the meeting date); kept as a
  regression set.
- ``tests/data/linking_holdout/``: 12 more in the same format, held out from the
  linker's development (scored the same way, reported last).
- ``tests/data/linking/``: 64 releases from six kinds of press service, labelled by
  reading (see its README): participants and people mentioned, new people included,
  countries about and mentioned, the meeting date. They are read as
  ``import_releases --add-people`` reads them: the people a text introduces with a
  country are made officials and the text is read again knowing them. A participant
  introduced without a country counts when the linker proposes them as taking part in
  the meeting (the form then asks for their country). A file the parser refuses counts
  every label of it as missed, unless the label says it must be refused.

``people.json`` in each folder lists the officials the database is assumed to know.

Run: ``.venv/bin/python bench/linker_quality.py`` (uses a throwaway SQLite database).
"""

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LABELLED = ROOT / "tests" / "data" / "labelled"
SOURCES = ROOT / "tests" / "data" / "linking"
HELD_OUT = ROOT / "tests" / "data" / "linking_holdout"
KINDS = [
    "officials",
    "mentioned_officials",
    "countries",
    "mentioned_countries",
    "all_countries",
    "organisations",
    "meeting_date",
]
SOURCE_KINDS = [
    "participants",
    "mentioned_people",
    "countries",
    "mentioned_countries",
    "all_countries",
    "meeting_date",
]
GOALS = ("participants", "countries")  # the issue's: precision >= 0.95, recall >= 0.9


def create_people(folder=LABELLED):
    """The officials of ``people.json`` in the database (needs Django set up), with their
    names in Azerbaijani and Russian where it gives them."""
    from django.utils.text import slugify

    from people.models import Country, Official

    codes = dict(Country.objects.values_list("code", "pk"))
    for person in json.loads((folder / "people.json").read_text(encoding="utf-8")):
        names = {f"full_name_{lang}": n for lang, n in person.get("names", {}).items()}
        Official.objects.create(
            full_name_en=person["full_name"],
            **names,
            slug=slugify(person["full_name"]),
            country_id=codes[person["country"]],
        )


def found_links(linker, parsed):
    """What the linker finds, in the labels' terms (names and codes)."""
    from people.models import Country, Official

    links = linker.link(title=parsed.title, body=parsed.body, published_on=parsed.published_on)
    names = dict(Official.objects.values_list("pk", "full_name"))
    codes = dict(Country.objects.values_list("pk", "code"))
    return {
        "officials": sorted(names[pk] for pk in links.officials),
        "mentioned_officials": sorted(names[pk] for pk in links.mentioned_officials),
        "countries": sorted(codes[pk] for pk in links.countries),
        "mentioned_countries": sorted(codes[pk] for pk in links.mentioned_countries),
        "organisations": sorted(links.organisations),
        "meeting_date": links.meeting.date.isoformat() if links.meeting else None,
    }


def found_with_new_people(linker, parsed, names, codes):
    """What ``import_releases --add-people`` would link for ``parsed``, in the labels'
    terms; ``names``: {official id: full name}, ``codes``: {country id: code}."""
    text = {"title": parsed.title, "lead": parsed.lead, "body": parsed.body}
    options = {"published_on": parsed.published_on, "language": parsed.language}
    links = linker.link(**text, **options)
    created = [p for p in links.proposals if p.country_id is not None]
    names = dict(names)
    if created:
        # Stand-ins for the officials --add-people creates, with ids no row has.
        new = [(-n, {parsed.language: p.name}, p.country_id) for n, p in enumerate(created, 1)]
        names.update((pk, p.name) for (pk, _, _), p in zip(new, created, strict=True))
        linker = linker.extended(new)
        links = linker.link(**text, **options)
    without_country = [p.name for p in links.proposals if p.country_id is None]
    return {
        "participants": [names[pk] for pk in links.officials]
        + [n for n in links.participant_names if n in without_country],
        "mentioned_people": [names[pk] for pk in links.mentioned_officials],
        "countries": [codes[pk] for pk in links.countries],
        "mentioned_countries": [codes[pk] for pk in links.mentioned_countries],
        "meeting_date": links.meeting.date.isoformat() if links.meeting else None,
    }


def evaluate(folder=LABELLED):
    """{kind: {"tp", "fp", "fn", "precision", "recall"}} over every labelled text, plus the
    per-file differences under "misses"."""
    from importing.linker import Linker
    from importing.parser import parse_file

    linker = Linker.from_database()
    totals = _counts(KINDS)
    misses = []
    texts = sorted(folder.glob("*.txt"))
    for path in texts:
        expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        got = found_links(linker, parse_file(path))
        misses += _score(path.name, expected, got, KINDS, [totals])
    return {"texts": len(texts), "kinds": _rates(totals), "misses": misses}


def evaluate_sources(folder=SOURCES):
    """Scores on the releases of many press services: {"kinds": {link: counts}, "by_source":
    {style: {link: counts}}, "by_issue_kind": {kind: {link: counts}}, "read", "refused",
    "texts", "misses"}."""
    from importing.linker import Linker
    from importing.parser import ParseError, parse_file
    from people.models import Country, Official

    linker = Linker.from_database()
    names = dict(Official.objects.values_list("pk", "full_name_en"))
    codes = dict(Country.objects.values_list("pk", "code"))
    totals, by_source, by_kind = _counts(SOURCE_KINDS), {}, {}
    misses, read, refused_right = [], 0, 0
    texts = sorted(folder.glob("[0-9]*.txt"))
    for path in texts:
        expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        try:
            parsed = parse_file(path)
        except ParseError as error:
            if expected.get("refused"):
                refused_right += 1
                continue
            misses.append((path.name, "file", [error.message], []))
            got = {kind: [] for kind in SOURCE_KINDS} | {"meeting_date": None}
        else:
            if expected.get("refused"):
                misses.append((path.name, "file", ["refused"], ["read"]))
                continue
            read += 1
            got = found_with_new_people(linker, parsed, names, codes)
            if parsed.published_on.isoformat() != expected["published_on"]:
                misses.append(
                    (path.name, "date", [expected["published_on"]], [str(parsed.published_on)])
                )
        groups = [totals, by_source.setdefault(expected["source"], _counts(SOURCE_KINDS))]
        groups += [by_kind.setdefault(k, _counts(SOURCE_KINDS)) for k in expected["kinds"]]
        misses += _score(path.name, expected, got, SOURCE_KINDS, groups)
    return {
        "texts": len(texts),
        "read": read,
        "refused": refused_right,
        "kinds": _rates(totals),
        "by_source": {k: _rates(v) for k, v in sorted(by_source.items())},
        "by_issue_kind": {k: _rates(v) for k, v in sorted(by_kind.items())},
        "misses": misses,
    }


def _counts(kinds):
    return {kind: {"tp": 0, "fp": 0, "fn": 0} for kind in kinds}


def _score(name, expected, got, kinds, groups):
    """Add the differences of ``got`` from ``expected`` to each counts of ``groups``;
    return them as misses."""
    from importing.text import normalise

    got = dict(got)
    expected = dict(expected)
    # Linked either way, about or mentioned.
    got["all_countries"] = list(got["countries"]) + list(got["mentioned_countries"])
    expected["all_countries"] = expected["countries"] + expected["mentioned_countries"]
    misses = []
    for kind in kinds:
        want = {normalise(v) for v in _as_set(expected.get(kind))}
        have = {normalise(v) for v in _as_set(got[kind])}
        for counts in groups:
            counts[kind]["tp"] += len(want & have)
            counts[kind]["fp"] += len(have - want)
            counts[kind]["fn"] += len(want - have)
        if want != have:
            misses.append((name, kind, sorted(want - have), sorted(have - want)))
    return misses


def _rates(totals):
    for counts in totals.values():
        tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
        counts["precision"] = tp / (tp + fp) if tp + fp else 1.0
        counts["recall"] = tp / (tp + fn) if tp + fn else 1.0
    return totals


def _as_set(value):
    if value is None:
        return set()
    return {value} if isinstance(value, str) else set(value)


def _table(rows, first):
    lines = [
        f"| {first} | precision | recall | tp | fp | fn |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for label, c in rows:
        lines.append(
            f"| {label} | {c['precision']:.3f} | {c['recall']:.3f} | {c['tp']} | {c['fp']} "
            f"| {c['fn']} |"
        )
    return lines


def report(result, title=""):
    lines = [f"{title}{result['texts']} labelled texts", ""]
    if "read" in result:
        lines[0] += f", {result['read']} read, {result['refused']} refused as labelled"
    lines += _table(result["kinds"].items(), "link")
    for key, heading in (("by_source", "source style"), ("by_issue_kind", "issue kind")):
        if key in result:
            for goal in GOALS:
                lines += ["", f"{goal}, by {heading}:", ""]
                lines += _table([(k, v[goal]) for k, v in result[key].items()], heading)
    if result["misses"]:
        lines += ["", "Differences (file, link, missed, wrongly found):"]
        lines += [
            f"  {name} {kind}: missed {miss}, extra {extra}"
            for name, kind, miss, extra in result["misses"]
        ]
    return "\n".join(lines)


def main():
    sys.path.insert(0, str(ROOT))
    folder = tempfile.mkdtemp()
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/quality.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "majlis_site.settings.test")
    import django
    from django.core.management import call_command

    django.setup()
    from people.models import Official

    call_command("migrate", verbosity=0)
    create_people(SOURCES)
    print(report(evaluate_sources(), "Many press services (tests/data/linking): "))
    print()
    print(report(evaluate_sources(HELD_OUT), "Held out (tests/data/linking_holdout): "))
    Official.objects.all().delete()
    create_people(LABELLED)
    print()
    print(report(evaluate(), "Regression set (tests/data/labelled): "))


if __name__ == "__main__":
    main()
