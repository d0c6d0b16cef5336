"""Path converters for date archives: fixed-width digits, in a sane range.

Years are limited to 1900–2100 so that archive arithmetic (the day after
31 December 9999, the month before January 0001) can never overflow; an
address outside the range simply does not match and answers 404.
"""


class FourDigitYearConverter:
    regex = "[0-9]{4}"

    def to_python(self, value):
        if not 1900 <= int(value) <= 2100:
            raise ValueError("year out of range")
        return value

    def to_url(self, value):
        return f"{int(value):04d}"


class TwoDigitConverter:
    regex = "[0-9]{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return f"{int(value):02d}"


class TagSlugConverter:
    """Addresses that keep Azerbaijani and Russian letters: tags ("şuşa"), and releases'
    versions in those languages."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
