from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self):
        from django.db.backends.signals import connection_created

        from search import derived
        from search.terms import register_fold

        derived.connect()
        # SQLite search compares text through search.terms.fold, as an SQL function.
        connection_created.connect(register_fold, dispatch_uid="search.register_fold")
