"""Where an uncached public page's time goes: SQL, the view (ORM and Python), templates,
middleware. Through Django's test client in one process, under the production settings
(DEBUG off, so the cached template loader) on the database of DATABASE_URL, loaded for
example by bench/peers.sh's loader (bench/peers_load.py):

    DATABASE_URL=postgres://user@host/db SECRET_KEY=x .venv/bin/python bench/profile_pages.py
    ... bench/profile_pages.py --pyinstrument /en/releases/   # a call tree of one page

Each page is requested --warm times, then --repeat times measured: per request, the
median wall-clock time, and the mean milliseconds spent, wall-clock and in this
process's CPU (which other programs on the machine disturb less)

- sql: inside the database driver's execute (the query on the server and the rows
  fetched), wherever it happens;
- view: in the view (resolving, the ORM building queries and models, the view's Python),
  less its SQL;
- template: rendering the response's template, less the SQL run from the template;
- middleware: the rest of the request (middleware, the handler, the test client).

SQL's CPU column is the driver's share only; the database server's own work is in its
wall-clock column.

The rendered release cards are kept between requests, as each server process keeps them
(``--cold`` empties them before each request, for pages nobody has seen yet).
"""

import argparse
import collections
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "majlis_site.settings.prod")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_COOKIES", "false")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.handlers.base import BaseHandler  # noqa: E402
from django.db import connection  # noqa: E402
from django.template.response import SimpleTemplateResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from taggit.models import Tag  # noqa: E402

from releases.models import Release  # noqa: E402

PHASES = ("sql", "view", "template", "middleware")


class Timer:
    """Adds up, per request, the time in each phase, wall-clock and this process's CPU;
    SQL is taken out of the phase it ran in."""

    def __init__(self):
        self.stack = []
        self.wall = collections.Counter()
        self.cpu = collections.Counter()

    def enter(self, phase):
        self.stack.append([phase, time.perf_counter(), time.process_time(), 0.0, 0.0])

    def leave(self):
        phase, wall, cpu, inner_wall, inner_cpu = self.stack.pop()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        self.wall[phase] += wall - inner_wall
        self.cpu[phase] += cpu - inner_cpu
        if self.stack:  # the outer phase did not spend this itself
            self.stack[-1][3] += wall
            self.stack[-1][4] += cpu

    def clear(self):
        self.wall.clear()
        self.cpu.clear()


TIMER = Timer()


def timed(phase, function):
    def wrapper(*args, **kwargs):
        TIMER.enter(phase)
        try:
            return function(*args, **kwargs)
        finally:
            TIMER.leave()

    return wrapper


def sql_wrapper(execute, sql, params, many, context):
    TIMER.enter("sql")
    try:
        return execute(sql, params, many, context)
    finally:
        TIMER.leave()


def install_timers():
    BaseHandler._get_response = timed("view", BaseHandler._get_response)
    SimpleTemplateResponse.render = timed("template", SimpleTemplateResponse.render)
    wrapping = connection.execute_wrapper(sql_wrapper)
    wrapping.__enter__()
    return wrapping  # kept: its exit would unwrap


def pages():
    """The peers' five pages (the most used tag, the release in the middle) and the last
    list page."""
    count = Release.objects.published().count()
    middle = Release.objects.published().order_by("published_at", "pk")[count // 2]
    tag = max(Tag.objects.all(), key=lambda t: t.releases_taggedrelease_items.count())
    return [
        "/en/releases/",
        "/en/releases/?page=50",
        f"/en/releases/?page={(count + 19) // 20}",
        middle.get_absolute_url(),
        f"/en/tags/{tag.slug}/",
        "/en/search/?q=cooperation",
    ]


def measure(client, url, repeat, cold):
    """Median wall-clock ms of a request; mean wall ms per phase; mean CPU ms per phase."""
    totals, wall, cpu = [], collections.Counter(), collections.Counter()
    for _ in range(repeat):
        if cold:
            cache.clear()
        TIMER.clear()
        began, began_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        total, total_cpu = time.perf_counter() - began, time.process_time() - began_cpu
        assert response.status_code == 200, (url, response.status_code)
        totals.append(total)
        wall.update(TIMER.wall)
        cpu.update(TIMER.cpu)
        wall["middleware"] += total - sum(TIMER.wall.values())
        cpu["middleware"] += total_cpu - sum(TIMER.cpu.values())
        cpu["total"] += total_cpu
    wall = {phase: wall[phase] / repeat * 1000 for phase in PHASES}
    cpu = {phase: cpu[phase] / repeat * 1000 for phase in (*PHASES, "total")}
    return statistics.median(totals) * 1000, wall, cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", nargs="*", help="addresses (default: the peers' pages)")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--warm", type=int, default=5)
    parser.add_argument("--cold", action="store_true", help="empty the kept cards each time")
    parser.add_argument("--pyinstrument", action="store_true", help="print a call tree")
    args = parser.parse_args()
    client = Client()
    urls = args.urls or pages()
    if args.pyinstrument:
        from pyinstrument import Profiler

        for url in urls:
            for _ in range(args.warm):
                client.get(url)
            with Profiler(interval=0.0005) as profiler:
                for _ in range(args.repeat):
                    if args.cold:
                        cache.clear()
                    client.get(url)
            print(url)
            print(profiler.output_text(unicode=True, show_all=False))
        return
    _timers = install_timers()  # noqa: F841 (kept for the run)
    width = max(len(url) for url in urls)
    blank = " " * (width + 21)
    print(f"{blank}{'wall ms per request':^32} {'CPU ms, this process':^39}")
    heads = " ".join(f"{phase[:8]:>7}" for phase in PHASES)
    print(f"{'page':<{width}} queries    KB median {heads}  {heads}   total")
    for url in urls:
        for _ in range(args.warm):
            client.get(url)
        with CaptureQueriesContext(connection) as captured:
            size = len(client.get(url).content) / 1024
        queries = len(captured)  # before the next request empties the log
        median, wall, cpu = measure(client, url, args.repeat, args.cold)
        print(
            f"{url:<{width}} {queries:>7} {size:>5.1f} {median:>6.1f} "
            + " ".join(f"{wall[phase]:>7.1f}" for phase in PHASES)
            + "  "
            + " ".join(f"{cpu[phase]:>7.1f}" for phase in PHASES)
            + f" {cpu['total']:>7.1f}"
        )


if __name__ == "__main__":
    main()
