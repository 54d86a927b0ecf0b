"""Sources: validation of URLs (internal addresses refused unless allowed), OPML."""

from __future__ import annotations

import pytest

from core.errors import PermissionDenied, ValidationError
from media import sources, store


@pytest.mark.parametrize(
    "url, key",
    [
        ("http://localhost/rss", "media.error.url_private"),
        ("http://app.localhost/rss", "media.error.url_private"),
        ("http://127.0.0.1/rss", "media.error.url_private"),
        ("http://127.8.9.10/rss", "media.error.url_private"),
        ("http://10.1.2.3/rss", "media.error.url_private"),
        ("http://172.16.0.1/rss", "media.error.url_private"),
        ("http://172.31.255.254/rss", "media.error.url_private"),
        ("http://192.168.1.1/rss", "media.error.url_private"),
        ("http://169.254.169.254/latest/meta-data", "media.error.url_private"),
        ("http://[::1]/rss", "media.error.url_private"),
        ("http://[fc00::1]/rss", "media.error.url_private"),
        ("http://[fd12:3456::1]/rss", "media.error.url_private"),
        ("http://[::ffff:10.0.0.1]/rss", "media.error.url_private"),
        ("file:///etc/passwd", "media.error.url_scheme"),
        ("ftp://bao.vn/rss", "media.error.url_scheme"),
        ("javascript:alert(1)", "media.error.url_scheme"),
        ("gopher://bao.vn/", "media.error.url_scheme"),
        ("https://", "media.error.url_invalid"),
        ("http://bao.vn:99999/rss", "media.error.url_invalid"),
    ],
)
def test_internal_and_non_http_urls_are_refused(db, users, url, key):
    with pytest.raises(ValidationError) as exc:
        sources.add_source(db, users["admin"], name="X", url=url)
    assert exc.value.key == key
    assert store.list_sources(db) == []


@pytest.mark.parametrize("url", ["https://baochinhphu.vn/rss", "http://172.32.0.1/rss", "https://8.8.8.8/feed"])
def test_public_urls_are_accepted(db, users, url):
    assert sources.add_source(db, users["admin"], name="Báo", url=url, resolve=False)["url"] == url


def test_allow_list_lets_an_admin_use_an_internal_host(db, users):
    with pytest.raises(ValidationError):
        sources.add_source(db, users["admin"], name="Nội bộ", url="http://127.0.0.1:8080/rss")
    assert sources.allow_host(db, users["admin"], " 127.0.0.1:8080 ") == "127.0.0.1:8080"
    assert sources.add_source(db, users["admin"], name="Nội bộ", url="http://127.0.0.1:8080/rss")["active"] == 0
    sources.disallow_host(db, users["admin"], "127.0.0.1:8080")
    with pytest.raises(ValidationError):
        sources.add_source(db, users["admin"], name="Nội bộ 2", url="http://127.0.0.1:8080/rss")


def test_allow_list_is_per_host_and_port(db, users):
    sources.allow_host(db, users["admin"], "127.0.0.1:8080")
    sources.add_source(db, users["admin"], name="Cổng được phép", url="http://127.0.0.1:8080/rss")
    for url in ("http://127.0.0.1:8081/rss", "http://127.0.0.1/rss", "https://127.0.0.1/rss", "http://10.0.0.1:8080/"):
        with pytest.raises(ValidationError) as exc:
            sources.add_source(db, users["admin"], name="Cổng khác", url=url)
        assert exc.value.key == "media.error.url_private"
    sources.allow_host(db, users["admin"], "10.0.0.5")  # no port: the web ports 80 and 443
    for url in ("http://10.0.0.5/rss", "https://10.0.0.5:443/rss"):
        assert store.source_row(db, sources.add_source(db, users["admin"], name=url, url=url)["id"])["url"] == url
    with pytest.raises(ValidationError):
        sources.add_source(db, users["admin"], name="Cổng lạ", url="http://10.0.0.5:6379/")
    assert sources.allow_host(db, users["admin"], "[FD00::1]:8080") == "[fd00::1]:8080"
    assert sorted(store.allowed_hosts(db)) == ["10.0.0.5", "127.0.0.1:8080", "[fd00::1]:8080"]


@pytest.mark.parametrize("entry", ["", "a b", "127.0.0.1:99999", "http://x/y", "x/y", "user@host", "host:abc"])
def test_allow_list_refuses_what_is_not_a_host(db, users, entry):
    with pytest.raises(ValidationError) as exc:
        sources.allow_host(db, users["admin"], entry)
    assert exc.value.key == "media.error.host_invalid" and store.allowed_hosts(db) == set()


