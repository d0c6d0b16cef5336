"""Admin for press staff: writing, the editorial workflow, revisions and preview links.

Press officers write drafts and submit them; editors (the ``publish_release``
permission) publish, send back, cancel scheduling, withdraw and restore. Every
step is a function in ``services`` that checks permission itself, so hiding a
button is never the only guard. The status is read-only in the form: it
changes only through those steps.
"""

import reversion
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ImageField, Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from reversion.models import Version

from majlis_site.uploads import ImageUploadField
from people.models import Country, Official

from . import diffs, services
from .admin_widgets import SafeRelatedFieldsMixin
from .linker import Linker
from .models import Meeting, Organisation, PreviewLink, Release, Section, WorkflowEvent


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """Bodies the linker recognises; each links releases to the tag named like it."""

    list_display = ["name", "full_name"]
    search_fields = ["name", "full_name", "other_names"]


@admin.register(Meeting)
class MeetingAdmin(SafeRelatedFieldsMixin, admin.ModelAdmin):
    list_display = ["date", "kind", "city", "host_country", "participant_names"]
    list_filter = ["kind", "host_country"]
    date_hierarchy = "date"
    search_fields = ["description", "city", "participants__full_name"]
    autocomplete_fields = ["host_country", "participants"]
    list_select_related = ["host_country"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("participants")

    @admin.display(description="participants")
    def participant_names(self, obj):
        return ", ".join(p.full_name for p in obj.participants.all())


class PublicationStateFilter(admin.SimpleListFilter):
    """Status as readers experience it: scheduled is told apart from live."""

    title = "publication"
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Draft"),
            ("submitted", "Submitted for review"),
            ("scheduled", "Scheduled"),
            ("live", "Live"),
            ("withdrawn", "Withdrawn"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "live":
            return queryset.published()
        if value == "scheduled":
            return queryset.filter(status=Release.Status.PUBLISHED).exclude(
                pk__in=Release.objects.published().values("pk")
            )
        if value in ("draft", "submitted", "withdrawn"):
            return queryset.filter(status=value)
        return queryset


class ReleaseAdminForm(forms.ModelForm):
    """The release form, with optimistic locking and the workflow's comment fields.

    ``request`` is set on the class by ``ReleaseAdmin.get_form``.
    """

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change_note = forms.CharField(
        label="Public change note",
        required=False,
        max_length=300,
        help_text="For corrections to a published release, e.g. “Corrected the name of the "
        "delegation”. Shown on the release page with the date.",
    )
    workflow_comment = forms.CharField(
        label="Comment for the workflow step",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed when sending a release back (what to change) or withdrawing it "
        "(the reason, shown to the public).",
    )

    request = None

    class Meta:
        model = Release
        help_texts = {
            "published_at": "Baku time. Set a future time to schedule. A draft first published "
            "with a past time goes out at the moment it is published."
        }
        fields = [
            "title",
            "slug",
            "section",
            "published_at",
            "lead",
            "body",
            "byline",
            "meeting",
            "officials",
            "countries",
            "mentioned_officials",
            "mentioned_countries",
            "tags",
            "image",
            "image_caption",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The version this person starts from; a save by anyone else bumps it.
            self.fields["expected_version"].initial = (
                Release.objects.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
        self.conflict = None

    @property
    def workflow_step(self):
        return self.request.POST.get("_workflow", "") if self.request else ""

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        if not instance.pk:
            if self.workflow_step and self.workflow_step != "submit":
                raise ValidationError("Save the draft first; then it can be published.")
            return cleaned
        expected = cleaned.get("expected_version")
        try:
            refused = getattr(self.request, "edit_conflict", None)
            if refused is not None:
                raise refused
            # Inside the admin's transaction: the release stays locked until it is saved.
            stored = services.check_version(release=instance, expected_version=expected)
        except services.EditConflict:
            stored = Release.objects.filter(pk=instance.pk).first()
            if stored is not None:
                self.conflict = release_changes_since(stored, expected)
                # Keep the writer's text; the next save, made knowingly, wins.
                data = self.data.copy()
                data["expected_version"] = stored.version
                self.data = data
            raise
        if cleaned.get("change_note") and stored.status != Release.Status.PUBLISHED:
            self.add_error("change_note", "Change notes are for corrections to published releases.")
        if self.workflow_step:
            try:
                services.check_transition(
                    release=stored,
                    user=self.request.user,
                    name=self.workflow_step,
                    comment=cleaned.get("workflow_comment", ""),
                )
            except PermissionDenied as error:
                raise ValidationError(str(error)) from error
        return cleaned


def release_changes_since(stored, expected_version):
    """[(field label, then, now)] between revision ``expected_version`` and ``stored``."""
    then = None
    for version in services.release_versions(stored):
        if version.field_dict.get("version") == expected_version:
            then = services.version_content(version)
            break
    if then is None:
        return []
    now_version = services.release_versions(stored).first()
    now = services.version_content(now_version) if now_version else {}
    return [
        (field_label(name), then.get(name), now.get(name))
        for name in then
        if then.get(name) != now.get(name)
    ]


def field_label(name):
    name = name.removesuffix("_id")
    try:
        return str(Release._meta.get_field(name).verbose_name).capitalize()
    except Exception:  # tags are not a concrete field
        return name.capitalize()


@admin.register(Release)
class ReleaseAdmin(SafeRelatedFieldsMixin, admin.ModelAdmin):
    form = ReleaseAdminForm
    formfield_overrides = {ImageField: {"form_class": ImageUploadField}}
    list_display = ["title", "status_label", "published_at", "section", "official_names"]
    list_filter = [
        PublicationStateFilter,
        "status",
        "section",
        ("countries", admin.RelatedOnlyFieldListFilter),
        ("officials", admin.RelatedOnlyFieldListFilter),
        "tags",
    ]
    date_hierarchy = "published_at"
    search_fields = ["title", "body"]
    autocomplete_fields = [
        "officials",
        "countries",
        "mentioned_officials",
        "mentioned_countries",
        "meeting",
    ]
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["section"]
    readonly_fields = [
        "status",
        "withdrawn_at",
        "withdrawal_reason",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
    ]
    actions = ["publish_selected", "unpublish_selected"]

    def get_fieldsets(self, request, obj=None):
        workflow = ["status"]
        if obj is not None and obj.status == Release.Status.WITHDRAWN:
            workflow += ["withdrawn_at", "withdrawal_reason"]
        workflow += ["workflow_comment", "expected_version"]
        if obj is not None and obj.status == Release.Status.PUBLISHED:
            workflow.insert(1, "change_note")
        return [
            (None, {"fields": ["title", "slug", "section", "published_at"]}),
            ("Text", {"fields": ["lead", "body", "byline"]}),
            (
                "What it is about",
                {
                    "fields": [
                        "meeting",
                        "officials",
                        "countries",
                        "mentioned_officials",
                        "mentioned_countries",
                        "tags",
                    ]
                },
            ),
            ("Image", {"fields": ["image", "image_caption"], "classes": ["collapse"]}),
            ("Workflow", {"fields": workflow}),
            (
                "Record",
                {
                    "fields": ["created_at", "created_by", "updated_at", "updated_by"],
                    "classes": ["collapse"],
                },
            ),
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.request = request
        return form

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("officials", queryset=Official.objects.only("full_name")))
        )

    @admin.display(description="officials")
    def official_names(self, obj):
        return ", ".join(o.full_name for o in obj.officials.all())

    @admin.display(description="status", ordering="status")
    def status_label(self, obj):
        if obj.is_scheduled:
            local = timezone.localtime(obj.published_at)
            return format_html("<strong>Scheduled</strong> for {}", f"{local:%d %b %Y %H:%M}")
        return obj.get_status_display()

    def view_on_site(self, obj):
        # Drafts and scheduled releases have no public page yet: show the preview.
        return obj.get_absolute_url() if obj.is_published() else obj.get_preview_url()

    # Permissions ------------------------------------------------------------

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return services.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if allowed and obj is not None and obj.status != Release.Status.DRAFT:
            # What has been public is withdrawn, not deleted.
            return request.user.is_superuser
        return allowed

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            actions.pop("delete_selected", None)
        return actions

    def has_publish_permission(self, request):
        return services.can_publish(request.user)

    def delete_model(self, request, obj):
        services.release_delete(release=obj)

    def delete_queryset(self, request, queryset):
        for release in queryset:
            services.release_delete(release=release)

    # Saving -----------------------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            with reversion.create_revision():
                reversion.set_user(request.user)
                return super().changeform_view(request, object_id, form_url, extra_context)
        except services.EditConflict as conflict:
            # The save was refused after the form's check had passed, and nothing of it
            # was kept. Show the form again as posted, with the refusal as its error.
            request.edit_conflict = conflict
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        services.release_save(
            release=obj,
            user=request.user,
            expected_version=form.cleaned_data.get("expected_version"),
            change_note=form.cleaned_data.get("change_note", ""),
            is_new=not change,
            # Pressing a workflow button without editing is not an edit.
            log=not change or form.has_changed(),
        )
        reversion.set_comment(
            form.cleaned_data.get("change_note") or ("Edited" if change else "Created")
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Officials, countries and tags are saved only now: index them with the text.
        services.release_index(release=form.instance)
        step = form.workflow_step
        if step:
            release = services.release_transition(
                release=form.instance,
                user=request.user,
                name=step,
                comment=form.cleaned_data.get("workflow_comment", ""),
            )
            form.instance.status = release.status
            messages.info(request, f"“{release}”: {services.TRANSITIONS[step].label.lower()} done.")

    # The edit form's extras ----------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if obj is not None:
            problem = services.preview_link_problem(user=request.user, release=obj)
            context.update(
                transitions=services.available_transitions(release=obj, user=request.user),
                others_here=services.record_presence(release=obj, user=request.user),
                conflict=form.conflict,
                preview_links=list(obj.preview_links.select_related("created_by")),
                preview_url_base=request.build_absolute_uri("/preview/"),
                last_review=obj.events.filter(action=WorkflowEvent.Action.SENT_BACK)
                .select_related("user")
                .first(),
                can_preview_link=problem is None,
                # Why the state of the release stops a link (not a missing right).
                preview_link_refusal=" ".join(problem.messages)
                if isinstance(problem, ValidationError)
                else "",
                can_suggest_links=services.can_edit(request.user, obj),
            )
            for link in context["preview_links"]:
                link.url = request.build_absolute_uri(
                    reverse("releases:preview_link", args=[services.preview_token(link)])
                )
                link.can_revoke = services.can_revoke_preview_link(request.user, link)
        elif add:
            context["transitions"] = [services.TRANSITIONS["submit"]]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/revisions/", wrap(self.revisions_view), name="releases_release_revisions"
            ),
            path(
                "<int:pk>/revisions/<int:version_id>/restore/",
                wrap(self.restore_revision_view),
                name="releases_release_restore_revision",
            ),
            path(
                "<int:pk>/suggest-links/",
                wrap(self.suggest_links_view),
                name="releases_release_suggest_links",
            ),
            path(
                "<int:pk>/suggest-links/apply/",
                wrap(self.apply_links_view),
                name="releases_release_apply_links",
            ),
            path(
                "<int:pk>/preview-links/new/",
                wrap(self.create_preview_link_view),
                name="releases_release_preview_link",
            ),
            path(
                "<int:pk>/preview-links/<int:link_id>/revoke/",
                wrap(self.revoke_preview_link_view),
                name="releases_release_revoke_preview_link",
            ),
        ] + super().get_urls()

    def _release_for(self, request, pk, *, change=False):
        release = get_object_or_404(Release, pk=pk)
        allowed = (
            self.has_change_permission(request, release)
            if change
            else self.has_view_or_change_permission(request, release)
        )
        if not allowed:
            raise PermissionDenied
        return release

    def revisions_view(self, request, pk):
        """Every revision (who, when, what changed), and two of them compared (GET ?a=&b=)."""
        release = self._release_for(request, pk)
        versions = list(services.release_versions(release).select_related("revision__user"))
        contents = {v.pk: services.version_content(v) for v in versions}
        names = related_names(contents.values())
        rows = []
        for i, version in enumerate(versions):
            older = versions[i + 1] if i + 1 < len(versions) else None
            changed = (
                [
                    field_label(k)
                    for k, v in contents[version.pk].items()
                    if v != contents[older.pk].get(k)
                ]
                if older
                else ["First recorded revision"]
            )
            rows.append({"version": version, "changed": changed})
        comparison = None
        ids = {v.pk for v in versions}
        try:
            a, b = int(request.GET.get("a", "")), int(request.GET.get("b", ""))
        except ValueError:
            a = b = None
        if a in ids and b in ids:
            old, new = sorted([a, b])
            comparison = compare_contents(
                readable(contents[old], names), readable(contents[new], names)
            )
        elif "a" in request.GET or "b" in request.GET:
            messages.error(request, "Choose two revisions of this release to compare.")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Revisions of “{release}”",
            "release": release,
            "rows": rows,
            "comparison": comparison,
            "can_restore": self.has_change_permission(request, release),
        }
        return TemplateResponse(request, "admin/releases/release/revisions.html", context)

    def restore_revision_view(self, request, pk, version_id):
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:releases_release_revisions", args=[pk]))
        release = self._release_for(request, pk, change=True)
        version = get_object_or_404(Version.objects.get_for_object(release), pk=version_id)
        try:
            services.release_restore_revision(release=release, version=version, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "The earlier revision is restored, as a new revision.")
        return HttpResponseRedirect(reverse("admin:releases_release_change", args=[pk]))

    def create_preview_link_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:releases_release_change", args=[pk]))
        release = self._release_for(request, pk)
        try:
            link = services.preview_link_create(release=release, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(reverse("admin:releases_release_change", args=[pk]))
        url = request.build_absolute_uri(
            reverse("releases:preview_link", args=[services.preview_token(link)])
        )
        messages.success(
            request,
            format_html(
                "Preview link, valid until {}: <a href='{}'>{}</a>",
                f"{timezone.localtime(link.expires_at):%d %B %Y %H:%M}",
                url,
                url,
            ),
        )
        return HttpResponseRedirect(reverse("admin:releases_release_change", args=[pk]))

    def revoke_preview_link_view(self, request, pk, link_id):
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:releases_release_change", args=[pk]))
        release = self._release_for(request, pk)
        link = get_object_or_404(PreviewLink, pk=link_id, release=release)
        try:
            services.preview_link_revoke(link=link, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "The preview link no longer works.")
        return HttpResponseRedirect(reverse("admin:releases_release_change", args=[pk]))

    # Suggest links ----------------------------------------------------------------

    def _link_text(self, request, release):
        """The title, lead and body posted (the form's current text), else the saved ones."""
        return {
            name: request.POST.get(name, getattr(release, name))[:100_000]
            for name in ("title", "lead", "body")
        }

    def _links_for(self, release, text):
        return Linker.from_database().link(
            **text, published_on=timezone.localtime(release.published_at).date()
        )

    def suggest_links_view(self, request, pk):
        """What the linker finds in the form's text, each offered with a checkbox."""
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:releases_release_change", args=[pk]))
        release = self._release_for(request, pk, change=True)
        text = self._link_text(request, release)
        links = self._links_for(release, text)
        context = {
            **self.admin_site.each_context(request),
            "title": "Suggested links",
            "opts": self.model._meta,
            "release": release,
            "text": text,
            "groups": suggestion_groups(release, links),
            "can_add_people": request.user.has_perm("people.add_official"),
            "unsaved_text": any(text[name] != getattr(release, name) for name in text),
        }
        return TemplateResponse(request, "admin/releases/release/suggest_links.html", context)

    def apply_links_view(self, request, pk):
        """Add the accepted suggestions: the linker runs again on the same text, so only
        what it found can be accepted."""
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:releases_release_change", args=[pk]))
        release = self._release_for(request, pk, change=True)
        links = self._links_for(release, self._link_text(request, release))
        accepted = set(request.POST.getlist("accept"))

        def picked(kind, keys):
            return [key for key in keys if f"{kind}:{key}" in accepted]

        proposals = [p for p in links.proposals if f"person:{p.name}" in accepted]
        # Accepted new people join the meeting as participants; rejected ones do not.
        meeting = links.meeting if "meeting" in accepted else None
        try:
            services.release_link_apply(
                release=release,
                user=request.user,
                officials=picked("official", links.officials),
                mentioned_officials=picked("mentioned_official", links.mentioned_officials),
                countries=picked("country", links.countries),
                mentioned_countries=picked("mentioned_country", links.mentioned_countries),
                organisations=picked("organisation", links.organisations),
                meeting=meeting,
                proposals=proposals,
            )
        except ValidationError as error:
            messages.error(request, "Nothing was linked: " + " ".join(error.messages))
        else:
            messages.success(request, f"Linked {len(accepted)} suggestion(s) to “{release}”.")
        return HttpResponseRedirect(reverse("admin:releases_release_change", args=[pk]))

    # Bulk steps -----------------------------------------------------------------

    def _apply_to_all(self, request, queryset, service, done):
        """Run ``service`` on every selected release, or on none if one fails."""
        try:
            with transaction.atomic():
                for release in queryset:
                    service(release=release, user=request.user)
        except ValidationError as error:
            problem = "; ".join(error.messages)
            messages.error(request, f"Nothing was changed. “{release}”: {problem}")
            return
        messages.success(request, f"{done} {len(queryset)} release(s).")

    @admin.action(description="Publish selected releases", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._apply_to_all(request, queryset, services.release_publish, "Published")

    @admin.action(description="Cancel scheduling of selected releases", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._apply_to_all(request, queryset, services.release_unpublish, "Returned to draft:")


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
        for field in ("officials", "mentioned_officials", "countries", "mentioned_countries")
    }
    tags = {name.lower() for name in release.tags.names()}

    def rows(kind, field, keys, names):
        return [
            {"value": f"{kind}:{key}", "label": str(names[key]), "linked": key in have[field]}
            for key in keys
            if key in names
        ]

    groups = [
        ("Officials it is about", rows("official", "officials", links.officials, officials)),
        (
            "Officials mentioned",
            rows("mentioned_official", "mentioned_officials", links.mentioned_officials, officials),
        ),
        ("Countries it is about", rows("country", "countries", links.countries, countries)),
        (
            "Countries mentioned",
            rows("mentioned_country", "mentioned_countries", links.mentioned_countries, countries),
        ),
        (
            "Organisations (as tags)",
            [
                {"value": f"organisation:{n}", "label": n, "linked": n.lower() in tags}
                for n in links.organisations
            ],
        ),
    ]
    if links.meeting:
        m = links.meeting
        people = [officials[pk].full_name for pk in m.official_ids if pk in officials]
        where = countries[m.host_country_id].name if m.host_country_id in countries else ""
        label = (
            f"{dict(Meeting.Kind.choices)[m.kind]} on {m.date:%d %B %Y}"
            f"{', ' + m.city if m.city else ''}{', ' + where if where else ''}: "
            + ", ".join(people + m.proposal_names)
        )
        groups.append(("Meeting reported", [{"value": "meeting", "label": label, "linked": False}]))
    people_rows = []
    for p in links.proposals:
        country = countries.get(p.country_id)
        people_rows.append(
            {
                "value": f"person:{p.name}",
                "label": f"{p.name} — {'; '.join(p.titles)} ({country or 'country not said'})",
                "linked": False,
                "person": True,
                "disabled": country is None,
            }
        )
    groups.append(("New people (created as officials if accepted)", people_rows))
    return [(label, items) for label, items in groups if items]


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
    return shown


# Compared word by word, showing only the changed passages; other fields side by side.
_WORD_DIFF_FIELDS = {"title", "lead", "body"}


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
            row["changed"] = before != after
        rows.append(row)
    return rows


@admin.register(WorkflowEvent)
class WorkflowEventAdmin(admin.ModelAdmin):
    """The audit trail, read-only: filter by person, by step, or by release."""

    list_display = ["at", "user", "action", "release_link", "comment"]
    list_filter = ["action", ("user", admin.RelatedOnlyFieldListFilter)]
    date_hierarchy = "at"
    search_fields = ["release_title", "comment", "user__username"]
    list_select_related = ["user", "release"]

    @admin.display(description="release", ordering="release_title")
    def release_link(self, obj):
        if obj.release_id is None:
            return obj.release_title
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:releases_release_change", args=[obj.release_id]),
            obj.release_title,
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
