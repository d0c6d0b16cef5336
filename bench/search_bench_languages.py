"""Benchmark search and filtered lists in each language on a large PostgreSQL database.

Fills the database named by DATABASE_URL with N releases written in Azerbaijani,
English and Russian (a few in fewer: a draft translation, which search must not find),
then requests the search page and the filtered list in each language through Django's
test client and reports the median and 95th percentile of each address, as
bench/search_bench.py does for English. The English text is search_bench's; the
Azerbaijani and Russian bodies are the paragraphs of the sample translations
(fixtures/translations/) with a sentence naming the release's officials and country
in that language.

    DATABASE_URL=postgres://user@host:5432/majlis_bench_languages \\
        .venv/bin/python bench/search_bench_languages.py --releases 100000

Use an empty, throwaway database (--reuse to measure one already filled).
"""

import argparse
import datetime
import io
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.text import slugify  # noqa: E402

from bench import search_bench as english  # noqa: E402  (sets Django up)
from people.models import Official  # noqa: E402
from releases.models import Release, TaggedRelease  # noqa: E402
from search import vector  # noqa: E402

TRANSLATIONS = english.ROOT / "fixtures" / "translations"
# The generated officials' names as Azerbaijani and Russian pages spell them.
GIVEN = {
    "Sahiba": ("Sahibə", "Сахиба"),
    "Azay": ("Azay", "Азай"),
    "Ali": ("Əli", "Али"),
    "Adil": ("Adil", "Адиль"),
}
FAMILY = {
    "Gafarova": ("Qafarova", "Гафарова"),
    "Guliyev": ("Quliyev", "Гулиев"),
    "Huseynli": ("Hüseynli", "Гусейнли"),
    "Aliyev": ("Əliyev", "Алиев"),
    "Seyidov": ("Seyidov", "Сеидов"),
    "Ashimbayev": ("Aşimbayev", "Ашимбаев"),
    "Abdikarimov": ("Abdıkərimov", "Абдыкаримов"),
    "Schmidt": ("Şmidt", "Шмидт"),
    "Rossi": ("Rossi", "Росси"),
    "Novak": ("Novak", "Новак"),
    "Kaya": ("Kaya", "Кая"),
    "Ivanova": ("İvanova", "Иванова"),
    "Dubois": ("Dübua", "Дюбуа"),
    "Tanaka": ("Tanaka", "Танака"),
    "Mammadov": ("Məmmədov", "Мамедов"),
}
TITLES = {
    "az": [
        "Milli Məclisin Sədri {c} Parlamentinin Spikeri ilə görüşüb",
        "{o} {c} səfirini qəbul edib",
        "{c} nümayəndə heyəti Milli Məclisdə olub",
        "{o}: “{c} həmişə Azərbaycanı dəstəkləyib”",
    ],
    "ru": [
        "Председатель Милли Меджлиса встретилась со спикером парламента: {c}",
        "{o} принял посла, страна: {c}",
        "Делегация прибыла в Милли Меджлис, страна: {c}",
        "{o}: «{c} всегда поддерживала Азербайджан»",
    ],
}
NAMING = {
    "az": "{o} və {o2} {c} ilə əməkdaşlığı, {t} çərçivəsində enerji və nəqliyyat "
    "məsələlərini müzakirə ediblər.",
    "ru": "{o} и {o2} обсудили сотрудничество, страна: {c}, в рамках {t}, вопросы "
    "энергетики и транспорта.",
}


def paragraphs(language):
    """The body paragraphs of the sample translations in ``language`` (the title and
    the date lines left out)."""
    found = []
    for path in sorted(TRANSLATIONS.glob(f"*.{language}.txt")):
        blocks = [b.strip() for b in path.read_text().split("\n\n") if b.strip()]
        found += [b for b in blocks[1:] if len(b) > 120 and not re.search(r"\d{4} \|", b)]
    return found


def spelt(full_name):
    given, family = full_name.split()
    return tuple(f"{GIVEN[given][i]} {FAMILY[family][i]}" for i in (0, 1))


def name_officials(officials):
    """The generated officials' names in Azerbaijani and Russian (search_bench makes
    them in English only)."""
    for official in officials:
        official.full_name_az, official.full_name_ru = spelt(official.full_name_en)
        Official.objects.filter(pk=official.pk).update(
            full_name_az=official.full_name_az, full_name_ru=official.full_name_ru
        )


def version(rng, language, words, material):
    title = rng.choice(TITLES[language]).format(**words)
    body, size = [NAMING[language].format(**words)], rng.randint(3000, 5000)
    while sum(len(p) for p in body) < size:
        body.append(rng.choice(material))
    return title, "\n\n".join(body)


