"""The client's address, as the app server can trust it.

Behind a load balancer every request comes from the balancer's address
(``REMOTE_ADDR``); the client is in ``X-Forwarded-For``, which anyone can
also write. ``DJANGO_TRUSTED_PROXIES`` says how many proxies of ours stand in
front of the app: the address that many hops from the right of the header is
the one our first proxy saw. With 0 (the default, no proxy) the header is
ignored. Read with django-ipware."""

from django.conf import settings
from ipware import get_client_ip


def client_ip(request) -> str:
    if request is None:
        return ""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return request.META.get("REMOTE_ADDR", "")
    ip, _routable = get_client_ip(
        request,
        proxy_order="right-most",
        proxy_count=proxies,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
    )
    return ip or request.META.get("REMOTE_ADDR", "")
