"""Rate limits: token buckets by the clock, forgotten when full, keyed so that no address can be read back."""

from __future__ import annotations

import hashlib

from survey.web.limits import Buckets, Limits, LimitSettings


def scope(host: str, forwarded: str | None = None) -> dict[str, object]:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    return {"type": "http", "client": (host, 51234), "headers": headers}


def test_a_bucket_allows_a_burst_then_refills_evenly() -> None:
    now = [0.0]
    buckets = Buckets(per_period=6, period=60, clock=lambda: now[0])
    assert [buckets.allow(b"a") for _ in range(7)] == [True] * 6 + [False]
    assert buckets.allow(b"b"), "another key has its own bucket"
    now[0] = 9.9
    assert not buckets.allow(b"a"), "one token comes back every 10 s"
    now[0] = 10.1
    assert buckets.allow(b"a") and not buckets.allow(b"a")
    assert Buckets(0, 60).allow(b"a"), "0 is no limit"


def test_buckets_untouched_for_a_period_are_forgotten() -> None:
    now = [0.0]
    buckets = Buckets(per_period=3, period=60, clock=lambda: now[0])
    for key in (b"a", b"b", b"c"):
        buckets.allow(key)
    now[0] = 30
    buckets.allow(b"c")
    assert len(buckets) == 3
    now[0] = 61
    buckets.allow(b"d")
    assert sorted(buckets.keys()) == [b"c", b"d"], "a and b are full again: nothing worth keeping"


def test_peer_keys_cannot_be_matched_to_an_address() -> None:
    one, two = Limits(LimitSettings()), Limits(LimitSettings())
    key = one.peer(scope("198.51.100.7"), behind_proxy=False)
    assert key == one.peer(scope("198.51.100.7"), behind_proxy=False)
    assert key != one.peer(scope("198.51.100.8"), behind_proxy=False)
    assert key != two.peer(scope("198.51.100.7"), behind_proxy=False), "each process has its own key"
    plain = [hashlib.sha256(v).digest()[:16] for v in (b"198.51.100.7", b"peer\x00198.51.100.7")]
    assert key not in plain and b"198.51.100.7" not in key


def test_forwarded_for_counts_only_behind_a_proxy_on_this_machine() -> None:
    limits = Limits(LimitSettings())
    proxy = limits.peer(scope("127.0.0.1"), behind_proxy=True)
    alice = limits.peer(scope("127.0.0.1", "203.0.113.5"), behind_proxy=True)
    # The proxy appends the address it saw; what a client wrote before it is its own claim, not read.
    assert limits.peer(scope("127.0.0.1", "10.9.9.9, 203.0.113.5"), behind_proxy=True) == alice
    assert alice != proxy
    assert limits.peer(scope("127.0.0.1", "203.0.113.5"), behind_proxy=False) == proxy
    outsider = limits.peer(scope("198.51.100.7"), behind_proxy=True)
    assert limits.peer(scope("198.51.100.7", "203.0.113.5"), behind_proxy=True) == outsider
