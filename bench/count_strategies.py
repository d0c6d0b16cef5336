"""Filter counts of /releases/: the kept tables against a GROUP BY, cached briefly or not.

For each address of the release list that shows filter counts, computes what the page
shows (the total, each filter's ten most frequent choices, the archive years) and times:
(a) the kept counts as the page reads them today (search.counts); (b) a GROUP BY over the
link tables, the section and the year, restricted to Release.objects.published() and the
filters, on an empty cache (the first reader after any public change); (c) the same from
a LocMemCache keyed on the filters and the time of the latest public change (one indexed
query, timed alone too). Prints any difference between (a) and (b), then times the pages
through Django's test client with each in place (swapped in this process only).

    DATABASE_URL=postgres://USER:PASSWORD@HOST:PORT/majlis_bench \\
        python bench/count_strategies.py --repeat 20

Needs a database filled by bench/search_bench.py (e.g. --releases 100000 --fill-only).
"""

import argparse
import datetime
import hashlib
import os
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "majlis_site.settings.test")

import django  # noqa: E402

django.setup()

from django.core.cache.backends.locmem import LocMemCache  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Max  # noqa: E402
from django.db.models.functions import ExtractYear  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from public.forms import ReleaseFilterForm  # noqa: E402
from public.views import ReleaseIndexView  # noqa: E402
from releases.models import Release  # noqa: E402
from releases.selectors import LINK_TABLES  # noqa: E402
from search import choices, counts  # noqa: E402
from search.filtering import filter_releases  # noqa: E402

ADDRESSES = [
    "",
    "country=kz",
    "official=sahiba-gafarova",
    "tag=turkpa",
    "country=kz&from=2022-01-01",
    "official=adil-mammadov&tag=energy&from=2015-01-01&to=2024-12-31",
    "country=tr&q=energy",
]
KINDS = ("official", "country", "tag", "section")
LIMIT = ReleaseIndexView.facet_limit  # words: counted up to this many releases, as the page
CACHE = LocMemCache("filter-counts", {"TIMEOUT": 60})  # apart from the rendered cards
KeptCounts, kept_years = counts.FilterCounts, counts.published_years


def parse(query):
    form = ReleaseFilterForm(QueryDict(query))
    if not form.is_filtering():
        return {}
    assert form.is_valid(), form.errors
    return form.filters


def kept(filters):
    """(a) What the page shows, from the kept counts, read as ReleaseIndexView reads it."""
    found = KeptCounts(filters, max_releases=LIMIT)
    total = found.total()
    known = LIMIT + 1 if total is None and filters.get("words") else total
    return {"total": total, **found.facets(known_total=known), "years": kept_years(found.due())}


def group_sql(others, kinds):
    """(sql, params): the total (kind "all") and the ten most frequent choices of each of
    ``kinds`` under the filters ``others``, ties by label as the page; None if words leave
    more than LIMIT releases (the page counts no further then)."""
    releases = filter_releases(Release.objects.published(), others).order_by().values("pk")
    if others.get("words"):
        ids = list(releases.values_list("pk", flat=True)[: LIMIT + 1])
        if len(ids) > LIMIT:
            return None
        releases = Release.objects.filter(pk__in=ids).order_by().values("pk")
    parts, params = [], []
    for kind in kinds:
        if kind == "all":
            sql, p = releases.query.sql_with_params()
            parts.append(f"(SELECT 'all', NULL, NULL, COUNT(*) FROM ({sql}) s)")
        else:
            model, release_field, value_field = LINK_TABLES[kind]
            grouped = (
                model.objects.filter(
                    **{f"{release_field}__in": releases, f"{value_field}__isnull": False}
                )
                .order_by()
                .values(value_field)
                .annotate(n=Count(release_field))
            )
            sql, p = grouped.query.sql_with_params()
            label_model, key, label = choices.CHOICE_LABELS[kind]
            parts.append(
                f"(SELECT '{kind}', l.{key}, l.{label}, g.n FROM ({sql}) g (v, n) "
                f"JOIN {label_model._meta.db_table} l ON l.id = g.v "
                f'ORDER BY g.n DESC, l.{label} COLLATE "C" LIMIT 10)'
            )
        params += p
    return " UNION ALL ".join(parts), params


