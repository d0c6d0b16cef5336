"""Benchmark search and filtered release lists on a large PostgreSQL database.

Fills the database named by DATABASE_URL with N generated releases (a small
vocabulary of officials, countries and tags; bodies of 3–5 KB like the real
releases), then requests pages in-process through Django's test client and
reports, per address, the median and 95th-percentile server time and the SQL
queries per request.

    DATABASE_URL=postgres://user@host:5432/majlis_bench \\
        .venv/bin/python bench/search_bench.py --releases 100000

Use an empty, throwaway database: the script refuses one that already holds
releases unless given --reuse (then it only measures, after topping up to N).
Feeds and the sitemap are measured too when the site serves them. Rendered cards
are kept between requests (as each server process keeps them); --cold empties
that cache before every request, for the cost of pages nobody has seen yet.
"""

import argparse
import datetime
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "majlis_site.settings.test")
# What making each page costs: the page cache would answer every repeat after the first.
os.environ.setdefault("PAGE_CACHE", "false")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.text import slugify  # noqa: E402
from taggit.models import Tag  # noqa: E402

from people.models import Country, Official, Position  # noqa: E402
from releases.models import Release, Section, TaggedRelease  # noqa: E402
from search import vector  # noqa: E402

GIVEN = [
    "Sahiba",
    "Azay",
    "Ali",
    "Adil",
    "Samad",
    "Nizami",
    "Maulen",
    "Serjan",
    "Elena",
    "Mark",
    "Anna",
    "Jonas",
    "Leyla",
    "Rauf",
    "Farid",
    "Aigul",
    "Mehmet",
    "Olga",
    "Pierre",
    "Ruslan",
]
FAMILY = [
    "Gafarova",
    "Guliyev",
    "Huseynli",
    "Aliyev",
    "Seyidov",
    "Ashimbayev",
    "Abdikarimov",
    "Schmidt",
    "Rossi",
    "Novak",
    "Kaya",
    "Ivanova",
    "Dubois",
    "Tanaka",
    "Mammadov",
]
COUNTRIES = [
    "AZ",
    "KZ",
    "TR",
    "UZ",
    "KG",
    "TM",
    "GE",
    "RU",
    "UA",
    "BY",
    "DE",
    "FR",
    "IT",
    "GB",
    "US",
    "CN",
    "JP",
    "KR",
    "IN",
    "PK",
    "IR",
    "EG",
    "SA",
    "AE",
    "QA",
    "HU",
    "PL",
    "RO",
    "RS",
    "BG",
]
TAGS = [
    "TurkPA",
    "OSCE PA",
    "PACE",
    "CIS IPA",
    "Inter-parliamentary relations",
    "TRACECA",
    "TURKSOY",
    "Energy",
    "Transport",
    "Culture",
    "Education",
    "Karabakh",
    "Demining",
    "COP29",
    "Trade",
    "Environment",
    "Human rights",
    "Elections",
    "Budget",
    "Youth",
    "Women in politics",
    "Health",
    "Tourism",
    "Digital",
    "Agriculture",
    "Security",
    "Migration",
    "Science",
    "Sport",
    "Diaspora",
    "Friendship groups",
    "Ombudsman",
    "Constitution",
    "Media",
    "Heritage",
    "Water",
    "Climate",
    "Peace",
    "Logistics",
    "Silk Way",
]
TITLES = [
    "Chair of Milli Majlis Meets Speaker of the Parliament of {c}",
    "{o} Receives Ambassador of {c}",
    "Delegation of {c} Visits the Milli Majlis",
    "{o} Attends Session of the {t}",
    "Working Group on {c} Relations Holds Meeting",
    "{o}: ‘{c} Has Always Supported Azerbaijan’",
]
SENTENCES = [
    "{o} met with the delegation of {c} led by {o2} on {d}.",
    "The sides discussed the development of inter-parliamentary relations between Azerbaijan "
    "and {c} and the prospects of cooperation within the {t}.",
    "Mr {f} congratulated the Azerbaijani people on the victory and said that {c} always "
    "supported the territorial integrity of Azerbaijan.",
    "It was noted that the friendship groups of the two parliaments play an important role "
    "in expanding the ties between the countries.",
    "The meeting also touched upon the activities of the {t} and the coordination of "
    "positions in international organisations.",
    "{o} updated the guests on the demining work in progress in the liberated territories "
    "and the reconstruction of towns and villages.",
    "The guest expressed gratitude for the warm welcome and invited the delegation of the "
    "Milli Majlis to pay a visit to {c}.",
    "The sides exchanged views on energy security, transport corridors and the Middle "
    "Corridor connecting Asia and Europe.",
    "Speaking of the {t}, {o2} said it was an important platform for parliamentary "
    "diplomacy and dialogue.",
    "Cooperation in the fields of education, culture, tourism and the humanitarian sphere "
    "was also discussed at the meeting.",
    "The parliamentarians agreed to continue the mutual visits and the exchange of "
    "experience in lawmaking.",
    "Other issues of mutual interest were discussed as well.",
]


