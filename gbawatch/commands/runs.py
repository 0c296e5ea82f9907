"""`gbawatch runs`: the crawl history."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import click

from gbawatch.cli import Context, echo_json, main, open_sessions, pass_context
from storage.runs import list_runs


@main.command("runs")
@click.option("--source", help="Only this source.")
@click.option("--limit", default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@pass_context
def runs(ctx: Context, source: str | None, limit: int, as_json: bool) -> None:
    """The crawl history: per-source counts, drop reasons, failures."""
    with open_sessions(ctx)() as session:
        history = list_runs(session, source=source, limit=limit)
    for run in history:
        dropped = {k.rsplit("/", 1)[-1]: v for k, v in run.stats.items()
                   if k.startswith("item_dropped_reasons_count/")}
        if as_json:
            echo_json({"id": run.id, "source": run.source, "started_at": run.started_at,
                       "finished_at": run.finished_at, "status": run.status, "drifting": run.drifting,
                       "stats": run.stats, "errors": run.errors})
            continue
        started = run.started_at.astimezone(ZoneInfo(ctx.settings.timezone)).strftime("%Y-%m-%d %H:%M:%S")
        flag = "  DRIFTING" if run.drifting else ""
        click.echo(f"#{run.id:<4} {started}  {run.source:13} {run.status:9} "
                   f"stored {run.stats.get('gbawatch/stored', 0):>4}  new {run.stats.get('gbawatch/created', 0):>4}"
                   f"  dropped {sum(dropped.values()):>3}{flag}")
        for reason, count in sorted(dropped.items()):
            click.echo(f"      dropped {reason}: {count}")
        for error in run.errors[:5]:
            click.echo(f"      error: {error}")
