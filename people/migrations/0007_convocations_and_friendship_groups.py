"""Convocations of the Milli Majlis, the MPs' memberships, and friendship groups.

The three latest convocations are written here (staff add earlier ones in the admin).
Posts in the Milli Majlis that started during one are filed under it, and their holders
become its members: what the dates already say.
"""

import datetime

import django.db.models.deletion
from django.db import migrations, models


CONVOCATIONS = [
    (5, datetime.date(2015, 11, 27), datetime.date(2020, 3, 9)),
    (6, datetime.date(2020, 3, 10), datetime.date(2024, 9, 22)),
    (7, datetime.date(2024, 9, 23), None),
]
NAMES = {
    5: ("Fifth convocation", "Beşinci çağırış", "Пятый созыв"),
    6: ("Sixth convocation", "Altıncı çağırış", "Шестой созыв"),
    7: ("Seventh convocation", "Yeddinci çağırış", "Седьмой созыв"),
}
# A post in the home parliament names it so in English (people.Position.organisation).
PARLIAMENT = "Milli Majlis"


def add_convocations(apps, schema_editor):
    from django.conf import settings

    Convocation = apps.get_model("people", "Convocation")
    Position = apps.get_model("people", "Position")
    Membership = apps.get_model("people", "Membership")
    for number, start, end in CONVOCATIONS:
        en, az, ru = NAMES[number]
        Convocation.objects.get_or_create(
            number=number,
            defaults={
                "start_date": start,
                "end_date": end,
                "name": en,
                "name_en": en,
                "name_az": az,
                "name_ru": ru,
            },
        )
    home = settings.NEWSROOM.get("HOME_COUNTRY", "AZ").upper()
    posts = Position.objects.filter(
        official__country__code=home,
        organisation_en__icontains=PARLIAMENT,
        start_date__isnull=False,
        convocation__isnull=True,
    )
    for convocation in Convocation.objects.all():
        during = posts.filter(start_date__gte=convocation.start_date)
        if convocation.end_date:
            during = during.filter(start_date__lte=convocation.end_date)
        for position in during:
            position.convocation = convocation
            position.save(update_fields=["convocation"])
            Membership.objects.get_or_create(
                official_id=position.official_id, convocation=convocation
            )


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0006_names_in_three_languages"),
    ]

    operations = [
        migrations.CreateModel(
            name="Convocation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "number",
                    models.PositiveSmallIntegerField(
                        help_text="1 for the first convocation, 6 for the sixth.",
                        unique=True,
                        verbose_name="number",
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        blank=True,
                        help_text="e.g. Sixth convocation.",
                        max_length=100,
                        verbose_name="name",
                    ),
                ),
                (
                    "name_az",
                    models.CharField(
                        blank=True,
                        help_text="e.g. Sixth convocation.",
                        max_length=100,
                        null=True,
                        verbose_name="name",
                    ),
                ),
                (
                    "name_en",
                    models.CharField(
                        blank=True,
                        help_text="e.g. Sixth convocation.",
                        max_length=100,
                        null=True,
                        verbose_name="name",
                    ),
                ),
                (
                    "name_ru",
                    models.CharField(
                        blank=True,
                        help_text="e.g. Sixth convocation.",
                        max_length=100,
                        null=True,
                        verbose_name="name",
                    ),
                ),
                (
                    "start_date",
                    models.DateField(
                        help_text="The day of its first sitting.", verbose_name="from"
                    ),
                ),
                (
                    "end_date",
                    models.DateField(
                        blank=True,
                        help_text="Leave empty while it sits.",
                        null=True,
                        verbose_name="until",
                    ),
                ),
            ],
            options={
                "verbose_name": "convocation",
                "verbose_name_plural": "convocations",
                "ordering": ["-number"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("end_date__isnull", True),
                            ("end_date__gte", models.F("start_date")),
                            _connector="OR",
                        ),
                        name="convocation_ends_after_start",
                        violation_error_message="A convocation cannot end before it starts.",
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="position",
            name="convocation",
            field=models.ForeignKey(
                blank=True,
                help_text="For a post in the home parliament: the convocation it was held in.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="positions",
                to="people.convocation",
                verbose_name="convocation",
            ),
        ),
        migrations.CreateModel(
            name="FriendshipGroup",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text="e.g. Working group on Azerbaijan–Kazakhstan inter-parliamentary relations.",
                        max_length=300,
                        verbose_name="name",
                    ),
                ),
                (
                    "name_az",
                    models.CharField(
                        help_text="e.g. Working group on Azerbaijan–Kazakhstan inter-parliamentary relations.",
                        max_length=300,
                        null=True,
                        verbose_name="name",
                    ),
                ),
                (
                    "name_en",
                    models.CharField(
                        help_text="e.g. Working group on Azerbaijan–Kazakhstan inter-parliamentary relations.",
                        max_length=300,
                        null=True,
                        verbose_name="name",
                    ),
                ),
                (
                    "name_ru",
                    models.CharField(
                        help_text="e.g. Working group on Azerbaijan–Kazakhstan inter-parliamentary relations.",
                        max_length=300,
                        null=True,
                        verbose_name="name",
                    ),
                ),
                (
                    "convocation",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="friendship_groups",
                        to="people.convocation",
                        verbose_name="convocation",
                    ),
                ),
                (
                    "country",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="friendship_groups",
                        to="people.country",
                        verbose_name="country",
                    ),
                ),
            ],
            options={
                "verbose_name": "friendship group",
                "verbose_name_plural": "friendship groups",
                "ordering": ["country__code", "-convocation__number"],
            },
        ),
        migrations.CreateModel(
            name="FriendshipMember",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("head", "Head of the group"),
                            ("deputy", "Deputy head"),
                            ("member", "Member"),
                        ],
                        default="member",
                        max_length=20,
                        verbose_name="role",
                    ),
                ),
                (
                    "group",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="members",
                        to="people.friendshipgroup",
                        verbose_name="friendship group",
                    ),
                ),
                (
                    "official",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="friendship_memberships",
                        to="people.official",
                        verbose_name="official",
                    ),
                ),
            ],
            options={
                "verbose_name": "member of a friendship group",
                "verbose_name_plural": "members of friendship groups",
            },
        ),
        migrations.CreateModel(
            name="Membership",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "constituency",
                    models.CharField(
                        blank=True,
                        help_text="If known.",
                        max_length=200,
                        verbose_name="constituency",
                    ),
                ),
                (
                    "convocation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="memberships",
                        to="people.convocation",
                        verbose_name="convocation",
                    ),
                ),
                (
                    "official",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memberships",
                        to="people.official",
                        verbose_name="official",
                    ),
                ),
            ],
            options={
                "verbose_name": "membership of a convocation",
                "verbose_name_plural": "memberships of convocations",
                "ordering": ["-convocation__number"],
            },
        ),
        migrations.AddConstraint(
            model_name="friendshipgroup",
            constraint=models.UniqueConstraint(
                fields=("country", "convocation"), name="one_friendship_group_per_convocation"
            ),
        ),
        migrations.AddConstraint(
            model_name="friendshipmember",
            constraint=models.UniqueConstraint(
                fields=("group", "official"), name="one_seat_per_group"
            ),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.UniqueConstraint(
                fields=("official", "convocation"), name="one_membership_per_convocation"
            ),
        ),
        migrations.RunPython(add_convocations, migrations.RunPython.noop),
    ]
