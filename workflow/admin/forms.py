"""The release form, with the version it was opened at and the workflow's comments."""

from itertools import chain

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from releases import richtext
from releases.models import Document, Release, ReleasePhoto
from releases.models.versions import LANGUAGES, TEXT_FIELDS, column
from releases.tags import tags_named
from workflow import autosave, editing, revisions, transitions


class ReleaseAdminForm(forms.ModelForm):
    """The release form, with optimistic locking and the workflow's comment fields.

    ``request`` is set on the class by ``ReleaseAdmin.get_form``.
    """

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change_note = forms.CharField(
        label=gettext_lazy("Public change note"),
        required=False,
        max_length=300,
        help_text=gettext_lazy(
            "For corrections to a published release, e.g. “Corrected the name of the "
            "delegation”. Shown on the release page with the date."
        ),
    )
    workflow_comment = forms.CharField(
        label=gettext_lazy("Comment for the workflow step"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "Needed when sending a release back (what to change) or withdrawing it "
            "(the reason, shown to the public)."
        ),
    )

    # Declared, so that the form starts from the tags read with the release (the admin
    # prefetches them, and leaves the model's field out) rather than reading them again.
    tags = Release._meta.get_field("tags").formfield()

    request = None

    class Meta:
        model = Release
        help_texts = {
            "published_at": gettext_lazy(
                "Baku time. Set a future time to schedule. A draft first published "
                "with a past time goes out at the moment it is published."
            )
        }
        # Each version's columns by name: the plain fields write whichever language
        # the admin is shown in.
        fields = [
            "primary_language",
            *(column(field, lang) for lang in LANGUAGES for field in TEXT_FIELDS),
            "section",
            "published_at",
            "byline",
            "meeting",
            "officials",
            "countries",
            "mentioned_officials",
            "mentioned_countries",
            "body_format",
            "press_contact",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The version this person starts from; a save by anyone else bumps it.
            self.fields["expected_version"].initial = self.instance.version
            self.initial["tags"] = [link.tag for link in self.instance.tagged_items.all()]
            for name in Release.LINK_FIELDS:
                if name in self.fields:
                    self.fields[name].known = self.initial.get(name, ())
        if "body_format" in self.fields:
            # New releases are written formatted; older and imported ones stay plain. A
            # post without it (a form of before) keeps the release's.
            self.fields["body_format"].required = False
            if not self.instance.pk:
                self.fields["body_format"].initial = richtext.MARKDOWN
        self.conflict = None

    @property
    def workflow_step(self):
        return self.request.POST.get("_workflow", "") if self.request else ""

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        self._clean_versions(cleaned)
        # The save checks the version and the model's rules once (editing.release_save);
        # what it refuses comes back here as the request's save_refused, and the form
        # is shown again with it, as posted.
        refused = getattr(self.request, "save_refused", None)
        if isinstance(refused, editing.EditConflict):
            expected = cleaned.get("expected_version")
            stored = Release.objects.filter(pk=instance.pk).first()
            if stored is not None:
                self.conflict = release_changes_since(stored, expected)
                # Keep the writer's text; the next save, made knowingly, wins.
                data = self.data.copy()
                data["expected_version"] = stored.version
                self.data = data
            raise refused
        if refused is not None:
            for field, errors in getattr(refused, "error_dict", {None: refused}).items():
                self.add_error(field if field in self.fields else None, errors)
            return cleaned
        if not instance.pk:
            if self.workflow_step and self.workflow_step != "submit":
                raise ValidationError(_("Save the draft first; then it can be published."))
            return cleaned
        # The release as read for this request; the save and the step check it again
        # under the row's lock.
        stored = instance
        if cleaned.get("change_note") and stored.status != Release.Status.PUBLISHED:
            self.add_error(
                "change_note", _("Change notes are for corrections to published releases.")
            )
        if self.workflow_step:
            try:
                transitions.check_transition(
                    release=stored,
                    user=self.request.user,
                    name=self.workflow_step,
                    comment=cleaned.get("workflow_comment", ""),
                )
            except PermissionDenied as error:
                raise ValidationError(str(error)) from error
        return cleaned

    def clean_body_format(self):
        return self.cleaned_data.get("body_format") or self.instance.body_format

    def _clean_versions(self, cleaned):
        """At least one version needs its title and body (else the original's fields
        say so); a version's address, left empty (no script to fill it), is made from
        its title."""
        if not all(column(f, lang) in self.fields for f in TEXT_FIELDS for lang in LANGUAGES):
            return  # viewing only
        if not any(
            cleaned.get(column("title", lang)) and cleaned.get(column("body", lang))
            for lang in LANGUAGES
        ):
            primary = cleaned.get("primary_language") or LANGUAGES[0]
            for field, message in (
                ("title", _("Write at least one version: its title and its body.")),
                ("body", _("Write at least one version: its title and its body.")),
            ):
                if not cleaned.get(column(field, primary)):
                    self.add_error(column(field, primary), message)
        for lang in LANGUAGES:
            title, slug = cleaned.get(column("title", lang)), column("slug", lang)
            if title and not cleaned.get(slug):
                cleaned[slug] = slugify(title, allow_unicode=True)[:300] or None

    def validate_unique(self):
        # Checked once, by the save's full_clean; a clash is shown as save_refused.
        pass

    def _save_m2m(self):
        # Links the writer did not change are left as stored: rewriting them would cost
        # queries and change nothing. Tags are found by name in one query.
        opts = self.instance._meta
        for field in chain(opts.many_to_many, opts.private_fields):
            name = field.name
            if name not in self.cleaned_data or name not in self.changed_data:
                continue
            value = self.cleaned_data[name]
            field.save_form_data(self.instance, tags_named(value) if name == "tags" else value)
            if name == "tags":
                # The tag rows read with the release are stale now.
                getattr(self.instance, "_prefetched_objects_cache", {}).pop("tagged_items", None)


def release_changes_since(stored, expected_version):
    """[(field label, then, now)] between the form's version ``expected_version`` and
    ``stored``. Then: the last revision made at or before it; now: the last revision,
    with the text as ``stored`` holds it (an autosave writes a draft's text without a
    revision)."""
    versions = list(revisions.release_versions(stored))
    then = next(
        (
            revisions.version_content(version)
            for version in versions
            if expected_version is not None
            and (version.field_dict.get("version") or 0) <= expected_version
        ),
        None,
    )
    if then is None:
        return []
    now = revisions.version_content(versions[0])
    now.update({name: getattr(stored, name) for name in autosave.AUTOSAVE_FIELDS})
    return [
        (
            field_label(name),
            revisions.shown(name, then.get(name)),
            revisions.shown(name, now.get(name)),
        )
        for name in then
        if not revisions.same_value(then.get(name), now.get(name))
    ]


# Content a revision holds beside the release's own fields.
_OTHER_LABELS = {
    "photos": ReleasePhoto._meta.verbose_name_plural,
    "documents": Document._meta.verbose_name_plural,
}


def field_label(name):
    if name in _OTHER_LABELS:
        return capfirst(_OTHER_LABELS[name])
    name = name.removesuffix("_id")
    try:
        return capfirst(Release._meta.get_field(name).verbose_name)
    except Exception:  # tags are not a concrete field
        return name.capitalize()
