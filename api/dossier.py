"""The bilateral dossier as JSON: the numbers of the country page's chart and table, its
lists, and the address of the CSV of every meeting."""

from django.urls import reverse

from api.serializers import CountryRef, MeetingData, OfficialRef, convocation_data
from releases.dossier import DIRECTIONS
from releases.tags import tag_name


def _people(officials):
    return [{**OfficialRef(o).data, "meetings": o.meeting_count} for o in officials]


def dossier_data(dossier, request):
    context = {"request": request}
    group = dossier.group
    code = dossier.country.code.lower()
    return {
        "country": CountryRef(dossier.country).data,
        "home": CountryRef(dossier.home).data if dossier.home else None,
        "directions": {key: dossier.label(key) for key in DIRECTIONS},
        "total": dossier.total,
        "totals": dossier.totals,
        "years": [{"year": y.year, **y.counts, "total": y.total} for y in dossier.years],
        "latest": {
            key: MeetingData(meetings, many=True, context=context).data
            for key, meetings in dossier.latest.items()
        },
        "their_officials": _people(dossier.their_officials),
        "our_officials": _people(dossier.our_officials),
        "organisations": [
            {
                "tag": tag_name(tag),
                "slug": tag.slug,
                "full_name": tag.organisation.full_name if tag.organisation else "",
                "releases": tag.release_count,
            }
            for tag in dossier.organisations
        ],
        "friendship_group": None
        if group is None
        else {
            "name": group.name,
            "convocation": convocation_data(group.convocation),
            "members": [
                {**OfficialRef(m.official).data, "role": m.role, "role_name": m.get_role_display()}
                for m in group.member_list
            ],
        },
        "meetings_csv": request.build_absolute_uri(
            reverse("people:country_meetings_csv", kwargs={"code": code})
        ),
    }
