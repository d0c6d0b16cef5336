"""Press releases, the sections they appear in, and the meetings they report."""

from releases.models.attachments import (
    Document,
    OfficialPortrait,
    Photo,
    PressContact,
    ReleasePhoto,
    portrait_of,
)
from releases.models.counts import CountedMeeting, CountedRelease, DossierCount, FacetCount
from releases.models.desk import DeskSettings, ReleaseAutosave
from releases.models.history import (
    ChangeNote,
    EditPresence,
    PreviewLink,
    ReleaseRedirect,
    WorkflowEvent,
)
from releases.models.release import Release, ReleaseQuerySet
from releases.models.tagged import TaggedRelease, TagNames
from releases.models.topics import Meeting, Organisation, Section

__all__ = [
    "ChangeNote",
    "Document",
    "OfficialPortrait",
    "Photo",
    "PressContact",
    "ReleasePhoto",
    "CountedMeeting",
    "CountedRelease",
    "DossierCount",
    "DeskSettings",
    "EditPresence",
    "FacetCount",
    "Meeting",
    "Organisation",
    "PreviewLink",
    "Release",
    "ReleaseAutosave",
    "ReleaseQuerySet",
    "ReleaseRedirect",
    "Section",
    "TagNames",
    "TaggedRelease",
    "WorkflowEvent",
    "portrait_of",
]
