"""Bundled queries assets of pimgraph.

This file only marks the folder as the package ``pimgraph.query_files`` so that installed and
editable copies alike find the assets through ``importlib.resources``.
"""
