"""What “Suggest links” offers, grouped for the form."""

from django.utils import dateformat
from django.utils.translation import gettext as _

from people.models import Country, Official
from releases.models import Meeting, Release


def suggestion_groups(release, links):
    """The linker's findings as labelled groups of {value, label, linked} rows."""
    ids = {
        *links.officials,
        *links.mentioned_officials,
        *(links.meeting.official_ids if links.meeting else []),
    }
    officials = Official.objects.in_bulk(ids)
    countries = Country.objects.in_bulk(
        {
            *links.countries,
            *links.mentioned_countries,
            *[p.country_id for p in links.proposals if p.country_id],
            *([links.meeting.host_country_id] if links.meeting else []),
        }
    )
    have = {
        field: set(getattr(release, field).values_list("pk", flat=True))
        for field in Release.LINK_FIELDS
    }
    tags = {name.lower() for name in release.tags.names()}

    evidence = getattr(links, "evidence", {}) or {}

    def words(field, key):
        """The words of the text that gave the link (``Links.evidence``)."""
        return evidence.get(field, {}).get(key, "")

    def rows(kind, field, keys, names):
        return [
            {
                "value": f"{kind}:{key}",
                "label": str(names[key]),
                "linked": key in have[field],
                "words": words(field, key),
            }
            for key in keys
            if key in names
        ]

    groups = [
        (_("Officials it is about"), rows("official", "officials", links.officials, officials)),
        (
            _("Officials mentioned"),
            rows("mentioned_official", "mentioned_officials", links.mentioned_officials, officials),
        ),
        (_("Countries it is about"), rows("country", "countries", links.countries, countries)),
        (
            _("Countries mentioned"),
            rows("mentioned_country", "mentioned_countries", links.mentioned_countries, countries),
        ),
        (
            _("Organisations (as tags)"),
            [
                {
                    "value": f"organisation:{n}",
                    "label": n,
                    "linked": n.lower() in tags,
                    "words": words("organisations", n),
                }
                for n in links.organisations
            ],
        ),
    ]
    if links.meeting:
        m = links.meeting
        people = [officials[pk].full_name for pk in m.official_ids if pk in officials]
        where = countries[m.host_country_id].name if m.host_country_id in countries else ""
        kind = dict(Meeting.Kind.choices)[m.kind]
        when = _("%(kind)s on %(date)s") % {
            "kind": kind,
            "date": dateformat.format(m.date, "d E Y"),
        }
        label = (
            f"{when}{', ' + m.city if m.city else ''}{', ' + where if where else ''}: "
            + ", ".join(people + m.proposal_names)
        )
        meeting_row = {"value": "meeting", "label": label, "linked": False, "words": m.sentence}
        groups.append((_("Meeting reported"), [meeting_row]))
    people_rows = []
    for p in links.proposals:
        country = countries.get(p.country_id)
        where = country or _("country not said")
        people_rows.append(
            {
                "value": f"person:{p.name}",
                "label": f"{p.name} — {'; '.join(p.titles)} ({where})",
                "linked": False,
                "person": True,
                "disabled": country is None,
                "words": words("proposals", p.name),
            }
        )
    groups.append((_("New people (created as officials if accepted)"), people_rows))
    return [(label, items) for label, items in groups if items]
