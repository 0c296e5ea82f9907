"""Where a crawl may send a request: HTTP(S) only, the source's own hosts, an internal address only when named.

Pure functions and a frozen policy (no Scrapy): the downloader middleware in `spiders.guard` applies it to
every request and redirect, and `watch.delivery` applies the address rules to webhooks.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

WEB_SCHEMES = ("http", "https")
_DEFAULT_PORTS = {"http": 80, "https": 443}
# IPv6 prefixes that carry an IPv4 address a resolver or gateway will reach: NAT64 (64:ff9b::/96).
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


class Refusal(StrEnum):
    """Why a target is refused; the stats key `gbawatch/refused/<reason>`."""

    SCHEME = "scheme"  # file:, ftp:, data:, javascript: …
    NO_HOST = "no_host"
    LOOPBACK = "loopback"  # 127.0.0.0/8, ::1, 0.0.0.0, localhost
    LINK_LOCAL = "link_local"  # 169.254.0.0/16 (cloud metadata), fe80::/10
    PRIVATE = "private"  # RFC 1918, fc00::/7, 100.64.0.0/10, multicast, reserved: anything not global
    OFF_HOST = "off_host"  # a public host the source does not name


def address_of(host: str) -> IPAddress | None:
    """The address `host` stands for when it is an address literal, in any spelling a resolver accepts.

    `127.1`, `0x7f.0.0.1`, `017700000001` and `2130706433` all reach 127.0.0.1 through getaddrinfo (which
    reads IPv4 the way inet_aton does); `::ffff:127.0.0.1` and NAT64 `64:ff9b::7f00:1` carry it in IPv6.
    """
    name = host.strip().strip("[]").rstrip(".")
    if not name:
        return None
    address: IPAddress
    try:
        address = ipaddress.ip_address(name.split("%", 1)[0])
    except ValueError:
        if not all(c.isalnum() or c in ".xX" for c in name) or not name[0].isdigit():
            return None  # a host name: inet_aton would also take "1.2.3.4 anything", which no URL host is
        try:
            address = ipaddress.IPv4Address(socket.inet_aton(name))
        except OSError:
            return None
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address in _NAT64:
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if address.sixtofour is not None:
            return address.sixtofour
    return address


def address_refusal(address: IPAddress) -> Refusal | None:
    """Why an address is internal (loopback, link-local, private or otherwise not global), or None."""
    if address.is_loopback or address.is_unspecified:  # 0.0.0.0 and :: connect to this machine
        return Refusal.LOOPBACK
    if address.is_link_local:
        return Refusal.LINK_LOCAL
    if not address.is_global or address.is_multicast:
        return Refusal.PRIVATE
    return None


def host_refusal(host: str) -> Refusal | None:
    """Why a host as written is internal: `localhost` names, or an internal address literal."""
    name = host.strip().strip("[]").rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):  # RFC 6761: always loopback
        return Refusal.LOOPBACK
    address = address_of(name)
    return address_refusal(address) if address is not None else None


def normal_host(host: str) -> str:
    return host.strip().strip("[]").rstrip(".").lower()


@dataclass(frozen=True)
class OutboundPolicy:
    """The hosts a source may fetch from and the origins it was explicitly pointed at.

    `hosts`: host names (or `*.domain` for its subdomains) the source may fetch from, on any port; an
    internal address among them is allowed because it was written down. `origins`: (host, port) pairs
    allowed whatever they are: the fetch base a crawl was given (`--base-url`, the test mirror) is the
    operator saying "fetch from here", and nothing else on that machine is allowed by it.
    """

    hosts: frozenset[str]
    origins: frozenset[tuple[str, int]] = frozenset()

    @classmethod
    def build(cls, base_urls: Iterable[str], *, extra_hosts: Iterable[str] = (),
              fetch_base: str | None = None) -> OutboundPolicy:
        hosts = {normal_host(h) for h in extra_hosts if h.strip()}
        hosts |= {normal_host(urlsplit(u).hostname or "") for u in base_urls} - {""}
        origins = set()
        if fetch_base:
            origin = _origin(fetch_base)
            if origin is not None:
                origins.add(origin)
        return cls(frozenset(hosts), frozenset(origins))

    def refusal(self, url: str) -> Refusal | None:
        """None if the policy allows fetching `url`, else why not."""
        try:
            parts = urlsplit(url)
            host = parts.hostname
        except ValueError:  # an IPv6 literal or port Python cannot read
            return Refusal.NO_HOST
        if parts.scheme.lower() not in WEB_SCHEMES:
            return Refusal.SCHEME
        if not host:
            return Refusal.NO_HOST
        if _origin(url) in self.origins:
            return None
        host = normal_host(host)
        if self._names(host):
            return None
        return host_refusal(host) or Refusal.OFF_HOST

    def _names(self, host: str) -> bool:
        return host in self.hosts or any(
            allowed.startswith("*.") and host.endswith(allowed[1:]) for allowed in self.hosts)


def _origin(url: str) -> tuple[str, int] | None:
    try:
        parts = urlsplit(url)
        port = parts.port or _DEFAULT_PORTS.get(parts.scheme.lower())
    except ValueError:
        return None
    if not parts.hostname or port is None:
        return None
    return normal_host(parts.hostname), port
