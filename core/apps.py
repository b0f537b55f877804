from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Pieces every app uses and that know no domain: the markup module (the
    only place user text becomes HTML), rate limits, the page cache,
    keyset pagination and per-object links."""

    name = "core"

    def ready(self) -> None:
        from django.urls import register_converter

        from .converters import IdConverter

        register_converter(IdConverter, "id")
