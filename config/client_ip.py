"""The client's address, as far as the proxies in front of the app vouch for it (issue 16).

Behind the README's proxy every request reaches the app from the proxy's own address, so a lockout
per address would lock everyone out together. Each trusted proxy appends the address it saw to
X-Forwarded-For; with TRUSTED_PROXY_COUNT proxies the client's address is the entry that many from
the end. Anything before it was written by the client and proves nothing. With no trusted proxy
(the default) the header is ignored: a client could otherwise pick any address it liked, and
dodge the lockout with a new one for each guess.

django-axes 8 reads the address through AXES_CLIENT_IP_CALLABLE (django-ipware is not installed,
so without it axes would use REMOTE_ADDR, the proxy's address).
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return remote  # fewer proxies than promised: the header cannot be trusted
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
