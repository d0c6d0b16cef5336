"""Month names as a date writes them, Django's ``E``: "28 mart 2022", "28 марта 2022".

Django's Azerbaijani catalog capitalises them (Mart); Azerbaijani writes a month in a
date in lower case, as the press office's releases do. These are Django's own messages
(``django.utils.dates.MONTHS_ALT``), repeated here so that ``makemessages`` puts them
in the newsroom's catalogs, which Django reads before its own (``LOCALE_PATHS``).
"""

from django.utils.translation import pgettext_lazy

MONTHS_ALT = {
    1: pgettext_lazy("alt. month", "January"),
    2: pgettext_lazy("alt. month", "February"),
    3: pgettext_lazy("alt. month", "March"),
    4: pgettext_lazy("alt. month", "April"),
    5: pgettext_lazy("alt. month", "May"),
    6: pgettext_lazy("alt. month", "June"),
    7: pgettext_lazy("alt. month", "July"),
    8: pgettext_lazy("alt. month", "August"),
    9: pgettext_lazy("alt. month", "September"),
    10: pgettext_lazy("alt. month", "October"),
    11: pgettext_lazy("alt. month", "November"),
    12: pgettext_lazy("alt. month", "December"),
}
