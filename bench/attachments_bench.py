"""What photos and related releases cost: making a photo's six renditions when it is
saved, and the related-releases query of a release page among many releases that share
its country and officials.

    DATABASE_URL=postgres://… python bench/attachments_bench.py [releases]

Runs in a database of its own making (the test runner's), so nothing is left behind.
"""

import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "majlis_site.settings.test")

import django  # noqa: E402

django.setup()

import tempfile  # noqa: E402

from django.core.files.base import ContentFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

RELEASES = int(sys.argv[1]) if len(sys.argv) > 1 else 5000


def timed(func, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def main():
    from django.conf import settings

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    settings.MEDIA_ROOT = tempfile.mkdtemp()
    try:
        from people.models import Country
        from releases.models import Release
        from releases.related import related_releases
        from tests.factories import MeetingFactory, OfficialFactory, PhotoFactory
        from tests.images import image_bytes

        photo = image_bytes("JPEG", (3000, 2000), noise=True)
        median, worst = timed(lambda: PhotoFactory(image=ContentFile(photo, name="p.jpg")), 5)
        print(f"photo 3000x2000 saved, 6 renditions: median {median:.0f} ms, max {worst:.0f} ms")

        kz = Country.objects.get(code="KZ")
        chair, guest = OfficialFactory(), OfficialFactory()
        meeting = MeetingFactory()
        rows = [
            Release(
                title=f"R{n}",
                slug=f"r{n}",
                body="Text.",
                status="published",
                published_languages="en",
                meeting=meeting if n % 500 == 0 else None,
            )
            for n in range(RELEASES)
        ]
        created = Release.objects.bulk_create(rows, batch_size=2000)
        Release.countries.through.objects.bulk_create(
            [Release.countries.through(release_id=r.pk, country_id=kz.pk) for r in created]
        )
        Release.officials.through.objects.bulk_create(
            [
                Release.officials.through(release_id=r.pk, official_id=o.pk)
                for r in created
                for o in ((chair, guest) if r.pk % 3 == 0 else (chair,))
            ]
        )
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE")
        release = Release.objects.prefetch_related("officials", "countries").get(pk=created[0].pk)
        median, worst = timed(lambda: related_releases(release, language="en"), 20)
        print(
            f"related releases among {RELEASES:,} sharing its country and officials "
            f"({connection.vendor}): median {median:.1f} ms, max {worst:.1f} ms"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
