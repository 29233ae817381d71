"""The local stores an ``Engine`` can run on; each registers in ``pimgraph.graph.engine``."""
