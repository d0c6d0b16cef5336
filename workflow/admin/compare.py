"""Readable revisions: the names behind ids, and two revisions side by side."""

from people.models import Country, Official
from releases.models import Meeting, Section
from releases.models.versions import LANGUAGES
from workflow import diffs, revisions
from workflow.admin.forms import field_label

# The people and countries a revision links to, by the model their ids are of.
_REVISION_LINKS = {
    "officials": Official,
    "mentioned_officials": Official,
    "countries": Country,
    "mentioned_countries": Country,
}


def related_names(contents):
    """{(field, id): name} for the sections, meetings, officials and countries in ``contents``."""
    models = {"section_id": Section, "meeting_id": Meeting, **_REVISION_LINKS}
    ids = {field: set() for field in models}
    for content in contents:
        for field in ("section_id", "meeting_id"):
            if content.get(field):
                ids[field].add(content[field])
        for field in _REVISION_LINKS:
            ids[field].update(content.get(field) or [])
    names = {}
    for field, model in models.items():
        for obj in model.objects.filter(pk__in=ids[field]):
            names[(field, obj.pk)] = str(obj)
    return names


def readable(content, names):
    """``content`` with related ids replaced by names, for people to compare."""
    shown = dict(content)
    for field in ("section_id", "meeting_id"):
        if shown.get(field):
            shown[field] = names.get((field, shown[field]), shown[field])
    for field in (*_REVISION_LINKS, "tags"):
        values = [names.get((field, v), v) for v in shown.get(field) or []]
        shown[field] = ", ".join(str(v) for v in values)
    for field in revisions.ATTACHMENTS:
        shown[field] = revisions.shown(field, shown.get(field))
    return shown


# Compared word by word, showing only the changed passages; other fields side by side.
_WORD_DIFF_FIELDS = {f"{field}_{lang}" for field in ("title", "lead", "body") for lang in LANGUAGES}


def compare_contents(old, new):
    """Rows of {label, before, after, diff, changed}, one per field, for the comparison.

    ``diff`` is the word-by-word HTML of the long text fields ("" when unchanged) and
    None for the others, which are shown as ``before`` and ``after``.
    """
    rows = []
    for name in old:
        before, after = old.get(name), new.get(name)
        row = {"label": field_label(name), "before": before, "after": after, "diff": None}
        if name in _WORD_DIFF_FIELDS:
            row["diff"] = diffs.diff_html(before, after)
            row["changed"] = bool(row["diff"])
        else:
            row["changed"] = not revisions.same_value(before, after)
        rows.append(row)
    return rows
