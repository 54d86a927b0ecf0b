"""Article URLs made comparable, and source URLs checked before the app fetches them."""

from __future__ import annotations

import base64
import ipaddress
import re
import socket
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

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


def web_url(url: str | None) -> str | None:
    """`url` if it is an http(s) address with a host, else None: the only links stored for
    an article (a feed item's `javascript:`, `data:` or `file:` link is dropped)."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.hostname else None


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
    path = _decoded_path(parts.path).rstrip("/") or ""
    return urlunsplit(("https", netloc, path, query, ""))


# Decoding these would change what the path says: a new escape, a query, a fragment.
_KEEP_ENCODED = {"%": "%25", "?": "%3F", "#": "%23"}


def _decoded_path(path: str) -> str:
    """The path with its escapes decoded once, except the characters that would then mean
    something else (and white space or controls, which a URL's ends lose), which stay
    escaped: decoding the result again changes nothing."""
    return "".join(
        _KEEP_ENCODED.get(c) or (quote(c) if c.isspace() or not c.isprintable() else c) for c in unquote(path)
    )


# IANA special-purpose address registries (IPv4 and IPv6), whatever their "globally
# reachable" column says: a feed server never lives in one. `is_global` covers most of them
# already; the list keeps the rule independent of the Python version.
_SPECIAL_V4 = tuple(
    ipaddress.IPv4Network(n)
    for n in (
        "0.0.0.0/8",  # "this network"
        "10.0.0.0/8",
        "100.64.0.0/10",  # carrier-grade NAT (and cloud metadata services behind it)
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.0.0.0/24",  # IETF protocol assignments
        "192.0.2.0/24",
        "192.31.196.0/24",  # AS112
        "192.52.193.0/24",  # AMT
        "192.88.99.0/24",  # 6to4 relay anycast
        "192.168.0.0/16",
        "192.175.48.0/24",  # AS112 direct delegation
        "198.18.0.0/15",  # benchmarking
        "198.51.100.0/24",
        "203.0.113.0/24",
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, and the broadcast address
    )
)
_SPECIAL_V6 = tuple(
    ipaddress.IPv6Network(n)
    for n in (
        "64:ff9b:1::/48",  # local-use NAT64
        "100::/64",  # discard-only
        "100:0:0:1::/64",  # dummy prefix
        "2001::/23",  # IETF protocol assignments, Teredo (2001::/32) included
        "2001:db8::/32",
        "3fff::/20",  # documentation
        "5f00::/16",  # segment routing
        "fc00::/7",
        "fe80::/10",
        "fec0::/10",
        "ff00::/8",
    )
)
_GLOBAL_UNICAST_V6 = ipaddress.IPv6Network("2000::/3")
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
WEB_PORTS = (80, 443)


def is_public_address(address: str) -> bool:
    """True when the server may connect to `address`: a globally reachable unicast address
    outside every special-purpose range. An IPv4 address carried inside IPv6 (mapped,
    NAT64, 6to4) is judged by the IPv4 address it carries; Teredo is refused."""
    try:
        ip = ipaddress.ip_address(address.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return is_public_address(str(ip.ipv4_mapped))
        if ip in _NAT64:
            return is_public_address(str(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)))
        if ip.sixtofour:
            return is_public_address(str(ip.sixtofour))
        if ip.teredo or ip not in _GLOBAL_UNICAST_V6 or any(ip in n for n in _SPECIAL_V6):
            return False
    elif any(ip in n for n in _SPECIAL_V4):
        return False
    return ip.is_global and not (ip.is_multicast or ip.is_private or ip.is_reserved or ip.is_loopback)


def host_key(host: str, port: int) -> str:
    """How the allow-list names one host and port: `intranet.hanoi.gov.vn:8080`, `[fd00::1]:80`."""
    host = host.strip("[]").lower()
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def allowed_entry(entry: str) -> str | None:
    """An allow-list entry in its stored form (`host` for the web ports 80 and 443, or
    `host:port`), or None when it is not a host."""
    entry = (entry or "").strip().lower()
    try:
        parts = urlsplit("//" + entry)
        host, port = parts.hostname, parts.port
    except ValueError:
        return None
    if not host or parts.path or parts.query or parts.fragment or parts.username or parts.password:
        return None
    if port is None:
        return f"[{host}]" if ":" in host else host
    return host_key(host, port)


def is_allowed(allowed_hosts: set[str] | frozenset[str], host: str, port: int) -> bool:
    """An administrator allowed this host on this port (a bare host name allows 80 and 443)."""
    host = host.strip("[]").lower()
    bare = f"[{host}]" if ":" in host else host
    return host_key(host, port) in allowed_hosts or (port in WEB_PORTS and bare in allowed_hosts)


def default_resolver(host: str, port: int) -> list[str]:
    """The addresses a name resolves to (system resolver), in its order of preference."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return []
    return list(dict.fromkeys(info[4][0] for info in infos))


def vetted_addresses(
    host: str, port: int, allowed_hosts: set[str] | frozenset[str] = frozenset(), resolver=default_resolver
) -> list[str]:
    """The addresses to connect to for `host`:`port`, resolved once and checked: every one
    must be public unless an administrator allowed this host and port. The caller connects
    to these addresses, never resolves the name again (DNS rebinding)."""
    host = host.strip("[]").lower()
    try:
        addresses = [str(ipaddress.ip_address(host.split("%", 1)[0]))]
    except ValueError:
        addresses = resolver(host, port)
    if not addresses:
        raise ValidationError("media.error.url_unresolved", host=host)
    if not is_allowed(allowed_hosts, host, port) and not all(is_public_address(a) for a in addresses):
        raise ValidationError("media.error.url_private", url=host_key(host, port), host=host)
    return addresses


def check_url(url: str, allowed_hosts: set[str] = frozenset(), resolve: bool = True) -> str:
    """Refuse URLs the server must not fetch: other schemes, localhost, and every address
    outside the public internet (also when a name resolves to one) — unless an
    administrator allowed the host and port. Returns the URL, trimmed."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        raise ValidationError("media.error.url_invalid", url=url) from None
    if parts.scheme.lower() not in ("http", "https"):
        raise ValidationError("media.error.url_scheme", url=url)
    if not host:
        raise ValidationError("media.error.url_invalid", url=url)
    port = port or (443 if parts.scheme.lower() == "https" else 80)
    if is_allowed(allowed_hosts, host, port):
        return url
    if host == "localhost" or host.endswith(".localhost") or host.endswith(".local"):
        raise ValidationError("media.error.url_private", url=url, host=host)
    try:
        addresses = [str(ipaddress.ip_address(host.split("%", 1)[0]))]
    except ValueError:
        # unknown name: nothing private to refuse; fetching will fail on its own
        addresses = default_resolver(host, port) if resolve else []
    if not all(is_public_address(a) for a in addresses):
        raise ValidationError("media.error.url_private", url=url, host=host)
    return url
