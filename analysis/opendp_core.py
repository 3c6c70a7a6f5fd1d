"""OpenDP's core modules, loaded once: ``opendp.prelude`` also loads its numpy and scikit-learn extras.

Those extras took about 0.6 s of every process that made a release or showed
a budget, for nothing eqsurvey uses. What is used: domains, metrics, the
Gaussian measurements and the zCDP → (ε, δ) combinator, with OpenDP's
"contrib" features enabled as the prelude's users enable them.
"""

from __future__ import annotations

from functools import cache
from types import SimpleNamespace
from typing import Any


@cache
def opendp() -> Any:
    """A namespace like ``opendp.prelude``'s for the parts eqsurvey calls (``m``: measurements, ``c``: combinators)."""
    from opendp import combinators, domains, measurements, metrics
    from opendp.mod import enable_features

    enable_features("contrib")
    return SimpleNamespace(
        vector_domain=domains.vector_domain,
        atom_domain=domains.atom_domain,
        map_domain=domains.map_domain,
        l2_distance=metrics.l2_distance,
        l02inf_distance=metrics.l02inf_distance,
        absolute_distance=metrics.absolute_distance,
        m=measurements,
        c=combinators,
    )
