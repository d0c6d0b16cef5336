"""Shared by the importer and linking tests: where the sample texts are, the Chair's draft,
and a release's links as data."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from importing.parser import parse_file
from releases.models import Meeting, Organisation, Release

DATA = Path(__file__).resolve().parent.parent / "data"
SEED_COPIES = DATA / "seeds"
CHAIR_SEED = SEED_COPIES / "000_bb650117f500152c.txt"
FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "sample.json"


def shared_seeds():
    """The shared sample releases next to the project; the test is skipped without them."""
    folder = Path(settings.BASE_DIR).parent / "shared" / "seeds"
    if not folder.is_dir():
        pytest.skip("the shared sample releases are not next to the project")
    return folder


def load_people_only():
    """The sample officials and countries, without the fixture's releases and meetings."""
    call_command("loaddata", FIXTURE, verbosity=0)
    snapshot = releases_as_data()
    Release.objects.all().delete()
    Meeting.objects.all().delete()
    return snapshot


def chair_draft():
    """The Chair's seed release as an unlinked draft, the fixture's people known."""
    load_people_only()
    parsed = parse_file(CHAIR_SEED)
    return Release.objects.create(
        title=parsed.title, slug="chair", published_at=parsed.published_at, body=parsed.body
    )


def releases_as_data():
    """Every release with its links, comparable between a fixture and an import."""
    organisations = {name.lower() for name in Organisation.objects.values_list("name", flat=True)}
    result = {}
    for release in Release.objects.select_related("section", "meeting__host_country"):
        meeting = release.meeting
        result[release.title] = {
            "slug": release.slug,
            "section": release.section.name if release.section else None,
            "published_at": release.published_at,
            "lead": release.lead,
            "body": release.body,
            "byline": release.byline,
            "officials": sorted(release.officials.values_list("slug", flat=True)),
            "mentioned_officials": sorted(
                release.mentioned_officials.values_list("slug", flat=True)
            ),
            "countries": sorted(release.countries.values_list("code", flat=True)),
            "mentioned_countries": sorted(
                release.mentioned_countries.values_list("code", flat=True)
            ),
            # Tags that name organisations; other tags are an editor's choice.
            "organisations": sorted(n for n in release.tags.names() if n.lower() in organisations),
            "meeting": meeting
            and {
                "date": meeting.date,
                "host_country": meeting.host_country.code if meeting.host_country else None,
                "city": meeting.city,
                "kind": meeting.kind,
                "participants": sorted(meeting.participants.values_list("slug", flat=True)),
            },
        }
    return result
