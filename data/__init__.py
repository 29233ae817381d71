"""Bundled data assets of pimgraph.

This file only marks the folder as the package ``pimgraph.data`` so that installed and
editable copies alike find the assets through ``importlib.resources``.
"""
