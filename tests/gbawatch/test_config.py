"""The sources file is strict; settings come from the environment once, flags win."""

from __future__ import annotations

from pathlib import Path

import pytest

from gbawatch.config import DEFAULT_SOURCES_FILE, load_settings, load_sources, parse_sources
from gbawatch.errors import ConfigError


def test_bundled_sources_file_parses_and_covers_every_source() -> None:
    sources = load_sources(DEFAULT_SOURCES_FILE)
    assert {"takungpao_hk", "takungpao_cn", "infogov", "newsgov", "szgov", "htcz", "gdgov", "gdstc"} <= set(sources)
    assert sources["szgov"].scheme == "http"


def test_unknown_key_is_named() -> None:
    with pytest.raises(ConfigError, match="unknown key 'shedule'"):
        parse_sources({"sources": {"x": {"spider": "generic", "base_url": "https://x", "shedule": 5}}})


def test_missing_required_key_is_named() -> None:
    with pytest.raises(ConfigError, match="needs 'base_url'"):
        parse_sources({"sources": {"x": {"spider": "generic"}}})


def test_bad_toml_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "sources.toml"
    bad.write_text("[sources.x\nspider=1", "utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_sources(bad)
    with pytest.raises(ConfigError, match="cannot read"):
        load_sources(tmp_path / "absent.toml")


def test_spider_arguments_carry_the_mirror_and_sections() -> None:
    source = parse_sources({"sources": {"s": {"spider": "szgov", "base_url": "http://www.sz.gov.cn",
                                              "sections": ["a", "b"], "download_delay": 2.0}}})["s"]
    assert source.spider_arguments("http://127.0.0.1:1") == {"source": "s", "base_url": "http://127.0.0.1:1",
                                                             "sections": "a,b"}
    assert source.scrapy_settings() == {"DOWNLOAD_DELAY": 2.0}


def test_settings_from_environment_and_overrides() -> None:
    settings = load_settings({"GBAWATCH_DATABASE_URL": "sqlite:///x.db", "GBAWATCH_SMTP_PORT": "2525"},
                             database_url="sqlite:///flag.db")
    assert settings.database_url == "sqlite:///flag.db" and settings.smtp_port == 2525
    with pytest.raises(ConfigError):
        load_settings({"GBAWATCH_SMTP_PORT": "twenty"})


def test_wrong_value_types_are_named() -> None:
    with pytest.raises(ConfigError, match="schedule_minutes must be int"):
        parse_sources({"sources": {"x": {"spider": "generic", "base_url": "https://x", "schedule_minutes": "60"}}})
    with pytest.raises(ConfigError, match="sections must be a list of strings"):
        parse_sources({"sources": {"x": {"spider": "generic", "base_url": "https://x", "sections": "news"}}})
    with pytest.raises(ConfigError, match="enabled must be bool"):
        parse_sources({"sources": {"x": {"spider": "generic", "base_url": "https://x", "enabled": 1}}})


def test_allowed_hosts_reach_the_spiders_outbound_policy() -> None:
    from spiders.szgov import SzGovSpider

    source = parse_sources({"sources": {"s": {"spider": "szgov", "base_url": "http://www.sz.gov.cn",
                                              "allowed_hosts": ["*.sz.gov.cn", "10.8.0.12"]}}})["s"]
    arguments = source.spider_arguments()
    assert arguments["allowed_hosts"] == "*.sz.gov.cn,10.8.0.12"
    spider = SzGovSpider(**arguments)
    assert spider.outbound.refusal("https://cas.sz.gov.cn/login") is None
    assert spider.outbound.refusal("http://10.8.0.12/x") is None
    assert spider.outbound.refusal("http://10.8.0.13/x") == "private"
    assert SzGovSpider(source="s").outbound.refusal("https://cas.sz.gov.cn/login") == "off_host"


@pytest.mark.parametrize("entry", ["https://www.sz.gov.cn", "www.sz.gov.cn/path", "host:8080", "ab:8080", "", "a b"])
def test_allowed_hosts_entries_are_hosts(entry: str) -> None:
    with pytest.raises(ConfigError, match="allowed_hosts"):
        parse_sources({"sources": {"x": {"spider": "generic", "base_url": "https://x", "allowed_hosts": [entry]}}})
