"""Releases shown before publication: to staff, and by a preview link."""

from django.urls import path

from workflow import preview_pages

app_name = "workflow"

urlpatterns = [
    path(
        "releases/<int:pk>/preview/",
        preview_pages.ReleasePreviewView.as_view(),
        name="release_preview",
    ),
    path("preview/<str:token>/", preview_pages.PreviewLinkView.as_view(), name="preview_link"),
]
