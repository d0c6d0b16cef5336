"""Who the people a text introduces are: known officials, officials spelt another way,
or new people (proposals) with the country they serve."""

import re

from importing.linker.results import Found, Proposal
from importing.linker.words import _fuller

POSITION_AFTER = re.compile(
    r"(?P<surname>[^\W\d_][\w’'-]+),\s+(?:a|an|the)\s+(?P<title>(?:member|head|chair\w*|"
    r"deputy|senator|speaker|leader|minister|ambassador|president)\b[^,;.]{3,100}),"
)


class IntroductionReading:
    """Part of ``Linker``: the people introduced, told apart from the officials known."""

    def _respelt(self, found, names):
        """Known officials a text spells another way ("Maulem Dzhaksybekov"), among the
        ``names`` (name, start, end) where no known name was found."""
        # A surname alone found inside the name does not keep its full form from being read.
        taken = [(f.start, f.end) for f in found if f.kind == "official" and f.strength == 2]
        respelt = []
        for name, start, end in names:
            if any(s < end and start < e for s, e in taken):
                continue
            pk = self._spellings.find(name)
            if pk is not None:
                respelt.append(Found("official", pk, start, end, 2))
        return respelt

    def _introductions(self, text, introductions, mentions, home):
        """``({official id: positions}, [Proposal])``: the people ``text`` introduces
        (``introductions``), the known ones told by where they are named (``mentions``);
        a proposal's country is the one said after its name, else its positions'."""
        titles, proposals, said = {}, {}, {}
        for intro in introductions:
            known = next((pk for pk, s, e in mentions if s <= intro.start < e), None)
            if known is not None:
                titles[known] = _fuller(titles.get(known, []), intro.titles)
                continue
            proposal = proposals.get(intro.name)
            if proposal is None:
                proposal = proposals[intro.name] = Proposal(intro.name, [], None, intro.start)
                proposal.words = text[intro.title_start : intro.end]
            proposal.phrases.append(intro.titles)
            proposal.titles = _fuller(proposal.titles, intro.titles)
            if intro.country_id is not None:
                said.setdefault(intro.name, intro.country_id)
        for proposal in proposals.values():
            proposal.country_id = said.get(proposal.name) or self._country_of(
                [t for p in proposal.phrases for t in p], text, proposal.start, home
            )
        self._joined_countries(text, introductions, mentions, proposals, said)
        self._positions_after(text, proposals)
        return titles, list(proposals.values())

    def _positions_after(self, text, proposals):
        """Positions written after a new person's name, between commas ("Mr Šimeček, a
        member of the Czech Chamber of Deputies, said"): added to theirs, and their country
        when the others gave none."""
        by_surname = {p.name.split()[-1]: p for p in proposals.values()}
        if not any(f"{surname}," in text for surname in by_surname):
            return
        for match in POSITION_AFTER.finditer(text):
            proposal = by_surname.get(match["surname"])
            if proposal is None:
                continue
            title = match["title"][:1].upper() + match["title"][1:]
            proposal.phrases.append([title])
            if proposal.country_id is None:
                proposal.country_id = self._country_in(title)

    def _joined_countries(self, text, introductions, mentions, proposals, said):
        """A person of a position of no body's name joined to the one before ("Member of
        the House of Representatives of the United States Robert J. McAllister and Senator
        Elizabeth Ann O'Connor") serves the same country."""
        known = {s: pk for pk, s, _ in mentions}
        previous = None
        for intro in introductions:
            proposal = proposals.get(intro.name)
            if intro.start in known:
                country = self.officials[known[intro.start]][1]
            elif proposal is not None:
                if (
                    previous is not None
                    and intro.name not in said
                    and self._generic(intro.titles)
                    and re.fullmatch(r"\s*(?:,\s*)?and\s+", text[previous[0] : intro.title_start])
                ):
                    proposal.country_id = previous[1]
                country = proposal.country_id
            else:
                country = None
            previous = (intro.end, country)