def fill(n):
    """Insert ``n`` releases in three languages with officials, countries and tags."""
    countries, officials, sections, tags = english.vocabulary()
    name_officials(officials)
    material = {language: paragraphs(language) for language in ("az", "ru")}
    rng = random.Random(42)
    now = timezone.now()
    start = now - datetime.timedelta(days=365 * 15)
    span = (now - start).total_seconds()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM releases_release")
        first_id = cursor.fetchone()[0] + 1
    fields = [f for f in Release._meta.concrete_fields if not f.column.startswith("search_")]
    columns = [f.column for f in fields]
    releases, r_officials, r_countries, r_tags = [], [], [], []
    for i in range(n):
        pk = first_id + i
        c = rng.choice(countries)
        o, o2 = rng.sample(officials, 2)
        t = rng.choice(tags)
        published = start + datetime.timedelta(seconds=rng.random() * span)
        row = {f.column: f.get_default() for f in fields}
        words = {"c": c.name_en, "o": o.full_name_en, "o2": o2.full_name_en, "t": t.name}
        words.update(f=o2.full_name_en.split()[-1], d=f"{published:%d %B}")
        title = rng.choice(english.TITLES).format(**words)
        body, size = [], rng.randint(3000, 5000)
        while sum(len(p) for p in body) < size:
            body.append(" ".join(rng.choice(english.SENTENCES).format(**words) for _ in range(4)))
        texts = {"en": (title, "\n\n".join(body))}
        for index, language in ((0, "az"), (1, "ru")):
            local = {
                "c": getattr(c, f"name_{language}") or c.name_en,
                "o": spelt(o.full_name_en)[index],
                "o2": spelt(o2.full_name_en)[index],
                "t": t.name,
            }
            texts[language] = version(rng, language, local, material[language])
        roll = rng.random()
        status = "published"
        if roll < 0.02:
            status = "draft"
        elif roll < 0.03:
            status = "withdrawn"
        elif roll < 0.04:
            published = now + datetime.timedelta(days=rng.randint(1, 30))
        # About 5 % have a Russian translation written but not yet published.
        public = "az en" if rng.random() < 0.05 else "az en ru"
        for language, (title, body) in texts.items():
            row[f"title_{language}"] = title
            # The release page's address takes ASCII slugs; a Cyrillic title gives none.
            row[f"slug_{language}"] = f"{slugify(title)[:250] or language}-{pk}"
            row[f"body_{language}"], row[f"lead_{language}"] = body, ""
        row.update(
            id=pk,
            title=texts["en"][0],
            slug=row["slug_en"],
            body=texts["en"][1],
            published_at=published,
            status=status,
            primary_language="az",
            published_languages=public if status in ("published", "withdrawn") else "",
            version=1,
            created_at=published,
            updated_at=published,
            section_id=rng.choice(sections).pk if rng.random() < 0.5 else None,
        )
        releases.append([row[column] for column in columns])
        r_officials += [(pk, o.pk), (pk, o2.pk)]
        r_countries += [(pk, c.pk)] + ([(pk, countries[0].pk)] if c != countries[0] else [])
        for tag in {t, rng.choice(tags)}:
            r_tags.append((pk, tag.pk))
    began = time.perf_counter()
    english.copy_rows("releases_release", columns, releases)
    english.copy_rows("releases_release_officials", ["release_id", "official_id"], r_officials)
    english.copy_rows("releases_release_countries", ["release_id", "country_id"], r_countries)
    english.copy_rows(TaggedRelease._meta.db_table, ["content_object_id", "tag_id"], r_tags)
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
        cursor.execute("REINDEX TABLE releases_release")
        cursor.execute("VACUUM ANALYZE")
    print(f"Inserted {n} releases by COPY in {copied:.1f} s; search vectors in {indexed:.1f} s.")


def addresses(official):
    """{language: [address, …]}: searches, then lists narrowed by words and filters."""
    lists = ["/releases/", "/releases/?country=kz", f"/releases/?official={official}"]
    return {
        "en": [
            "/search/?q=Kazakhstan",
            "/search/?q=Kazakh",
            "/search/?q=Gafarova+TurkPA",
            "/search/?q=cooperation",
            "/search/?q=Quokka",
            *lists,
            "/releases/?country=tr&q=energy",
        ],
        "az": [
            "/search/?q=Qazaxıstan",
            "/search/?q=Qazax",
            "/search/?q=Qafarova+TurkPA",
            "/search/?q=əməkdaşlıq",
            "/search/?q=emekdasliq",
            "/search/?q=Quokka",
            *lists,
            "/releases/?country=tr&q=enerji",
        ],
        "ru": [
            "/search/?q=Казахстан",
            "/search/?q=Казах",
            "/search/?q=Гафаровой+TurkPA",
            "/search/?q=сотрудничество",
            "/search/?q=Квокка",
            *lists,
            "/releases/?country=tr&q=энергетики",
        ],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--releases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=100, help="timed requests per address")
    parser.add_argument("--reuse", action="store_true", help="measure a filled database")
    parser.add_argument("--fill-only", action="store_true", help="fill, do not measure")
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
    out = io.StringIO()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    public = {lang: Release.objects.published(lang).count() for lang in ("az", "en", "ru")}
    out.write(
        f"{Release.objects.count()} releases, public in az/en/ru: {public}; {args.repeat} "
        f"timed requests each, in rounds; load average at start {load} on {os.cpu_count()} CPUs."
        "\n\n| Language | Address | median ms | p95 ms | queries | SQL ms |\n"
        "| --- | --- | ---: | ---: | ---: | ---: |\n"
    )
    official = Official.objects.order_by("pk").first().slug
    for language, paths in addresses(official).items():
        # Each language's pages under its prefix, the browser asking for it too.
        urls = [f"/{language}{path}" for path in paths]
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        prepared = {url: english.prepare(client, url) for url in urls}
        measured = [url for url, (_, _, status) in prepared.items() if status == 200]
        times = english.timed_rounds(client, measured, args.repeat)
        for url in urls:
            queries, sql, status = prepared[url]
            if status != 200:
                out.write(f"| {language} | `{url}` | not available ({status}) | | | |\n")
                continue
            median = statistics.median(times[url])
            out.write(
                f"| {language} | `{url}` | {median:.1f} | {english.p95(times[url]):.1f} "
                f"| {queries} | {sql:.1f} |\n"
            )
    print()
    print(out.getvalue())


if __name__ == "__main__":
    main()