def grouped(filters):
    """(b, without the years) {"total": n, kind: [(key, label, n)] or None}: the total and
    each filter's choices under the other filters, as FilterCounts groups them; one query
    (and, with words, one reading up to LIMIT + 1 ids per group)."""
    groups = [(filters, ["all", *(k for k in KINDS if not filters.get(k))])]
    groups += [
        ({k: v for k, v in filters.items() if k != name}, [name])
        for name in KINDS
        if filters.get(name)
    ]
    shown = {"total": None, **dict.fromkeys(KINDS)}
    sqls, params = [], []
    for i, (others, kinds) in enumerate(groups):
        query = group_sql(others, kinds)
        if query is None:
            if i == 0:
                break  # too many under all the filters: none counted under fewer
            continue
        sqls.append(query[0])
        params += query[1]
        shown.update((kind, []) for kind in kinds if kind != "all")
    if sqls:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(sqls), params)
            for kind, key, label, n in cursor.fetchall():
                if kind == "all":
                    shown["total"] = n
                else:
                    shown[kind].append((key, label, n))
    return shown


def years():
    """1 January of each Baku year with a published release, newest first: a GROUP BY."""
    found = Release.objects.published().annotate(y=ExtractYear("published_at"))
    found = found.order_by("-y").values_list("y", flat=True).distinct()
    return [datetime.date(y, 1, 1) for y in found]


def stamp():
    """The time of the latest public change, in one query of two index reads: the latest
    edit of any release (a withdrawal is one) and the latest public time (a scheduled
    release whose time has come changes no row)."""
    edit = Release.objects.order_by("-updated_at").values("updated_at")[:1]
    public = Release.objects.published().order_by("-published_at").values("published_at")[:1]
    (a, pa), (b, pb) = (q.query.sql_with_params() for q in (edit, public))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ({a}), ({b})", pa + pb)
        return cursor.fetchone()


def cached(filters):
    """(b) on an empty cache, (c) on a full one: grouped() and years(), each kept 60 s
    under the time of the latest public change (and the filters)."""
    now = stamp()

    def get(what, compute):
        key = hashlib.md5(repr((now, what)).encode()).hexdigest()
        found = CACHE.get(key)
        if found is None:
            found = compute()
            CACHE.set(key, found)
        return found

    shown = get(KeptCounts._key(filters), lambda: grouped(filters))
    return {**shown, "years": get("years", years)}


def group_by_counts(filters, *, max_releases=None):
    """FilterCounts as the release list uses it, answered by cached(); due() carries the
    years to the widget (published_years is swapped for ``shown_years``)."""
    shown = cached(filters)
    return SimpleNamespace(
        total=lambda: shown["total"],
        facets=lambda **kwargs: {kind: shown[kind] for kind in KINDS},
        due=lambda: shown["years"],
    )


def shown_years(due=None):
    return due


def p95(times):
    times = sorted(times)
    return times[min(len(times) - 1, round(0.95 * len(times)) - 1)]


def rounds(cases, repeat):
    """({name: [ms]}, {name: queries}): two warm-up calls of every case (the queries of
    the second counted), then ``repeat`` rounds timing each once, after its ``before``."""
    n = {}
    for name, (fn, before) in cases.items():
        before()
        fn()
        before()
        with CaptureQueriesContext(connection) as ctx:
            fn()
        n[name] = len(ctx.captured_queries)
    times = {name: [] for name in cases}
    for _ in range(repeat):
        for name, (fn, before) in cases.items():
            before()
            began = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - began) * 1000)
    return times, n


