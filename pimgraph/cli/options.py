"""Options shared by several commands, defined once."""

from __future__ import annotations

import click

lang_option = click.option(
    "--lang", type=click.Choice(["en", "pl"]), default="en", show_default=True,
    help="Language of labels and messages.",
)
