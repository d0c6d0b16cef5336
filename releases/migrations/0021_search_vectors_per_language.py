"""A search vector per language: the English one (``search_vector``) now reads the English
columns, and ``search_vector_az`` and ``search_vector_ru`` read the Azerbaijani and
Russian ones; each stays empty until its version is published (docs/languages.md).

The expressions are those of ``search.vector`` when this migration was written, kept
here so that the migration never depends on the code of today.
"""

import django.contrib.postgres.search
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchVector
from django.db import migrations
from django.db.models import Case, Func, OuterRef, TextField, Value, When
from django.db.models.functions import Coalesce, Concat, NullIf

CONFIGS = {"en": "english", "az": "simple", "ru": "russian"}
FIELDS = {"en": "search_vector", "az": "search_vector_az", "ru": "search_vector_ru"}
# Azerbaijani letters folded as a reader without them types them (no extension needed).
AZ_LETTERS, AZ_FOLDED = "əƏıİçÇşŞğĞöÖüÜ", "eEiIcCsSgGoOuU"
# A name missing in a language is read in the first of these that has it.
FALLBACK = ("en", "az", "ru")


def _shown(field, language):
    order = [language, *(lang for lang in FALLBACK if lang != language)]
    text = TextField()
    return Coalesce(
        *(NullIf(f"{field}_{lang}", Value(""), output_field=text) for lang in order),
        output_field=text,
    )


def _spaced(*parts):
    pieces = [parts[0]]
    for part in parts[1:]:
        pieces += [Value(" "), part]
    return Concat(*pieces, output_field=TextField())


def _joined(queryset):
    return Func(
        ArraySubquery(queryset), Value(" "), function="array_to_string", output_field=TextField()
    )


def _folded(expression, language):
    if language != "az":
        return expression
    return Func(
        expression,
        Value(AZ_LETTERS),
        Value(AZ_FOLDED),
        function="translate",
        output_field=TextField(),
    )


def vector_expression(apps, language):
    """Title (A), lead (B), body (C) of the ``language`` version, and the names of its
    officials and their positions, countries and tags in that language (D); NULL while
    that version is not published."""
    Official = apps.get_model("people", "Official")
    Position = apps.get_model("people", "Position")
    Country = apps.get_model("people", "Country")
    Tag = apps.get_model("taggit", "Tag")
    release = OuterRef("pk")
    officials = (
        Official.objects.filter(releases=release)
        .annotate(text=_shown("full_name", language))
        .values("text")
    )
    positions = (
        Position.objects.filter(official__releases=release)
        .annotate(text=_spaced(_shown("title", language), _shown("organisation", language)))
        .values("text")
    )
    countries = (
        Country.objects.filter(releases=release)
        .annotate(
            text=_spaced(
                _shown("name", language),
                _shown("official_name", language),
                _shown("other_names", language),
            )
        )
        .values("text")
    )
    tags = Tag.objects.filter(releases_taggedrelease_items__content_object=release).values("name")
    config = CONFIGS[language]

    def vector(*expressions, weight):
        folded = [_folded(e, language) for e in expressions]
        return SearchVector(*folded, weight=weight, config=config)

    names = [_joined(officials), _joined(positions), _joined(countries), _joined(tags)]
    text = (
        vector(f"title_{language}", weight="A")
        + vector(f"lead_{language}", weight="B")
        + vector(f"body_{language}", weight="C")
        + vector(*names, weight="D")
    )
    return Case(When(published_languages__contains=language, then=text), default=None)


def create_search_indexes(apps, schema_editor):
    """GIN indexes and the vectors of existing releases, on PostgreSQL only (as 0009)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for language in ("az", "ru"):
            field = FIELDS[language]
            cursor.execute(
                f"CREATE INDEX release_search_{language}_idx "
                f"ON releases_release USING gin ({field})"
            )
            # Packed and kept in the row as the English vector is (migration 0016).
            cursor.execute(
                "SELECT 'lz4' = ANY(enumvals) FROM pg_settings "
                "WHERE name = 'default_toast_compression'"
            )
            if cursor.fetchone()[0]:
                cursor.execute(
                    f"ALTER TABLE releases_release ALTER COLUMN {field} SET COMPRESSION lz4"
                )
    Release = apps.get_model("releases", "Release")
    Release.objects.update(
        **{field: vector_expression(apps, language) for language, field in FIELDS.items()}
    )


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for language in ("az", "ru"):
            schema_editor.execute(f"DROP INDEX IF EXISTS release_search_{language}_idx")


class Migration(migrations.Migration):
    dependencies = [
        ("releases", "0020_versions_in_three_languages"),
        ("people", "0006_names_in_three_languages"),
    ]

    operations = [
        migrations.AddField(
            model_name="release",
            name="search_vector_az",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False,
                help_text="As the search index, from the Azerbaijani version once it is published.",
                null=True,
                verbose_name="Azerbaijani search index",
            ),
        ),
        migrations.AddField(
            model_name="release",
            name="search_vector_ru",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False,
                help_text="As the search index, from the Russian version once it is published.",
                null=True,
                verbose_name="Russian search index",
            ),
        ),
        migrations.RunPython(create_search_indexes, drop_search_indexes),
    ]
