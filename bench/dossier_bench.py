"""Benchmark the country dossier and the open data API on a large PostgreSQL database.

Fills the database named by DATABASE_URL as bench/search_bench_languages.py does (N
releases in three languages), then gives about 60 % of them a meeting between their two
officials: held in the release's country, in Azerbaijan, in a third country or by
phone, on the day of the release. Then requests the dossier page, its CSV and every API
endpoint through Django's test client (page cache off, rate limit lifted) and reports
the median and 95th percentile of each address and its SQL queries.

    DATABASE_URL=postgres://user@host:5432/majlis_bench_dossier \\
        .venv/bin/python bench/dossier_bench.py --releases 100000

Use an empty, throwaway database (--reuse to measure one already filled). --parts
times each part of Kazakhstan's dossier alone (where a page's time goes).
"""

import argparse
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench import search_bench as english  # noqa: E402  (sets Django up)
from bench import search_bench_languages as languages  # noqa: E402
from people.models import Country, home_country_code  # noqa: E402
from releases.models import Meeting, Release  # noqa: E402
from search import recount  # noqa: E402

SHARE_WITH_MEETING = 0.6
KINDS = ["visit", "bilateral", "conference", "call"]


def add_meetings():
    """A meeting for about 60 % of the releases without one, by COPY; its participants
    are the release's officials."""
    rng = random.Random(7)
    home = Country.objects.get(code=home_country_code()).pk
    others = list(Country.objects.filter(code__in=english.COUNTRIES).values_list("pk", flat=True))
    countries = {}
    for release_id, country_id in Release.countries.through.objects.values_list(
        "release_id", "country_id"
    ):
        if country_id != home:
            countries[release_id] = country_id
    officials = {}
    for release_id, official_id in Release.officials.through.objects.values_list(
        "release_id", "official_id"
    ):
        officials.setdefault(release_id, []).append(official_id)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM releases_meeting")
        next_id = cursor.fetchone()[0] + 1
    fields = list(Meeting._meta.concrete_fields)
    columns = [f.column for f in fields]
    meetings, participants, links = [], [], []
    rows = Release.objects.filter(meeting__isnull=True).values_list("pk", "published_at")
    for release_id, published_at in rows.iterator(chunk_size=5000):
        if rng.random() > SHARE_WITH_MEETING or release_id not in countries:
            continue
        kind = rng.choice(KINDS)
        host = {
            "visit": rng.choice([countries[release_id], home]),
            "bilateral": home,
            "conference": rng.choice(others),
            "call": None,
        }[kind]
        row = {f.column: f.get_default() for f in fields}
        row.update(
            id=next_id,
            date=timezone.localdate(published_at),
            time=None,
            kind=kind,
            host_country_id=host,
            description=f"Meeting {next_id}",
            description_en=f"Meeting {next_id}",
        )
        meetings.append([row[c] for c in columns])
        participants += [(next_id, o) for o in officials.get(release_id, [])]
        links.append((release_id, next_id))
        next_id += 1
    began = time.perf_counter()
    english.copy_rows("releases_meeting", columns, meetings)
    english.copy_rows(
        Meeting.participants.through._meta.db_table, ["meeting_id", "official_id"], participants
    )
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE bench_links (release_id int, meeting_id int)")
        english.copy_rows("bench_links", ["release_id", "meeting_id"], links)
        cursor.execute(
            "UPDATE releases_release r SET meeting_id = l.meeting_id FROM bench_links l "
            "WHERE r.id = l.release_id"
        )
        cursor.execute("DROP TABLE bench_links")
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('releases_meeting', 'id'), "
            "(SELECT MAX(id) FROM releases_meeting))"
        )
        cursor.execute("VACUUM ANALYZE")
    took = time.perf_counter() - began
    print(f"Added {len(meetings)} meetings to as many releases in {took:.1f} s.")
    # COPY sends no signals: count everything again, as reindex_releases does.
    began = time.perf_counter()
    recount.releases_recount()
    print(f"Counted the releases and meetings again in {time.perf_counter() - began:.1f} s.")


def addresses(client):
    release = Release.objects.published("en").order_by("-published_at").first()
    official = Release.objects.published().values_list("officials__slug", flat=True).first()
    second = client.get("/api/releases/").json()["next"].removeprefix("http://testserver")
    return {
        "Dossier": [
            "/en/countries/kz/",
            "/ru/countries/kz/",
            "/en/countries/tr/",
            "/en/countries/kz/meetings.csv",
        ],
        "API": [
            "/api/releases/",
            second,
            "/api/releases/?lang=ru",
            "/api/releases/?country=kz&tag=turkpa",
            "/api/releases/?q=Kazakhstan",
            f"/api/releases/{release.pk}/",
            "/api/officials/",
            f"/api/officials/{official}/",
            "/api/countries/",
            "/api/countries/kz/",
            "/api/meetings/",
            "/api/meetings/?country=kz",
            "/api/countries/kz/dossier/",
        ],
    }


