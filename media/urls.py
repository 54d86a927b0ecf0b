"""Article URLs made comparable, and source URLs checked before the app fetches them."""

from __future__ import annotations

import base64
import ipaddress
import re
import socket
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from core.errors import ValidationError

_TRACKING = re.compile(r"^(utm_.*|fbclid|gclid|zarsrc|zlsid|mc_cid|mc_eid|_ga|ref_src|ocid)$", re.I)
_GOOGLE_HOSTS = ("news.google.com", "www.google.com", "google.com", "www.google.com.vn", "google.com.vn")
_EMBEDDED_URL = re.compile(rb"https?://[\x21-\x7e]+")
# Most feed links: lower-case host, no port, user, query, fragment or escapes: already
# normal but for the scheme, "www." and a trailing slash.
_PLAIN_URL = re.compile(r"https?://([a-z0-9-]+(?:\.[a-z0-9-]+)*)(/[^?#%\s\\]*)?")


def unwrap_redirect(url: str) -> str:
    """The article behind a Google (News) redirect wrapper, when it can be read offline."""
    if "google." not in url.lower():
        return url
    parts = urlsplit(url)
    if parts.hostname not in _GOOGLE_HOSTS:
        return url
    query = dict(parse_qsl(parts.query))
    for key in ("url", "q", "u"):
        if query.get(key, "").startswith(("http://", "https://")):
            return query[key]
    match = re.search(r"/articles/([A-Za-z0-9_-]+)", parts.path)
    if match:
        token = match.group(1)
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        except (ValueError, TypeError):
            return url
        found = _EMBEDDED_URL.search(raw)
        if found:
            return found.group(0).decode("ascii")
    return url


def normalise_url(url: str | None) -> str | None:
    """Scheme and host lower-cased, default port, tracking parameters, fragment and
    trailing slash dropped, redirect wrappers unwrapped: two links to one article match."""
    if not url:
        return None
    url = unwrap_redirect(url.strip())
    plain = _PLAIN_URL.fullmatch(url)
    if plain:  # what `_normalised` gives for such a URL, without taking it apart
        host = plain[1][4:] if plain[1].startswith("www.") else plain[1]
        return f"https://{host}{(plain[2] or '').rstrip('/')}"
    return _normalised(url)


def _normalised(url: str) -> str:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # e.g. "https://bao.vn:80x/…": kept as it is
        return url
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return url
    host = parts.hostname.lower()
    if host.startswith("www."):
        host = host[4:]
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    query = urlencode(
        sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k))
    )
    path = unquote(parts.path).rstrip("/") or ""
    return urlunsplit(("https", netloc, path, query, ""))


def _is_private(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast or ip.is_unspecified


def check_url(url: str, allowed_hosts: set[str] = frozenset(), resolve: bool = True) -> str:
    """Refuse URLs the server must not fetch: other schemes, localhost, private, loopback,
    link-local and ULA addresses (also when a name resolves to one) — unless an
    administrator allowed the host. Returns the URL, trimmed."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        raise ValidationError("media.error.url_invalid", url=url) from None
    if parts.scheme.lower() not in ("http", "https"):
        raise ValidationError("media.error.url_scheme", url=url)
    if not host:
        raise ValidationError("media.error.url_invalid", url=url)
    if host in allowed_hosts:
        return url
    if host == "localhost" or host.endswith(".localhost") or host.endswith(".local"):
        raise ValidationError("media.error.url_private", url=url, host=host)
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        addresses = []
        if resolve:
            try:
                addresses = [info[4][0] for info in socket.getaddrinfo(host, None)]
            except (socket.gaierror, UnicodeError):
                addresses = []  # unknown name: nothing private to refuse; fetching will fail on its own
    if any(_is_private(a) for a in addresses):
        raise ValidationError("media.error.url_private", url=url, host=host)
    return url
