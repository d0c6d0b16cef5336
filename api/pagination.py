"""Cursor pagination: a page is found from the last row of the one before, by the index,
however deep (no count, no offset)."""

from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class NewestFirst(Cursor):
    ordering = ("-published_at", "-pk")


class LatestMeetingsFirst(Cursor):
    ordering = ("-date", "-pk")


class BySlug(Cursor):
    ordering = ("slug",)


class ByCode(Cursor):
    ordering = ("code",)
