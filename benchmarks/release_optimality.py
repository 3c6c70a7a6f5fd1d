"""How close a release comes to the least noise its budget allows (run by hand; prints figures, asserts nothing).

    python benchmarks/release_optimality.py                    # 100,000 respondents, 20 releases, ρ = 0.5
    python benchmarks/release_optimality.py --releases 50 --rho 0.1

On :mod:`tests.support.standard_workload`, the root mean squared error of the cells the plan
asks for (answers and groups; no status cells), at equal ρ:

- eqsurvey: :func:`analysis.compute.compute` as it is, empirically over
  several releases of one dataset (a count's error: its unbiased value as
  published, ``unclamped`` where shown as 0, minus the exact count);
- even split: every asked cell the same share of ρ; each table one Gaussian
  measurement of its asked cells only, at its own L2 sensitivity (a single
  choice 1; ``identity`` √3, at most three ticks; ``domains`` by ``identity``
  √24, eight rows; a mean's count 1 and sum 2, half of the table's share each;
  a mean's error by the delta method). Closed form;
- ResidualPlanner (:mod:`tests.support.residual_planner`): its optimal Gaussian measurement
  of the workload's marginals, each single choice with its two statuses, each
  identity option a yes/no attribute, the loss the sum of the asked cells'
  variances. Closed form, confirmed by simulating its measurements
  (``--check``). It measures counts only.

The ratios the issue holds a release to: eqsurvey / ResidualPlanner (target
≤ 1.05) and eqsurvey / even split (target ≤ 0.75) for counts; means at least
as precise as the even split.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
from pathlib import Path

import numpy as np

from analysis.compute import compute

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support import residual_planner as rp
from tests.support import standard_workload as w

MEAN_HALF_RANGE = 2.0  # the trust scale 1–5, centred on 3


Groups = tuple[tuple[str, str], ...]
CountKey = tuple[str, str | None, str, Groups]


def asked_counts(people: w.Respondents) -> dict[CountKey, float]:
    """Every asked count cell, keyed as a published cell's (table, row, answer, groups), with its exact value."""
    out: dict[CountKey, float] = {}
    for q, codes in w.SINGLES.items():
        for j, code in enumerate(codes):
            out[(q, None, code, ())] = float((people.singles[q] == j).sum())
    genders = w.SINGLES["gender"]
    for i, ident in enumerate(w.IDENTITIES):
        ticked = people.identity[:, i]
        out[("identity", None, ident, ())] = float(ticked.sum())
        for g, gender in enumerate(genders):
            out[("identity_by_gender", None, ident, (("gender", gender),))] = float(
                (ticked & (people.singles["gender"] == g)).sum()
            )
        for r, row in enumerate(w.DOMAINS):
            for a, answer in enumerate(("yes", "no")):
                cell = ("domains_by_identity", row, answer, (("identity", ident),))
                out[cell] = float((ticked & (people.domains[:, r] == a)).sum())
    return out


def exact_means(people: w.Respondents) -> dict[tuple[str, Groups], tuple[float, float]]:
    """Each asked mean cell: (its exact mean, how many gave a value)."""
    out: dict[tuple[str, Groups], tuple[float, float]] = {}
    valued = people.trust > 0
    for table, by in (("trust_by_gender", "gender"), ("trust_by_district", "district")):
        for g, code in enumerate(w.SINGLES[by]):
            members = valued & (people.singles[by] == g)
            out[(table, ((by, code),))] = (float(people.trust[members].mean()), float(members.sum()))
    return out


def eqsurvey_errors(people: w.Respondents, releases: int, rho: float) -> tuple[float, float]:
    """RMSE of the asked counts and of the asked means over ``releases`` releases."""
    frame = w.frame(people)
    counts, means = asked_counts(people), exact_means(people)
    count_errors: list[float] = []
    mean_errors: list[float] = []
    for _ in range(releases):
        computed = compute(w.PLAN, w.INSTRUMENT, frame, rho)
        for table in computed.tables:
            for cell in table.cells:
                by = tuple(sorted(cell.by.items()))
                if table.kind == "mean":
                    if (table.id, by) in means and cell.estimate is not None:
                        mean_errors.append(cell.estimate - means[(table.id, by)][0])
                    continue
                key = (table.id, cell.row, cell.measure or "", by)
                if key in counts:
                    value = cell.unclamped if cell.unclamped is not None else cell.estimate
                    count_errors.append((value or 0.0) - counts[key])
    expected = releases * len(counts)
    if len(count_errors) != expected:
        raise RuntimeError(f"found {len(count_errors)} asked count cells in the releases, expected {expected}")
    return _rms(count_errors), _rms(mean_errors)


def _rms(values: list[float]) -> float:
    return math.sqrt(statistics.fmean(v * v for v in values))


def even_split(people: w.Respondents, rho: float) -> tuple[float, float]:
    """RMSE of the asked counts and means with every asked cell the same share of ρ (closed form)."""
    singles = [(len(codes), 1.0) for codes in w.SINGLES.values()]
    tables = [*singles, (12, 3.0), (8 * 2 * 12, 24.0), (12 * 3, 3.0)]  # (asked cells, squared sensitivity)
    means = exact_means(people)
    cells = sum(c for c, _ in tables) + len(means)
    variance_sum = sum(c * s / (2 * rho * c / cells) for c, s in tables)
    count_rmse = math.sqrt(variance_sum / sum(c for c, _ in tables))
    mean_sq = []
    for table in ("trust_by_gender", "trust_by_district"):
        groups = [v for k, v in means.items() if k[0] == table]
        half = rho * len(groups) / cells / 2  # the table's share, half to counts and half to sums
        var_n, var_s = 1 / (2 * half), MEAN_HALF_RANGE**2 / (2 * half)
        mean_sq += [(var_s + (m - 3) ** 2 * var_n) / n**2 for m, n in groups]
    return count_rmse, math.sqrt(statistics.fmean(mean_sq))


