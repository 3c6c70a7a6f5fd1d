"""Respondents' answers, checked against an instrument before anything is stored.

- ``values``: one answer on its own (codes, exclusive options, selection
  limits, bounds, types) and its normal form; :class:`~.values.CheckedAnswers`.
- ``plan``: what checking needs from an instrument, compiled once (conditions
  as closures, matrix codes, conditional rows and options).
- ``submission``: one respondent's answers as a whole, skip logic and consent
  included; :class:`~.submission.SubmissionChecker` keeps an instrument's plan
  for whoever checks many submissions (the web form, the importers).
- ``schema``: JSON Schema of one respondent's answers, for other tools (it
  cannot state skip logic; the check here does).
"""
