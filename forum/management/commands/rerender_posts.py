"""Render every stored post again from its source with today's markup rules.

Posts are rendered once, when written or edited (``core.markup.render``), and
the HTML is stored. When the rules change (a new reputable source in
``CARETHREAD_REPUTABLE_SOURCES``, a sanitizer update), older posts keep the
HTML of their day until this runs. Only posts whose HTML changes are written;
their threads' cached pages are bumped. Safe to run again and to interrupt."""

from django.core.management.base import BaseCommand
from django.db import transaction

from core import markup
from forum import cache
from forum.models import Post


class Command(BaseCommand):
    help = (
        "Render stored posts again from their source (after a change to the "
        "markup rules or the list of reputable sources)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=500)

    def handle(self, *args, batch: int, **options):
        last, changed, seen, failed = 0, 0, 0, 0
        while True:
            rows = list(
                Post.objects.filter(pk__gt=last)
                .order_by("pk")
                .values_list("pk", "thread_id", "source", "html")[:batch]
            )
            if not rows:
                break
            last = rows[-1][0]
            seen += len(rows)
            with transaction.atomic():
                for pk, thread_id, source, html in rows:
                    try:
                        fresh = markup.render(source) if source else ""
                    except Exception as exc:  # noqa: BLE001 - one post, not the run
                        # Stored before today's limits, say: keep its HTML.
                        self.stderr.write(f"post {pk}: not rendered again ({exc})")
                        failed += 1
                        continue
                    if fresh != html:
                        # update(): not a member's edit, so no edited mark.
                        Post.objects.filter(pk=pk, source=source).update(html=fresh)
                        cache.bump_thread(thread_id)
                        changed += 1
        self.stdout.write(
            f"Rendered {seen} post(s); {changed} changed, {failed} kept as they were."
        )
