"""What the desk and the form's background requests cost: queries and milliseconds of
the desk (the admin's home) with 3 and 30 releases in each of a press officer's queues,
of one autosave of a draft's text, and of one presence heartbeat. Through Django's test
client, with the test settings, on the database of DATABASE_URL (SQLite without it):

    .venv/bin/pytest -p no:xdist -q -s bench/desk_bench.py

Savepoints are not counted as queries; each figure is the median of 20 requests.
"""

import datetime
import json
import statistics
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from releases.models import Release

# The tests' fixtures: staff in the real groups, after-commit work run as on a commit.
from tests.conftest import (  # noqa: F401
    commits_run_their_callbacks,
    editor,
    officer_client,
    press_officer,
)
from tests.factories import ReleaseFactory
from workflow import transitions

pytestmark = pytest.mark.django_db
REPEAT = 20


def measure(request):
    """(queries of the last request, median milliseconds) of ``REPEAT`` requests."""
    times = []
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            request()
            times.append((time.perf_counter() - start) * 1000)
    real = [q for q in queries if "SAVEPOINT" not in q["sql"]]
    return len(real), statistics.median(times)


@pytest.mark.parametrize("n", [3, 30])
def test_desk_autosave_presence(officer_client, press_officer, editor, n):  # noqa: F811
    now = timezone.now()
    for i in range(n):
        ReleaseFactory(draft=True, title=f"Draft {i}", slug=f"d-{i}", created_by=press_officer)
        back = ReleaseFactory(
            status=Release.Status.SUBMITTED,
            title=f"Back {i}",
            slug=f"b-{i}",
            created_by=press_officer,
        )
        transitions.release_send_back(release=back, user=editor, comment="Fix it.")
        ReleaseFactory(status=Release.Status.SUBMITTED, slug=f"s-{i}", created_by=press_officer)
        ReleaseFactory(slug=f"l-{i}", published_at=now - datetime.timedelta(minutes=i + 1))
        ReleaseFactory(
            status=Release.Status.PUBLISHED,
            slug=f"p-{i}",
            published_at=now + datetime.timedelta(hours=i + 1),
        )
        ReleaseFactory(status=Release.Status.WITHDRAWN, slug=f"w-{i}", withdrawn_at=now)
    draft = Release.objects.filter(title="Draft 0").get()
    officer_client.get("/admin/")
    counter = iter(range(10_000))

    def autosave():
        draft.refresh_from_db(fields=["version"])
        officer_client.post(
            f"/admin/releases/release/{draft.pk}/autosave/",
            json.dumps(
                {"fields": {"body_en": f"Text {next(counter)}"}, "expected_version": draft.version}
            ),
            content_type="application/json",
        )

    rows = {
        "desk": measure(lambda: officer_client.get("/admin/")),
        "autosave": measure(autosave),
        "presence": measure(
            lambda: officer_client.post(f"/admin/releases/release/{draft.pk}/presence/")
        ),
    }
    print(f"\n{connection.vendor}, {n} releases per queue")
    for name, (queries, ms) in rows.items():
        print(f"  {name:9} {queries:3d} queries {ms:7.1f} ms")
