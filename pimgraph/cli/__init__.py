"""The ``pimgraph`` command line: a thin layer over the library.

Each command parses its options, calls one library function and renders the result. Errors
reach the user as one line on stderr with the documented exit code (see ``pimgraph.core.errors``);
library modules are imported inside the commands so that ``pimgraph --help`` stays fast.
"""

from __future__ import annotations

import errno
import logging
import os
import sys

import click

from pimgraph import __version__
from pimgraph.core.errors import PimgraphError, exit_code_for
from pimgraph.core.messages import _, set_language

EXIT_CODES_HELP = """\b
Exit codes: 0 ok; 1 data does not conform, or a check found rows;
2 usage or input error (bad file, unknown query, unreachable endpoint);
3 internal error (a bug: please report it)."""


# Libraries that log warnings (with tracebacks) on their own: rdflib for every ill-typed
# literal it meets, pySHACL and owlrl while they work. What they report reaches the user as
# pimgraph's own one-line errors; their log lines only on request (PIMGRAPH_DEBUG=1).
QUIET_LOGGERS = ("rdflib", "pyshacl", "owlrl", "pyparsing")


def quiet_library_logs() -> None:
    """Keep third-party log records (and their traceback text) off stderr unless debugging."""
    if os.environ.get("PIMGRAPH_DEBUG"):
        return
    for name in QUIET_LOGGERS:
        logger = logging.getLogger(name)
        logger.addHandler(logging.NullHandler())
        logger.propagate = False


def _closed_pipe() -> None:
    """The reader went away (``pimgraph ... | head``): stop quietly, like any Unix tool.

    Further writes to stdout (Python's own flush at exit) go to /dev/null, so nothing is
    printed; the exit status is 0, because nothing went wrong that the user did not ask for."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    sys.exit(0)


def _is_closed_pipe(error: BaseException) -> bool:
    return isinstance(error, BrokenPipeError) or (
        isinstance(error, OSError) and error.errno == errno.EPIPE
    )


class PimgraphGroup(click.Group):
    """A click group that turns library errors into one-line messages and exit codes."""

    def invoke(self, ctx: click.Context):
        # Each run starts from $PIMGRAPH_LANG (a command's --lang changes it for that run only),
        # so one run's choice never leaks into the next one in the same process (tests).
        set_language(None)
        quiet_library_logs()
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except (Exception, KeyboardInterrupt) as error:
            if _is_closed_pipe(error):
                _closed_pipe()
            if _is_bug(error) and os.environ.get("PIMGRAPH_DEBUG"):
                raise  # a bug: one line by default, the traceback on request
            click.echo(_one_line(error), err=True)
            sys.exit(exit_code_for(error))
        finally:
            set_language(None)


def _is_bug(error: BaseException) -> bool:
    return not isinstance(error, (PimgraphError, KeyboardInterrupt))


def _one_line(error: BaseException) -> str:
    if isinstance(error, PimgraphError):
        return _("pimgraph: error: {message}", message=error)
    if isinstance(error, KeyboardInterrupt):
        return _("pimgraph: interrupted")
    return _(
        "pimgraph: internal error: {kind}: {error} "
        "(rerun with PIMGRAPH_DEBUG=1 for a traceback, and please report it)",
        kind=type(error).__name__,
        error=error,
    )


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
        links_commands,
        portal_commands,
        publish_commands,
        query_commands,
        review_commands,
        submit_commands,
    )

    for module in (
        graph_commands,
        links_commands,
        query_commands,
        submit_commands,
        portal_commands,
        review_commands,
        explore_commands,
        publish_commands,
    ):
        for command in module.COMMANDS:
            main.add_command(command)


_register()