def planner_workload() -> tuple[dict[str, int], list[rp.Marginal], dict[tuple[str, ...], int]]:
    """The workload as ResidualPlanner's attributes and marginals, each weighted by its share of asked cells."""
    sizes = {q: len(codes) + 2 for q, codes in w.SINGLES.items()}  # + declined, not answered
    sizes |= {ident: 2 for ident in w.IDENTITIES}
    sizes |= {f"dom_{r}": 4 for r in w.DOMAINS}  # yes, no, declined, not answered
    asked: dict[tuple[str, ...], int] = {(q,): len(codes) for q, codes in w.SINGLES.items()}
    for ident in w.IDENTITIES:
        asked[(ident,)] = 1
        asked[tuple(sorted((ident, "gender")))] = 3
        for r in w.DOMAINS:
            asked[tuple(sorted((ident, f"dom_{r}")))] = 2
    marginals = [rp.Marginal(s, n / math.prod(sizes[a] for a in s)) for s, n in asked.items()]
    return sizes, marginals, asked


def planner(rho: float) -> float:
    sizes, marginals, asked = planner_workload()
    optimum = rp.optimum(sizes, marginals, rho)
    return math.sqrt(sum(n * optimum.cell_variance(s) for s, n in asked.items()) / sum(asked.values()))


def planner_check(people: w.Respondents, rho: float, rounds: int) -> float:
    """ResidualPlanner's asked-cell RMSE by simulating its measurements (numpy noise: a check, not a release)."""
    sizes, marginals, asked = planner_workload()
    optimum = rp.optimum(sizes, marginals, rho)
    data = {q: np.where(v == -1, len(w.SINGLES[q]) + 1, np.where(v == -2, len(w.SINGLES[q]), v))
            for q, v in people.singles.items()}  # fmt: skip
    data |= {ident: people.identity[:, i].astype(np.int64) for i, ident in enumerate(w.IDENTITIES)}
    data |= {f"dom_{r}": np.where(people.domains[:, j] < 0, 1 - people.domains[:, j], people.domains[:, j])
             for j, r in enumerate(w.DOMAINS)}  # fmt: skip
    rng = np.random.default_rng(0)
    squares, cells = 0.0, 0
    for _ in range(rounds):
        noisy = rp.simulate(optimum, data, [m.attributes for m in marginals], rng)
        for s in asked:
            picked = _asked_part(noisy[s] - rp.exact(data, s, sizes), s, sizes)
            squares += float((picked**2).sum())
            cells += picked.size
        del noisy
    if cells != rounds * sum(asked.values()):
        raise RuntimeError("the check picked the wrong cells")
    return math.sqrt(squares / cells)


def _asked_part(error: np.ndarray, attributes: tuple[str, ...], sizes: dict[str, int]) -> np.ndarray:
    """The asked cells of a marginal: a single choice's answers (not its statuses), an identity's ticked cell."""
    index = []
    for a in attributes:
        if a in w.IDENTITIES:
            index.append(slice(1, 2))
        elif a.startswith("dom_"):
            index.append(slice(0, 2))
        else:
            index.append(slice(0, sizes[a] - 2))
    return error[tuple(index)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=100_000)
    parser.add_argument("--releases", type=int, default=20)
    parser.add_argument("--rho", type=float, default=0.5)
    parser.add_argument("--check", type=int, default=200, help="simulated ResidualPlanner releases (0: none)")
    args = parser.parse_args()
    people = w.draw(args.respondents, seed=1)
    ours_counts, ours_means = eqsurvey_errors(people, args.releases, args.rho)
    even_counts, even_means = even_split(people, args.rho)
    best = planner(args.rho)
    print(f"Standard workload, {args.respondents:,} respondents, ρ = {args.rho}: RMSE of the asked cells")
    print(f"{'':>26} {'counts':>9} {'means':>9}")
    print(f"{'eqsurvey (' + str(args.releases) + ' releases)':>26} {ours_counts:9.3f} {ours_means:9.4f}")
    print(f"{'even split (closed form)':>26} {even_counts:9.3f} {even_means:9.4f}")
    print(f"{'ResidualPlanner (closed)':>26} {best:9.3f} {'—':>9}")
    if args.check:
        print(f"{'ResidualPlanner (simul.)':>26} {planner_check(people, args.rho, args.check):9.3f}")
    print(f"eqsurvey / ResidualPlanner: counts {ours_counts / best:.3f} (target ≤ 1.05)")
    print(f"eqsurvey / even split: counts {ours_counts / even_counts:.3f} (target ≤ 0.75), "
          f"means {ours_means / even_means:.3f} (target ≤ 1)")  # fmt: skip
    # ResidualPlanner is the least error of any Gaussian linear measurement of these marginals at this ρ:
    # its ratio to the even split bounds what any such release can reach.
    print(f"ResidualPlanner / even split: counts {best / even_counts:.3f} (no Gaussian release does better)")


if __name__ == "__main__":
    main()
