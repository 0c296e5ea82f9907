"""`python -m gbawatch` runs the CLI."""

from gbawatch.cli import main

main()
