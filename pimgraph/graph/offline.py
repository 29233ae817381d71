"""Take a process off the network: the last line of defence for a query engine.

pyoxigraph 0.5 evaluates SERVICE over HTTP and offers no option to refuse it, so the checks in
front of it (``pimgraph.sparql.safety``, ``graph.backends.sparql_text.guard``) are text checks.
A process that only answers queries (a ``pimgraph serve`` worker) can go further: in a network
namespace of its own it has no interface but a loopback that is down, so even a query that got
past every check could not reach another server. Pipes and files it already holds keep working.
"""

from __future__ import annotations

import ctypes
import os

_CLONE_NEWNET = 0x40000000
_CLONE_NEWUSER = 0x10000000


def cut_network() -> bool:
    """Move this process into a new, empty network namespace; True if that worked.

    As root one ``unshare`` does it; otherwise a user namespace first, mapping the user to
    itself so files keep their owner. Needs a single-threaded process (call it first thing)."""
    if not hasattr(os, "getuid"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    if libc.unshare(_CLONE_NEWNET) == 0:
        return True
    uid, gid = os.getuid(), os.getgid()
    if libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET) != 0:
        return False
    try:
        for name, text in (
            ("setgroups", "deny"),
            ("uid_map", f"{uid} {uid} 1"),
            ("gid_map", f"{gid} {gid} 1"),
        ):
            with open(f"/proc/self/{name}", "w", encoding="ascii") as handle:
                handle.write(text)
    except OSError:
        pass  # the namespace holds; only the owner shown for new files may differ
    return True
