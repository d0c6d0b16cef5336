"""The bilateral dossier on a country's page, and its meetings as a CSV download."""

import csv

from django.http import Http404, HttpResponse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views import View

from people.models import home_country_code
from public.charts import year_chart
from releases import dossier as dossiers
from releases import people_selectors


def dossier_context(country):
    """What the country page shows of its dossier: nothing for the home country. The
    dossier and its chart are read when first used, so a page whose dossier part is
    remembered (``{% remember %}``) reads neither."""
    if country.code == home_country_code():
        return {"has_dossier": False, "dossier": None, "chart": None}
    dossier = SimpleLazyObject(lambda: dossiers.country_dossier(country))
    return {
        "has_dossier": True,
        "dossier": dossier,
        "chart": SimpleLazyObject(lambda: year_chart(dossier)),
    }


class CountryMeetingsCsvView(View):
    """Every public meeting with the country, oldest first, one row each. Whole, not
    streamed, so that the page cache keeps it like the page it is linked from."""

    def get(self, request, code):
        country = people_selectors.public_country(code)
        if country is None or country.code == home_country_code():
            raise Http404("No dossier for this country.")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        name = f"meetings-{country.code.lower()}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        writer = csv.writer(response)
        header = [
            _("date"),
            _("kind"),
            _("direction"),
            _("country"),
            _("place"),
            _("description"),
            _("participants"),
            _("address"),
        ]
        home = dossiers.home_country()
        writer.writerow(header)
        for meeting in dossiers.meeting_rows(country):
            writer.writerow(
                [
                    meeting.date.isoformat(),
                    meeting.get_kind_display(),
                    dossiers.direction_label(meeting.direction, country, home),
                    meeting.host_country.name if meeting.host_country else "",
                    meeting.city,
                    meeting.description,
                    "; ".join(
                        f"{o.full_name} ({o.country.code})" for o in meeting.participants.all()
                    ),
                    request.build_absolute_uri(meeting.get_absolute_url()),
                ]
            )
        return response