def vocabulary():
    """Officials (with positions), sections and tags; countries come from the ISO list."""
    rng = random.Random(1)
    countries = list(Country.objects.filter(code__in=COUNTRIES))
    officials = []
    for i, (given, family) in enumerate((g, f) for f in FAMILY for g in GIVEN[:4]):
        name = f"{given} {family}"
        official, _ = Official.objects.get_or_create(
            slug=slugify(name),
            defaults={"full_name": name, "country": countries[i % len(countries)]},
        )
        if not official.positions.exists():
            Position.objects.create(
                official=official,
                title=rng.choice(
                    [
                        "Member of Parliament",
                        "Speaker",
                        "Deputy Speaker",
                        "Ambassador",
                        "Chair of the Committee on Foreign Affairs",
                    ]
                ),
                organisation="Parliament",
            )
        officials.append(official)
    sections = [
        Section.objects.get_or_create(slug=slugify(n), defaults={"name": n})[0]
        for n in ["Chair’s Travels", "Committees", "International Relations", "Plenary"]
    ]
    tags = [Tag.objects.get_or_create(name=n, defaults={"slug": slugify(n)})[0] for n in TAGS]
    return countries, officials, sections, tags


def copy_rows(table, columns, rows):
    """Load ``rows`` into ``table`` with COPY (PostgreSQL's bulk path)."""
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def fill(n):
    """Insert ``n`` generated releases with officials, countries and tags; index them."""
    countries, officials, sections, tags = vocabulary()
    rng = random.Random(42)
    now = timezone.now()
    start = now - datetime.timedelta(days=365 * 15)
    span = (now - start).total_seconds()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM releases_release")
        first_id = cursor.fetchone()[0] + 1
    releases, r_officials, r_countries, r_tags = [], [], [], []
    for i in range(n):
        pk = first_id + i
        c = rng.choice(countries)
        o, o2 = rng.sample(officials, 2)
        t = rng.choice(tags)
        words = {
            "c": c.name,
            "o": o.full_name,
            "o2": o2.full_name,
            "f": o2.full_name.split()[-1],
            "t": t.name,
        }
        title = rng.choice(TITLES).format(**words)
        published = start + datetime.timedelta(seconds=rng.random() * span)
        words["d"] = f"{published:%d %B}"
        body, size = [], rng.randint(3000, 5000)
        while sum(len(p) for p in body) < size:
            body.append(" ".join(rng.choice(SENTENCES).format(**words) for _ in range(4)))
        roll = rng.random()
        status = "published"
        if roll < 0.02:
            status = "draft"
        elif roll < 0.03:
            status = "withdrawn"
        elif roll < 0.04:
            published = now + datetime.timedelta(days=rng.randint(1, 30))
        releases.append(
            (
                pk,
                title,
                f"{slugify(title)[:250]}-{pk}",
                published,
                "",
                "\n\n".join(body),
                "The Press and Public Relations Department",
                status,
                "",
                "plain",
                1,
                published,
                published,
                rng.choice(sections).pk if rng.random() < 0.5 else None,
            )
        )
        r_officials += [(pk, o.pk), (pk, o2.pk)]
        r_countries += [(pk, c.pk)] + ([(pk, countries[0].pk)] if c != countries[0] else [])
        for tag in {t, rng.choice(tags)}:
            r_tags.append((pk, tag.pk))
    began = time.perf_counter()
    copy_rows(
        "releases_release",
        [
            "id",
            "title",
            "slug",
            "published_at",
            "lead",
            "body",
            "byline",
            "status",
            "withdrawal_reason",
            "body_format",
            "version",
            "created_at",
            "updated_at",
            "section_id",
        ],
        releases,
    )
    copy_rows("releases_release_officials", ["release_id", "official_id"], r_officials)
    copy_rows("releases_release_countries", ["release_id", "country_id"], r_countries)
    copy_rows(TaggedRelease._meta.db_table, ["content_object_id", "tag_id"], r_tags)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('releases_release', 'id'), "
            "(SELECT MAX(id) FROM releases_release))"
        )
    copied = time.perf_counter() - began
    began = time.perf_counter()
    vector.releases_reindex(releases=Release.objects.filter(pk__gte=first_id))
    indexed = time.perf_counter() - began
    with connection.cursor() as cursor:
        # Writing every vector wrote every row again; a table built release by release
        # over the years would not have its indexes twice their size.
        cursor.execute("REINDEX TABLE releases_release")
        cursor.execute("VACUUM ANALYZE")
    print(f"Inserted {n} releases by COPY in {copied:.1f} s; search vectors in {indexed:.1f} s.")


