"""The pure parts of analytics: periods, percentiles, NPS, SLA stages, unusual products, CSV cells."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from sidecar.analytics import compute, csvout
from sidecar.analytics.compute import CaseTimes, ProductRate
from sidecar.analytics.params import parse
from sidecar.errors import BadRequest


@pytest.mark.parametrize("first, last, period, keys", [
    (date(2026, 12, 30), date(2027, 1, 2), "day", ["2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02"]),
    (date(2026, 12, 30), date(2027, 1, 5), "week", ["2026-12-28", "2027-01-04"]),  # Mondays
    (date(2026, 11, 30), date(2027, 2, 1), "month", ["2026-11", "2026-12", "2027-01", "2027-02"]),
    (date(2024, 1, 31), date(2024, 3, 1), "month", ["2024-01", "2024-02", "2024-03"]),
])
def test_periods_cover_the_range(first, last, period, keys) -> None:
    assert compute.periods(first, last, period) == keys
    assert compute.period_key(last, period) == keys[-1]


@pytest.mark.parametrize("values, pct, expected", [
    ([], 50, None), ([5.0], 90, 5.0), ([1.0, 2.0], 50, 1.0), ([1.0, 2.0, 3.0, 4.0], 50, 2.0),
    ([float(i) for i in range(1, 11)], 90, 9.0), ([float(i) for i in range(1, 12)], 90, 10.0),
])
def test_nearest_rank(values, pct, expected) -> None:
    assert compute.nearest_rank(values, pct) == expected


def test_rates_and_nps() -> None:
    assert compute.rate(1, 3) == 33.33 and compute.rate(2, 3) == 66.67 and compute.rate(5, 0) == 0.0
    assert compute.nps(0, 0, 0).score == 0.0
    assert compute.nps(1, 0, 0).score == 100.0 and compute.nps(0, 0, 3).score == -100.0
    assert compute.nps(1, 1, 1).score == 0.0 and compute.nps(2, 1, 0).score == 66.67
    assert compute.average(8, 3) == 2.67 and compute.average(0, 0) == 0.0


LIMITS = {"requested": timedelta(hours=48), "approved": timedelta(days=14), "received": timedelta(hours=72)}
T0 = datetime(2026, 11, 1, 12)


@pytest.mark.parametrize("case, now, stages", [
    (CaseTimes("requested", T0, None, None, None), T0 + timedelta(hours=48), []),  # exactly the limit
    (CaseTimes("requested", T0, None, None, None), T0 + timedelta(hours=48, seconds=1), ["requested"]),
    (CaseTimes("rejected", T0, None, None, T0 + timedelta(hours=60)), T0 + timedelta(days=90), ["requested"]),
    (CaseTimes("approved", T0, T0 + timedelta(hours=1), None, None), T0 + timedelta(days=15), ["approved"]),
    (CaseTimes("refunded", T0, T0 + timedelta(hours=1), T0 + timedelta(days=2), T0 + timedelta(days=6)),
     T0 + timedelta(days=90), ["received"]),
    (CaseTimes("credited", T0, T0 + timedelta(hours=1), None, T0 + timedelta(days=3)), T0 + timedelta(days=90), []),
])
def test_sla_stages(case, now, stages) -> None:
    assert compute.breached_stages(case, LIMITS, now) == stages


def test_resolution_seconds() -> None:
    assert compute.resolution_seconds(CaseTimes("approved", T0, T0, None, None)) is None
    assert compute.resolution_seconds(CaseTimes("refunded", T0, None, None, T0 + timedelta(hours=3))) == 10800


def test_unusual_compares_exactly() -> None:
    # store 1/10 = 10 %; margin 10 points → 20 % needed
    products = [ProductRate(1, 100, 20), ProductRate(2, 100, 19), ProductRate(3, 9, 9), ProductRate(4, 30, 15)]
    found = compute.unusual(products, 1000, 100, min_units=10, margin=10)
    assert [(p.product_id, excess) for p, excess in found] == [(4, 12), (1, 10)]  # 15 − 3, 20 − 10; 3 sold too few
    assert compute.unusual(products, 0, 0, min_units=1, margin=0) == []


def test_serial_flag_is_the_policy_rule() -> None:
    assert compute.serial_flag(2, 3, 4, min_returns=2, min_rate_percent=Decimal("50"))
    assert not compute.serial_flag(1, 3, 4, min_returns=2, min_rate_percent=Decimal("50"))
    assert not compute.serial_flag(2, 1, 4, min_returns=2, min_rate_percent=Decimal("50"))
    assert compute.serial_flag(5, 5, 0, min_returns=5, min_rate_percent=Decimal("100"))  # capped at 100 %


@pytest.mark.parametrize("value, cell", [
    ("=1+2", "'=1+2"), ("+cmd", "'+cmd"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("-12.50", "-12.50"), ("12.50", "12.50"), ("a=b", "a=b"), (-5.0, "-5.0"), (3, "3"),
    (True, "true"), (None, ""),
])
def test_csv_cells(value, cell) -> None:
    assert csvout.cell(value) == cell


def test_csv_quotes_and_crlf() -> None:
    assert csvout.render(["a", "b"], [{"a": 'x,"y"', "b": "line\nbreak"}]) == 'a,b\r\n"x,""y""","line\nbreak"\r\n'


def test_params_defaults_and_utc_range() -> None:
    zone = ZoneInfo("Europe/Berlin")
    f = parse({}, zone, date(2026, 11, 26))
    assert (f.first, f.last, f.period, f.fmt) == (date(2026, 8, 29), date(2026, 11, 26), "week", "json")
    f = parse({"from": "2026-03-29", "to": "2026-03-29"}, zone, date(2026, 11, 26))
    assert f.utc_range == (datetime(2026, 3, 28, 23), datetime(2026, 3, 29, 22))  # the day clocks go forward
    with pytest.raises(BadRequest) as err:
        parse({"period": "week"}, zone, date(2026, 11, 26))
    assert err.value.fields == {"period": "Unknown parameter."}
