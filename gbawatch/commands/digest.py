"""`gbawatch digest`: the daily digest as Markdown, text or HTML; `--send` mails it to the recipients."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from gbawatch.cli import Context, main, open_sessions, parse_day, pass_context
from gbawatch.commands.watch import channels_from
from gbawatch.errors import InputError
from gbawatch.output_file import check_writable, output_file
from schedules.jobs import send_digest
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
        if not send_digest(sessions, when, tz=settings.timezone, recipients=settings.digest_recipients):
            raise InputError(f"the digest for {when} was sent before (the digest log says so)")
        report = deliver_outbox(sessions, channels_from(settings))
        click.echo(
            f"digest for {when}: {report.sent} mail(s) sent, {report.failed} failed"
            + (" (queued; the scheduler retries)" if report.failed else "")
        )
        for error in report.errors:
            click.echo(f"  {error}", err=True)
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
