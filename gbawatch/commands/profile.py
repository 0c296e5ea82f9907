"""`gbawatch profile add|list|show|remove`: topic profiles, what a reader follows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from gbawatch.cli import Context, echo_json, main, open_sessions, pass_context
from gbawatch.errors import InputError
from storage.profiles import remove_profile, save_profile
from storage.watch import list_rules
from watch.errors import ProfileError
from watch.profiles import (
    DEFAULT_PROFILE,
    TopicProfile,
    all_profiles,
    get_profile,
    load_profile_file,
    profile_from_mapping,
    profile_toml,
)
from watch.relevance_service import rescore_profile


@main.group("profile")
def profile() -> None:
    """Topic profiles: the entity categories, entities, queries, sources and languages a reader follows."""


def _checked(raw: dict[str, Any] | None, path: Path | None) -> TopicProfile:
    try:
        return load_profile_file(path) if path is not None else profile_from_mapping(raw or {})
    except ProfileError as exc:
        raise InputError(str(exc)) from exc


@profile.command("add")
@click.argument("name")
@click.option("--file", "path", type=click.Path(dir_okay=False, path_type=Path),
              help="Read the profile from this TOML file (the form `profile show --toml` prints).")
@click.option("--category", "categories", multiple=True, help="An entity category to follow (repeatable).")
@click.option("--entity", "entities", multiple=True, help="An entity to follow, either script (repeatable).")
@click.option("-q", "--query", "queries", multiple=True, help="A query in the search syntax (repeatable).")
@click.option("--source", "sources", multiple=True, help="Only this source (repeatable; default all).")
@click.option("--language", "languages", multiple=True, help="Only this language: en, zh, zh-Hant, zh-Hans.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=0.5, show_default=True,
              help="On topic at or above this score.")
@click.option("--description", default="")
@click.option("--replace", is_flag=True, help="Replace a stored profile of that name.")
@pass_context
def profile_add(ctx: Context, name: str, path: Path | None, categories: tuple[str, ...], entities: tuple[str, ...],
                queries: tuple[str, ...], sources: tuple[str, ...], languages: tuple[str, ...], threshold: float,
                description: str, replace: bool) -> None:
    """Store the profile NAME and score the archive against it."""
    if name == DEFAULT_PROFILE:
        raise InputError(f"{DEFAULT_PROFILE!r} is the shipped default profile: add a copy under another name")
    if path is not None:
        found = _checked(None, path)
        if found.name != name:
            found = _checked({**found.as_mapping(), "name": name}, None)
    else:
        found = _checked({"name": name, "description": description, "categories": list(categories),
                          "entities": list(entities), "queries": list(queries), "sources": list(sources),
                          "languages": list(languages), "threshold": threshold}, None)
    for source in found.sources:
        ctx.source(source)  # an unknown source name fails here
    sessions = open_sessions(ctx, create=True)
    with sessions.begin() as session:
        if not replace and name in {p.name for p in all_profiles(session)}:
            raise InputError(f"a profile named {name!r} exists (--replace to change it)")
        _, created = save_profile(session, name, found.as_mapping())
    scored = rescore_profile(sessions, found)
    click.echo(f"{'added' if created else 'replaced'} profile {name}; {scored} article(s) scored")


@profile.command("list")
@click.option("--json", "as_json", is_flag=True)
@pass_context
def profile_list(ctx: Context, as_json: bool) -> None:
    """The default profile and the stored ones."""
    with open_sessions(ctx)() as session:
        for found in all_profiles(session):
            if as_json:
                echo_json(found.as_mapping())
                continue
            follows = [f"{len(found.categories)} categories", f"{len(found.entities)} entities",
                       f"{len(found.queries)} queries"]
            if found.sources:
                follows.append("sources " + ", ".join(found.sources))
            if found.languages:
                follows.append("languages " + ", ".join(found.languages))
            default = " (default)" if found.name == DEFAULT_PROFILE else ""
            click.echo(f"{found.name}{default}: {'; '.join(follows)}")
            if found.description:
                click.echo(f"    {found.description}")


@profile.command("show")
@click.argument("name", default=DEFAULT_PROFILE)
@click.option("--toml", "as_toml", is_flag=True, help="As a TOML file `profile add --file` reads.")
@click.option("--json", "as_json", is_flag=True)
@pass_context
def profile_show(ctx: Context, name: str, as_toml: bool, as_json: bool) -> None:
    """Everything the profile NAME follows."""
    with open_sessions(ctx)() as session:
        try:
            found = get_profile(session, name)
        except ProfileError as exc:
            raise InputError(str(exc)) from exc
    if as_json:
        echo_json(found.as_mapping())
    elif as_toml:
        click.echo(profile_toml(found), nl=False)
    else:
        for key, value in found.as_mapping().items():
            if isinstance(value, list):
                click.echo(f"{key}:" + ("" if value else " (any)" if key in ("sources", "languages") else " -"))
                for item in value:
                    click.echo(f"  - {item}")
            else:
                click.echo(f"{key}: {value}")


@profile.command("remove")
@click.argument("name")
@pass_context
def profile_remove(ctx: Context, name: str) -> None:
    """Remove the stored profile NAME and its scores."""
    if name == DEFAULT_PROFILE:
        raise InputError(f"{DEFAULT_PROFILE!r} is the shipped default profile and cannot be removed")
    with open_sessions(ctx).begin() as session:
        users = [r.name for r in list_rules(session) if r.profile == name]
        if users:
            raise InputError(f"watch rule(s) {', '.join(users)} use profile {name!r}: remove them first")
        if not remove_profile(session, name):
            raise InputError(f"no stored profile named {name!r}")
    click.echo(f"removed profile {name}")
