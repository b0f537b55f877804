"""Rebuild the search index from scratch, e.g. after loading data with
``loaddata`` or raw SQL, which bypass the services that keep it in step.

    python manage.py search_rebuild
"""

from django.core.management.base import BaseCommand

from search import index


class Command(BaseCommand):
    help = "Re-index every visible thread for search."

    def handle(self, *args, **options):
        count = index.rebuild_all()
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} threads."))
