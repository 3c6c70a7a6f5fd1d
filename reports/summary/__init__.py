"""The summary report: one release as a short publication in plain words.

``content`` (``build_summary``), ``findings`` (the largest gaps as sentences with their uncertainty),
``plain`` (figures in plain words, ranges that never narrow).
"""
