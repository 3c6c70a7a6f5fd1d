"""Accuracy preview: what a release will show for N respondents, before any data exist.

``accuracy`` (``Planned``: the expected intervals per cell), ``verdicts`` (is the sample large enough,
and how many respondents would do), ``assumed_shares`` and ``pilot`` (the group shares a preview
assumes and where they come from).

``target`` plans the other way round: the members and respondents each group needs, and the ρ each table
needs, for a target half-width at 95 % confidence (``target_widths``: a group's interval widths);
``release_shares`` reads group shares from a pilot's release file, ``reference`` from the sourced figures of
city types.
"""
