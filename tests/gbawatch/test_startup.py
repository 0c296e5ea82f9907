"""Start-up stays light: `--help` and `search` do not import the crawler, the NLP or the plotting stack.

Not timed (timings are flaky): each case runs the CLI in a fresh Python and lists the heavy modules it imported.
The figures are in benchmarks/startup.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest

from gbawatch.cli import COMMANDS, main
from storage.migrate import upgrade

HEAVY = ("scrapy", "twisted", "jieba", "matplotlib", "sklearn")
# Runs the CLI's main with the given arguments, then prints which heavy packages ended up in sys.modules.
CHILD = """
import json, sys
from gbawatch.cli import main
heavy = sys.argv[1].split(",")
try:
    main(sys.argv[2:], prog_name="gbawatch")
except SystemExit as exc:
    code = exc.code
print(json.dumps({"code": code, "heavy": sorted({m.split(".")[0] for m in sys.modules} & set(heavy))}))
"""


def heavy_imports(*args: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", CHILD, ",".join(HEAVY), *args], capture_output=True, text=True,
                          check=True)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["code"] in (0, None), done.stderr
    return list(report["heavy"])


def test_help_imports_no_heavy_module() -> None:
    assert heavy_imports("--help") == []


def test_search_imports_no_heavy_module(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'archive.db'}"
    upgrade(url)
    assert heavy_imports("--db", url, "search", "河套") == []


def test_a_crawler_command_still_loads_its_modules() -> None:
    """The check can fail: a command that needs Scrapy does import it."""
    assert "scrapy" in heavy_imports("crawl", "--help")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_listed_summary_is_the_commands_own(name: str) -> None:
    """`--help` lists commands from COMMANDS without loading them: each summary must match the command."""
    ctx = click.Context(main)
    command = main.get_command(ctx, name)
    assert command is not None, f"{COMMANDS[name].module} does not define {name!r}"
    assert command.get_short_help_str(limit=1000) == COMMANDS[name].summary


def test_every_command_is_listed() -> None:
    """A command registered on `main` but missing from COMMANDS would only appear once its module was loaded."""
    ctx = click.Context(main)
    for lazy in COMMANDS.values():
        __import__(lazy.module)
    unlisted = {name for name in main.list_commands(ctx) if not main.commands[name].hidden} - set(COMMANDS)
    assert not unlisted, "add these to gbawatch.cli.COMMANDS"
