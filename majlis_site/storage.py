"""Uploaded files in an S3-compatible bucket, for several servers sharing the work.

The bucket stays private: every file is still served by ``majlis_site.media``, which
gives a file to the public only while a public page shows it. So a file's address is
the site's own ``MEDIA_URL`` + name, never a link into the bucket (signed or not), which
would outlive a release's withdrawal and bypass that check.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


class PrivateBucketStorage(S3Storage):
    """django-storages' S3 storage, with the site's media addresses."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name))
