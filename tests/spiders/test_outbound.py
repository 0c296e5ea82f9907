"""The outbound policy: which URLs a source may fetch, in every spelling an attacker would try."""

from __future__ import annotations

import pytest

from spiders.outbound import OutboundPolicy, Refusal, host_refusal

PRODUCTION = OutboundPolicy.build(["https://www.takungpao.com.hk"])
MIRRORED = OutboundPolicy.build(["https://www.takungpao.com.hk"], fetch_base="http://127.0.0.1:8123")


@pytest.mark.parametrize(("url", "reason"), [
    ("https://www.takungpao.com.hk/news/232109/2025/1010/1130089.html", None),
    ("http://www.takungpao.com.hk/news/", None),  # the other scheme of the same host
    ("HTTPS://WWW.TAKUNGPAO.COM.HK./news/", None),  # case and a trailing dot change nothing
    ("https://www.takungpao.com/news/", Refusal.OFF_HOST),  # the other host is another source
    ("https://evil.example.org/", Refusal.OFF_HOST),
    ("https://www.takungpao.com.hk.evil.example.org/", Refusal.OFF_HOST),
    ("https://takungpao.com.hk/", Refusal.OFF_HOST),
    ("file:///etc/passwd", Refusal.SCHEME),
    ("ftp://www.takungpao.com.hk/x", Refusal.SCHEME),
    ("javascript:alert(1)", Refusal.SCHEME),
    ("data:text/html,<h1>x</h1>", Refusal.SCHEME),
    ("gopher://127.0.0.1:6379/_FLUSHALL", Refusal.SCHEME),
    ("http:///path-only", Refusal.NO_HOST),
    ("http://[::1/", Refusal.NO_HOST),  # a URL Python cannot even split
    ("http://127.0.0.1:8123/", Refusal.LOOPBACK),  # the mirror's origin is allowed only where it was given
    ("http://localhost/", Refusal.LOOPBACK),
    ("http://admin.localhost:8080/", Refusal.LOOPBACK),
    ("http://127.1/", Refusal.LOOPBACK),
    ("http://2130706433/", Refusal.LOOPBACK),  # 127.0.0.1 as one decimal number
    ("http://0x7f.0.0.1/", Refusal.LOOPBACK),
    ("http://017700000001/", Refusal.LOOPBACK),  # octal
    ("http://0.0.0.0:6379/", Refusal.LOOPBACK),
    ("http://[::1]:8080/", Refusal.LOOPBACK),
    ("http://[::ffff:127.0.0.1]/", Refusal.LOOPBACK),
    ("http://[::ffff:7f00:1]/", Refusal.LOOPBACK),
    ("http://[64:ff9b::7f00:1]/", Refusal.LOOPBACK),  # NAT64
    ("http://169.254.169.254/latest/meta-data/", Refusal.LINK_LOCAL),  # cloud metadata
    ("http://[fe80::1%25eth0]/", Refusal.LINK_LOCAL),
    ("http://10.0.0.1/", Refusal.PRIVATE),
    ("http://172.16.5.4/", Refusal.PRIVATE),
    ("http://192.168.1.1/", Refusal.PRIVATE),
    ("http://100.64.0.1/", Refusal.PRIVATE),  # carrier-grade NAT
    ("http://[fd00::1]/", Refusal.PRIVATE),
    ("http://[2002:c0a8:101::1]/", Refusal.PRIVATE),  # 6to4 of 192.168.1.1
    ("http://224.0.0.1/", Refusal.PRIVATE),  # multicast
    ("http://8.8.8.8/", Refusal.OFF_HOST),  # a public address the source does not name
])
def test_production_policy(url: str, reason: Refusal | None) -> None:
    assert PRODUCTION.refusal(url) == reason


@pytest.mark.parametrize(("url", "reason"), [
    ("http://127.0.0.1:8123/news/232109/index.html", None),  # exactly the base the crawl was given
    ("http://127.0.0.1:8124/news/", Refusal.LOOPBACK),  # another port on the same machine
    ("http://127.0.0.2:8123/", Refusal.LOOPBACK),
    ("http://2130706433:8123/", Refusal.LOOPBACK),  # the same origin spelled otherwise is not what was given
    ("http://localhost:8123/", Refusal.LOOPBACK),
    ("https://127.0.0.1/", Refusal.LOOPBACK),
    ("http://10.1.2.3:8123/", Refusal.PRIVATE),
    ("https://www.takungpao.com.hk/news/", None),
])
def test_an_explicit_base_allows_that_origin_and_nothing_else_internal(url: str, reason: Refusal | None) -> None:
    assert MIRRORED.refusal(url) == reason


def test_hosts_named_in_the_sources_file_are_the_explicit_allowance() -> None:
    policy = OutboundPolicy.build(["http://www.sz.gov.cn"], extra_hosts=["*.sz.gov.cn", "10.8.0.12", "[fd00::7]"])
    assert policy.refusal("https://htcz.sz.gov.cn/a.html") is None
    assert policy.refusal("https://a.b.sz.gov.cn/a.html") is None
    assert policy.refusal("https://evilsz.gov.cn/") is Refusal.OFF_HOST  # a suffix, not a subdomain
    assert policy.refusal("http://10.8.0.12:8080/intranet/") is None  # any port of a named host
    assert policy.refusal("http://10.8.0.13/") is Refusal.PRIVATE
    assert policy.refusal("http://[fd00::7]/") is None
    intranet = OutboundPolicy.build(["http://192.168.10.5"])  # the base_url itself names it
    assert intranet.refusal("http://192.168.10.5/news/") is None
    assert intranet.refusal("http://192.168.10.6/news/") is Refusal.PRIVATE


@pytest.mark.parametrize("host", ["www.example.org", "1e100.net", "8.8.8.8", "2001:4860::8888", "0day.example"])
def test_public_hosts_are_not_internal(host: str) -> None:
    assert host_refusal(host) is None
