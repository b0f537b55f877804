"""Path converters. ``<id:pk>`` is ``<int:pk>`` bounded to what a database
id can hold (18 digits), so "/t/99999999999999999999999/" is a 404 at the
router instead of an overflow in the database driver."""

from django.urls.converters import IntConverter


class IdConverter(IntConverter):
    regex = "[0-9]{1,18}"
