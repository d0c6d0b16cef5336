"""Signed, expiring addresses of an unpublished release's photos and documents, for the
pages that show such a release before it is public (previews, preview links).

The media view (majlis_site/media.py) serves a file that no public page shows only to
staff, or with a signature made here for that very file name that has not expired
(``NEWSROOM_PREVIEW_MEDIA_SECONDS``). A signature names one file: it opens no other.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core import signing

SALT = "releases.preview-media"
PARAMETER = "signature"


def signed_url(file):
    """``file``'s address with a signature for its name (a stored file, a rendition)."""
    token = signing.TimestampSigner(salt=SALT).sign(file.name).rsplit(":", 2)
    # Only the timestamp and the signature travel: the name is the address itself.
    return f"{file.url}?{urlencode({PARAMETER: ':'.join(token[-2:])})}"


def signature_valid(name, token):
    """Whether ``token`` was made by ``signed_url`` for ``name`` and has not expired."""
    if not token or not isinstance(token, str):
        return False
    try:
        signing.TimestampSigner(salt=SALT).unsign(
            f"{name}:{token}", max_age=settings.NEWSROOM_PREVIEW_MEDIA_SECONDS
        )
    except signing.BadSignature:
        return False
    return True
