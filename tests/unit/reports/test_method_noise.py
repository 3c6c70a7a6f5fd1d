"""The methodology's noise column: each part's σ, and for a centred multiple choice the σ of each option's count."""

from __future__ import annotations

import math

import pytest

from reports.catalogue import LANGUAGES, Catalogue
from reports.labels import Labels
from reports.method import methodology
from reports.tables import release_views
from tests.unit.analysis.synthetic import INSTRUMENT
from tests.unit.reports.releases import release, typed


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_a_centred_table_states_both_parts_and_each_option_count_s_own_noise(lang: str) -> None:
    made = typed(release(1))
    labels = Labels(INSTRUMENT, Catalogue(lang))
    views = release_views(made, labels)
    rows = {v.id: r for v, r in zip(views, methodology(made, INSTRUMENT, labels, views, None).budget_rows, strict=True)}
    n = Catalogue(lang).numbers
    tables = {t.id: t for t in made.tables}
    centred = [t for t in made.tables if "options" in t.noise]
    assert centred, "the synthetic release has a multiple choice measured centred"
    for table in centred:
        options, statuses = float(table.noise["options"].scale), float(table.noise["statuses"].scale)
        stated = rows[table.id].noise
        each = n.significant(math.sqrt((options**2 + statuses**2) / 4))
        for scale in (options, statuses):
            assert f"σ\u00a0=\u00a0{n.significant(scale)}" in stated
        # The option count's σ is stated last: (answered + centred value) / 2 mixes both parts' noise.
        assert stated.rstrip("\u2069").endswith(f"σ\u00a0=\u00a0{each}"), stated
        assert stated.count("σ\u00a0=") == 3
        assert "{" not in stated
    plain = next(t for t in tables.values() if list(t.noise) == ["counts"])
    assert rows[plain.id].noise.count("σ\u00a0=") == 1
