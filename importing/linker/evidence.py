"""Why the linker links: the words of the text behind each link, and who is only quoted."""


class EvidenceReading:
    """Part of ``Linker``: what each link rests on."""

    def _quoted(self, text, mentions, introductions, proposals):
        """{("official", start of a mention) | ("person", proposal name)}: the people named
        only as quoted or in passing ("As President of Uzbekistan … said", "the greetings of
        Speaker …"), told by the words before their position or name."""
        title_at = {intro.start: intro.title_start for intro in introductions}
        passive = {
            ("official", start)
            for _, start, end in mentions
            if self._passive(text, title_at.get(start, start), end)
        }
        for proposal in proposals:
            ways = [i for i in introductions if i.name == proposal.name]
            if ways and all(self._passive(text, i.title_start, i.end) for i in ways):
                passive.add(("person", proposal.name))
        return passive

    def _evidence(self, text, links, mentions, found, introductions):
        """{link field: {key: words}}: for an official, how the text names them (with their
        position when it gives one); for a country the release is about, the words naming
        the person whose country it is; for a country mentioned or an organisation, its
        name as written; for a new person, their introduction."""
        by_name = {intro.start: intro for intro in introductions}
        words = {}
        for pk, start, end in mentions:
            intro = by_name.get(start)
            said = text[intro.title_start : end] if intro else text[start:end]
            if pk not in words or (intro and len(said) > len(words[pk])):
                words[pk] = said
        proposals = {p.name: p.words or p.name for p in links.proposals}
        named = {}
        for f in found:
            if f.kind in ("country", "organisation"):
                named.setdefault((f.kind, f.key), text[f.start : f.end])
        countries = {}
        for pk in links.officials:
            countries.setdefault(self.officials[pk][1], words.get(pk, ""))
        for p in links.proposals:
            if p.name in links.participant_names and p.country_id:
                countries.setdefault(p.country_id, proposals[p.name])
        return {
            "officials": {pk: words.get(pk, "") for pk in links.officials},
            "mentioned_officials": {pk: words.get(pk, "") for pk in links.mentioned_officials},
            "countries": {
                c: countries.get(c) or named.get(("country", c), "") for c in links.countries
            },
            "mentioned_countries": {
                c: named.get(("country", c), "") for c in links.mentioned_countries
            },
            "organisations": {n: named.get(("organisation", n), n) for n in links.organisations},
            "proposals": proposals,
        }
