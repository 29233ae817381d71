"""Exception types and the exit-code contract.

0 ok; 1 the data does not conform or a check found rows; 2 usage or input error (bad file,
unknown query, unreachable endpoint); 3 internal error; 130 interrupted (Ctrl-C).
``exit_code_for`` is the one place that maps an exception to a code.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_NONCONFORMING = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130  # the shell's code for a process ended by SIGINT


class PimgraphError(Exception):
    """Base class of every error pimgraph reports to a user as one line."""

    exit_code = EXIT_INPUT


class InputError(PimgraphError):
    """A file, value or endpoint the user gave cannot be used.

    ``where`` is ``file:line`` (or ``file``, or a field name); the message says what to do.
    """

    def __init__(self, message: str, where: str | None = None):
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


class UsageError(PimgraphError):
    """The command was called wrongly (unknown query id, bad parameter, conflicting options)."""


class RemoteError(PimgraphError):
    """A SPARQL endpoint refused, failed or answered something we cannot trust."""


class IncompleteResultError(RemoteError):
    """An endpoint answered with partial results (cut by a time limit): never a success."""

    exit_code = EXIT_NONCONFORMING


def exit_code_for(error: BaseException) -> int:
    """The process exit code for an exception that reached the command line."""
    if isinstance(error, PimgraphError):
        return error.exit_code
    if isinstance(error, KeyboardInterrupt):
        return EXIT_INTERRUPTED
    return EXIT_INTERNAL
