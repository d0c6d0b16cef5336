"""The kept filter counts (FacetCount) agree with counting the public releases one by one.

Every check compares what ``FilterCounts`` reads from the kept counts with a count
made from ``Release.objects.published()`` itself, for every kind of choice, under
no filter, each single filter, and date ranges of whole and partial years; then
again after each workflow step, an edit of the links, a deletion and the passing
of a scheduled release's time.
"""

import datetime
import io

import pytest
from django.core.management import call_command

from releases.models import CountedRelease, FacetCount, Release
from search import choices, filtering, recount, vector
from search import counts as kept_counts
from tests.factories import (
    CountryFactory,
    OfficialFactory,
    ReleaseFactory,
    SectionFactory,
    UserFactory,
    baku,
)
from workflow import editing, transitions

pytestmark = pytest.mark.django_db

KINDS = [FacetCount.ALL, *FacetCount.KINDS]
DATES = [
    {},
    {"from": datetime.date(2021, 1, 1)},  # whole years, open-ended
    {"to": datetime.date(2021, 12, 31)},
    {"from": datetime.date(2021, 1, 1), "to": datetime.date(2021, 12, 31)},
    {"from": datetime.date(2021, 3, 1)},  # part of 2021, then whole years
    {"from": datetime.date(2020, 6, 1), "to": datetime.date(2022, 2, 1)},  # parts and a year
    {"from": datetime.date(2021, 5, 1), "to": datetime.date(2021, 5, 31)},  # inside one year
    {"to": datetime.date(2022, 3, 28)},  # part of the year that holds the clock's time
]


def one_by_one(filters, kind):
    """What the counts should say: counted from the public releases themselves."""
    releases = filtering.filter_releases(Release.objects.published(), filters)
    counts = choices.count_choices(releases, [kind])[kind]
    return {pk: n for pk, n in counts.items() if n}


def kept(filters, kind):
    counts = kept_counts.FilterCounts(filters).summary(filters, [kind])
    assert counts is not None, filters
    return {pk: n for pk, n in counts[kind].items() if n}


def assert_counts_agree(world):
    value_filters = [{}]
    for name in ("official", "country", "tag", "section"):
        value_filters += [{name: obj} for obj in world[name]]
    checked = 0
    for value in value_filters:
        for dates in DATES:
            filters = {**value, **dates}
            for kind in KINDS:
                if kind in value:
                    continue  # a filter's choices are counted without it
                assert kept(filters, kind) == one_by_one(filters, kind), (filters, kind)
                checked += 1
    return checked


