"""Configuration: deployment settings from the environment (read once) and the sources file (TOML)."""

from __future__ import annotations

import ipaddress
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from gbawatch.errors import ConfigError
from storage.backends import UnsupportedDatabase, backend_class
from watch.safe_text import redact_url

DEFAULT_SOURCES_FILE = Path(__file__).resolve().parent / "sources.toml"


@dataclass(frozen=True)
class Settings:
    """Deployment values; everything else (Scrapy knobs) lives in spiders/settings.py."""

    database_url: str = "sqlite:///gbawatch.db"
    sources_file: Path = DEFAULT_SOURCES_FILE
    timezone: str = "Asia/Hong_Kong"
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool | None = None  # None: STARTTLS whenever credentials are set
    smtp_tls: bool = False  # implicit TLS (SMTPS, usually port 465)
    mail_from: str = "gba-watch@localhost"
    digest_recipients: tuple[str, ...] = ()
    digest_time: str = "08:00"
    webhook_secret: str | None = None
    webhook_allowed_hosts: tuple[str, ...] = ()  # internal hosts webhooks may reach; none by default


_ENV = {
    "GBAWATCH_DATABASE_URL": "database_url", "GBAWATCH_SOURCES": "sources_file", "GBAWATCH_TIMEZONE": "timezone",
    "GBAWATCH_SMTP_HOST": "smtp_host", "GBAWATCH_SMTP_PORT": "smtp_port", "GBAWATCH_SMTP_USER": "smtp_user",
    "GBAWATCH_SMTP_PASSWORD": "smtp_password", "GBAWATCH_SMTP_STARTTLS": "smtp_starttls",
    "GBAWATCH_SMTP_TLS": "smtp_tls",
    "GBAWATCH_MAIL_FROM": "mail_from", "GBAWATCH_DIGEST_TO": "digest_recipients",
    "GBAWATCH_DIGEST_TIME": "digest_time", "GBAWATCH_WEBHOOK_SECRET": "webhook_secret",
    "GBAWATCH_WEBHOOK_ALLOWED_HOSTS": "webhook_allowed_hosts",
}


