"""``python -m pimgraph``: the same command line as ``pimgraph``."""

from pimgraph.cli import main

main()
