"""The international bodies Milli Majlis releases mention most; staff add more in the admin."""

from django.db import migrations

ORGANISATIONS = [
    ("OSCE PA", "Parliamentary Assembly of the OSCE", "OSCE Parliamentary Assembly"),
    (
        "TurkPA",
        "Parliamentary Assembly of Turkic States",
        "Parliamentary Assembly of Turkic-Speaking Countries\nTURKPA",
    ),
    (
        "Turkic Council",
        "Cooperation Council of Turkic Speaking States",
        "Organisation of Turkic States\nOrganization of Turkic States",
    ),
    ("TURKSOY", "International Organization of Turkic Culture", ""),
    ("TRACECA", "Transport Corridor Europe-Caucasus-Asia", ""),
    ("PACE", "Parliamentary Assembly of the Council of Europe", ""),
    ("NATO PA", "NATO Parliamentary Assembly", ""),
    ("CIS IPA", "Inter-Parliamentary Assembly of the CIS", "CIS Inter-Parliamentary Assembly"),
    ("PABSEC", "Parliamentary Assembly of the Black Sea Economic Cooperation", ""),
    ("GUAM PA", "GUAM Parliamentary Assembly", ""),
    ("PUIC", "Parliamentary Union of the OIC Member States", ""),
    ("IPU", "Inter-Parliamentary Union", ""),
    ("Euronest", "Euronest Parliamentary Assembly", ""),
    ("Non-Aligned Movement", "", "NAM"),
    ("OIC", "Organisation of Islamic Cooperation", "Organization of Islamic Cooperation"),
    ("United Nations", "", "UN"),
    ("European Parliament", "", ""),
]


def add_organisations(apps, schema_editor):
    Organisation = apps.get_model("releases", "Organisation")
    existing = set(Organisation.objects.values_list("name", flat=True))
    Organisation.objects.bulk_create(
        [
            Organisation(name=name, full_name=full, other_names=other)
            for name, full, other in ORGANISATIONS
            if name not in existing
        ]
    )


class Migration(migrations.Migration):
    dependencies = [("releases", "0005_linking")]

    operations = [migrations.RunPython(add_organisations, migrations.RunPython.noop)]
