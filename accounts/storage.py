from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="accounts.storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    """Files that must never be public (clinicians' proof documents): no URL,
    a folder outside static/ and media/, read from settings on each use so
    tests can point it at a temporary folder."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return str(Path(settings.PRIVATE_MEDIA_ROOT).resolve())

    def url(self, name):
        raise ValueError("Private files have no public URL.")


private_storage = PrivateStorage()
