"""Import speed: generated releases through ``import_releases``, linking on.

Creates a throwaway SQLite database (migrated, with the sample people and
2,000 further officials so the linker knows thousands of names), writes N
generated releases in the archive layout to a temporary folder, imports them
with the management command and reports releases per second and peak memory
(the process's maximum resident set size).

Run: ``.venv/bin/python bench/import_bench.py [N] [--publish]`` (default 10000;
``--publish`` imports them published, so the filter counts count them too). Besides the
clock's rates it prints releases per CPU-second of the process, steadier when other work
shares the machine (SQLite's waits for the disk are not in it).
SQLite runs with the project's settings (its default rollback journal).
"""

import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MONTHS = "January February March April May June July August September October November December"

OPENINGS = [
    "{a_title} {a} met with {b_title} {b} on {day} {month}.",
    "{a_title} {a} received {b_title} {b} on {day} {month} in Baku.",
    "{a_title} {a} had a phone conversation with {b_title} {b} on {day} {month}.",
    "{a_title} {a} held talks with {b_title} {b} on {day} {month} during a visit to {country}.",
]
MIDDLES = [
    "Mr {b_short} said that {country} valued its relations with Azerbaijan and the {org}.",
    "The sides discussed co-operation within the {org} and the {org2}.",
    "{a} spoke of the restoration of the liberated territories and the provocations of Armenia.",
    "The {adj} side supports the projects of the {org} and the Organisation of Turkic States.",
    "There was an exchange of opinions about topics of mutual interest.",
]
ORGS = ["OSCE PA", "TurkPA", "TURKSOY", "TRACECA", "PACE", "IPU", "CIS IPA", "PABSEC"]
COUNTRIES = [
    ("Kazakhstan", "Kazakh", "KZ"),
    ("Türkiye", "Turkish", "TR"),
    ("Georgia", "Georgian", "GE"),
    ("Hungary", "Hungarian", "HU"),
    ("Italy", "Italian", "IT"),
    ("Uzbekistan", "Uzbek", "UZ"),
    ("Pakistan", "Pakistani", "PK"),
    ("Romania", "Romanian", "RO"),
]
SIGNATURE = "The Press and Public Relations Department\nThe Milli Majlis"


def generate(folder, count, guests, standing):
    """Write ``count`` release files to ``folder``; ``guests``: [(name, country tuple)]."""
    rng = random.Random(5)
    months = MONTHS.split()
    for n in range(count):
        guest, (country, adjective, _) = rng.choice(guests)
        day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2015, 2024)
        fields = {
            "a_title": "Chair of the Milli Majlis",
            "a": "Sahiba Gafarova",
            "b_title": f"Speaker of the Parliament of {country}",
            "b": guest,
            "b_short": guest.split()[-1],
            "day": day,
            "month": months[month - 1],
            "country": country,
            "adj": adjective,
            "org": rng.choice(ORGS),
            "org2": rng.choice(ORGS),
        }
        minute = rng.randint(10, 59)
        body = [rng.choice(OPENINGS).format(**fields)]
        body += [rng.choice(MIDDLES).format(**fields) for _ in range(rng.randint(3, 8))]
        text = "\n\n".join(
            [
                f"Sahiba Gafarova Meets Speaker of Parliament of {country} ({n})",
                f"{day:02d} {months[month - 1]} {year} | {rng.randint(8, 21)}:{minute}",
                *body,
                SIGNATURE,
                standing,
            ]
        )
        (folder / f"{n:05d}.txt").write_text(text + "\n", encoding="utf-8")


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    count = int(args[0]) if args else 10_000
    # --publish: imported as published, so the filter counts count each one as well.
    options = ["--publish"] if "--publish" in sys.argv else []
    sys.path.insert(0, str(ROOT))
    work = Path(tempfile.mkdtemp())
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "majlis_site.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from people.models import Country, Official
    from releases.models import Release

    call_command("migrate", verbosity=0)
    call_command("loaddata", ROOT / "fixtures" / "sample.json", verbosity=0)
    Release.objects.all().delete()
    codes = dict(Country.objects.values_list("code", "pk"))
    rng = random.Random(7)
    guests = []
    officials = []
    for n in range(2000):
        country = rng.choice(COUNTRIES)
        name = f"Guest{n} Speakerov{n}"
        officials.append(Official(full_name=name, slug=f"guest-{n}", country_id=codes[country[2]]))
        guests.append((name, country))
    Official.objects.bulk_create(officials)
    texts = work / "texts"
    texts.mkdir()
    generate(texts, count, guests, settings.NEWSROOM["STANDING_PARAGRAPH"])

    from importing.linker import Linker
    from importing.parser import parse_file

    # Reading and linking alone, without the database, for comparison.
    linker = Linker.from_database()
    started, cpu = time.perf_counter(), time.process_time()
    for path in sorted(texts.glob("*.txt")):
        parsed = parse_file(path)
        linker.link(title=parsed.title, body=parsed.body, published_on=parsed.published_on)
    parse_link = time.perf_counter() - started
    parse_link_cpu = time.process_time() - cpu

    with open(os.devnull, "w") as sink:
        started, cpu = time.perf_counter(), time.process_time()
        call_command("import_releases", str(texts), *options, stdout=sink, stderr=sink)
        elapsed = time.perf_counter() - started
        elapsed_cpu = time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    imported = Release.objects.count()
    linked = Release.objects.filter(meeting__isnull=False).count()
    officials = Release.officials.through.objects.count()
    countries = Release.countries.through.objects.count()
    published = Release.objects.filter(status=Release.Status.PUBLISHED).count()
    print(
        f"releases imported: {imported} ({linked} with their meeting linked, {published} published)"
    )
    print(f"links made: {officials} to officials, {countries} to countries")
    print(f"officials known to the linker: {Official.objects.count()}")
    print(f"parse and link only: {count / parse_link:.0f} releases/second")
    print(f"full import: {elapsed:.1f} s, {imported / elapsed:.0f} releases/second")
    # On a shared machine the process's own CPU time is steadier than the clock's.
    print(
        f"per CPU-second of the process: parse and link {count / parse_link_cpu:.0f}, "
        f"full import {imported / elapsed_cpu:.0f} releases"
    )
    print(f"load average during the run: {os.getloadavg()[0]:.1f} (2 cores)")
    print(f"peak memory (max RSS of the process): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
