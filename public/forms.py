"""Public forms: site search and the filters of the release list.

Both are read from the address (GET), so a search or a filtered list is a
link anyone can share. Bad values never reach a query: the form reports them.
"""

import datetime

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from search import filtering
from search import terms as search

# Dates outside these bounds are refused: they can be neither real publication
# dates nor turned into times in Baku without overflowing.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search releases"),
        required=False,
        help_text=_("Words in the title or text, or names of officials, countries or tags."),
    )

    def clean_q(self):
        return self.cleaned_data["q"] or ""

    @property
    def words(self):
        """The words searched for; empty when the form is invalid or blank."""
        if not self.is_valid():
            return []
        return search.query_words(self.cleaned_data["q"])

    @property
    def notes(self):
        """Plain-language remarks on how the query was read."""
        return search.query_notes(self.cleaned_data["q"]) if self.is_valid() else []


class ReleaseFilterForm(forms.Form):
    """Filters of /releases/: any combination; each value must name something public."""

    # Parameter names as they appear in the address, in display order.
    FILTERS = ("q", "official", "country", "tag", "section", "from", "to")

    q = forms.CharField(label=_("Words"), required=False)
    official = forms.SlugField(label=_("Official"), required=False, max_length=200)
    country = forms.RegexField(
        label=_("Country"),
        required=False,
        regex=r"^[A-Za-z]{2}$",
        error_messages={"invalid": _("A country is given by its two-letter code, e.g. kz.")},
    )
    tag = forms.CharField(label=_("Tag"), required=False, max_length=100)
    section = forms.SlugField(label=_("Section"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword, so these two are added here, not declared above.
        for name, label in (("from", _("From")), ("to", _("To"))):
            self.fields[name] = forms.DateField(
                label=label,
                required=False,
                input_formats=["%Y-%m-%d"],
                widget=forms.DateInput(attrs={"type": "date"}),
                error_messages={
                    "invalid": format_lazy(
                        _("“{label}” must be a real date written YYYY-MM-DD, e.g. 2022-03-28."),
                        label=label,
                    )
                },
            )

    def is_filtering(self):
        """Whether any filter has a value (blank fields of a submitted form do not count)."""
        return any((self.data.get(name) or "").strip() for name in self.FILTERS)

    # What to say when a filter value names nothing public.
    UNKNOWN = {
        "official": _("No published release is about an official “{}”."),
        "country": _("There are no releases about a country “{}”."),
        "tag": _("No published release has a tag “{}”."),
        "section": _("There is no section “{}”."),
    }

    def _clean_choice(self, name):
        """The public object the value of filter ``name`` names, or None if it is empty."""
        value = self.cleaned_data[name]
        if not value:
            return None
        found = filtering.filter_choice(name, value)
        if found is None:
            raise forms.ValidationError(self.UNKNOWN[name].format(value))
        return found

    def clean_official(self):
        return self._clean_choice("official")

    def clean_country(self):
        return self._clean_choice("country")

    def clean_tag(self):
        return self._clean_choice("tag")

    def clean_section(self):
        return self._clean_choice("section")

    def _clean_date(self, name):
        value = self.cleaned_data.get(name)
        if value is not None and not (EARLIEST_DATE <= value <= LATEST_DATE):
            raise forms.ValidationError(
                _("Give a date between %(earliest)s and %(latest)s."),
                code="range",
                params={"earliest": f"{EARLIEST_DATE:%Y}", "latest": f"{LATEST_DATE:%Y}"},
            )
        return value

    def clean(self):
        cleaned = super().clean()
        for name in ("from", "to"):
            if name in cleaned:
                try:
                    cleaned[name] = self._clean_date(name)
                except forms.ValidationError as error:
                    self.add_error(name, error)
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start > end:
            raise forms.ValidationError(
                _("“From” is after “To”: no release can be in that period. Swap the dates.")
            )
        return cleaned

    @property
    def filters(self):
        """The valid filters as {name: object or date, "words": [...]} (call after is_valid)."""
        data = {k: v for k, v in self.cleaned_data.items() if k != "q" and v}
        data["words"] = search.query_words(self.cleaned_data.get("q", ""))
        return data
