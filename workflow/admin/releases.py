"""The release admin: the list, the edit form and its workflow steps (its other pages are
in workflow.admin.pages)."""

import reversion
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from releases.models import Release, TaggedRelease
from releases.models.versions import LANGUAGES, column
from safety.admin_widgets import SafeRelatedFieldsMixin
from workflow import editing, rules, transitions
from workflow.admin.attachments import DocumentInline, ReleasePhotoInline
from workflow.admin.form_extras import ReleaseFormExtras
from workflow.admin.forms import ReleaseAdminForm
from workflow.admin.lists import MineFilter, PublicationStateFilter, ReleaseChangeList
from workflow.admin.live import ReleaseLivePages
from workflow.admin.pages import ReleasePages
from workflow.admin.versions import ReleaseVersionPages, version_fieldsets


@admin.register(Release)
class ReleaseAdmin(
    ReleaseFormExtras,
    ReleaseLivePages,
    ReleaseVersionPages,
    ReleasePages,
    SafeRelatedFieldsMixin,
    admin.ModelAdmin,
):
    form = ReleaseAdminForm
    list_display = [
        "title",
        "languages",
        "status_label",
        "published_at",
        "section",
        "official_names",
        "author",
    ]
    list_filter = [
        MineFilter,
        PublicationStateFilter,
        "section",
        ("countries", admin.RelatedOnlyFieldListFilter),
        ("officials", admin.RelatedOnlyFieldListFilter),
        "tags",
    ]
    date_hierarchy = "published_at"
    search_fields = [column(field, lang) for field in ("title", "body") for lang in LANGUAGES]
    inlines = [ReleasePhotoInline, DocumentInline]
    autocomplete_fields = [
        "officials",
        "countries",
        "mentioned_officials",
        "mentioned_countries",
        "meeting",
    ]
    # Each version's address from its title, letters of every alphabet kept.
    prepopulated_fields = {column("slug", lang): [column("title", lang)] for lang in LANGUAGES}
    # The form declares its own tags field (ReleaseAdminForm.tags).
    exclude = ["tags"]
    list_select_related = ["section", "created_by"]
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

    class Media:
        # The versions' fieldsets as tabs; without the script they all stay shown. The
        # form saves itself and says it is open (workflow/admin/live.py); the list and
        # the form are laid out for the work (desk.css); the primary button follows the
        # publication time (primary-step.js).
        js = [
            "workflow/version-tabs.js",
            "workflow/autosave.js",
            "workflow/presence.js",
            "workflow/primary-step.js",
        ]
        css = {"all": ["workflow/version-tabs.css", "workflow/desk.css"]}

    def get_fieldsets(self, request, obj=None):
        workflow = ["status"]
        if obj is not None and obj.status == Release.Status.WITHDRAWN:
            workflow += ["withdrawn_at", "withdrawal_reason"]
        workflow += ["workflow_comment", "expected_version"]
        if obj is not None and obj.status == Release.Status.PUBLISHED:
            workflow.insert(1, "change_note")
        return [
            (None, {"fields": ["primary_language", "section", "published_at", "byline"]}),
            *version_fieldsets(obj),
            (
                _("What it is about"),
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
            (_("Formatting and press contact"), {"fields": ["body_format", "press_contact"]}),
            (_("Workflow"), {"fields": workflow}),
            (
                _("Record"),
                {
                    "fields": ["created_at", "created_by", "updated_at", "updated_by"],
                    "classes": ["collapse"],
                },
            ),
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is not None and not self.has_change_permission(request, obj):
            # Viewing only: the tags are shown read-only, like every other field.
            form.base_fields.pop("tags", None)
        form.request = request
        return form

    def get_object(self, request, object_id, from_field=None):
        release = super().get_object(request, object_id, from_field)
        if release is not None:
            # Read once for the form and for the revision recorded by its save.
            tags = Prefetch("tagged_items", TaggedRelease.objects.select_related("tag"))
            prefetch_related_objects([release], *Release.LINK_FIELDS, tags)
        return release

    def get_changelist(self, request, **kwargs):
        return ReleaseChangeList

    @admin.display(description=gettext_lazy("officials"))
    def official_names(self, obj):
        return ", ".join(o.full_name for o in obj.officials.all())

    @admin.display(description=gettext_lazy("author"), ordering="created_by__username")
    def author(self, obj):
        person = obj.created_by
        return (person.get_full_name() or person.get_username()) if person else "—"

    @admin.display(description=gettext_lazy("status"), ordering="status")
    def status_label(self, obj):
        if obj.is_scheduled:
            local = timezone.localtime(obj.published_at)
            return format_html(
                _("<strong>Scheduled</strong> for {}"), dateformat.format(local, "d M Y H:i")
            )
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
        if request.method in ("GET", "HEAD", "OPTIONS", "TRACE"):
            return super().changeform_view(request, object_id, form_url, extra_context)
        try:
            # Django's changeform_view with the revision inside its one transaction (rather
            # than a transaction around it): one revision, recorded once the edit and its
            # workflow step are saved (save_related).
            with (
                transaction.atomic(using=router.db_for_write(Release)),
                reversion.create_revision(manage_manually=True, atomic=False),
            ):
                reversion.set_user(request.user)
                return self._changeform_view(request, object_id, form_url, extra_context)
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
            label = transitions.TRANSITIONS[step].label.lower()
            messages.info(
                request, _("“%(release)s”: %(step)s done.") % {"release": obj, "step": label}
            )
        else:
            reversion.set_comment(
                form.cleaned_data.get("change_note") or ("Edited" if change else "Created")
            )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The revision holds the release with the links as just saved.
        reversion.add_to_revision(form.instance)

    # Bulk steps -----------------------------------------------------------------

    def _apply_to_all(self, request, queryset, service, done):
        """Run ``service`` on every selected release, or on none if one fails; ``done``
        says what was done to ``%(n)d`` releases."""
        try:
            with transaction.atomic():
                for release in queryset:
                    service(release=release, user=request.user)
        except ValidationError as error:
            problem = "; ".join(error.messages)
            messages.error(
                request,
                _("Nothing was changed. “%(release)s”: %(problem)s")
                % {"release": release, "problem": problem},
            )
            return
        messages.success(request, done % {"n": len(queryset)})

    @admin.action(description=gettext_lazy("Publish selected releases"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        done = ngettext_lazy("Published %(n)d release(s).", "Published %(n)d release(s).", "n")
        self._apply_to_all(request, queryset, transitions.release_publish, done)

    @admin.action(
        description=gettext_lazy("Cancel scheduling of selected releases"), permissions=["publish"]
    )
    def unpublish_selected(self, request, queryset):
        done = ngettext_lazy(
            "Returned to draft: %(n)d release(s).", "Returned to draft: %(n)d release(s).", "n"
        )
        self._apply_to_all(request, queryset, transitions.release_unpublish, done)
