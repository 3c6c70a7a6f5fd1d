"""Sessions that have submitted: refused again until their states expire, then forgotten."""

from __future__ import annotations

from survey.web.submit import UsedSessions


def test_a_session_submits_once_until_its_states_expire_and_is_then_forgotten() -> None:
    now = [0.0]
    used = UsedSessions(ttl=100, clock=lambda: now[0])
    assert used.claim("a") and not used.claim("a") and used.used("a")
    now[0] = 50
    assert used.claim("b")
    used.release("b")
    assert not used.used("b") and used.claim("b"), "a failed submission can be sent again"
    now[0] = 100.5
    assert not used.claim("a"), "still within the last state's lifetime"
    now[0] = 101.5
    assert used.claim("c") and len(used) == 2, "a's claim has expired and is gone"
    assert used.claim("a"), "its states have all expired by now, so this is a new session"


def test_many_claims_are_forgotten_in_order() -> None:
    now = [0.0]
    used = UsedSessions(ttl=10, clock=lambda: now[0])
    for i in range(5000):
        now[0] = i / 100  # 100 claims a second
        assert used.claim(f"s{i}")
    assert len(used) <= 11 * 100 + 1, "only the claims of the last ttl + 1 seconds are held"
    assert used.used("s4999") and not used.used("s0")
