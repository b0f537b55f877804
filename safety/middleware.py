from django.conf import settings


class PermissionsPolicyMiddleware:
    """Adds a ``Permissions-Policy`` header switching off browser features the
    forum never uses (camera, microphone, geolocation…), so injected or
    embedded code can't ask for them either."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allow)})"
            for feature, allow in settings.SAFETY_PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
