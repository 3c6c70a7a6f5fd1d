"""Regional pools: several towns' releases of the same instrument combined into regional count tables.

- ``hidden``: at release time, the noisy values of the hidden count cells (kept in the stored
  body's ``pooling`` section, never published; exported only for a pool);
- ``sources``: contribution files (``release export --for-pooling``) and plain public release
  files, read and checked (same instrument and tables, distinct releases, budgets split alike);
- ``combine``: the towns' counts and noise added up, shares of the sums (inverse-variance under a
  common share), published under the strictest rules;
- ``protect``: the disclosure audit of the pooled tables together with every town's own, and
  secondary suppression in the pooled tables until no hidden cell can be worked out;
- ``pool``: all of it, and the pool as a value (:class:`~analysis.pooling.pool.Pool`).

Adding published DP outputs is post-processing: no budget is spent, no microdata move.
"""
