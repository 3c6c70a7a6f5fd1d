"""Accuracy preview: what a release will show for N respondents, before any data exist.

``accuracy`` (``Planned``: the expected intervals per cell), ``verdicts`` (is the sample large enough,
and how many respondents would do), ``assumed_shares`` and ``pilot`` (the group shares a preview
assumes and where they come from).
"""
