"""What the release's edit form shows beyond its fields: the workflow's state and
buttons (the next step primary), who else has it open, preview links, the versions, and
what its scripts need to save it on their own."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from releases.models import Release, WorkflowEvent
from workflow import editing, previews, rules, transitions
from workflow.admin.live import form_config, presence_names
from workflow.admin.versions import version_rows


class ReleaseFormExtras:
    """The release admin's ``render_change_form`` (a ModelAdmin mixin)."""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if obj is not None:
            problem = rules.preview_link_problem(user=request.user, release=obj)
            steps = transitions.available_transitions(release=obj, user=request.user)
            others = editing.record_presence(release=obj, user=request.user)
            context.update(
                transitions=steps,
                others_here=presence_names(others),
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
                versions=version_rows(request, obj),
            )
            for link in context["preview_links"]:
                link.url = request.build_absolute_uri(
                    reverse("workflow:preview_link", args=[previews.preview_token(link)])
                )
                link.can_revoke = rules.can_revoke_preview_link(request.user, link)
        elif add:
            steps = [transitions.TRANSITIONS["submit"]]
            # Suggest links and the preview wait for the first autosave to create it.
            context.update(transitions=steps, can_suggest_links=True)
        else:
            steps = []
        release = obj if obj is not None else Release()
        primary = rules.primary_step(
            user=request.user, release=release, available=[step.name for step in steps]
        )
        context.update(
            primary_step=transitions.TRANSITIONS.get(primary),
            primary_label=transitions.primary_label(name=primary, release=release),
            other_steps=[step for step in steps if step.name != primary],
            # One way to save, and the workflow's steps: no "Save and add another".
            show_save_and_add_another=False,
        )
        if obj is not None:
            may_write = self.has_change_permission(request, obj)
        else:
            may_write = self.has_add_permission(request)
        if may_write:
            # What the form's scripts need to save it and to say it is open.
            context["form_config"] = form_config(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)
