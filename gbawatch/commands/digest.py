"""`gbawatch digest`: the daily digest as Markdown, text or HTML; `--send` mails it to the recipients."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click
from sqlalchemy.orm import Session, sessionmaker

from gbawatch.cli import Context, main, open_sessions, parse_day, pass_context
from gbawatch.commands.watch import channels_from
from gbawatch.errors import InputError, NotDelivered
from gbawatch.output_file import check_writable, output_file
from schedules.jobs import send_digest
from storage.watch_outbox import due_now, last_errors, messages_by_status
from watch.digest import build_digest, digest_json, render_markdown, render_text
from watch.digest_html import render_html_file
from watch.errors import ProfileError
from watch.outbox import deliver_outbox
from watch.profiles import get_profile


@main.command("digest")
@click.option("--date", "day", help="The day (YYYY-MM-DD, default today) in the configured time zone.")
@click.option("--format", "fmt", type=click.Choice(["md", "text", "html", "json"]), default="md",
              show_default=True)
@click.option("--profile", "profile_name", help="Lead with what matters to this topic profile (default gba-sti).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write here (default stdout).")
@click.option("--send", is_flag=True, help="Mail it to the recipients (once per day: a day sent before is refused).")
@pass_context
def digest(ctx: Context, day: str | None, fmt: str, profile_name: str | None, out: Path | None,
           send: bool) -> None:
    """The daily digest: stories, entities, officials, first mentions, figures, rising entities."""
    settings = ctx.settings
    when = parse_day(day) or datetime.now(ZoneInfo(settings.timezone)).date()
    if out is not None:
        check_writable(out)
    sessions = open_sessions(ctx)
    if send:
        if not settings.digest_recipients:
            raise InputError("no digest recipients: set GBAWATCH_DIGEST_TO (comma-separated addresses)")
        _send(ctx, sessions, when)
        return
    with sessions() as session:
        try:
            profile = get_profile(session, profile_name) if profile_name else None
        except ProfileError as exc:
            raise InputError(str(exc)) from exc
        built = build_digest(session, when, settings.timezone, profile)
    if fmt == "json":
        rendered = json.dumps(digest_json(built), ensure_ascii=False, indent=1) + "\n"
    else:
        rendered = {"md": render_markdown, "text": render_text, "html": render_html_file}[fmt](built)
    if out is None:
        click.echo(rendered, nl=False)
    else:
        with output_file(out) as handle:
            handle.write(rendered)
        click.echo(f"wrote {out}")


def _send(ctx: Context, sessions: sessionmaker[Session], when: date) -> None:
    """Queue the day's digest once; deliver what of it has not gone out (again, if asked again); say
    honestly what was sent and what waits in the outbox."""
    settings = ctx.settings
    queued = send_digest(sessions, when, tz=settings.timezone, recipients=settings.digest_recipients)
    prefix = f"digest:{when.isoformat()}:"
    with sessions.begin() as session:
        waiting = sum(n for status, n in messages_by_status(session, prefix).items() if status != "sent")
        if not queued and not waiting:
            raise InputError(f"the digest for {when} was sent before (the digest log says so)")
        due_now(session, prefix)
    deliver_outbox(sessions, channels_from(settings))
    with sessions() as session:
        counts = messages_by_status(session, prefix)
        errors = last_errors(session, prefix)
    sent, total = counts.get("sent", 0), sum(counts.values())
    click.echo(f"digest for {when}: {sent} of {total} mail(s) sent" + ("" if queued else " (queued before)"))
    if sent < total:
        failed = counts.get("failed", 0)
        raise NotDelivered(
            f"digest for {when}: {total - sent} mail(s) not delivered"
            + (f" ({failed} cannot be: the message or address is refused)" if failed else "")
            + f": {'; '.join(' '.join(e.split()) for e in errors) or 'no reason recorded'}. "
            + ("Queued: the scheduler retries, or run `gbawatch digest --send` again." if total - sent - failed else "")
        )
