"""The local stores an ``Engine`` can run on; each module registers one in ``pimgraph.graph.engine``."""
