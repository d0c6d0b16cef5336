"""The linker: names in every form, about versus mentioned, new people, the meeting."""

import datetime

import pytest

from bench.linker_quality import LABELLED, create_people, evaluate
from importing.linker import Linker
from importing.parser import parse_file
from people.models import Country, Official
from releases.models import Organisation
from tests.releases.seed_data import SEED_COPIES, load_people_only

pytestmark = pytest.mark.django_db


def official(name, code):
    return Official.objects.create(
        full_name=name,
        slug=name.lower().replace(" ", "-"),
        country=Country.objects.get(code=code),
    )


def link(text, *, title="A title", on=datetime.date(2023, 6, 1)):
    return Linker.from_database().link(title=title, body=text, published_on=on)


def codes(ids):
    return sorted(Country.objects.filter(pk__in=ids).values_list("code", flat=True))


def test_the_chairs_seed_as_the_issue_expects():
    load_people_only()
    parsed = parse_file(SEED_COPIES / "000_bb650117f500152c.txt")

    links = Linker.from_database().link(
        title=parsed.title, body=parsed.body, published_on=parsed.published_on
    )

    slugs = dict(Official.objects.values_list("pk", "slug"))
    assert sorted(slugs[pk] for pk in links.officials) == ["maulen-ashimbayev", "sahiba-gafarova"]
    assert [slugs[pk] for pk in links.mentioned_officials] == ["ilham-aliyev"]
    assert codes(links.countries) == ["AZ", "KZ"]
    assert codes(links.mentioned_countries) == ["AM"]
    assert links.organisations == ["TurkPA"]
    assert links.meeting.date == datetime.date(2022, 3, 28)
    assert codes([links.meeting.host_country_id]) == ["KZ"]
    assert links.meeting.kind == "visit"
    assert links.proposals == []


def test_short_forms_and_reversed_names_find_the_official():
    gafarova = official("Sahiba Gafarova", "AZ")

    for text in [
        "Mrs Gafarova spoke.",
        "Mrs. Gafarova spoke.",
        "Gafarova Sahiba spoke.",
        "According to Gafarova, the talks went well.",
        "Sahiba Gafarova’s speech.",
    ]:
        assert link(text).officials == [gafarova.pk], text


def test_a_surname_shared_by_two_officials_needs_the_full_name():
    ilham = official("Ilham Aliyev", "AZ")
    official("Adil Aliyev", "AZ")

    assert link("Mr Aliyev spoke.").officials == []
    assert link("Ilham Aliyev arrived. Mr Aliyev spoke.").officials == [ilham.pk]


def test_a_surname_alone_must_be_capitalised():
    official("Kamal Brown", "GB")

    assert link("The brown envelope.").officials == []


def test_names_inside_other_words_are_not_found():
    official("Tiny Kox", "NL")

    links = link("The Omani delegation met in a Kox-free room; woman, Chadwick, Tiny Koxes.")

    assert links.officials == []
    assert codes(links.mentioned_countries) == []


def test_countries_by_name_adjective_possessive_and_official_name():
    links = link(
        "Kazakhstan’s view, the Kazakh side, Azerbaijani MPs, the Republic of Armenia and "
        "Turkey's position."
    )

    assert codes(links.mentioned_countries) == ["AM", "AZ", "KZ", "TR"]
    assert links.countries == []


def test_capital_short_names_must_be_written_in_capitals():
    links = link("We shall see un-likely allies. The UN and TURKSOY agreed; turksoy is a typo.")

    assert links.organisations == ["United Nations", "TURKSOY"]


def test_organisations_staff_add_are_found_by_every_name():
    Organisation.objects.create(
        name="ECO", full_name="Economic Cooperation Organization", other_names="ECO PA\nECOPA"
    )

    assert link("The Economic Cooperation Organization met.").organisations == ["ECO"]
    assert link("Members of the ECOPA met.").organisations == ["ECO"]


def test_new_people_are_proposed_with_position_and_country():
    links = link(
        "Chair of the Milli Majlis Sahiba Gafarova met with Chairman of the Senate of the "
        "Kazakh Parliament Maulen Ashimbayev on 28 March."
    )

    proposals = {p.name: (p.titles, codes([p.country_id])) for p in links.proposals}
    assert proposals == {
        "Sahiba Gafarova": (["Chair of the Milli Majlis"], ["AZ"]),
        "Maulen Ashimbayev": (["Chairman of the Senate of the Kazakh Parliament"], ["KZ"]),
    }
    assert Official.objects.count() == 0  # proposed, never created
    assert links.meeting.proposal_names == ["Sahiba Gafarova", "Maulen Ashimbayev"]
    assert codes(links.countries) == ["AZ", "KZ"]


