"""TtlCache: the expiring per-process cache behind the store gateway's and the mailer's reads."""

from sidecar.ttl_cache import MISS, TtlCache


def test_a_value_is_loaded_once_while_fresh_and_again_when_expired() -> None:
    loads: list[int] = []

    def load() -> int:
        loads.append(1)
        return len(loads)

    fresh = TtlCache(60)
    assert [fresh.get_or_load("k", load), fresh.get_or_load("k", load)] == [1, 1]
    assert fresh.get_or_load("other", load) == 2, "keys are kept apart"

    expired = TtlCache(0)  # every entry is already too old when read
    assert [expired.get_or_load("k", load), expired.get_or_load("k", load)] == [3, 4]


def test_none_is_a_value_and_a_missing_key_is_a_miss() -> None:
    cache = TtlCache(60)
    assert cache.get("product") is MISS
    assert cache.get("product", "default") == "default"
    cache.put("product", None)  # a product that does not exist, remembered as such
    assert cache.get("product") is None
    assert cache.get_or_load("product", lambda: 1 / 0) is None, "not loaded again"


def test_a_forgotten_key_is_loaded_again() -> None:
    cache = TtlCache(60)
    cache.put("settings", 1)
    cache.forget("settings")
    cache.forget("never there")
    assert cache.get_or_load("settings", lambda: 2) == 2
