"""The condition language of skip logic, filters and derived variables.

- ``syntax``: parsing a condition to an AST and printing it back (``ex`` by convention).
- ``checking``: type checking of conditions against an instrument's questions.
- ``evaluation``: relevance evaluation — each condition compiled once into a Python closure
  and evaluated over one respondent's answers (three-valued: unanswered is neither true nor false).
- ``describe`` (+ ``describe_wording``): conditions in plain language for paper questionnaires.
"""
