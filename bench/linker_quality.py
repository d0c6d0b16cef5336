"""Precision and recall of the linker on the labelled releases in tests/data/labelled/.

Each ``NN_name.txt`` there has a ``NN_name.json`` with the links a person
expects: officials (about), officials mentioned, countries about, countries
mentioned, organisations, the meeting date. "all_countries" scores countries linked
either way (about or mentioned). ``people.json`` lists the
officials the database is assumed to know.

Run: ``.venv/bin/python bench/linker_quality.py`` (uses a throwaway SQLite database).
"""

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LABELLED = ROOT / "tests" / "data" / "labelled"
KINDS = [
    "officials",
    "mentioned_officials",
    "countries",
    "mentioned_countries",
    "all_countries",
    "organisations",
    "meeting_date",
]


def create_people(folder=LABELLED):
    """The officials of ``people.json`` in the database (needs Django set up)."""
    from django.utils.text import slugify

    from people.models import Country, Official

    codes = dict(Country.objects.values_list("code", "pk"))
    for person in json.loads((folder / "people.json").read_text(encoding="utf-8")):
        Official.objects.create(
            full_name=person["full_name"],
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


def evaluate(folder=LABELLED):
    """{kind: {"tp", "fp", "fn", "precision", "recall"}} over every labelled text, plus the
    per-file differences under "misses"."""
    from importing.linker import Linker
    from importing.parser import parse_file

    linker = Linker.from_database()
    totals = {kind: {"tp": 0, "fp": 0, "fn": 0} for kind in KINDS}
    misses = []
    texts = sorted(folder.glob("*.txt"))
    for path in texts:
        expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        got = found_links(linker, parse_file(path))
        # Linked either way, about or mentioned.
        got["all_countries"] = got["countries"] + got["mentioned_countries"]
        expected["all_countries"] = expected["countries"] + expected["mentioned_countries"]
        for kind in KINDS:
            want = _as_set(expected.get(kind))
            have = _as_set(got[kind])
            totals[kind]["tp"] += len(want & have)
            totals[kind]["fp"] += len(have - want)
            totals[kind]["fn"] += len(want - have)
            if want != have:
                misses.append((path.name, kind, sorted(want - have), sorted(have - want)))
    for counts in totals.values():
        tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
        counts["precision"] = tp / (tp + fp) if tp + fp else 1.0
        counts["recall"] = tp / (tp + fn) if tp + fn else 1.0
    return {"texts": len(texts), "kinds": totals, "misses": misses}


def _as_set(value):
    if value is None:
        return set()
    return {value} if isinstance(value, str) else set(value)


def report(result):
    lines = [
        f"{result['texts']} labelled texts",
        "",
        "| link | precision | recall | tp | fp | fn |",
    ]
    lines.append("| --- | --- | --- | --- | --- | --- |")
    for kind, c in result["kinds"].items():
        lines.append(
            f"| {kind} | {c['precision']:.3f} | {c['recall']:.3f} | {c['tp']} | {c['fp']} "
            f"| {c['fn']} |"
        )
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
    call_command("migrate", verbosity=0)
    create_people()
    print(report(evaluate()))


if __name__ == "__main__":
    main()
