""" "Save and publish" from the admin runs a bounded number of SQL queries: the search
vector and the filter counts are recomputed once, after the step commits."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.derived import releases_changed
from tests.factories import ReleaseFactory

pytestmark = pytest.mark.django_db


def test_each_release_is_reindexed_once_however_often_it_changed(db):
    release = ReleaseFactory()
    with CaptureQueriesContext(connection) as once:
        releases_changed([release.pk])
    with CaptureQueriesContext(connection) as thrice:
        from django.db import transaction

        with transaction.atomic():
            for _ in range(3):
                releases_changed([release.pk])

    def work(queries):
        return [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"]]

    assert len(work(thrice)) == len(work(once)) > 0
