"""Load the ISO 3166-1 country list from pycountry, so staff never type countries."""

from django.db import migrations


def load_countries(apps, schema_editor):
    import pycountry

    Country = apps.get_model("people", "Country")
    existing = set(Country.objects.values_list("code", flat=True))
    Country.objects.bulk_create(
        [
            Country(
                code=c.alpha_2.upper(),
                # "Bolivia" reads better than "Bolivia, Plurinational State of".
                name=getattr(c, "common_name", None) or c.name,
                official_name=getattr(c, "official_name", "") or "",
            )
            for c in sorted(pycountry.countries, key=lambda c: c.alpha_2)
            if c.alpha_2.upper() not in existing
        ]
    )


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(load_countries, migrations.RunPython.noop)]
