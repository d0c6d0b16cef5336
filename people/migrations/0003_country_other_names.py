"""Adjectives and everyday names of the countries releases mention most.

Filled only where staff have not written other names yet, so the linker
recognises "Kazakh", "Turkish" or "Russia" on a fresh database too.
"""

from django.db import migrations

OTHER_NAMES = {
    "AZ": "Azerbaijani\nAzerbaijanis\nAzerbaijan’s",
    "KZ": "Kazakh\nKazakhstani\nKazakhstan’s",
    "AM": "Armenian\nArmenians\nArmenia’s",
    "TR": "Turkey\nTurkish\nTürkiye’s\nTurkey’s",
    "RU": "Russia\nRussian\nRussia’s",
    "GE": "Georgian\nGeorgia’s",
    "UZ": "Uzbek\nUzbekistani\nUzbekistan’s",
    "KG": "Kyrgyz\nKyrgyzstan’s\nKyrgyz Republic",
    "TM": "Turkmen\nTurkmenistan’s",
    "TJ": "Tajik\nTajikistan’s",
    "IR": "Iran\nIranian\nIran’s",
    "PK": "Pakistani\nPakistan’s",
    "HU": "Hungarian\nHungary’s",
    "IT": "Italian\nItaly’s",
    "FR": "French\nFrance’s",
    "DE": "German\nGermany’s",
    "GB": "UK\nBritish\nBritain\nGreat Britain",
    "US": "USA\nUnited States of America\nAmerican",
    "CN": "Chinese\nChina’s",
    "IL": "Israeli\nIsrael’s",
    "UA": "Ukrainian\nUkraine’s",
    "BY": "Belarusian\nBelarus’s",
    "MD": "Moldova\nMoldovan",
    "RO": "Romanian\nRomania’s",
    "BG": "Bulgarian\nBulgaria’s",
    "PL": "Polish\nPoland’s",
    "LT": "Lithuanian",
    "LV": "Latvian",
    "EE": "Estonian",
    "SA": "Saudi\nSaudi Arabian",
    "AE": "UAE\nEmirati",
    "QA": "Qatari",
    "EG": "Egyptian",
    "JP": "Japanese\nJapan’s",
    "KR": "Republic of Korea\nSouth Korean",
    "IN": "Indian\nIndia’s",
    "ES": "Spanish\nSpain’s",
    "GR": "Greek\nGreece’s",
    "AT": "Austrian",
    "CH": "Swiss",
    "BE": "Belgian",
    "NL": "Dutch\nNetherlands’",
    "SE": "Swedish",
    "NO": "Norwegian",
    "FI": "Finnish",
    "CZ": "Czech\nCzech Republic",
    "SK": "Slovak",
    "SI": "Slovenian",
    "HR": "Croatian",
    "RS": "Serbian",
    "MN": "Mongolian",
    "AF": "Afghan",
    "IQ": "Iraqi",
    "JO": "Jordanian",
    "MA": "Moroccan",
    "DZ": "Algerian",
    "TN": "Tunisian",
    "ID": "Indonesian",
    "MY": "Malaysian",
    "BR": "Brazilian",
    "MX": "Mexican",
    "CA": "Canadian",
}


def add_other_names(apps, schema_editor):
    Country = apps.get_model("people", "Country")
    for country in Country.objects.filter(code__in=OTHER_NAMES, other_names=""):
        country.other_names = OTHER_NAMES[country.code]
        country.save(update_fields=["other_names"])


class Migration(migrations.Migration):
    dependencies = [("people", "0002_load_iso_countries")]

    operations = [migrations.RunPython(add_other_names, migrations.RunPython.noop)]
