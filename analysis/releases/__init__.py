"""Releases: making one, checking a stored one, the guard before spending, and a release as typed values.

``making`` makes a release of a plan over a dataset and its stored body (``make_release``);
``body`` checks a stored body before anything reads it; ``guard`` holds the rules before a
release spends budget (minimum respondents, when to ask first). ``model`` holds :class:`~analysis.releases.model.Release` (what a stored
release says: plan, instrument, noise, budget, dataset, provenance, tables)
and its exact round trip to the stored JSON body; ``tables`` and ``cells``
the published tables and cells with their typed kind and status; ``parts``
the ordered, frozen base every part shares; ``review`` the community review of the questionnaire
a release records (who approved which content).
"""
