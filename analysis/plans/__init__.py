"""Analysis plans: which tables one release publishes, and with how much of the budget.

``model`` (``AnalysisPlan``), ``loader`` (YAML → plan, every problem with file and line), ``check``
(a plan against its instrument), ``scales`` (the budget against the noise it buys), ``dimensions``
(how a question sorts respondents into cells), ``layout`` (the shape of every table, from the
instrument alone), ``editing`` (a table added, changed or removed in the plan's YAML, comments and
layout kept; ``_layout_text`` finds each table's lines).
"""