@pytest.fixture
def world(clock):
    """Releases in every state over 2020–2022, sharing officials, countries, tags, sections."""
    from taggit.models import Tag

    officials = [OfficialFactory() for _ in range(3)]
    countries = [CountryFactory(code=code) for code in ("AZ", "KZ", "TR")]
    sections = [SectionFactory(), SectionFactory()]
    states = [
        {},
        {"draft": True},
        {"status": Release.Status.SUBMITTED},
        {"status": Release.Status.WITHDRAWN},
    ]
    releases = []
    for n in range(30):
        releases.append(
            ReleaseFactory(
                # Every five weeks or so from January 2020; the last ones after the clock.
                published_at=baku(2020, 1, 4, 12, 0) + datetime.timedelta(days=33 * n),
                officials=officials[n % 3 : n % 3 + 1 + n % 2],
                countries=[countries[0], countries[1 + n % 2]],
                tags=[f"Topic {n % 4}", "TurkPA"] if n % 3 else [f"Topic {n % 4}"],
                section=sections[n % 2] if n % 4 else None,
                # Two in three published; the others draft, submitted or withdrawn.
                **(states[1 + n // 3 % 3] if n % 3 == 1 else {}),
            )
        )
    scheduled = [
        ReleaseFactory(
            published_at=clock.now() + datetime.timedelta(hours=hours),
            officials=officials[:2],
            countries=countries[:2],
            tags=["TurkPA"],
            section=sections[0],
        )
        for hours in (2, 24 * 300)  # later this evening; next year
    ]
    return {
        "releases": releases,
        "scheduled": scheduled,
        "official": officials,
        "country": countries,
        "tag": list(Tag.objects.order_by("name")),
        "section": sections,
    }


def test_the_kept_counts_agree_with_the_public_releases(world):
    public = Release.objects.published().count()

    checked = assert_counts_agree(world)

    assert checked == 8 * (5 + 3 * 4 + 3 * 4 + 5 * 4 + 2 * 4)
    assert 0 < public < len(world["releases"])
    assert kept({}, FacetCount.ALL) == {0: public}


def test_totals_and_choices_under_two_filters_agree(world, clock):
    """Two filters of the counted kinds: the total from the kept counts of one's choices
    under the other; the other kinds' choices counted from the matching releases."""
    checked = 0
    pairs = [
        {"official": world["official"][0], "tag": world["tag"][-1]},
        {"country": world["country"][1], "section": world["section"][0]},
        {"official": world["official"][1], "country": world["country"][2]},
    ]
    clock.move(hours=3)  # the first scheduled release is due, not counted yet
    for pair in pairs:
        for dates in DATES:
            filters = {**pair, **dates}
            counts = kept_counts.FilterCounts(filters, max_releases=1000)
            expected = filtering.filter_releases(Release.objects.published(), filters)
            assert counts.total() == expected.count(), filters
            assert counts._ids == {}  # not counted by reading their ids
            facets = counts.facets(limit=100, known_total=expected.count())
            for kind in FacetCount.KINDS:
                if kind in pair:
                    continue
                shown = {key: n for key, _label, n in facets[kind]}
                by_key = {
                    obj.pk: getattr(obj, choices.CHOICE_LABELS[kind][1]) for obj in world[kind]
                }
                assert shown == {by_key[pk]: n for pk, n in one_by_one(filters, kind).items()}
                checked += 1
    assert checked == 3 * len(DATES) * 2


def test_they_agree_after_every_workflow_step(world):
    editor = UserFactory(groups=["Editor"])
    draft = next(r for r in world["releases"] if r.status == Release.Status.DRAFT)
    live = next(r for r in world["releases"] if r.is_published())
    withdrawn = next(r for r in world["releases"] if r.status == Release.Status.WITHDRAWN)

    transitions.release_submit(release=draft, user=editor)
    transitions.release_publish(release=draft, user=editor)
    assert_counts_agree(world)

    transitions.release_withdraw(release=live, user=editor, reason="Wrong figures.")
    transitions.release_restore(release=withdrawn, user=editor)
    transitions.release_unpublish(release=world["scheduled"][1], user=editor)
    assert_counts_agree(world)


def test_they_agree_after_links_time_and_section_change(world):
    editor = UserFactory(groups=["Editor"])
    release = next(r for r in world["releases"] if r.is_published() and r.section)

    release.section = None
    release.published_at = baku(2020, 12, 31, 23, 30)  # another year
    editing.release_save(release=release, user=editor, expected_version=release.version)
    # The admin saves the links after the release, then reindexes (the contract).
    release.officials.set(world["official"][2:])
    release.countries.set(world["country"][2:])
    release.tags.set(["Topic 9"])
    vector.release_index(release=release)
    world["tag"] = list(type(world["tag"][0]).objects.order_by("name"))

    assert_counts_agree(world)


def test_they_agree_once_a_scheduled_time_has_come(world, clock):
    before = kept({}, FacetCount.ALL)

    clock.move(hours=3)

    assert kept({}, FacetCount.ALL) == {0: before[0] + 1}
    assert_counts_agree(world)


def test_a_scheduled_release_is_counted_once_when_its_time_has_come(world, clock):
    soon = world["scheduled"][0]
    stored = CountedRelease.objects.get(release=soon)
    assert stored.due_at == soon.published_at
    rows = sorted(FacetCount.objects.values_list("year", "first", "second_kind", "releases"))

    clock.move(hours=3)
    call_command("count_due_releases", stdout=io.StringIO())
    call_command("count_due_releases", stdout=io.StringIO())  # twice: still counted once

    stored.refresh_from_db()
    assert stored.due_at is None
    later = Release.objects.filter(status=Release.Status.PUBLISHED, published_at__gt=clock.now())
    assert set(CountedRelease.objects.filter(due_at__isnull=False)) == set(
        CountedRelease.objects.filter(release__in=later)
    )
    assert world["scheduled"][1] in later
    assert FacetCount.objects.get(first="all", second_kind="all", year=0).releases == (
        Release.objects.published().count()
    )
    assert sorted(FacetCount.objects.values_list("year", "first", "second_kind", "releases")) != (
        rows
    )
    assert_counts_agree(world)


def test_a_deleted_release_is_no_longer_counted(world):
    release = next(r for r in world["releases"] if r.is_published())

    editing.release_delete(release=release, user=UserFactory(is_superuser=True))

    assert not Release.objects.filter(pk=release.pk).exists()
    assert_counts_agree(world)


def test_reindex_counts_again_from_nothing(world):
    FacetCount.objects.update(releases=99)  # as if they had gone wrong
    CountedRelease.objects.all().delete()

    call_command("reindex_releases", verbosity=0)

    assert_counts_agree(world)


def test_counting_again_changes_nothing(world):
    rows = sorted(FacetCount.objects.values_list("year", "first", "second_kind", "releases"))

    changed = recount.releases_recount(releases=Release.objects.all())

    assert changed == 0
    assert sorted(FacetCount.objects.values_list("year", "first", "second_kind", "releases")) == (
        rows
    )


def test_the_archive_years_are_those_with_a_public_release(client, world, clock):
    def one_by_one():
        years = {r.local_published_at.year for r in Release.objects.published()}
        return [datetime.date(y, 1, 1) for y in sorted(years, reverse=True)]

    assert kept_counts.published_years() == one_by_one()
    assert [d.year for d in kept_counts.published_years()] == [2022, 2021, 2020]

    # The releases of 2020 withdrawn or deleted: the year goes; a scheduled one comes.
    editor = UserFactory(groups=["Editor"])
    for release in Release.objects.published().filter(published_at__year=2020):
        transitions.release_withdraw(release=release, user=editor, reason="Archive tidied.")
    assert [d.year for d in kept_counts.published_years()] == [2022, 2021]
    assert 'href="/en/releases/2023/"' not in client.get("/en/releases/").content.decode()
    clock.move(days=300)
    assert kept_counts.published_years() == one_by_one()
    assert [d.year for d in kept_counts.published_years()] == [2023, 2022, 2021]
    # The release list passes the due releases it has read to its archive years.
    assert 'href="/en/releases/2023/"' in client.get("/en/releases/").content.decode()
    assert 'href="/en/releases/2023/"' in client.get("/en/search/").content.decode()


def test_counts_gone_wrong_never_hide_the_releases_of_a_list(client, world):
    """The kept counts number the pages; what a page shows is read from the releases."""
    official, kz = world["official"][0], world["country"][1]
    FacetCount.objects.all().delete()  # as after loading data without reindex_releases

    for url, filters in (
        ("/en/releases/", {}),
        (f"/en/releases/?country={kz.code.lower()}", {"country": kz}),
        (official.get_absolute_url(), {"official": official}),
    ):
        response = client.get(url)
        shown = response.context["page_obj"].object_list
        expected = filtering.filter_releases(Release.objects.published(), filters)
        assert [r.pk for r in shown] == [r.pk for r in expected[:20]], url
        assert shown, url
