"""A regional pool (:mod:`analysis.pooling`) as a report: contributors, method and the pooled tables.

``content``: the pool, the project's instrument and a language → the report's content
(tables as a town's report shows them, :func:`reports.tables.table_view`);
``wording``: its sentences (the ``reports`` catalogues); the page is
``templates/pool.html.j2``; CSV and JSON of every pooled cell in ``content`` too.
"""
