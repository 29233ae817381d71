"""A test-only hook: stop a process at a named point so a test can kill it exactly there.

With ``PIMGRAPH_TEST_PAUSE_AT=<point>`` set, ``pause_at(point)`` writes
``pimgraph: paused at <point>`` to stderr and sleeps ``$PIMGRAPH_TEST_PAUSE_SECONDS`` (default 60)
seconds; the test waits for that line, then sends SIGKILL. The points are:

``swap``      ``publish``: the new site is built, just before it is swapped in
``swapped``   ``publish``: just after the swap, before the old site is removed
``write``     ``write_atomically``: the temporary file is written, just before its rename
``locked``    ``submit add``: the folder's lock is held, before the re-check
``queued``    the portal's ``submit_to_queue``: its lock is held, the queue read, nothing written

Unset (always, outside tests) it does nothing.
"""

from __future__ import annotations

import os
import sys
import time

VARIABLE = "PIMGRAPH_TEST_PAUSE_AT"


def pause_at(point: str) -> None:
    """Sleep here if ``$PIMGRAPH_TEST_PAUSE_AT`` names ``point`` (see the module's docstring)."""
    if os.environ.get(VARIABLE) != point:
        return
    sys.stderr.write(f"pimgraph: paused at {point}\n")
    sys.stderr.flush()
    time.sleep(float(os.environ.get("PIMGRAPH_TEST_PAUSE_SECONDS", "60")))


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` exists (on this machine): how leftovers of killed runs are told
    from the work of a live one."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, owned by someone else
    except OSError:
        return False
    return True
