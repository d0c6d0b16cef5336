"""Finding what a release is about in its text.

``Linker`` knows every official, country and organisation by all the names
releases use for them, in each language, and finds them in an English text in one
pass of an Aho-Corasick automaton (``pyahocorasick``), in an Azerbaijani or Russian
one by the stems of the names whatever their endings (``forms.py``); either way the
cost of a text does not grow with the number of names known. On top of the names it
reads:

- new people, from the way releases introduce them ("Chairman of the Senate
  of the Kazakh Parliament Maulen Ashimbayev"), as proposals with position and
  country for a person to confirm;
- the meeting reported: the first sentence where people meet, its date
  ("on 28 March", the year taken from the release), participants (also those of the
  sentences where people take part: "The delegation included MPs …") and place;
- names of many shapes (particles, initials, two given names, any Latin letters),
  known officials spelt another way (``rapidfuzz``), members listed after a group noun,
  the press service that wrote the release (its signature), people only quoted, and new
  people in Russian texts put in the nominative (``pymorphy3``).

Each link keeps the words of the text that gave it (``Links.evidence``), shown in
"Suggest links".

Countries a release is *about* are those of the meeting's participants (or,
without a meeting, of the officials it names); any other country found is
only *mentioned*. The linker reads the database once, when built, and never
writes to it.
"""

from importing.linker.core import Linker
from importing.linker.results import Found, Links, MeetingSuggestion, Proposal

__all__ = ["Found", "Linker", "Links", "MeetingSuggestion", "Proposal"]
