"""Exact cells of a release's counted and mean tables, counted in few passes over the respondents.

- ``axes``: each dimension (and a mean's values) as small unsigned codes read
  from the dataset's own arrays, and which categories each code is in (a
  multiple choice: one code per pattern of kept options, the bound enforced);
- ``passes``: blocks packed into passes, each one ``bincount`` of combined codes
  per slice of rows, and a block's cells read off its pass;
- ``tables``: every table's exact parts, what the passes cannot count left to
  :mod:`analysis.tabulate`.
"""