def _timed(func, repeat):
    took = []
    for _ in range(repeat):
        began = time.perf_counter()
        func()
        took.append((time.perf_counter() - began) * 1000)
    return statistics.median(took), english.p95(sorted(took))


def parts(repeat):
    """Median and p95 ms of each part of Kazakhstan's dossier, called alone."""
    from django.test import RequestFactory
    from django.utils import translation

    from api.dossier import dossier_data
    from public.charts import year_chart
    from releases import dossier as dossiers
    from releases import dossier_counts

    translation.activate("en")
    kz = Country.objects.get(code="KZ")
    home = dossiers.home_country()
    meetings = dossiers.meetings_with(kz)
    counted = dossier_counts.KeptCounts(kz)
    whole = dossiers.country_dossier(kz)
    request = RequestFactory().get("/api/countries/kz/dossier/")
    steps = {
        "kept counts: what came out since (1 query)": lambda: dossier_counts.KeptCounts(kz),
        "years and directions (1 query)": lambda: dossiers._counts(counted, kz, home),
        "latest of each direction (5 queries)": lambda: dossiers._latest(meetings, kz, home),
        "their officials (1 query)": lambda: dossier_counts.officials_met(counted, kz, 30),
        "our officials (1 query)": lambda: dossier_counts.officials_met(counted, home, 30),
        "organisations (2 queries)": lambda: dossier_counts.organisations(counted),
        "friendship group (2 queries)": lambda: dossiers.friendship_group(kz),
        "the whole dossier": lambda: dossiers.country_dossier(kz),
        "the chart's geometry": lambda: year_chart(whole),
        "the API's JSON of it (serialising)": lambda: dossier_data(whole, request),
    }
    print("| Part of /en/countries/kz/ | median ms | p95 ms |\n| --- | ---: | ---: |")
    for name, func in steps.items():
        median, p95 = _timed(func, repeat)
        print(f"| {name} | {median:.1f} | {p95:.1f} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--releases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=50, help="timed requests per address")
    parser.add_argument("--reuse", action="store_true", help="measure a filled database")
    parser.add_argument("--fill-only", action="store_true", help="fill, do not measure")
    parser.add_argument("--parts", action="store_true", help="time the dossier's parts")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at a throwaway PostgreSQL database.")
    call_command("migrate", verbosity=0)
    existing = Release.objects.count()
    if existing and not args.reuse:
        sys.exit(f"The database already holds {existing} releases; use --reuse or an empty one.")
    if existing < args.releases:
        languages.fill(args.releases - existing)
    if Release.objects.filter(meeting__isnull=False).count() < SHARE_WITH_MEETING * 0.5 * (
        Release.objects.count()
    ):
        add_meetings()
    if args.fill_only:
        return
    if args.parts:
        parts(args.repeat)
        return
    # Measured, not limited: every request here comes from one client.
    settings.NEWSROOM_API = {**settings.NEWSROOM_API, "RATE": "1000000/minute"}
    client = Client()
    out = io.StringIO()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    out.write(
        f"{Release.objects.count()} releases, {Release.objects.published().count()} public, "
        f"{Meeting.objects.count()} meetings ({Meeting.objects.public().count()} public); "
        f"{args.repeat} timed requests each, in rounds; load average at start {load} on "
        f"{os.cpu_count()} CPUs.\n\n"
        "| Address | median ms | p95 ms | queries | SQL ms |\n| --- | ---: | ---: | ---: | ---: |\n"
    )
    pages = addresses(client)
    prepared = {url: english.prepare(client, url) for urls in pages.values() for url in urls}
    measured = [url for url, (_, _, status) in prepared.items() if status == 200]
    times = english.timed_rounds(client, measured, args.repeat)
    for group, urls in pages.items():
        out.write(f"| **{group}** | | | | |\n")
        for url in urls:
            queries, sql, status = prepared[url]
            if status != 200:
                out.write(f"| `{url}` | not available ({status}) | | | |\n")
                continue
            median = statistics.median(times[url])
            shown = url if len(url) < 60 else f"{url[:40]}…"
            out.write(
                f"| `{shown}` | {median:.1f} | {english.p95(times[url]):.1f} | {queries} "
                f"| {sql:.1f} |\n"
            )
    print()
    print(out.getvalue())


if __name__ == "__main__":
    main()
