"""Response headers that tell the browser what a page may do (issue 16).

- Content-Security-Policy: django-csp's middleware, from settings.CONTENT_SECURITY_POLICY: only
  this site's own scripts, styles, images and fonts, no inline script or style, no plugins, never
  framed, forms post only here.
- Permissions-Policy: this middleware; the app needs none of the browser's powerful features, so
  every one a page could ask for is denied to it and to anything it embeds.
- Referrer-Policy, X-Content-Type-Options, X-Frame-Options: Django's own middleware and settings.

`protect` adds the same headers to a response made before those middlewares run (the 413 of
config/limits.py, which comes first so that nothing reads a body before it).
"""

from csp.utils import build_policy
from django.conf import settings

DENIED_FEATURES = (
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "encrypted-media",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in DENIED_FEATURES)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


def protect(response):
    response.headers.setdefault("Content-Security-Policy", build_policy())
    response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    response.headers.setdefault("Referrer-Policy", settings.SECURE_REFERRER_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
    return response
