from django.apps import AppConfig


class ReleasesConfig(AppConfig):
    name = "releases"
    verbose_name = "Press releases"

    def ready(self):
        from django.db.backends.signals import connection_created

        from releases.search import register_fold

        # SQLite search compares text through releases.search.fold, as SQL function.
        connection_created.connect(register_fold, dispatch_uid="releases.register_fold")
