"""English dates and numbers in their British form, as the press office writes them."""

from django.conf.locale.en_GB.formats import *  # noqa: F403
