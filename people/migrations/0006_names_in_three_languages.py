"""Names in three languages: English from the columns of before, Azerbaijani and Russian
country names from the iso-codes translations pycountry ships, and the other names
releases in those languages use for the countries they mention most.

Only empty columns are filled, so names staff have written stay as they are. A name
iso-codes leaves untranslated (it gives the English one back) stays empty: pages show
the English name in its place.
"""

from django.db import migrations
from django.db.models import F, Q

TRANSLATED = {
    "Country": ("name", "official_name", "other_names"),
    "Official": ("full_name",),
    "Position": ("title", "organisation"),
}

# Base forms only: the linker finds "Qazaxıstanın" from "Qazaxıstan" and "казахстанской"
# from "казахстанский". A name written with a capital is found only so written. Left out
# on purpose: Azerbaijani "qazax" (also a district of Azerbaijan) and "türk" (Turkic).
OTHER_NAMES = {
    "az": {
        "AZ": "Azərbaycan Respublikası\nazərbaycanlı",
        "KZ": "Qazaxıstan\nQazaxıstan Respublikası\nqazaxıstanlı",
        "AM": "Ermənistan Respublikası\nerməni",
        "RU": "Rusiya\nrus",
        "GE": "gürcü",
        "UZ": "Özbəkistan Respublikası\nözbək",
        "KG": "Qırğız Respublikası\nqırğız",
        "TM": "türkmən",
        "TJ": "Tacikistan Respublikası\ntacik",
        "IR": "İran\nİran İslam Respublikası\niranlı",
        "PK": "Pakistan İslam Respublikası\npakistanlı",
        "HU": "macar",
        "IT": "italyan",
        "FR": "Fransa Respublikası\nfransız",
        "DE": "Almaniya Federativ Respublikası\nalman",
        "GB": "Böyük Britaniya\nBirləşmiş Krallıq\nbritaniyalı",
        "US": "ABŞ\nAmerika Birləşmiş Ştatları\namerikalı",
        "CN": "Çin Xalq Respublikası\nçinli",
        "IL": "israilli",
        "UA": "ukraynalı",
        "BY": "Belarus\nbelarus",
        "RO": "rumın",
        "BG": "bolqar",
        "PL": "polyak",
        "LT": "litvalı",
        "LV": "latviyalı",
        "EE": "estoniyalı",
        "SA": "Səudiyyə Ərəbistanı\nsəudiyyəli",
        "AE": "BƏƏ",
        "QA": "Qətər\nqətərli",
        "EG": "misirli",
        "JP": "yapon",
        "KR": "Cənubi Koreya\nKoreya Respublikası",
        "IN": "hindistanlı",
        "ES": "ispan",
        "GR": "yunan",
        "AT": "avstriyalı",
        "CH": "isveçrəli",
        "BE": "belçikalı",
        "NL": "Niderland\nNiderland Krallığı\nholland",
        "SE": "isveç",
        "NO": "norveçli",
        "FI": "fin",
        "CZ": "Çexiya\nçex",
        "SK": "slovak",
        "SI": "sloven",
        "HR": "xorvat",
        "RS": "Serbiya\nserb",
        "MN": "monqol",
        "AF": "əfqan",
        "IQ": "iraqlı",
        "JO": "iordaniyalı",
        "MA": "mərakeşli",
        "DZ": "əlcəzairli",
        "TN": "tunisli",
        "ID": "indoneziyalı",
        "MY": "malayziyalı",
        "BR": "braziliyalı",
        "MX": "meksikalı",
        "CA": "kanadalı",
    },
    "ru": {
        "AZ": "Азербайджанская Республика\nазербайджанский\nазербайджанцы",
        "KZ": "казахстанский\nказахский\nказахстанцы",
        "AM": "армянский\nармяне",
        "TR": "турецкий",
        "RU": "Россия\nроссийский",
        "GE": "грузинский",
        "UZ": "узбекский\nузбекистанский",
        "KG": "Кыргызстан\nКыргызская Республика\nкыргызский\nкиргизский",
        "TM": "туркменский",
        "TJ": "таджикский",
        "IR": "иранский",
        "PK": "пакистанский",
        "HU": "венгерский",
        "IT": "итальянский",
        "FR": "французский",
        "DE": "ФРГ\nнемецкий\nгерманский",
        "GB": "Великобритания\nбританский",
        "US": "США\nамериканский",
        "CN": "КНР\nкитайский",
        "IL": "израильский",
        "UA": "украинский",
        "BY": "Белоруссия\nбелорусский",
        "MD": "Молдова\nмолдавский",
        "RO": "румынский",
        "BG": "болгарский",
        "PL": "польский",
        "LT": "литовский",
        "LV": "латвийский",
        "EE": "эстонский",
        "SA": "саудовский",
        "AE": "ОАЭ",
        "QA": "катарский",
        "EG": "египетский",
        "JP": "японский",
        "KR": "Республика Корея\nюжнокорейский",
        "IN": "индийский",
        "ES": "испанский",
        "GR": "греческий",
        "AT": "австрийский",
        "CH": "швейцарский",
        "BE": "бельгийский",
        "NL": "Голландия\nнидерландский",
        "SE": "шведский",
        "NO": "норвежский",
        "FI": "финский\nфинляндский",
        "CZ": "чешский",
        "SK": "словацкий",
        "SI": "словенский",
        "HR": "хорватский",
        "RS": "сербский",
        "MN": "монгольский",
        "AF": "афганский",
        "IQ": "иракский",
        "JO": "иорданский",
        "MA": "марокканский",
        "DZ": "алжирский",
        "TN": "тунисский",
        "ID": "индонезийский",
        "MY": "малайзийский",
        "BR": "бразильский",
        "MX": "мексиканский",
        "CA": "канадский",
    },
}


def copy_to_english(apps, schema_editor):
    """The English columns get the values of before, where they are empty."""
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model("people", model_name)
        for field in fields:
            english = f"{field}_en"
            empty = Q(**{f"{english}__isnull": True}) | Q(**{english: ""})
            model.objects.filter(empty).update(**{english: F(field)})


def load_country_names(apps, schema_editor):
    import gettext

    import pycountry

    Country = apps.get_model("people", "Country")
    catalogues = {
        lang: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
        for lang in ("az", "ru")
    }
    countries = list(Country.objects.all())
    for country in countries:
        iso = pycountry.countries.get(alpha_2=country.code)
        # The English name is the one 0002 took: the common name where there is one.
        english = {
            "name": iso and (getattr(iso, "common_name", None) or iso.name),
            "official_name": iso and getattr(iso, "official_name", None),
        }
        for lang, catalogue in catalogues.items():
            for field, msgid in english.items():
                # iso-codes marks the stress in a few Russian names (Респу́блика): not written.
                translated = catalogue.gettext(msgid).replace("\u0301", "") if msgid else ""
                if translated != msgid and not getattr(country, f"{field}_{lang}"):
                    setattr(country, f"{field}_{lang}", translated)
            other = OTHER_NAMES[lang].get(country.code)
            if other and not getattr(country, f"other_names_{lang}"):
                setattr(country, f"other_names_{lang}", other)
    Country.objects.bulk_update(
        countries,
        [f"{field}_{lang}" for field in TRANSLATED["Country"] for lang in ("az", "ru")],
        batch_size=100,
    )


class Migration(migrations.Migration):
    dependencies = [("people", "0005_names_per_language")]

    operations = [
        migrations.RunPython(copy_to_english, migrations.RunPython.noop),
        migrations.RunPython(load_country_names, migrations.RunPython.noop),
    ]