def prepare(client, url):
    """(queries, median SQL ms, status) for ``url``, after two warm-up requests.

    SQL ms is the time spent in queries, from five requests with the queries captured.
    """
    for _ in range(2):
        response = client.get(url)
    if response.status_code != 200:
        return None, None, response.status_code
    sql_times = []
    for _ in range(5):
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        queries = len(ctx.captured_queries)
        sql_times.append(sum(float(q["time"]) for q in ctx.captured_queries) * 1000)
    return queries, statistics.median(sql_times), 200


def timed_rounds(client, urls, repeat, cold=False):
    """{url: sorted times in ms}: ``repeat`` rounds, each requesting every address once.

    Taking the addresses in turn spreads whatever else the machine does over all of
    them, instead of charging a busy second to the one measured then. Times are the
    whole request in-process (middleware, view, SQL, template). ``cold``: the cache
    of rendered cards is emptied before each request, as for pages nobody has seen.
    """
    times = {url: [] for url in urls}
    for _ in range(repeat):
        for url in urls:
            if cold:
                cache.clear()
            began = time.perf_counter()
            client.get(url)
            times[url].append((time.perf_counter() - began) * 1000)
    return {url: sorted(t) for url, t in times.items()}


def p95(times):
    return times[min(len(times) - 1, round(0.95 * len(times)) - 1)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--releases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=100, help="timed requests per address")
    parser.add_argument("--reuse", action="store_true", help="measure a filled database")
    parser.add_argument("--fill-only", action="store_true", help="fill, do not measure")
    parser.add_argument("--match", default="", help="measure only addresses containing this")
    parser.add_argument(
        "--cold", action="store_true", help="empty the cache of rendered cards before each request"
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at a throwaway PostgreSQL database.")
    call_command("migrate", verbosity=0)
    existing = Release.objects.count()
    if existing and not args.reuse:
        sys.exit(f"The database already holds {existing} releases; use --reuse or an empty one.")
    if existing < args.releases:
        fill(args.releases - existing)
    if args.fill_only:
        return
    total = Release.objects.count()
    public = Release.objects.published().count()

    official = Official.objects.order_by("pk").first().slug
    other = Official.objects.order_by("-pk").first().slug
    pages = {
        "Search": [
            "/search/?q=Kazakhstan",
            "/search/?q=Kazakh",
            "/search/?q=Gafarova+TurkPA",
            "/search/?q=demining+liberated+territories",
            "/search/?q=cooperation",
            "/search/?q=Kazakhstan&page=5",
            "/search/?q=Quokka",
        ],
        "Filtered lists": [
            "/releases/",
            "/releases/?country=kz",
            f"/releases/?official={official}",
            "/releases/?tag=turkpa",
            "/releases/?country=kz&from=2022-01-01",
            f"/releases/?official={other}&tag=energy&from=2015-01-01&to=2024-12-31",
            "/releases/?country=tr&q=energy",
            "/releases/?from=2020-01-01&to=2020-12-31",
            "/releases/?country=kz&page=10",
        ],
        "Feeds and sitemap": [
            "/feeds/releases.atom",
            "/feeds/releases.rss",
            "/sitemap.xml",
        ],
    }
    client = Client()
    out = io.StringIO()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    out.write(
        f"{total} releases, {public} of them public; {args.repeat} timed requests each, in rounds"
        f"{', no rendered card kept' if args.cold else ''}; "
        f"load average at start {load} on {os.cpu_count()} CPUs.\n\n"
    )
    out.write(
        "| Address | median ms | p95 ms | queries | SQL ms |\n| --- | ---: | ---: | ---: | ---: |\n"
    )
    prepared = {}
    for urls in pages.values():
        for url in (u for u in urls if args.match in u):
            prepared[url] = prepare(client, url)
    measured = [url for url, (_, _, status) in prepared.items() if status == 200]
    times = timed_rounds(client, measured, args.repeat, cold=args.cold)
    for group, urls in pages.items():
        out.write(f"| **{group}** | | | | |\n")
        for url in (u for u in urls if args.match in u):
            queries, sql, status = prepared[url]
            if status != 200:
                out.write(f"| `{url}` | not available ({status}) | | | |\n")
                continue
            median = statistics.median(times[url])
            out.write(
                f"| `{url}` | {median:.1f} | {p95(times[url]):.1f} | {queries} | {sql:.1f} |\n"
            )
    print()
    print(out.getvalue())


if __name__ == "__main__":
    main()
