from django.db import models


class SentEmail(models.Model):
    """An email that left, by its idempotency key: a task retried after its
    worker died doesn't send it twice (``core.mail.send_once``)."""

    key = models.CharField(max_length=200, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.key
