"""The staff admin. Django's autodiscovery imports this package; each module registers its part."""

from workflow.admin import attachments, content, desk, portraits, releases, tags  # noqa: F401