def test_an_ambassador_serves_the_country_that_sends_them():
    links = link(
        "Azay Guliyev met with the Extraordinary and Plenipotentiary Ambassador of Kazakhstan "
        "to Azerbaijan Serjan Abdikarimov on 6 May."
    )

    [proposal] = links.proposals
    assert proposal.name == "Serjan Abdikarimov"
    assert proposal.titles == [
        "Extraordinary and Plenipotentiary Ambassador of Kazakhstan to Azerbaijan"
    ]
    assert codes([proposal.country_id]) == ["KZ"]


def test_several_positions_are_split():
    links = link(
        "Leader of the Milli Majlis Delegation to the OSCE PA, OSCE PA Vice President and "
        "Chairman of the OSCE PA Silk Way Support Group Azay Guliyev met colleagues."
    )

    assert [p.titles for p in links.proposals] == [
        [
            "Leader of the Milli Majlis Delegation to the OSCE PA",
            "OSCE PA Vice President",
            "Chairman of the OSCE PA Silk Way Support Group",
        ]
    ]


def test_capitalised_words_without_a_position_are_not_people():
    links = link("The Southern Gas Corridor and the Patriotic War were discussed in Baku.")

    assert links.proposals == []


def test_the_meeting_date_takes_the_year_before_across_new_year():
    official("Sahiba Gafarova", "AZ")
    official("Tanzila Narbayeva", "UZ")

    links = link(
        "Sahiba Gafarova met Tanzila Narbayeva on 29 December.", on=datetime.date(2023, 1, 5)
    )

    assert links.meeting.date == datetime.date(2022, 12, 29)


def test_a_meeting_without_a_date_is_dated_by_the_release():
    official("Sahiba Gafarova", "AZ")
    official("Mustafa Şentop", "TR")

    links = link("Sahiba Gafarova met with Mustafa Şentop in Ankara.")

    assert links.meeting.date == datetime.date(2023, 6, 1)
    assert links.meeting.city == "Ankara"
    assert codes([links.meeting.host_country_id]) == ["TR"]


def test_a_phone_call_has_no_host_country():
    official("Sahiba Gafarova", "AZ")
    official("Maulen Ashimbayev", "KZ")

    links = link("Sahiba Gafarova had a phone conversation with Maulen Ashimbayev on 12 May.")

    assert (links.meeting.kind, links.meeting.host_country_id) == ("call", None)


def test_one_person_alone_is_not_a_meeting():
    gafarova = official("Sahiba Gafarova", "AZ")

    links = link("Sahiba Gafarova met the press. Azerbaijan and Armenia were discussed.")

    assert links.meeting is None
    assert links.officials == [gafarova.pk]
    assert codes(links.countries) == ["AZ"]
    assert codes(links.mentioned_countries) == ["AM"]


def test_the_names_in_the_title_count_but_introduce_nobody():
    links = link("Body without people.", title="Ambassador Serjan Abdikarimov: Kazakhstan’s Voice")

    assert links.proposals == []
    assert codes(links.mentioned_countries) == ["KZ"]


def test_more_officials_known_do_not_change_what_is_found():
    official("Sahiba Gafarova", "AZ")
    for n in range(2000):
        Official.objects.create(
            full_name=f"Person{n} Surname{n}", slug=f"p{n}", country=Country.objects.get(code="FR")
        )

    links = link("Mrs Gafarova met Person7 Surname7 in Paris on 3 May.")

    assert [Official.objects.get(pk=pk).slug for pk in links.officials] == ["sahiba-gafarova", "p7"]


def test_the_linker_meets_its_goals_on_the_labelled_releases():
    create_people(LABELLED)

    result = evaluate(LABELLED)

    assert result["texts"] >= 20
    # The goals: officials, and countries (the ones it is about, and all linked either way).
    for kind in ("officials", "countries", "all_countries"):
        counts = result["kinds"][kind]
        assert counts["precision"] >= 0.95, (kind, result["misses"])
        assert counts["recall"] >= 0.9, (kind, result["misses"])
