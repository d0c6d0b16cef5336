"""The release admin: writing, workflow steps, revisions, preview links, suggested links."""

import reversion
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ImageField, Prefetch, prefetch_related_objects
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from reversion.models import Version

from importing.linker import Linker
from people.models import Official
from releases.models import PreviewLink, Release, WorkflowEvent
from safety.admin_widgets import SafeRelatedFieldsMixin
from safety.uploads import ImageUploadField
from workflow import editing, linking, previews, revisions, rules, transitions
from workflow.admin.compare import compare_contents, readable, related_names
from workflow.admin.forms import ReleaseAdminForm, field_label
from workflow.admin.suggestions import suggestion_groups


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


class ReleaseChangeList(ChangeList):
    """The list of releases, with each row's officials read in one query."""

    def get_queryset(self, request, exclude_parameters=None):
        return (
            super()
            .get_queryset(request, exclude_parameters)
            .prefetch_related(Prefetch("officials", queryset=Official.objects.only("full_name")))
        )


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

    def get_object(self, request, object_id, from_field=None):
        release = super().get_object(request, object_id, from_field)
        if release is not None:
            # Read once for the form and for the revision recorded by its save.
            prefetch_related_objects([release], *Release.LINK_FIELDS)
        return release

    def get_changelist(self, request, **kwargs):
        return ReleaseChangeList

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
        return rules.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return super().has_delete_permission(request)
        return rules.can_delete(request.user, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            actions.pop("delete_selected", None)
        return actions

    def has_publish_permission(self, request):
        return rules.can_publish(request.user)

    def delete_model(self, request, obj):
        editing.release_delete(release=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for release in queryset:
            editing.release_delete(release=release, user=request.user)

    # Saving -----------------------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            # One revision, recorded once the edit and its workflow step are saved.
            with reversion.create_revision(manage_manually=True):
                reversion.set_user(request.user)
                return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as refused:
            # The save was refused after the form's checks had passed, and nothing of it
            # was kept. Show the form again as posted, with the refusal as its error.
            request.save_refused = refused
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        step = form.workflow_step
        step_comment = form.cleaned_data.get("workflow_comment", "")
        editing.release_save(
            release=obj,
            user=request.user,
            expected_version=form.cleaned_data.get("expected_version"),
            change_note=form.cleaned_data.get("change_note", ""),
            is_new=not change,
            # Pressing a workflow button without editing is not an edit.
            log=not change or form.has_changed(),
            step=step,
            step_comment=step_comment,
        )
        if step:
            reversion.set_comment(transitions.revision_comment(name=step, comment=step_comment))
            messages.info(request, f"“{obj}”: {transitions.TRANSITIONS[step].label.lower()} done.")
        else:
            reversion.set_comment(
                form.cleaned_data.get("change_note") or ("Edited" if change else "Created")
            )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The revision holds the release with the links as just saved.
        reversion.add_to_revision(form.instance)

    # The edit form's extras ----------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if obj is not None:
            problem = rules.preview_link_problem(user=request.user, release=obj)
            context.update(
                transitions=transitions.available_transitions(release=obj, user=request.user),
                others_here=editing.record_presence(release=obj, user=request.user),
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
                can_suggest_links=rules.can_edit(request.user, obj),
            )
            for link in context["preview_links"]:
                link.url = request.build_absolute_uri(
                    reverse("workflow:preview_link", args=[previews.preview_token(link)])
                )
                link.can_revoke = rules.can_revoke_preview_link(request.user, link)
        elif add:
            context["transitions"] = [transitions.TRANSITIONS["submit"]]
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
        versions = list(revisions.release_versions(release).select_related("revision__user"))
        contents = {v.pk: revisions.version_content(v) for v in versions}
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
            revisions.release_restore_revision(release=release, version=version, user=request.user)
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
            link = previews.preview_link_create(release=release, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(reverse("admin:releases_release_change", args=[pk]))
        url = request.build_absolute_uri(
            reverse("workflow:preview_link", args=[previews.preview_token(link)])
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
            previews.preview_link_revoke(link=link, user=request.user)
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
            linking.release_link_apply(
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
        self._apply_to_all(request, queryset, transitions.release_publish, "Published")

    @admin.action(description="Cancel scheduling of selected releases", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._apply_to_all(request, queryset, transitions.release_unpublish, "Returned to draft:")
