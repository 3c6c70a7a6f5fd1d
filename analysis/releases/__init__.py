"""A release as typed, frozen values: the release, its published tables and their cells.

``model`` holds :class:`~analysis.releases.model.Release` (what a stored
release says: plan, instrument, noise, budget, dataset, provenance, tables)
and its exact round trip to the stored JSON body; ``tables`` and ``cells``
the published tables and cells with their typed kind and status; ``parts``
the ordered, frozen base every part shares.
"""
