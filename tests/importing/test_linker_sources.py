"""The linker on releases of other press services: each shape of the linking issue."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from bench.linker_quality import GOALS, SOURCES, create_people, evaluate_sources
from importing.linker import Linker
from people.models import Country, Official, Position
from releases.models import Release
from tests.factories import OfficialFactory, country
from tests.releases.seed_data import chair_draft

pytestmark = pytest.mark.django_db

ON = datetime.date(2024, 5, 22)


def known(name, code):
    return OfficialFactory(full_name=name, full_name_en=name, country=country(code))


def link(body, *, title="A title"):
    return Linker.from_database().link(title=title, body=body, published_on=ON, language="en")


def codes(ids):
    return sorted(Country.objects.filter(pk__in=ids).values_list("code", flat=True))


def proposed(links):
    """{name: country code or None} of the new people proposed."""
    return {p.name: (codes([p.country_id]) or [None])[0] for p in links.proposals}


def taking_part(links):
    """The names of everyone the release is about: known officials and new people."""
    names = dict(Official.objects.values_list("pk", "full_name"))
    return sorted([names[pk] for pk in links.officials] + links.participant_names)


# 1. Members listed after a group noun ---------------------------------------------------


def test_mps_listed_after_the_delegation_all_take_part():
    known("Sevinj Rahimova", "AZ")
    known("Gábor Szentesi", "HU")

    links = link(
        "A delegation of the Milli Majlis led by Chair of the Milli Majlis Sevinj Rahimova "
        "visited Budapest. The delegation included MPs Rauf Aliyev, Leyla Karimova and Tural "
        "Mammadov.\n\nOn 14 March the delegation met with Gábor Szentesi in Budapest."
    )

    assert proposed(links) == {"Rauf Aliyev": "AZ", "Leyla Karimova": "AZ", "Tural Mammadov": "AZ"}
    assert [p.titles for p in links.proposals] == [["MP"], ["MP"], ["MP"]]
    assert taking_part(links) == [
        "Gábor Szentesi",
        "Leyla Karimova",
        "Rauf Aliyev",
        "Sevinj Rahimova",
        "Tural Mammadov",
    ]
    assert codes(links.countries) == ["AZ", "HU"]


def test_members_accompanying_a_speaker_take_part():
    known("Sevinj Rahimova", "AZ")

    links = link(
        "Chair of the Milli Majlis Sevinj Rahimova, accompanied by Members of the Milli Majlis "
        "Elshan Guliyev and Nargiz Abbasova, met with President of the Senate of Romania "
        "Andrei-Mihai Munteanu in Bucharest on 3 October."
    )

    assert proposed(links) == {
        "Elshan Guliyev": "AZ",
        "Nargiz Abbasova": "AZ",
        "Andrei-Mihai Munteanu": "RO",
    }
    assert links.meeting.proposal_names == [
        "Elshan Guliyev",
        "Nargiz Abbasova",
        "Andrei-Mihai Munteanu",
    ]


def test_observers_listed_with_their_countries_all_take_part():
    links = link(
        "The observers of the assembly, MPs Ion Ciobanu of Moldova, Dimitar Petkov of Bulgaria "
        "and Oksana Melnyk of Ukraine, concluded their mission. Head of the mission Ion "
        "Ciobanu met with Chairperson of the Central Election Commission of Georgia Ketevan "
        "Gogoladze in Tbilisi."
    )

    assert proposed(links) == {
        "Ion Ciobanu": "MD",
        "Dimitar Petkov": "BG",
        "Oksana Melnyk": "UA",
        "Ketevan Gogoladze": "GE",
    }
    assert sorted(links.participant_names) == sorted(proposed(links))
    assert codes(links.countries) == ["BG", "GE", "MD", "UA"]


# 2. Long institutional titles ------------------------------------------------------------


@pytest.mark.parametrize(
    ("introduction", "name", "code"),
    [
        ("Chairman of the Legislative Assembly of St Petersburg Ivan Petrov", "Ivan Petrov", "RU"),
        (
            "Speaker of the House of Representatives of Egypt Hamdy Ali El Sayed",
            "Hamdy Ali El Sayed",
            "EG",
        ),
        (
            "Secretary General of the Parliamentary Assembly of Turkic States Mehmet Ali Kaya",
            "Mehmet Ali Kaya",
            None,
        ),
        ("President of the OSCE Parliamentary Assembly Anna Lindqvist", "Anna Lindqvist", None),
        ("Minister for Foreign Affairs of Sweden Erik Holmgren", "Erik Holmgren", "SE"),
        (
            "Deputy Assistant Secretary of State for European and Eurasian Affairs of the "
            "United States Jonathan R. Whitfield",
            "Jonathan R. Whitfield",
            "US",
        ),
        ("Ambassador of Azerbaijan to Ireland Farid Hüseynzadə", "Farid Hüseynzadə", "AZ"),
        ("Deputy Assistant Secretary of State Jonathan Whitfield", "Jonathan Whitfield", None),
    ],
)
def test_a_long_position_before_the_name_gives_the_whole_name_and_country(introduction, name, code):
    known("Rauf Aliyev", "AZ")

    links = link(f"Rauf Aliyev met with {introduction} on 22 May.")

    assert proposed(links) == {name: code}
    assert links.meeting.proposal_names == [name]


def test_a_position_after_the_name_gives_the_country():
    links = link(
        "President of the NATO Parliamentary Assembly Michal Šimeček visited Tbilisi. "
        "Mr Šimeček, a member of the Czech Chamber of Deputies, spoke."
    )

    assert proposed(links) == {"Michal Šimeček": "CZ"}
    assert links.proposals[0].phrases == [
        ["President of the NATO Parliamentary Assembly"],
        ["Member of the Czech Chamber of Deputies"],
    ]


# 3. Heads of state met in person, or quoted ---------------------------------------------


def test_a_president_who_receives_takes_part_and_one_quoted_is_mentioned():
    rahimova = known("Sevinj Rahimova", "AZ")
    usmonov = known("Bakhtiyor Usmonov", "UZ")
    abdelrahman = known("Mostafa Kamal Abdelrahman", "EG")

    links = link(
        "Chair of the Milli Majlis Sevinj Rahimova was received by President of Uzbekistan "
        "Bakhtiyor Usmonov in Tashkent on 17 April. She conveyed the greetings of President "
        "of Egypt Mostafa Kamal Abdelrahman."
    )

    assert links.officials == [rahimova.pk, usmonov.pk]
    assert links.mentioned_officials == [abdelrahman.pk]
    assert codes(links.countries) == ["AZ", "UZ"]
    assert codes(links.mentioned_countries) == ["EG"]


def test_without_a_meeting_a_president_quoted_is_only_mentioned():
    ospanova = known("Gulmira Ospanova", "KZ")
    president = known("Kassym Serikbayev", "KZ")

    links = link(
        "Senator Gulmira Ospanova recalled that President of Kazakhstan Kassym Serikbayev had "
        "called for a new law. As President Kassym Serikbayev said, the law protects people."
    )

    assert links.meeting is None
    assert links.officials == [ospanova.pk]
    assert links.mentioned_officials == [president.pk]


# 4. Names that are not one first name and one surname -----------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Mehmet Süreyya Er",
        "Şükrü Ağaoğlu",
        "Gülnarə Şükürova",
        "Khalid bin Rashid Al Mansouri",
        "Pieter van der Berg",
        "Marta Vilanova i Puig",
        "Seán Mac Giolla Phádraig",
    ],
)
def test_names_with_other_letters_two_given_names_and_particles_are_whole(name):
    known("Rauf Aliyev", "AZ")

    links = link(f"Rauf Aliyev met with Member of the Parliament of Türkiye {name} on 22 May.")

    assert proposed(links) == {name: "TR"}


@pytest.mark.parametrize(
    ("written", "person"),
    [
        ("Maulem Dzhaksybekov", "Maulen Dzhaksybekov"),
        ("Numan Yildirim", "Numan Yıldırım"),
        ("Sevinj Rakhimova", "Sevinj Rahimova"),
    ],
)
def test_a_known_official_spelt_another_way_is_found(written, person):
    official = known(person, "KZ")
    other = known("Rauf Aliyev", "AZ")

    links = link(f"Chairman of the Senate {written} met with Rauf Aliyev on 22 May.")

    assert links.officials == [official.pk, other.pk]
    assert links.proposals == []
    assert links.evidence["officials"][official.pk] == f"Chairman of the Senate {written}"


def test_a_female_surname_is_not_a_spelling_of_the_male_one():
    known("Rauf Aliyev", "AZ")

    links = link("Chairman of the Senate Rauf Aliyeva met with guests.")

    assert links.officials == []
    assert proposed(links) == {"Rauf Aliyeva": "AZ"}


def test_a_russian_text_proposes_declined_names_in_the_nominative():
    rahimova = OfficialFactory(
        full_name="Sevinj Rahimova",
        full_name_en="Sevinj Rahimova",
        full_name_ru="Севиндж Рагимова",
        country=country("AZ"),
    )

    links = Linker.from_database().link(
        title="Встреча",
        body="Председатель Милли Меджлиса Севиндж Рагимова встретилась с Председателем Сената "
        "Республики Казахстан Мауленом Ашимбаевым и заместителем Председателя Сената Айгерим "
        "Токаевой 5 марта.",
        published_on=ON,
    )

    assert [(p.name, p.titles, codes([p.country_id])) for p in links.proposals] == [
        ("Маулен Ашимбаев", ["Председатель Сената Республики Казахстан"], ["KZ"]),
        ("Айгерим Токаева", ["заместитель Председателя Сената"], ["KZ"]),
    ]
    assert links.officials == [rahimova.pk]
    assert links.meeting.proposal_names == ["Маулен Ашимбаев", "Айгерим Токаева"]
    assert links.meeting.date == datetime.date(2024, 3, 5)
    assert codes(links.countries) == ["AZ", "KZ"]
    assert links.evidence["proposals"]["Маулен Ашимбаев"] == (
        "Председателем Сената Республики Казахстан Мауленом Ашимбаевым"
    )


def test_a_russian_text_finds_a_known_official_in_any_case():
    gafarova = OfficialFactory(
        full_name="Sahiba Gafarova",
        full_name_en="Sahiba Gafarova",
        full_name_ru="Сахиба Гафарова",
        country=country("AZ"),
    )

    links = Linker.from_database().link(
        title="Встреча", body="Посол встретился с Сахибой Гафаровой.", published_on=ON
    )

    assert links.officials == [gafarova.pk]
    assert links.proposals == []


# 5. Another parliament's press service ---------------------------------------------------


def test_a_kazakh_senate_release_is_not_about_azerbaijan():
    known("Maulen Dzhaksybekov", "KZ")
    known("Numan Yıldırım", "TR")

    links = link(
        "Chairman of the Senate Maulen Dzhaksybekov met with Speaker of the Grand National "
        "Assembly of Türkiye Numan Yıldırım in Astana on 6 February. Senators Yerbol "
        "Sarsenbayev and Gulmira Ospanova took part in the talks.\n\nPress Service of the "
        "Senate of the Parliament of the Republic of Kazakhstan"
    )

    assert codes(links.countries) == ["KZ", "TR"]
    assert links.mentioned_countries == []
    assert proposed(links) == {"Yerbol Sarsenbayev": "KZ", "Gulmira Ospanova": "KZ"}
    assert sorted(links.participant_names) == ["Gulmira Ospanova", "Yerbol Sarsenbayev"]


def test_the_press_service_of_the_release_hosts_its_meetings():
    known("Nurbek Asanaliev", "KG")
    known("Aigerim Tokayeva", "KZ")

    links = link(
        "Toraga of the Jogorku Kenesh Nurbek Asanaliev met with Aigerim Tokayeva on 15 "
        "October.\n\nPress Service of the Jogorku Kenesh"
    )

    assert codes([links.meeting.host_country_id]) == ["KG"]


# 6. Fragments are not people -------------------------------------------------------------


def test_capitalised_phrases_never_become_people():
    known("Tural Mammadov", "AZ")

    links = link(
        "MP Tural Mammadov said the new Law Policy Guidelines were ready. Chairman of the "
        "Committee on Defence, Security and Combating Corruption of the Milli Majlis spoke. "
        "Chairman of the German-Central Asian Parliamentary Group met students of the Recep "
        "Tayyip Erdoğan University. Secretary General of the OSCE PA Silk Way Support Group "
        "arrived."
    )

    assert links.proposals == []
    assert [Official.objects.get(pk=pk).full_name for pk in links.officials] == ["Tural Mammadov"]


# Explaining the links --------------------------------------------------------------------


def test_each_link_keeps_the_words_that_gave_it():
    dzhaksybekov = known("Maulen Dzhaksybekov", "KZ")

    links = link(
        "Chairman of the Senate of Kazakhstan Maulem Dzhaksybekov met with Speaker of the "
        "House of Representatives of Egypt Hamdy Ali El Sayed on 22 May. The Kazakh side "
        "spoke of TurkPA and of Armenia."
    )

    kz, eg, am = (country(c).pk for c in ("KZ", "EG", "AM"))
    assert links.evidence["officials"] == {
        dzhaksybekov.pk: "Chairman of the Senate of Kazakhstan Maulem Dzhaksybekov"
    }
    assert links.evidence["countries"] == {
        kz: "Chairman of the Senate of Kazakhstan Maulem Dzhaksybekov",
        eg: "Speaker of the House of Representatives of Egypt Hamdy Ali El Sayed",
    }
    assert links.evidence["mentioned_countries"] == {am: "Armenia"}
    assert links.evidence["organisations"] == {"TurkPA": "TurkPA"}
    assert links.evidence["proposals"] == {
        "Hamdy Ali El Sayed": "Speaker of the House of Representatives of Egypt Hamdy Ali El Sayed"
    }


def test_suggest_links_shows_the_words_of_each_link(client, press_officer):
    draft = chair_draft()
    client.force_login(press_officer)

    response = client.post(
        reverse("admin:releases_release_suggest_links", args=[draft.pk]),
        {
            "title_en": draft.title,
            "lead_en": "",
            "body_en": "Chair of the Milli Majlis Sahiba Gafarova met with Chairman of the "
            "Senate of Kazakhstan Maulem Ashimbayev and Speaker of the House of "
            "Representatives of Egypt Hamdy Ali El Sayed on 28 March.",
        },
    )

    page = response.content.decode()
    rows = {i["label"]: i["words"] for _, items in response.context["groups"] for i in items}
    assert rows["Maulen Ashimbayev"] == "Chairman of the Senate of Kazakhstan Maulem Ashimbayev"
    assert rows["Egypt"] == "Speaker of the House of Representatives of Egypt Hamdy Ali El Sayed"
    assert "From the text: “Chairman of the Senate of Kazakhstan Maulem Ashimbayev”" in page


# The goals on the labelled releases of many press services -------------------------------


def test_the_linker_meets_its_goals_on_releases_of_many_press_services():
    create_people(SOURCES)

    result = evaluate_sources(SOURCES)

    assert result["texts"] >= 60
    assert (result["read"], result["refused"]) == (result["texts"] - 1, 1)
    assert len(result["by_source"]) >= 5
    assert sorted(result["by_issue_kind"]) == [1, 2, 3, 4, 5, 6, 7]
    for kind in GOALS:
        counts = result["kinds"][kind]
        assert counts["precision"] >= 0.95, (kind, result["misses"])
        assert counts["recall"] >= 0.9, (kind, result["misses"])


def test_importing_another_parliaments_release_with_add_people_links_every_participant():
    create_people(SOURCES)

    call_command(
        "import_releases",
        str(SOURCES / "13_kz_senate_turkish_speaker.txt"),
        "--add-people",
        stdout=io.StringIO(),
    )

    [release] = Release.objects.all()
    assert sorted(release.officials.values_list("full_name", flat=True)) == [
        "Aigerim Tokayeva",
        "Gulmira Ospanova",
        "Maulen Dzhaksybekov",
        "Numan Yıldırım",
        "Yerbol Sarsenbayev",
    ]
    assert sorted(release.countries.values_list("code", flat=True)) == ["KZ", "TR"]
    assert list(release.mentioned_countries.all()) == []
    created = Official.objects.filter(full_name__in=["Gulmira Ospanova", "Yerbol Sarsenbayev"])
    assert sorted((o.full_name, o.country.code) for o in created) == [
        ("Gulmira Ospanova", "KZ"),
        ("Yerbol Sarsenbayev", "KZ"),
    ]
    assert sorted(Position.objects.values_list("title", flat=True)) == ["Senator", "Senator"]
