"""Load the peers' generated releases (JSON Lines) into this site, as the Wagtail twin's
``load_releases`` does into Wagtail: straight through the models, every release published
(in English, the language the generated texts are written in), then the project's own
``reindex_releases`` for what it derives (search vectors, filter counts).

    RELEASES=releases.jsonl .venv/bin/python manage.py shell < bench/peers_load.py

Run in the checkout after ``manage.py migrate``; ``bench/peers.sh`` does both. Every site
of the comparison gets the same officials (name, role, country), countries, sections,
tags, titles, slugs, bodies and times.
"""

import datetime
import json
import os
import time

from django.core.management import call_command
from django.db import transaction
from django.utils.text import slugify
from taggit.models import Tag

from people.models import Country, Official, Position
from releases.models import Release, Section, TaggedRelease

started = time.time()
with open(os.environ["RELEASES"], encoding="utf-8") as lines:
    rows = [json.loads(line) for line in lines]
countries = {c.code: c for c in Country.objects.all()}

with transaction.atomic():
    officials, sections, tags = {}, {}, {}
    for r in rows:
        for o in r["officials"]:
            if o["name"] not in officials:
                official = Official.objects.create(
                    full_name_en=o["name"], slug=slugify(o["name"]), country=countries[o["country"]]
                )
                Position.objects.create(official=official, title_en=o["role"])
                officials[o["name"]] = official
        if r["section"] not in sections:
            sections[r["section"]] = Section.objects.create(
                name_en=r["section"], slug=slugify(r["section"])
            )
        for t in r["tags"]:
            if t not in tags:
                tags[t] = Tag.objects.create(name=t, slug=slugify(t))
    releases = Release.objects.bulk_create(
        [
            Release(
                title_en=r["title"],
                slug_en=r["slug"],
                body_en=r["body"],
                primary_language="en",
                published_languages="en",
                section=sections[r["section"]],
                published_at=datetime.datetime.fromisoformat(r["published_at"]),
                status=Release.Status.PUBLISHED,
                version=1,
            )
            for r in rows
        ],
        batch_size=1000,
    )
    pairs = list(zip(releases, rows, strict=True))
    Release.officials.through.objects.bulk_create(
        [
            Release.officials.through(release_id=rel.pk, official_id=officials[o["name"]].pk)
            for rel, r in pairs
            for o in r["officials"]
        ],
        batch_size=5000,
    )
    Release.countries.through.objects.bulk_create(
        [
            Release.countries.through(release_id=rel.pk, country_id=countries[code].pk)
            for rel, r in pairs
            for code in r["countries"]
        ],
        batch_size=5000,
    )
    TaggedRelease.objects.bulk_create(
        [
            TaggedRelease(content_object_id=rel.pk, tag_id=tags[t].pk)
            for rel, r in pairs
            for t in r["tags"]
        ],
        batch_size=5000,
    )
call_command("reindex_releases")
print(f"loaded {len(rows)} releases in {time.time() - started:.1f} s")
