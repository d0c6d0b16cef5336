"""Which renderer answers: JSON, unless the address asks for the browsable page.

The page cache (public/caching.py) keeps an answer under its address alone, so the
answer may depend on nothing else: ``Accept`` is not read, ``?format=api`` is.
"""

from rest_framework.negotiation import DefaultContentNegotiation


class ByAddressOnly(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        format_query_param = self.settings.URL_FORMAT_OVERRIDE
        if format_suffix or request.query_params.get(format_query_param):
            return super().select_renderer(request, renderers, format_suffix)
        return renderers[0], renderers[0].media_type