def load_settings(env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    """The one place environment variables are read. `overrides` (CLI flags) win over the environment."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    for variable, name in _ENV.items():
        if variable in env and env[variable] != "":
            values[name] = env[variable]
    values.update({k: v for k, v in overrides.items() if v is not None})
    try:
        if "sources_file" in values:
            values["sources_file"] = Path(values["sources_file"])
        if "smtp_port" in values:
            values["smtp_port"] = int(values["smtp_port"])
        for flag in ("smtp_starttls", "smtp_tls"):
            if isinstance(values.get(flag), str):
                values[flag] = _flag(flag, values[flag])
        if "timezone" in values:
            _check_timezone(values["timezone"])
        if "database_url" in values:
            _check_database_url(values["database_url"])
        for listed in ("digest_recipients", "webhook_allowed_hosts"):
            if isinstance(values.get(listed), str):
                values[listed] = tuple(a.strip() for a in values[listed].split(",") if a.strip())
    except ValueError as exc:
        raise ConfigError(f"bad setting: {exc}") from exc
    return Settings(**values)


def _flag(name: str, value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"{name} must be true or false, not {value!r}")


def _check_database_url(url: str) -> None:
    try:
        backend_class(url)
    except ArgumentError as exc:
        raise ValueError(f"bad database URL {redact_url(url)!r}: expected sqlite:///PATH or "
                         "postgresql+psycopg://USER@HOST/DB") from exc
    except UnsupportedDatabase as exc:
        raise ValueError(f"unsupported database URL {make_url(url).render_as_string()!r}: {exc}") from exc


def _check_timezone(name: str) -> None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r} (GBAWATCH_TIMEZONE; e.g. Asia/Hong_Kong)") from exc


@dataclass(frozen=True)
class SourceConfig:
    """One source from the sources file."""

    name: str
    spider: str
    base_url: str
    sections: tuple[str, ...] = ()
    schedule_minutes: int = 60
    enabled: bool = True
    scheme: str | None = None
    download_delay: float | None = None
    concurrency: int | None = None
    user_agent: str | None = None
    obey_robots: bool | None = None
    feeds: tuple[str, ...] = ()
    sitemap: str | None = None
    list_url: str | None = None
    link_pattern: str | None = None
    allowed_hosts: tuple[str, ...] = ()  # more hosts it may fetch from; an internal address only if named here
    args: Mapping[str, str] = field(default_factory=dict)

    def spider_arguments(self, base_url: str | None = None) -> dict[str, Any]:
        """Keyword arguments for the spider; `base_url` points the spider at a mirror."""
        arguments: dict[str, Any] = {"source": self.name}
        if base_url:
            arguments["base_url"] = base_url
        if self.sections:
            arguments["sections"] = ",".join(self.sections)
        if self.scheme:
            arguments["scheme"] = self.scheme
        for key in ("sitemap", "list_url", "link_pattern"):
            if getattr(self, key):
                arguments[key] = getattr(self, key)
        if self.feeds:
            arguments["feeds"] = ",".join(self.feeds)
        if self.allowed_hosts:
            arguments["allowed_hosts"] = ",".join(self.allowed_hosts)
        if self.spider == "generic":
            arguments["site_base"] = self.base_url
        arguments.update(self.args)
        return arguments

    def scrapy_settings(self) -> dict[str, Any]:
        """Per-source politeness overrides, as Scrapy settings."""
        overrides: dict[str, Any] = {}
        if self.download_delay is not None:
            overrides["DOWNLOAD_DELAY"] = self.download_delay
        if self.concurrency is not None:
            overrides["CONCURRENT_REQUESTS_PER_DOMAIN"] = self.concurrency
        if self.user_agent:
            overrides["USER_AGENT"] = self.user_agent
        if self.obey_robots is not None:
            overrides["ROBOTSTXT_OBEY"] = self.obey_robots
        return overrides


_SOURCE_FIELDS = {f.name for f in fields(SourceConfig)} - {"name"}
_TUPLE_FIELDS = {"sections", "feeds", "allowed_hosts"}
# The TOML types each key accepts (ints are fine where a float is expected).
_FIELD_TYPES: dict[str, type | tuple[type, ...]] = {
    "spider": str, "base_url": str, "sections": list, "schedule_minutes": int, "enabled": bool, "scheme": str,
    "download_delay": (int, float), "concurrency": int, "user_agent": str, "obey_robots": bool, "feeds": list,
    "sitemap": str, "list_url": str, "link_pattern": str, "args": dict, "allowed_hosts": list,
}


_SOURCE_NAME = re.compile(r"\A[A-Za-z0-9_-]{1,64}\Z")
_HOST_NAME = re.compile(r"^(?:\*\.)?[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.?$")


def _is_host_entry(entry: str) -> bool:
    """A host name, an IP address (IPv6 with or without brackets) or *.domain: no scheme, port or path."""
    try:
        ipaddress.ip_address(entry.strip("[]"))
        return True
    except ValueError:
        return bool(_HOST_NAME.match(entry))


def parse_sources(data: Mapping[str, Any], origin: str = "sources file") -> dict[str, SourceConfig]:
    unknown_top = set(data) - {"sources"}
    if unknown_top:
        raise ConfigError(f"{origin}: unknown top-level key {sorted(unknown_top)[0]!r} (expected [sources.NAME])")
    sources: dict[str, SourceConfig] = {}
    tables = data.get("sources") or {}
    if not isinstance(tables, Mapping):
        raise ConfigError(f"{origin}: sources must be a table of [sources.NAME] tables, not {tables!r}")
    for name, table in tables.items():
        if not _SOURCE_NAME.match(name):  # it names stats keys, jobs and command-line arguments
            raise ConfigError(f"{origin}: source name {name!r} must be letters, digits, '_' or '-'")
        if not isinstance(table, Mapping):
            raise ConfigError(f"{origin}: [sources.{name}] must be a table")
        unknown = set(table) - _SOURCE_FIELDS
        if unknown:
            raise ConfigError(f"{origin}: unknown key {sorted(unknown)[0]!r} in [sources.{name}]")
        for required in ("spider", "base_url"):
            if required not in table:
                raise ConfigError(f"{origin}: [sources.{name}] needs {required!r}")
        values: dict[str, Any] = {}
        for key, value in table.items():
            expected = _FIELD_TYPES[key]
            if key in _TUPLE_FIELDS:
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise ConfigError(f"{origin}: [sources.{name}] {key} must be a list of strings")
                value = tuple(value)
            elif key == "args":
                if not isinstance(value, Mapping):
                    raise ConfigError(f"{origin}: [sources.{name}] args must be a table")
                value = {str(k): str(v) for k, v in value.items()}
            elif not isinstance(value, expected) or (expected is not bool and isinstance(value, bool)):
                names = " or ".join(t.__name__ for t in (expected if isinstance(expected, tuple) else (expected,)))
                raise ConfigError(f"{origin}: [sources.{name}] {key} must be {names}, not {value!r}")
            values[key] = value
        problem = _value_problem(values)
        if problem:
            raise ConfigError(f"{origin}: [sources.{name}] {problem}")
        sources[name] = SourceConfig(name=name, **values)
    return sources


def _value_problem(values: Mapping[str, Any]) -> str | None:
    """What is wrong with a source's well-typed values, naming the key; None if nothing."""
    if "base_url" in values and not _web_url(values["base_url"]):
        return f"base_url must be an http(s) URL, not {values['base_url']!r}"
    for key in ("feeds", "sitemap", "list_url"):  # a URL, or a path on the source's site
        for url in values.get(key, ()) if key == "feeds" else [values.get(key) or ""]:
            if ":" in url.split("/", 1)[0] and not _web_url(url):
                return f"{key}: {url!r} is not an http(s) URL or a path"
    if values.get("scheme") not in (None, "http", "https"):
        return f"scheme must be http or https, not {values['scheme']!r}"
    for key, least in (("schedule_minutes", 1), ("concurrency", 1), ("download_delay", 0)):
        if key in values and values[key] < least:
            return f"{key} must be at least {least}, not {values[key]!r}"
    if "link_pattern" in values:
        try:
            re.compile(values["link_pattern"])
        except re.error as exc:
            return f"link_pattern is not a valid regular expression: {exc}"
    for host in values.get("allowed_hosts", ()):
        if not _is_host_entry(host):
            return f"allowed_hosts: {host!r} is not a host name, address or *.domain"
    return None


def _web_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


def load_sources(path: Path) -> dict[str, SourceConfig]:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read sources file {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"sources file {path} is not UTF-8 text (byte {exc.object[exc.start]:#04x} at "
                          f"offset {exc.start})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"sources file {path} is not valid TOML: {exc}") from exc
    return parse_sources(data, str(path))
