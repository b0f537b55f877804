"""Where clinicians' proof documents live.

The model field's storage is ``PrivateStorage``, a thin front that hands
every call to ``STORAGES["private"]`` as configured at that moment: the
local folder ``PRIVATE_MEDIA_ROOT`` by default (one node, development,
tests), or an S3-compatible bucket through django-storages when
``DJANGO_S3_BUCKET`` is set (several app nodes). Either way the files have
no public URL: moderators download them through the app
(``moderation.clinician_views.application_proof``).
"""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils.deconstruct import deconstructible


def _no_url(name):
    raise ValueError("Private files have no public URL.")


@deconstructible(path="accounts.storage.LocalPrivateStorage")
class LocalPrivateStorage(FileSystemStorage):
    """The embedded default: a folder outside static/ and media/, read from
    settings on each use so tests can point it at a temporary folder."""

    def __init__(self, **kwargs):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return str(Path(settings.PRIVATE_MEDIA_ROOT).resolve())

    url = staticmethod(_no_url)


@deconstructible(path="accounts.storage.PrivateStorage")
class PrivateStorage(Storage):
    """The field's storage: each call goes to the configured private backend.

    Keeping the backend choice out of the model means no migration when a
    deployment moves from the local folder to a bucket."""

    @property
    def backend(self) -> Storage:
        return storages["private"]

    def _open(self, name, mode="rb"):
        return self.backend.open(name, mode)

    def save(self, name, content, max_length=None):
        return self.backend.save(name, content, max_length=max_length)

    def generate_filename(self, filename):
        return self.backend.generate_filename(filename)

    def get_available_name(self, name, max_length=None):
        return self.backend.get_available_name(name, max_length=max_length)

    def delete(self, name):
        self.backend.delete(name)

    def exists(self, name):
        return self.backend.exists(name)

    def size(self, name):
        return self.backend.size(name)

    def listdir(self, path):
        return self.backend.listdir(path)

    def path(self, name):
        return self.backend.path(name)

    url = staticmethod(_no_url)


private_storage = PrivateStorage()
