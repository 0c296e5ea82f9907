"""The CLI's subcommands, one module per group of related commands."""
