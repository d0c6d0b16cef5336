"""The open data API (api/): what each endpoint answers, in which language, filtered and
paged as the site is; the page cache keeps its answers fresh; a rate limit per client."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from people.models import Convocation
from tests.factories import (
    HIDDEN_STATES,
    ArchiveReleaseFactory,
    MembershipFactory,
    OfficialFactory,
    PositionFactory,
    ReleaseFactory,
    TrilingualReleaseFactory,
    baku,
    country,
)
from workflow.transitions import release_publish, release_withdraw

pytestmark = pytest.mark.django_db

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "sample.json"


@pytest.fixture
def reader():
    return Client()


def test_the_sample_releases_and_nothing_unpublished(reader):
    call_command("loaddata", str(FIXTURE), verbosity=0)
    draft = ReleaseFactory(draft=True, title="Draft about Kazakhstan", countries=[country("KZ")])
    scheduled = ReleaseFactory(scheduled=True, title="Scheduled visit")

    answer = reader.get("/api/releases/").json()

    assert [r["url"] for r in answer["results"]] == [
        "http://testserver/en/releases/2022/03/28/chair-of-milli-majlis-sahiba-gafarova-meets-"
        "chairman-of-kazakhstan-parliaments-senate/",
        "http://testserver/en/releases/2021/05/06/ambassador-serjan-abdikarimov-kazakhstan-has-"
        "always-supported-azerbaijans-territorial-integrity/",
    ]
    assert (answer["next"], answer["previous"]) == (None, None)
    first = answer["results"][0]
    assert first["title"] == (
        "Chair of Milli Majlis Sahiba Gafarova Meets Chairman of Kazakhstan Parliament’s Senate"
    )
    assert first["languages"] == ["az", "en", "ru"]
    assert first["countries"] == ["az", "kz"]
    assert first["tags"] == ["Kazakhstan", "TurkPA", "Inter-parliamentary relations"]
    assert first["officials"] == [
        {
            "slug": "maulen-ashimbayev",
            "name": "Maulen Ashimbayev",
            "country": "kz",
            "title": "Chairman of the Senate of the Parliament of the Republic of Kazakhstan",
        },
        {
            "slug": "sahiba-gafarova",
            "name": "Sahiba Gafarova",
            "country": "az",
            "title": "Chair of the Milli Majlis",
        },
    ]
    # Published under the 6th convocation, which has ended.
    assert (first["convocation"]["number"], first["convocation"]["past"]) == (6, True)
    for hidden in (draft, scheduled):
        assert reader.get(f"/api/releases/{hidden.pk}/").status_code == 404
        assert hidden.title not in str(answer)


def test_the_sample_dossier_of_kazakhstan(reader):
    call_command("loaddata", str(FIXTURE), verbosity=0)

    dossier = reader.get("/api/countries/kz/dossier/").json()

    assert dossier["years"] == [
        {"year": 2021, "outgoing": 0, "incoming": 1, "elsewhere": 0, "remote": 0, "total": 1},
        {"year": 2022, "outgoing": 1, "incoming": 0, "elsewhere": 0, "remote": 0, "total": 1},
    ]
    assert [m["date"] for m in dossier["latest"]["outgoing"]] == ["2022-03-28"]
    assert [m["date"] for m in dossier["latest"]["incoming"]] == ["2021-05-06"]
    assert [(o["slug"], o["meetings"]) for o in dossier["their_officials"]] == [
        ("maulen-ashimbayev", 1),
        ("serjan-abdikarimov", 1),
    ]
    assert [(o["slug"], o["meetings"]) for o in dossier["our_officials"]] == [
        ("azay-guliyev", 1),
        ("sahiba-gafarova", 1),
    ]
    assert [o["tag"] for o in dossier["organisations"]][:2] == ["TurkPA", "OSCE PA"]
    assert dossier["meetings_csv"] == "http://testserver/en/countries/kz/meetings.csv"
    assert reader.get("/api/countries/az/dossier/").status_code == 404


@pytest.fixture
def trilingual(now):
    chair = OfficialFactory(
        full_name="Sahiba Gafarova",
        full_name_az="Sahibə Qafarova",
        slug="sahiba-gafarova",
        country=country("AZ"),
    )
    both = TrilingualReleaseFactory(officials=[chair], countries=[country("KZ")])
    english = ReleaseFactory(
        title="Only in English", slug="only-in-english", officials=[chair], tags=["TurkPA"]
    )
    return chair, both, english


def test_the_language_is_a_parameter(reader, trilingual):
    chair, both, english = trilingual

    in_english = reader.get("/api/releases/").json()["results"]
    in_azerbaijani = reader.get("/api/releases/?lang=az").json()["results"]

    assert [r["id"] for r in in_english] == [english.pk, both.pk]
    # Only what is published in Azerbaijani, in Azerbaijani, with names in Azerbaijani.
    assert [r["id"] for r in in_azerbaijani] == [both.pk]
    assert in_azerbaijani[0]["title"] == both.title_az
    assert in_azerbaijani[0]["url"].startswith("http://testserver/az/releases/")
    assert in_azerbaijani[0]["officials"][0]["name"] == "Sahibə Qafarova"
    assert reader.get(f"/api/releases/{english.pk}/?lang=az").status_code == 404
    bad = reader.get("/api/releases/?lang=de")
    assert (bad.status_code, bad.json()) == (400, {"lang": ['"de" is not a valid choice.']})


def test_filters_as_on_the_release_list(reader, trilingual):
    chair, both, english = trilingual
    ReleaseFactory(slug="elsewhere", tags=["OSCE PA"])

    def ids(query):
        return [r["id"] for r in reader.get(f"/api/releases/?{query}").json()["results"]]

    assert ids("tag=turkpa") == [english.pk]
    assert ids("country=kz") == [both.pk]
    assert ids("official=sahiba-gafarova") == [english.pk, both.pk]
    assert ids("q=english") == [english.pk]
    unknown = reader.get("/api/releases/?country=zz&tag=nothing")
    assert unknown.status_code == 400
    assert unknown.json() == {
        "country": ["Nothing public is named “zz”."],
        "tag": ["Nothing public is named “nothing”."],
    }
    assert reader.get("/api/releases/?tag=turk%00pa").json() == {
        "tag": ["Nothing public is named “turk\x00pa”."]
    }
    swapped = reader.get("/api/releases/?from=2022-03-28&to=2022-03-01")
    assert swapped.json() == {"non_field_errors": ["“from” is after “to”."]}


def test_cursor_pages(reader, now):
    releases = [
        ReleaseFactory(slug=f"release-{n}", published_at=baku(2022, 3, 1 + n, 10)) for n in range(5)
    ]

    first = reader.get("/api/releases/?page_size=2").json()
    second = reader.get(first["next"]).json()
    third = reader.get(second["next"]).json()

    assert [r["id"] for r in first["results"]] == [releases[4].pk, releases[3].pk]
    assert [r["id"] for r in second["results"]] == [releases[2].pk, releases[1].pk]
    assert [r["id"] for r in third["results"]] == [releases[0].pk]
    assert third["next"] is None
    assert [r["id"] for r in reader.get(third["previous"]).json()["results"]] == [
        releases[2].pk,
        releases[1].pk,
    ]
    assert reader.get("/api/releases/?cursor=nonsense").status_code == 404


def test_officials_by_convocation(reader, trilingual):
    chair, *_ = trilingual
    sixth = Convocation.objects.get(number=6)
    MembershipFactory(official=chair, convocation=sixth)
    PositionFactory(
        official=chair, title="Chair", start_date=datetime.date(2020, 3, 10), convocation=sixth
    )
    guest = OfficialFactory(slug="guest", country=country("KZ"))
    ReleaseFactory(officials=[guest])

    everyone = reader.get("/api/officials/").json()["results"]
    of_sixth = reader.get("/api/officials/?convocation=6").json()["results"]

    assert [o["slug"] for o in everyone] == ["guest", "sahiba-gafarova"]
    assert [o["slug"] for o in of_sixth] == ["sahiba-gafarova"]
    assert of_sixth[0]["convocations"][0]["label"] == "6th convocation (2020–2024)"
    assert of_sixth[0]["positions"][0]["convocation"] == 6
    assert [o["slug"] for o in reader.get("/api/officials/?country=kz").json()["results"]] == [
        "guest"
    ]
    assert reader.get("/api/officials/?convocation=99").json() == {
        "convocation": ["There is no convocation 99."]
    }


def test_json_unless_the_address_asks_for_the_browsable_page(reader, trilingual):
    as_browser = reader.get("/api/releases/", HTTP_ACCEPT="text/html")
    browsable = reader.get("/api/releases/?format=api")

    assert as_browser["Content-Type"] == "application/json"
    assert browsable["Content-Type"] == "text/html; charset=utf-8"
    assert "Only in English" in browsable.content.decode()


def test_the_openapi_schema_lists_every_endpoint(reader):
    schema = reader.get("/api/schema/").json()

    assert sorted(schema["paths"]) == [
        "/api/countries/",
        "/api/countries/{code}/",
        "/api/countries/{code}/dossier/",
        "/api/meetings/",
        "/api/meetings/{id}/",
        "/api/officials/",
        "/api/officials/{slug}/",
        "/api/releases/",
        "/api/releases/{id}/",
    ]
    parameters = [p["name"] for p in schema["paths"]["/api/releases/"]["get"]["parameters"]]
    assert parameters == [
        "cursor",
        "page_size",
        "lang",
        "q",
        "official",
        "country",
        "tag",
        "section",
        "to",
        "from",
    ]


def test_kept_answers_are_fresh_after_a_publish_and_a_withdrawal(reader, trilingual, editor):
    chair, both, english = trilingual
    draft = ReleaseFactory(draft=True, title="The Chair receives the Ambassador", officials=[chair])
    urls = ["/api/releases/", "/api/officials/sahiba-gafarova/", f"/api/releases/{english.pk}/"]
    for url in urls:
        reader.get(url)
        kept = reader.get(url)
        assert kept["X-Page-Cache"] == "hit"
        assert kept["ETag"]
    listed = reader.get("/api/releases/")
    assert reader.get("/api/releases/", HTTP_IF_NONE_MATCH=listed["ETag"]).status_code == 304

    release_publish(release=draft, user=editor)

    fresh = reader.get("/api/releases/")
    assert fresh["X-Page-Cache"] == "miss"
    assert [r["id"] for r in fresh.json()["results"]] == [draft.pk, english.pk, both.pk]
    assert reader.get("/api/releases/", HTTP_IF_NONE_MATCH=listed["ETag"]).status_code == 200

    release_withdraw(release=english, user=editor, reason="Issued in error.")

    assert [r["id"] for r in reader.get("/api/releases/").json()["results"]] == [
        draft.pk,
        both.pk,
    ]
    assert reader.get(f"/api/releases/{english.pk}/").status_code == 404


def test_a_rate_limit_per_client(settings, trilingual):
    settings.NEWSROOM_API = {**settings.NEWSROOM_API, "RATE": "3/minute"}
    settings.NEWSROOM_PAGE_CACHE = {**settings.NEWSROOM_PAGE_CACHE, "ENABLED": False}
    one, other = Client(REMOTE_ADDR="192.0.2.1"), Client(REMOTE_ADDR="192.0.2.2")

    answers = [one.get("/api/releases/").status_code for _ in range(4)]
    refused = one.get("/api/countries/")

    assert answers == [200, 200, 200, 429]
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("Request was throttled. Expected available in")
    assert int(refused["Retry-After"]) > 0
    assert other.get("/api/releases/").status_code == 200


def test_a_country_counts_its_public_releases_and_a_scheduled_one_once_due(reader, clock):
    kz = country("KZ")
    ArchiveReleaseFactory(title="Public visit", countries=[kz])
    for state in HIDDEN_STATES:
        ArchiveReleaseFactory(title=f"A {state} visit", state=state, countries=[kz])

    def counted():
        listed = reader.get("/api/countries/").json()["results"]
        one = reader.get("/api/countries/kz/").json()
        return [c["releases"] for c in listed if c["code"] == "kz"], one["releases"]

    assert counted() == ([1], 1)
    clock.move(days=4)  # the scheduled release comes out, counted in no kept row yet
    assert counted() == ([2], 2)


def test_remembered_release_data_follows_an_edit_and_a_withdrawal(
    reader, trilingual, editor, settings
):
    chair, both, english = trilingual
    settings.NEWSROOM_PAGE_CACHE = {**settings.NEWSROOM_PAGE_CACHE, "ENABLED": False, "MEMO": True}

    def titles():
        return [r["title"] for r in reader.get("/api/releases/").json()["results"]]

    assert titles() == ["Only in English", both.title_en]
    english.title_en = "Only in English, corrected"
    english.save()
    assert titles() == ["Only in English, corrected", both.title_en]

    release_withdraw(release=english, user=editor, reason="Issued in error.")

    assert titles() == [both.title_en]
