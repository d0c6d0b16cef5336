""" "Save and publish" from the admin runs a bounded number of SQL queries: the search
vector and the filter counts are recomputed once, after the step commits."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from releases.models import Release, TaggedRelease, WorkflowEvent
from search.counts import FilterCounts
from search.derived import releases_changed
from tests.factories import CountryFactory, OfficialFactory, ReleaseFactory
from tests.workflow.admin_helpers import change_url, form_data_for
from workflow import revisions

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


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_save_and_publish_from_the_admin_runs_at_most_33_queries(
    editor_client, django_assert_max_num_queries
):
    """The whole request, commits and what runs after them (counts, search vector)
    included: the editor corrects the title of a submitted release and publishes it."""
    release = ReleaseFactory(status=Release.Status.SUBMITTED)
    release.officials.set(OfficialFactory.create_batch(2))
    release.countries.set([CountryFactory(code="KZ"), CountryFactory(code="TR")])
    release.tags.set(["TurkPA", "Energy"])
    data = form_data_for(release, title_en="A corrected title", _workflow="publish")
    del data["_save"]
    # As in a running server, which has read the content types once.
    ContentType.objects.get_for_models(Release, TaggedRelease)

    # 30 before autosave, which adds one: the writer's kept text, if any, deleted; and
    # two since the revision holds the release's photos and documents (one read each).
    with django_assert_max_num_queries(33):
        response = editor_client.post(change_url(release), data)

    assert response.status_code == 302
    release.refresh_from_db()
    assert (release.title, release.status) == ("A corrected title", Release.Status.PUBLISHED)
    assert list(Release.objects.published()) == [release]
    assert sorted(release.tags.names()) == ["Energy", "TurkPA"]
    assert len(release.officials.all()) == len(release.countries.all()) == 2
    actions = list(release.events.order_by("pk").values_list("action", flat=True))
    assert actions == [WorkflowEvent.Action.EDITED, WorkflowEvent.Action.PUBLISHED]
    assert FilterCounts({}).total() == 1
    [version] = revisions.release_versions(release)
    assert version.field_dict["title"] == "A corrected title"
    assert version.revision.comment == "Publish"
