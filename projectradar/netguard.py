"""The address guard for every request Project Radar makes to a URL someone else chose (a
page or feed to fetch, a webhook to call): no loopback, link-local, private or otherwise
non-public targets unless the operator allows them.

The host is resolved once, every address it resolves to is checked, and the request goes to
the checked address (the name stays in the Host header and TLS), so a name cannot resolve
to a public address for the check and a private one for the request. Redirects are followed
by hand, each hop checked the same way.

    >>> check_url("http://127.0.0.1:8000/hook")
    Traceback (most recent call last):
    projectradar.errors.BlockedAddressError: http://127.0.0.1:8000/hook: refused: 127.0.0.1 is a loopback address (set PROJECTRADAR_ALLOW_PRIVATE_URLS=1 to allow such targets)
"""
from __future__ import annotations

import ipaddress
import os
import socket
import urllib.parse
from collections.abc import Callable
from typing import Any

from .errors import BlockedAddressError, FetchError

__all__ = ["ALLOW_ENV", "private_allowed", "address_problem", "check_url", "guarded_request", "Resolver"]

# The operator's switch: set to 1 to allow loopback, link-local and private targets
# (a webhook receiver on this machine, an intranet news site).
ALLOW_ENV = "PROJECTRADAR_ALLOW_PRIVATE_URLS"
_TRUE = {"1", "true", "yes", "on"}
_REDIRECTS = (301, 302, 303, 307, 308)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# host, port -> the addresses it resolves to (tests pass their own)
Resolver = Callable[[str, int], list[str]]


def private_allowed(allow: bool | None = None) -> bool:
    """``allow`` when given, else what $PROJECTRADAR_ALLOW_PRIVATE_URLS says."""
    if allow is not None:
        return allow
    return os.environ.get(ALLOW_ENV, "").strip().lower() in _TRUE


def address_problem(ip: IPAddress) -> str | None:
    """Why an address is no public target ("a loopback address" ...), or None when it is one.

        >>> address_problem(ipaddress.ip_address("169.254.169.254")), address_problem(ipaddress.ip_address("1.1.1.1"))
        ('a link-local address', None)
    """
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return address_problem(ip.ipv4_mapped)
    for test, what in ((ip.is_loopback, "a loopback address"), (ip.is_link_local, "a link-local address"),
                       (ip.is_unspecified, "an unspecified address"), (ip.is_multicast, "a multicast address"),
                       (ip.is_private, "a private address"), (ip.is_reserved, "a reserved address"),
                       (not ip.is_global, "not a public address")):
        if test:
            return what
    return None


def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as err:
        raise OSError(f"cannot resolve {host}: {err}") from None
    return list(dict.fromkeys(info[4][0] for info in infos))


def check_url(url: str, *, allow_private: bool | None = None, resolve: Resolver | None = None,
              must_resolve: bool = True) -> tuple[urllib.parse.SplitResult, str | None]:
    """Check that ``url`` is http(s) and its host a public address: returns (the split URL,
    the address to connect to). Raises BlockedAddressError naming the address and how to
    allow it, or FetchError when the URL is malformed or its host does not resolve (with
    ``must_resolve=False`` such a host passes with address None: a URL kept for later,
    checked again when it is used)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(url, "not an http(s) URL with a host")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise FetchError(url, "the port is not a number from 0 to 65535") from None
    host = parts.hostname
    try:
        addresses = [host] if _literal(host) else (resolve or _resolve)(host, port)
    except OSError as err:
        if not must_resolve:
            return parts, None
        raise FetchError(url, str(err)) from None
    if not addresses:
        raise FetchError(url, f"{host} resolves to no address")
    if private_allowed(allow_private):
        return parts, addresses[0]
    for text in addresses:
        problem = address_problem(ipaddress.ip_address(text.split("%", 1)[0]))
        if problem:
            shown = host if host == text else f"{host} ({text})"
            raise BlockedAddressError(url, f"refused: {shown} is {problem} "
                                           f"(set {ALLOW_ENV}=1 to allow such targets)")
    return parts, addresses[0]


def _literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return False


def _pinned(parts: urllib.parse.SplitResult, address: str) -> tuple[str, dict[str, str], dict[str, Any]]:
    """The URL that connects to ``address``, the Host header and the TLS name of the original."""
    shown = f"[{address}]" if ":" in address else address
    userinfo, _, host_header = parts.netloc.rpartition("@")
    netloc = (userinfo + "@" if userinfo else "") + shown + (f":{parts.port}" if parts.port else "")
    url = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    extensions = {"sni_hostname": parts.hostname} if parts.scheme == "https" else {}
    return url, {"Host": host_header}, extensions


def guarded_request(client, method: str, url: str, *, allow_private: bool | None = None,
                    follow_redirects: bool = True, max_redirects: int = 5, resolve: Resolver | None = None,
                    headers: dict[str, str] | None = None, stream: bool = False, **kwargs):
    """``client.request(method, url, ...)`` (an httpx.Client) to checked addresses only.

    Each hop's host is resolved and checked (`check_url`) and the request goes to that
    address. With ``follow_redirects`` a redirect is followed (a 303, or a 301/302 after
    POST, becomes a GET without body) up to ``max_redirects`` times; otherwise the redirect
    response is returned. Raises BlockedAddressError or FetchError (see `check_url`), and
    httpx's errors for the network; returns the last httpx.Response (``.url`` is what was
    connected to; the original URL of the last hop is in ``response.extensions["guarded_url"]``).
    With ``stream`` the last response's body is not read (the caller reads and closes it).
    """
    current = url
    for _ in range(max_redirects + 1):
        parts, address = check_url(current, allow_private=allow_private, resolve=resolve)
        target, host_header, extensions = _pinned(parts, address)
        request = client.build_request(method, target, headers={**(headers or {}), **host_header},
                                       extensions=extensions, **kwargs)
        response = client.send(request, stream=stream, follow_redirects=False)
        response.extensions["guarded_url"] = current
        location = response.headers.get("location")
        if not follow_redirects or response.status_code not in _REDIRECTS or not location:
            return response
        response.close()
        current = urllib.parse.urljoin(current, location)
        if response.status_code == 303 or (response.status_code in (301, 302) and method.upper() == "POST"):
            method = "GET"
            kwargs = {k: v for k, v in kwargs.items() if k not in ("content", "data", "files", "json")}
    raise FetchError(url, f"more than {max_redirects} redirects")
