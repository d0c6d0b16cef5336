"""What the open release form says to the server on its own (``static/workflow/
autosave.js``, ``presence.js``): its text every few seconds, and that it is still open.
JSON in and out; a request it cannot take is answered with a clear error and changes
nothing."""

import json

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from releases.models import Release
from workflow import autosave, editing


def json_error(message, status):
    return JsonResponse({"error": str(message)}, status=status)


def release_urls(release):
    """The addresses a form needs once its release exists (given by the first autosave
    of a new release, which the form then becomes the edit form of)."""
    pk = release.pk
    return {
        "release": pk,
        "change_url": reverse("admin:releases_release_change", args=[pk]),
        "autosave_url": reverse("admin:releases_release_autosave", args=[pk]),
        "presence_url": reverse("admin:releases_release_presence", args=[pk]),
        "presence_end_url": reverse("admin:releases_release_presence_end", args=[pk]),
        "suggest_links_url": reverse("admin:releases_release_suggest_links", args=[pk]),
        "preview_url": release.get_preview_url(),
    }


def form_config(request, release):
    """What the form's scripts read (``json_script``): where to save, how often, what."""
    config = {
        "autosave_seconds": settings.NEWSROOM_AUTOSAVE_SECONDS,
        "heartbeat_seconds": settings.NEWSROOM_PRESENCE["HEARTBEAT_SECONDS"],
        "fields": list(autosave.AUTOSAVE_FIELDS),
        "autosave_url": reverse("admin:releases_release_autosave_new"),
        "texts": {
            "saved": _("Saved at %(time)s"),
            "offline": _("Not saved: no connection. Your text is kept in this browser."),
            "failed": _("Not saved: %(error)s"),
            "editing": _("%(name)s is editing this release too."),
            "kept": _("Your text of %(time)s was not saved with the release. It is kept for you."),
            "restore": _("Put my text back"),
            "publish_now": _("Publish now"),
            "schedule": _("Schedule for %(when)s"),
            "dismiss": _("Keep the text as saved"),
        },
    }
    if release is not None:
        config.update(release_urls(release))
    kept = autosave.autosave_to_offer(user=request.user, release=release)
    if kept is not None:
        config["kept"] = {"fields": kept.fields, "saved_at": local_time(kept.saved_at)}
    return config


def local_time(moment):
    return dateformat.format(timezone.localtime(moment), "H:i")


def presence_names(others):
    return [p.user.get_full_name() or p.user.get_username() for p in others]


class ReleaseLivePages:
    """The autosave and presence endpoints of the release admin (a ModelAdmin mixin)."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("autosave/", wrap(self.autosave_view), name="releases_release_autosave_new"),
            path("<int:pk>/autosave/", wrap(self.autosave_view), name="releases_release_autosave"),
            path("<int:pk>/presence/", wrap(self.presence_view), name="releases_release_presence"),
            path(
                "<int:pk>/presence/end/",
                wrap(self.presence_end_view),
                name="releases_release_presence_end",
            ),
        ] + super().get_urls()

    def autosave_view(self, request, pk=None):
        """POST {"fields": {name: text}, "expected_version": n}: the form's text."""
        if request.method != "POST":
            return json_error(_("Send the text with POST."), 405)
        try:
            payload = json.loads(request.body or b"null")
        except (ValueError, UnicodeDecodeError):
            return json_error(_("The request is not valid JSON."), 400)
        if not isinstance(payload, dict):
            return json_error(_("Send a JSON object."), 400)
        expected = payload.get("expected_version")
        if expected is not None and (isinstance(expected, bool) or not isinstance(expected, int)):
            return json_error(_("expected_version must be a whole number."), 400)
        release = None
        if pk is not None:
            release = Release.objects.filter(pk=pk).first()
            if release is None:
                return json_error(_("This release no longer exists."), 404)
        try:
            done = autosave.release_autosave(
                user=request.user,
                release=release,
                fields=payload.get("fields"),
                expected_version=expected,
            )
        except PermissionDenied as refused:
            return json_error(refused, 403)
        except ValidationError as invalid:
            return json_error(" ".join(invalid.messages), 400)
        answer = {
            "saved_at": local_time(done.saved_at),
            "into_release": done.into_release,
            "problem": done.problem,
            "conflict": done.conflict,
        }
        if done.release is not None:
            answer.update(release_urls(done.release), version=done.release.version)
        return JsonResponse(answer, status=409 if done.conflict else 200)

    def _open_release(self, request, pk):
        release = Release.objects.filter(pk=pk).first()
        if release is None:
            return None, json_error(_("This release no longer exists."), 404)
        if request.method != "POST":
            return None, json_error(_("Send it with POST."), 405)
        if not self.has_view_or_change_permission(request, release):
            return None, json_error(_("You cannot open this release."), 403)
        return release, None

    def presence_view(self, request, pk):
        """The form's heartbeat: it is still open; who else has this release open."""
        release, refusal = self._open_release(request, pk)
        if refusal:
            return refusal
        others = editing.record_presence(release=release, user=request.user)
        return JsonResponse({"others": presence_names(others)})

    def presence_end_view(self, request, pk):
        """The form was closed (a beacon as its page goes)."""
        release, refusal = self._open_release(request, pk)
        if refusal:
            return refusal
        editing.presence_end(release=release, user=request.user)
        return JsonResponse({"ended": True})
