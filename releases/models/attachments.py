"""What a release carries besides its text: photos from the library, documents, and the
press contact readers may call; and the library photo that is an official's portrait."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from imagekit.models import ImageSpecField
from pilkit.processors import ResizeToFit

from releases.renditions import FORMATS, WIDTHS, spec_field
from safety.documents import KINDS, extension, validate_document_upload
from safety.uploads import validate_image_upload


def _renditions():
    return {
        spec_field(width, fmt): ImageSpecField(
            source="image",
            processors=[ResizeToFit(width=width, upscale=False)],
            format=fmt.upper(),
            options={"quality": 82},
        )
        for width in WIDTHS
        for fmt in FORMATS
    }


class Photo(models.Model):
    """A photograph of the library: shown on any number of releases, with its own
    caption, alt text and credit. Public only while a public release shows it."""

    image = models.ImageField(
        _("photo"),
        upload_to="photos/%Y/%m/",
        validators=[validate_image_upload],
        help_text=_("JPEG, PNG or WebP, at least 400 pixels wide, at most 10 MB."),
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_("What the photo shows, for readers who cannot see it."),
    )
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    taken_on = models.DateField(_("date taken"), null=True, blank=True)
    # Derived from the file when it comes (save), so pages know its size without
    # opening it in the storage; 0 while unknown.
    width = models.PositiveIntegerField(_("width"), default=0, editable=False)
    height = models.PositiveIntegerField(_("height"), default=0, editable=False)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.caption or self.image.name.rsplit("/", 1)[-1]

    def save(self, *args, **kwargs):
        if self.image and not getattr(self.image, "_committed", True):
            self.width, self.height = self.image.width, self.image.height
        super().save(*args, **kwargs)

    def rendition(self, width, fmt):
        return getattr(self, spec_field(width, fmt))


for _name, _field in _renditions().items():
    Photo.add_to_class(_name, _field)


class ReleasePhotos:
    """A release's photos (mixed into the model)."""

    @property
    def photo_list(self):
        """The release's photos in their order, the lead photo first: as
        ``selectors.photos_in_order`` prefetched them, else in one query."""
        links = getattr(self, "photo_links", None)
        if links is None:
            links = self.release_photos.select_related("photo").order_by("position", "pk")
        return [link.photo for link in links]

    @property
    def lead_photo(self):
        photos = self.photo_list
        return photos[0] if photos else None

    @property
    def gallery(self):
        return self.photo_list[1:]


class ReleasePhoto(models.Model):
    """A photo shown on a release, in its place: the first is the lead photo, the others
    the gallery."""

    release = models.ForeignKey(
        "releases.Release", on_delete=models.CASCADE, related_name="release_photos"
    )
    photo = models.ForeignKey(
        Photo, verbose_name=_("photo"), on_delete=models.PROTECT, related_name="uses"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("photo of the release")
        verbose_name_plural = _("photos of the release (the first is the lead photo)")
        constraints = [
            models.UniqueConstraint(fields=["release", "photo"], name="release_photo_once")
        ]

    def __str__(self):
        return str(self.photo)


class OfficialPortrait(models.Model):
    """An official's portrait: a photo of the library, with its renditions. Kept here, as
    ``people`` sits below ``releases`` and an official cannot name a library photo
    itself. Public exactly while the official is (``people_selectors.public_officials``)."""

    official = models.OneToOneField(
        "people.Official",
        verbose_name=_("official"),
        on_delete=models.CASCADE,
        related_name="portrait",
    )
    photo = models.ForeignKey(
        Photo,
        verbose_name=_("portrait"),
        on_delete=models.PROTECT,
        related_name="portraits",
        help_text=_("A photo of the library; its alt text names the official."),
    )

    class Meta:
        verbose_name = _("portrait")
        # One per official: the heading of the official's page reads in the singular.
        verbose_name_plural = _("portrait")

    def __str__(self):
        return str(self.photo)


def portrait_of(official):
    """The library photo that is ``official``'s portrait, or None: no query when the
    officials were read with ``people_selectors.with_portraits``."""
    try:
        return official.portrait.photo
    except OfficialPortrait.DoesNotExist:
        return None


class Document(models.Model):
    """A PDF or office file attached to a release (a speech, a joint statement):
    downloadable only while the release is public."""

    release = models.ForeignKey(
        "releases.Release", on_delete=models.CASCADE, related_name="documents"
    )
    file = models.FileField(
        _("file"),
        upload_to="documents/%Y/%m/",
        validators=[validate_document_upload],
        help_text=_("PDF, Word, Excel, PowerPoint or OpenDocument, at most 25 MB."),
    )
    title = models.CharField(_("title"), max_length=300)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Derived: the page shows the size without asking the storage.
        if self.file:
            self.size = self.file.size
        super().save(*args, **kwargs)

    @property
    def kind(self):
        """(MIME type, the name readers know the kind by)."""
        return KINDS.get(extension(self.file.name), ("application/octet-stream", ""))

    @property
    def content_type(self):
        return self.kind[0]

    @property
    def kind_name(self):
        return self.kind[1]


class PressContact(models.Model):
    """Someone of the press office whom journalists may call about a release."""

    name = models.CharField(pgettext_lazy("press contact", "name"), max_length=200)
    role = models.CharField(pgettext_lazy("press contact", "role"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("press contact")
        verbose_name_plural = _("press contacts")

    def __str__(self):
        return f"{self.name}, {self.role}" if self.role else self.name
