"""The analytics routes under /v1/admin/analytics/ (docs/analytics-api.md), signed like every /v1 route."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from flask import Blueprint, Response, current_app, request

from . import csvout, reports
from .params import Filters, parse
from .summary import refresh

bp = Blueprint("analytics", __name__, url_prefix="/admin/analytics")

LIMIT = ("int", 50, 1, 1000)
Report = Callable[[reports.Ctx, Filters], dict[str, Any]]

# route → (report, has a period, extra parameters, CSV columns or None)
ROUTES: dict[str, tuple[Report, bool, dict[str, tuple[str, Any, Any, Any]], tuple[str, ...] | None]] = {
    "overview": (reports.overview, False, {}, None),
    "return-rate": (reports.return_rate, True, {"by": ("choice", "period", ("period", "product", "category"), None),
                                                "limit": LIMIT}, ()),
    "reasons": (reports.reasons, True, {}, ("period", "reason_id", "reason", "units", "share")),
    "resolutions": (reports.resolutions, False, {}, ("resolution", "cases", "units", "value")),
    "resolution-time": (reports.resolution_time, True, {},
                        ("period", "closed", "median_hours", "p90_hours", "breaches")),
    "returners": (reports.returners, False, {"limit": LIMIT},
                  ("customer_id", "name", "email", "cases", "units_returned", "units_bought", "return_rate",
                   "value_returned", "serial_returner", "flagged_cases")),
    "reviews": (reports.reviews, True, {}, ("period", "reviews", "with_photos", "photo_rate")),
    "satisfaction": (reports.satisfaction, True, {},
                     ("period", "csat_average", "csat_count", "nps", "nps_count")),
    "repeat-purchase": (reports.repeat_purchase, True, {}, ("period", "customers", "bought_again", "rate")),
    "unusual-products": (reports.unusual_products, False,
                         {"min_units": ("int", 30, 1, 100000), "margin": ("number", 10.0, 0, 100), "limit": LIMIT},
                         ("product_id", "name", "model", "units_sold", "units_returned", "return_rate",
                          "excess_units", "top_reason")),
}
RETURN_RATE_COLUMNS = {
    "period": ("period", "units_sold", "units_returned", "return_rate"),
    "product": ("product_id", "name", "model", "units_sold", "units_returned", "return_rate"),
    "category": ("category_id", "name", "units_sold", "units_returned", "return_rate"),
}


def _ctx() -> reports.Ctx:
    return reports.Ctx(current_app.extensions["rebound.db"], current_app.extensions["rebound.store"],
                       datetime.now(timezone.utc))


def _filters(ctx: reports.Ctx, *, period: bool, csv: bool, extra: dict[str, Any]) -> Filters:
    store_id = request.args.get("store_id", type=int)
    zone = ctx.store.timezone(store_id or 0)
    return parse(request.args, zone, ctx.now.astimezone(zone).date(), period=period, csv=csv, extra=extra)


def _answer(name: str, body: dict[str, Any], f: Filters, columns: tuple[str, ...]) -> Any:
    if f.fmt != "csv":
        return body
    text = csvout.render(columns, body["rows"])
    filename = f"rebound-{name}-{f.first.isoformat()}-{f.last.isoformat()}.csv"
    return Response(text, mimetype="text/csv", content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _route(name: str) -> Callable[[], Any]:
    report, period, extra, columns = ROUTES[name]

    def view() -> Any:
        ctx = _ctx()
        f = _filters(ctx, period=period, csv=columns is not None, extra=extra)
        body = report(ctx, f)
        cols = RETURN_RATE_COLUMNS[f.extra["by"]] if name == "return-rate" else columns
        return _answer(name, body, f, cols or ())

    view.__name__ = "analytics_" + name.replace("-", "_")
    return view


for _name in ROUTES:
    bp.add_url_rule(f"/{_name}", view_func=_route(_name), methods=["GET"])


@bp.get("/products/<int:product_id>/insight")
def product_insight(product_id: int) -> dict[str, Any]:
    ctx = _ctx()
    return reports.insight(ctx, _filters(ctx, period=False, csv=False, extra={}), product_id)


@bp.post("/refresh")
def refresh_now() -> dict[str, Any]:
    done = refresh(current_app.extensions["rebound.db"], wait=30, store=current_app.extensions["rebound.store"])
    if done is None:
        raise reports.NotReady("Another refresh is still running; try again in a minute.")
    return {"refreshed_at": done.refreshed_at.replace(tzinfo=timezone.utc).isoformat(timespec="seconds"),
            "mode": done.mode, "seconds": done.seconds}