def table(title, times, n, rows, cols):
    """A markdown table: per row, median and p95 of each column, each after the first
    also as a share of the first's median; then the queries of each."""
    head = [title]
    for i, col in enumerate(cols):
        head += [f"{col} median", "p95"] + ([f"{col} / {cols[0]}"] if i else [])
    print("\n| " + " | ".join(head + ["queries"]) + " |\n| --- " + "| ---: " * len(head) + "|")
    for row, label in rows:
        cells, base = [label], times.get((row, cols[0]))
        for col in cols:
            t = times.get((row, col))
            share = f"{statistics.median(t) / statistics.median(base):.2f}" if t and base else ""
            cells += [f"{statistics.median(t):.1f}", f"{p95(t):.1f}"] if t else ["", ""]
            cells += [share] if col != cols[0] else []
        cells.append("/".join(str(n.get((row, col), "–")) for col in cols))
        print("| " + " | ".join(cells) + " |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="timed calls per case")
    parser.add_argument("--no-pages", action="store_true", help="only the counts, not pages")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at a database filled by bench/search_bench.py.")
    filters = {query: parse(query) for query in ADDRESSES}
    for query, f in filters.items():
        a, b = kept(f), {**grouped(f), "years": years()}
        for what in ("total", *KINDS, "years"):
            if a[what] != b[what]:
                print(f"MISMATCH /releases/?{query} {what}: kept {a[what]} GROUP BY {b[what]}")
        shown = {k: None if a[k] is None else len(a[k]) for k in KINDS}
        print(f"/releases/?{query}: (a) = (b) checked: total {a['total']}, choices {shown}")
    nothing, cases = (lambda: None), {}
    for query, f in filters.items():
        cases[(query, "(a) kept")] = (lambda f=f: kept(f), nothing)
        cases[(query, "(b) miss")] = (lambda f=f: cached(f), CACHE.clear)
        cases[(query, "(c) hit")] = (lambda f=f: cached(f), nothing)
    cases[("years", "(a) kept")] = (kept_years, nothing)
    cases[("years", "(b) miss")] = (years, nothing)
    cases[("stamp", "(b) miss")] = (stamp, nothing)
    only = Release.objects.published()  # its max(updated_at) misses withdrawals, due releases
    cases[("only", "(b) miss")] = (lambda: only.aggregate(Max("updated_at")), nothing)
    times, n = rounds(cases, args.repeat)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\n{Release.objects.published().count()} public releases; {args.repeat} timed calls")
    print(f"per case, in rounds; load average {load} on {os.cpu_count()} CPUs; ms.")
    rows = [(q, f"`/releases/?{q}`") for q in ADDRESSES] + [
        ("years", "years list alone"),
        ("stamp", "key: latest edit, latest public time"),
        ("only", "key: max(updated_at) of published()"),
    ]
    table("Counts of", times, n, rows, ["(a) kept", "(b) miss", "(c) hit"])
    if args.no_pages:
        return
    client, cases = Client(), {}
    modes = {"kept": (KeptCounts, kept_years, nothing)}
    modes["miss"] = (group_by_counts, shown_years, CACHE.clear)
    modes["hit"] = (group_by_counts, shown_years, nothing)
    for url in (f"/releases/?{query}".rstrip("?") for query in ADDRESSES):
        pages = set()
        for mode, (cls, years_fn, before) in modes.items():

            def get(url=url, cls=cls, years_fn=years_fn):
                counts.FilterCounts, counts.published_years = cls, years_fn
                response = client.get(url)
                assert response.status_code == 200
                return response.content

            cases[(url, mode)] = (get, before)
            pages.add(get())
        print(f"{url}: {'MISMATCH, pages differ' if len(pages) > 1 else 'same page'} each way")
    times, n = rounds(cases, args.repeat)
    counts.FilterCounts, counts.published_years = KeptCounts, kept_years
    print("\nWhole pages (test client, rendered cards kept), in rounds; ms.")
    rows = [(url, f"`{url}`") for url in dict.fromkeys(url for url, _ in cases)]
    table("Page", times, n, rows, list(modes))


if __name__ == "__main__":
    main()
