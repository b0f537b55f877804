from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and scale data: ``seed_demo`` (a small forum to try every journey)
    and ``seed_scale`` (a large generated one for load tests)."""

    name = "demo"
    verbose_name = "Demo data"