@pytest.mark.parametrize(
    "url",
    [
        "http://100.64.0.1/rss",  # carrier-grade NAT
        "http://100.100.100.200/latest/meta-data",  # a cloud metadata address inside it
        "http://0.0.0.0/rss",
        "http://192.0.0.170/rss",
        "http://192.0.2.10/rss",
        "http://192.88.99.1/rss",
        "http://198.18.0.1/rss",
        "http://198.51.100.7/rss",
        "http://203.0.113.5/rss",
        "http://224.0.0.251/rss",
        "http://239.255.255.250/rss",
        "http://240.0.0.1/rss",
        "http://255.255.255.255/rss",
        "http://[::]/rss",
        "http://[::ffff:100.64.0.1]/rss",  # IPv4-mapped
        "http://[::ffff:127.0.0.1]/rss",
        "http://[::127.0.0.1]/rss",  # IPv4-compatible (deprecated)
        "http://[64:ff9b::a00:1]/rss",  # NAT64 of 10.0.0.1
        "http://[64:ff9b::7f00:1]/rss",  # NAT64 of 127.0.0.1
        "http://[64:ff9b:1::1]/rss",  # local-use NAT64
        "http://[2002:a00:1::1]/rss",  # 6to4 of 10.0.0.1
        "http://[2002:7f00:1::1]/rss",  # 6to4 of 127.0.0.1
        "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/rss",  # Teredo
        "http://[2001:db8::1]/rss",
        "http://[3fff::1]/rss",
        "http://[100::1]/rss",
        "http://[fe80::1]/rss",
        "http://[fec0::1]/rss",
        "http://[ff02::1]/rss",
        "http://[4000::1]/rss",  # outside global unicast
    ],
)
def test_every_special_purpose_range_is_refused(db, users, url):
    with pytest.raises(ValidationError) as exc:
        sources.add_source(db, users["admin"], name="X", url=url)
    assert exc.value.key == "media.error.url_private"


@pytest.mark.parametrize(
    "address",
    [
        "8.8.8.8",
        "1.1.1.1",
        "100.63.255.255",
        "100.128.0.1",
        "2001:4860:4860::8888",
        "::ffff:8.8.8.8",
        "64:ff9b::808:808",
    ],
)
def test_public_addresses_are_public(address):
    from media.urls import is_public_address

    assert is_public_address(address)


def test_source_fields_are_checked(db, users):
    sources.add_source(db, users["admin"], name="Báo A", url="https://a.vn/rss", resolve=False)
    for kwargs, key in [
        ({"name": " ", "url": "https://b.vn/rss"}, "media.error.source_name_missing"),
        ({"name": "Báo A", "url": "https://b.vn/rss"}, "media.error.source_name_taken"),
        ({"name": "Báo B", "url": "https://a.vn/rss"}, "media.error.source_url_taken"),
        ({"name": "Báo B", "url": "https://b.vn/rss", "kind": "blog"}, "media.error.source_kind"),
        ({"name": "Báo B", "url": "https://b.vn/rss", "unique_by": "hash"}, "media.error.unique_by"),
    ]:
        with pytest.raises(ValidationError) as exc:
            sources.add_source(db, users["admin"], resolve=False, **kwargs)
        assert exc.value.key == key
    assert len(store.list_sources(db)) == 1


OPML = b"""<?xml version="1.0" encoding="utf-8"?>
<opml version="2.0"><head><title>Feeds</title></head><body>
<outline text="B\xc3\xa1o Ch\xc3\xadnh ph\xe1\xbb\xa7" title="B\xc3\xa1o Ch\xc3\xadnh ph\xe1\xbb\xa7" type="rss" xmlUrl="https://baochinhphu.vn/rss"/>
<outline text="Folder"><outline text="VnExpress" type="rss" xmlUrl="https://vnexpress.net/rss/thoi-su.rss"/></outline>
</body></opml>"""


def test_opml_import_export_round_trip(db, users):
    assert sources.import_opml(db, users["admin"], OPML, resolve=False) == {"added": 2, "skipped": 0}
    assert sources.import_opml(db, users["admin"], OPML, resolve=False) == {"added": 0, "skipped": 2}
    exported = sources.export_opml(db, users["leader"])
    parsed = sources.parse_opml(exported)
    assert sorted((o["name"], o["url"]) for o in parsed) == [
        ("Báo Chính phủ", "https://baochinhphu.vn/rss"),
        ("VnExpress", "https://vnexpress.net/rss/thoi-su.rss"),
    ]
    assert all(s["active"] == 0 for s in store.list_sources(db))


@pytest.mark.parametrize(
    "data",
    [
        b"<rss version='2.0'><channel/></rss>",
        b"not xml",
        b"<html><body>opml</body></html>",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><opml><body/></opml>',
        b"<opml version='2.0'><head/></opml>",
    ],
)
def test_non_opml_is_refused(db, users, data):
    with pytest.raises(ValidationError) as exc:
        sources.import_opml(db, users["admin"], data)
    assert exc.value.key == "media.error.opml_invalid"


def test_opml_with_an_internal_url_changes_nothing(db, users):
    bad = OPML.replace(b"https://vnexpress.net/rss/thoi-su.rss", b"http://192.168.0.10/rss")
    with pytest.raises(ValidationError) as exc:
        sources.import_opml(db, users["admin"], bad, resolve=False)
    assert exc.value.errors[0]["key"] == "media.error.url_private"
    assert store.list_sources(db) == []


@pytest.mark.parametrize("role", ["staff", "inspector", "leader"])
def test_only_admins_manage_sources(db, users, role):
    with pytest.raises(PermissionDenied):
        sources.add_source(db, users[role], name="X", url="https://x.vn/rss", resolve=False)
    with pytest.raises(PermissionDenied):
        sources.import_opml(db, users[role], OPML)
    with pytest.raises(PermissionDenied):
        sources.allow_host(db, users[role], "127.0.0.1")
