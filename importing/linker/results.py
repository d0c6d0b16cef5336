"""What the linker finds in a release."""

import datetime
from dataclasses import dataclass, field

from django.utils.text import slugify


@dataclass
class Found:
    kind: str  # "official", "country" or "organisation"
    key: object  # official id, country id or organisation name
    start: int
    end: int
    strength: int  # 2: a full name or country name; 1: a surname alone


@dataclass
class Proposal:
    """A person the text introduces who is not (yet) a known official."""

    name: str
    titles: list  # the positions of the fullest introduction
    country_id: int | None
    start: int = 0
    phrases: list = field(default_factory=list)  # every introduction's positions
    words: str = ""  # the words of the text that introduce them

    @property
    def slug(self):
        return slugify(self.name)


@dataclass
class MeetingSuggestion:
    date: datetime.date
    official_ids: list
    proposal_names: list
    host_country_id: int | None
    city: str
    kind: str
    sentence: str = ""


@dataclass
class Links:
    """What the linker found in one release."""

    officials: list = field(default_factory=list)  # ids, the release is about them
    mentioned_officials: list = field(default_factory=list)
    countries: list = field(default_factory=list)  # ids, the release is about them
    mentioned_countries: list = field(default_factory=list)
    organisations: list = field(default_factory=list)  # tag names
    meeting: MeetingSuggestion | None = None
    proposals: list = field(default_factory=list)  # Proposal, new people
    titles: dict = field(default_factory=dict)  # official id -> positions the text gives
    # Names of the new people (proposals) taking part in what the release reports.
    participant_names: list = field(default_factory=list)
    # {link field: {id or name: the words of the text that gave the link}}; fields as
    # above, and "proposals" for new people (by name).
    evidence: dict = field(default_factory=dict)
