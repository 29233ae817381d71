"""The ``pimgraph`` command line: a thin layer over the library.

Each command parses its options, calls one library function and renders the result. Errors
reach the user as one line on stderr with the documented exit code (see ``pimgraph.core.errors``);
library modules are imported inside the commands so that ``pimgraph --help`` stays fast.
"""

from __future__ import annotations

import os
import sys

import click

from pimgraph import __version__
from pimgraph.core.errors import EXIT_INTERNAL, PimgraphError
from pimgraph.core.messages import _, set_language

EXIT_CODES_HELP = """\b
Exit codes: 0 ok; 1 data does not conform, or a check found rows;
2 usage or input error (bad file, unknown query, unreachable endpoint);
3 internal error (a bug: please report it)."""


class PimgraphGroup(click.Group):
    """A click group that turns library errors into one-line messages and exit codes."""

    def invoke(self, ctx: click.Context):
        # Each run starts from $PIMGRAPH_LANG (a command's --lang changes it for that run only),
        # so one run's choice never leaks into the next one in the same process (tests).
        set_language(None)
        try:
            return super().invoke(ctx)
        except PimgraphError as error:
            click.echo(_("pimgraph: error: {message}", message=error), err=True)
            sys.exit(error.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo(_("pimgraph: interrupted"), err=True)
            sys.exit(130)
        except Exception as error:  # a bug: one line by default, the traceback on request
            if os.environ.get("PIMGRAPH_DEBUG"):
                raise
            click.echo(
                _(
                    "pimgraph: internal error: {kind}: {error} "
                    "(rerun with PIMGRAPH_DEBUG=1 for a traceback, and please report it)",
                    kind=type(error).__name__,
                    error=error,
                ),
                err=True,
            )
            sys.exit(EXIT_INTERNAL)
        finally:
            set_language(None)


@click.group(
    cls=PimgraphGroup,
    epilog=EXIT_CODES_HELP,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="pimgraph")
def main() -> None:
    """The linked-open-data knowledge graph of Poland's Partnership Initiative of Cities (PIM).

    \b
    Start here:
      pimgraph queries             the questions you can ask (stored SPARQL queries)
      pimgraph query cities-sharing-themes
                                   run one: which cities share themes, and which
      pimgraph validate            check the bundled graph against its SHACL shapes
      pimgraph stats               how many cities, networks, themes, ... the graph holds
    """


def _register() -> None:
    from pimgraph.cli import (
        explore_commands,
        graph_commands,
        publish_commands,
        query_commands,
        submit_commands,
    )

    for module in (
        graph_commands,
        query_commands,
        submit_commands,
        explore_commands,
        publish_commands,
    ):
        for command in module.COMMANDS:
            main.add_command(command)


_register()
