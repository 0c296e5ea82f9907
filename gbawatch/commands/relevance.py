"""`gbawatch relevance train|rescore`: retrain the relevance model on the labelled set, score the archive."""

from __future__ import annotations

import json
from pathlib import Path

import click

from gbawatch.cli import Context, main, open_sessions, pass_context
from gbawatch.errors import InputError
from gbawatch.relevance_data import MIRROR_LABELS, REAL_LABELS, page_examples, written_examples
from watch.errors import ProfileError
from watch.profiles import default_profile, get_profile
from watch.relevance_model import MODEL_FILE, shipped_model, write_model
from watch.relevance_service import rescore
from watch.relevance_train import held_out, misranked, train_and_report

_REPO = Path(__file__).resolve().parents[2]


@main.group("relevance")
def relevance() -> None:
    """The relevance model: retrain it, score the archive with it."""


@relevance.command("train")
@click.option("--real", "real_root", type=click.Path(path_type=Path), default=_REPO.parent / "shared/samples/real",
              show_default=True, help="Real pages named in watch/data/relevance/real_labels.jsonl.")
@click.option("--mirror", "mirror_root", type=click.Path(path_type=Path), default=_REPO / "tests/mirror/sites",
              show_default=True, help="The mirror's pages named in watch/data/relevance/mirror_labels.jsonl.")
@click.option("--no-pages", is_flag=True, help="Train on the written set only.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=MODEL_FILE, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the quality report as JSON.")
@pass_context
def relevance_train(ctx: Context, real_root: Path, mirror_root: Path, no_pages: bool, out: Path,
                    as_json: bool) -> None:
    """Fit the model on the labelled set, report its quality on held-out days, write it."""
    profile = default_profile()
    examples = written_examples()
    if not no_pages:
        sources = ctx.sources()
        for root, labels, origin in ((real_root, REAL_LABELS, "real"), (mirror_root, MIRROR_LABELS, "mirror")):
            if root.is_dir():
                examples += page_examples(root, labels, sources, origin)
            else:
                click.echo(f"skipping {origin} pages: {root} not found", err=True)
    if not examples:
        raise InputError("no labelled articles")
    model = train_and_report(examples, profile)
    write_model(model, out)
    if as_json:
        click.echo(json.dumps(model.report, ensure_ascii=False, indent=1))
        return
    report = model.report
    click.echo(f"model {model.version}: {report['examples']} labelled articles, {report['train']} on training "
               f"days, {report['held_out']} on held-out days; features {report['features']}")
    click.echo(f"{'held-out':18} {'articles':>8} {'on topic':>8} {'AUC':>7} {'P@0.5':>7} {'R@0.5':>7}")
    for name, row in report.get("held_out_quality", {}).items():
        cells = [f"{row[k]:.3f}" if isinstance(row[k], float) else "–" for k in ("auc", "precision", "recall")]
        click.echo(f"{name:18} {row['articles']:8} {row['on_topic']:8} {cells[0]:>7} {cells[1]:>7} {cells[2]:>7}")
    wrong = misranked(model, [e for e in examples if held_out(e.day)], profile)
    if wrong:
        click.echo("held-out articles the final model still gets wrong (key, label, score):")
        for value, example in wrong:
            click.echo(f"  {example.origin}:{example.key}  {example.label}  {value:.3f}")
    click.echo(f"wrote {out}")


@relevance.command("rescore")
@click.option("--profile", "profile_name", help="Only this profile (default: every profile).")
@pass_context
def relevance_rescore(ctx: Context, profile_name: str | None) -> None:
    """Score every archived article again (after retraining the model or editing a profile)."""
    sessions = open_sessions(ctx, create=True)
    profiles = None
    if profile_name:
        with sessions() as session:
            try:
                profiles = [get_profile(session, profile_name)]
            except ProfileError as exc:
                raise InputError(str(exc)) from exc
    count = rescore(sessions, profiles, shipped_model())
    click.echo(f"{count} article(s) scored")
