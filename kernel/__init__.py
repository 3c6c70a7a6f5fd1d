"""The kernel every stage shares: nothing here knows about surveys.

- ``errors``: the error family of every eqsurvey package: user errors with a code, the place
  (file:line, row, question), the problem and the fix; internal errors that say they are bugs.
- ``files``: reading the user's text files with errors that say which file and what to do.
- ``private_files``: files readable by their owner only (keys, secrets, codes, stores, datasets).
- ``yaml_source``: YAML reading that remembers where every value came from; ``yaml_values``
  bounds how many values a document stands for before any is built.
- ``workbooks``: reading users' .xlsx workbooks within bounds; ``zip_archives``: refusing zip bombs
  before any reader unpacks an archive.
- ``formula_safe``: text cells that a spreadsheet shows as text and never runs as a formula.
- ``lazy``: a package's public names imported on first use, so ``eqsurvey --help`` stays instant.
- ``privacy_budget``: :class:`PrivacyBudget`, ρ of zero-concentrated DP as an exact decimal (never
  NaN, infinite or negative), the one budget type of the config, analysis and the store's ledger.
- ``ledger``: the budget ledger's records and rules (a release fits what is left, the total fixed
  by the first release), which the store applies inside its own transaction; the interface is
  ``analysis.ledger.BudgetLedger``.
- ``waves``: survey waves (a response's wave is its received day's; each wave its own budget) and the
  rules a new wave's declaration must meet.
"""
