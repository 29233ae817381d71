"""How a command ends: the exit codes of ``pimgraph.core.errors``, for the command line.

Errors are raised and mapped to their code by ``exit_code_for`` in ``PimgraphGroup``; a command
that has written its report and must end with a code of its own (1 when the data does not
conform) ends through :func:`exit_with`, never through a literal ``sys.exit``.
"""

from __future__ import annotations

from typing import NoReturn

import click

from pimgraph.core.errors import EXIT_NONCONFORMING, EXIT_OK


def exit_with(code: int) -> NoReturn:
    """End the command with ``code`` (one of ``pimgraph.core.errors.EXIT_*``)."""
    raise click.exceptions.Exit(code)


def exit_for_conformance(conforms: bool) -> NoReturn:
    """End a check: ``EXIT_OK`` when the data conforms, ``EXIT_NONCONFORMING`` when it does not."""
    exit_with(EXIT_OK if conforms else EXIT_NONCONFORMING)
