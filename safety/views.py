from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from core.clientip import client_ip

from . import resources, services
from .forms import ContactForm


def crisis(request):
    """Crisis resources: shown to authors whose post suggests they may be at
    risk, and linked from every page."""
    country = resources.country_for(request)
    post_id = request.GET.get("post", "")
    post_id = int(post_id) if post_id.isdigit() and len(post_id) < 19 else None
    post_url = reverse("forum:post_detail", args=[post_id]) if post_id else None
    return render(
        request,
        "safety/crisis.html",
        {
            "country": country,
            "country_name": resources.country_name(country),
            "local": resources.for_country(country),
            "international": resources.for_country("default"),
            "countries": resources.countries(),
            "post_id": post_id,
            "post_url": post_url,
        },
    )


def contact(request):
    # ?topic=moderation (from a hidden post's notice) chooses the topic.
    topic = request.GET.get("topic", "")
    initial = {"topic": topic} if topic in dict(ContactForm.TOPICS) else {}
    form = ContactForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.contact_message_send(
            user=request.user,
            ip=client_ip(request),
            email=form.cleaned_data.get("email", ""),
            name=form.cleaned_data.get("name", ""),
            topic=form.cleaned_data["topic"],
            topic_label=form.topic_label(),
            message=form.cleaned_data["message"],
        )
        messages.success(
            request,
            _(
                "Thank you. Your message is with the moderators; they usually reply "
                "within a few days."
            ),
        )
        return redirect("safety:contact")
    return render(request, "safety/contact.html", {"form": form})


@require_GET
@cache_control(max_age=86400, public=True)
def security_txt(request):
    """RFC 9116: where to report a security problem."""
    expires = settings.SAFETY_SECURITY_TXT_EXPIRES or (
        timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
        + timedelta(days=180)
    ).strftime("%Y-%m-%dT%H:%M:%SZ")
    lines = [
        f"Contact: {settings.SAFETY_SECURITY_CONTACT}",
        f"Expires: {expires}",
        f"Preferred-Languages: {settings.SAFETY_SECURITY_TXT_LANGUAGES}",
        f"Canonical: {settings.SITE_URL.rstrip('/')}/.well-known/security.txt",
    ]
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )
