"""Bundled shapes assets of pimgraph.

This file only marks the folder as the package ``pimgraph.shapes`` so that installed and
editable copies alike find the assets through ``importlib.resources``.
"""
