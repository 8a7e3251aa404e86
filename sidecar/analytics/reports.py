"""One function per analytics route: read through sql.py, shape with compute.py (docs/analytics-api.md)."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any

from ..db import Database
from ..errors import NotFound, ReboundError
from ..store import Store, text_of
from . import compute, sql
from .compute import ProductRate
from .params import Filters
from .summary import refreshed_at, rules

COMMENTS_LIMIT = 30
PHOTOS_LIMIT = 24
RESOLUTIONS = ("refund", "exchange", "store_credit", "rejected", "open")
OUTCOME = {"refunded": "refund", "exchanged": "exchange", "credited": "store_credit", "rejected": "rejected",
           "requested": "open", "approved": "open", "received": "open"}


class NotReady(ReboundError):
    """The worker has not built the analytics summary yet; it does within minutes of starting
    (`rebound worker`), or POST /v1/admin/analytics/refresh builds it now."""

    status = 503
    code = "analytics_not_ready"


@dataclass
class Ctx:
    db: Database
    store: Store
    now: datetime  # aware, UTC

    @property
    def utc_now(self) -> datetime:
        return self.now.astimezone(timezone.utc).replace(tzinfo=None)

    def language_id(self) -> int:
        return self.store.language_id()


def _local(value: datetime, f: Filters) -> str:
    return value.astimezone(f.zone).isoformat(timespec="seconds")


def head(ctx: Ctx, f: Filters, *, summary: bool) -> dict[str, Any]:
    """as_of, freshness and filters; raises NotReady when a summary route runs before the first build."""
    refreshed = refreshed_at(ctx.db) if summary else None
    if summary and refreshed is None:
        raise NotReady()
    refreshed_aware = refreshed.replace(tzinfo=timezone.utc) if refreshed else None
    return {
        "as_of": _local(refreshed_aware or ctx.now, f),
        "freshness": {
            "summary_refreshed_at": _local(refreshed_aware, f) if refreshed_aware else None,
            "summary_lag_seconds": max(0, int((ctx.now - refreshed_aware).total_seconds())) if refreshed_aware else None,
            "live_at": _local(ctx.now, f),
        },
        "filters": f.dump(),
    }


def _key(value: Any, period: str) -> str:
    day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return compute.period_key(day, period)


def _map(ctx: Ctx, statement: tuple[str, list[Any]], field: str = "units") -> dict[Any, Any]:
    return {r["k"]: r[field] for r in ctx.db.query(*statement)}


def _names(ctx: Ctx, template: str, ids: list[int], key: str) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    rows = ctx.db.query(template.replace("{ids}", sql.id_list(ids)), (ctx.language_id(),))
    return {int(r[key]): r for r in rows}


def reason_names(ctx: Ctx) -> dict[int, str]:
    return {int(r["id"]): text_of(r["name"]) for r in ctx.db.query(sql.REASON_NAMES, (ctx.language_id(),))}


def _products(ctx: Ctx, ids: list[int]) -> dict[int, dict[str, str]]:
    rows = _names(ctx, sql.PRODUCT_NAMES, ids, "product_id")
    return {i: {"name": text_of(rows[i]["name"]) if i in rows else f"#{i}",
                "model": text_of(rows[i]["model"]) if i in rows else ""} for i in ids}


# -- sales and returns (summary) ----------------------------------------------------------------------------

def totals(ctx: Ctx, f: Filters) -> dict[str, Any]:
    sold = ctx.db.query_one(*sql.sold_by(f, "all")) or {}
    returned = ctx.db.query_one(*sql.returned_by(f, "all")) or {}
    units_sold, units_returned = int(sold.get("units") or 0), int(returned.get("units") or 0)
    return {"units_sold": units_sold, "units_returned": units_returned,
            "return_rate": compute.rate(units_returned, units_sold), "sales_value": compute.money(sold.get("value"))}


def return_rate(ctx: Ctx, f: Filters) -> dict[str, Any]:
    by, limit = f.extra["by"], f.extra["limit"]
    out = {**head(ctx, f, summary=True), "by": by, "period": f.period}
    total = totals(ctx, f)
    out["totals"] = {k: total[k] for k in ("units_sold", "units_returned", "return_rate")}
    if by == "period":
        sold = {_key(k, f.period): int(v) for k, v in _map(ctx, sql.sold_by(f, "period")).items()}
        back = {_key(k, f.period): int(v) for k, v in _map(ctx, sql.returned_by(f, "period")).items()}
        out["rows"] = [{"period": k, "units_sold": sold.get(k, 0), "units_returned": back.get(k, 0),
                        "return_rate": compute.rate(back.get(k, 0), sold.get(k, 0))}
                       for k in compute.periods(f.first, f.last, f.period)]
        return out
    if by == "product":
        sold = {int(k): int(v) for k, v in _map(ctx, sql.sold_by(f, "product")).items()}
        back = {int(k): int(v) for k, v in _map(ctx, sql.returned_by(f, "product")).items()}
    else:
        sold = {int(k): int(v) for k, v in _map(ctx, sql.by_category(f, "sold")).items()}
        back = {int(k): int(v) for k, v in _map(ctx, sql.by_category(f, "returned")).items()}
    ids = sorted(set(sold) | set(back), key=lambda i: (-back.get(i, 0), -sold.get(i, 0), i))[:limit]
    rows = [{"units_sold": sold.get(i, 0), "units_returned": back.get(i, 0),
             "return_rate": compute.rate(back.get(i, 0), sold.get(i, 0))} for i in ids]
    if by == "product":
        names = _products(ctx, ids)
        out["rows"] = [{"product_id": i, **names[i], **row} for i, row in zip(ids, rows)]
    else:
        cats = _names(ctx, sql.CATEGORY_NAMES, ids, "category_id")
        out["rows"] = [{"category_id": i, "name": text_of(cats[i]["name"]) if i in cats else f"#{i}", **row}
                       for i, row in zip(ids, rows)]
    return out


def reasons(ctx: Ctx, f: Filters) -> dict[str, Any]:
    names = reason_names(ctx)
    by_period: dict[str, dict[int, int]] = defaultdict(dict)
    for r in ctx.db.query(*sql.returned_by_period_reason(f)):
        bucket = by_period[_key(r["k"], f.period)]
        bucket[int(r["reason_id"])] = bucket.get(int(r["reason_id"]), 0) + int(r["units"])
    overall: dict[int, int] = defaultdict(int)
    rows = []
    for k in compute.periods(f.first, f.last, f.period):
        bucket = by_period.get(k, {})
        whole = sum(bucket.values())
        for reason_id in sorted(bucket, key=lambda i: (-bucket[i], i)):
            overall[reason_id] += bucket[reason_id]
            rows.append({"period": k, "reason_id": reason_id, "reason": names.get(reason_id, f"#{reason_id}"),
                         "units": bucket[reason_id], "share": compute.rate(bucket[reason_id], whole)})
    whole = sum(overall.values())
    listed = [{"reason_id": i, "name": names.get(i, f"#{i}"), "units": n, "share": compute.rate(n, whole)}
              for i, n in sorted(overall.items(), key=lambda kv: (-kv[1], kv[0]))]
    return {**head(ctx, f, summary=True), "period": f.period, "reasons": listed, "rows": rows}


def _rates_by_product(ctx: Ctx, f: Filters) -> tuple[dict[int, int], dict[int, int]]:
    sold = {int(k): int(v) for k, v in _map(ctx, sql.sold_by(f, "product")).items()}
    back = {int(k): int(v) for k, v in _map(ctx, sql.returned_by(f, "product")).items()}
    return sold, back


def unusual_products(ctx: Ctx, f: Filters) -> dict[str, Any]:
    min_units, margin, limit = f.extra["min_units"], float(f.extra["margin"]), f.extra["limit"]
    out = head(ctx, f, summary=True)
    total = totals(ctx, f)
    sold, back = _rates_by_product(ctx, f)
    found = compute.unusual((ProductRate(i, n, back.get(i, 0)) for i, n in sold.items()),
                            total["units_sold"], total["units_returned"], min_units=min_units, margin=margin)
    found = found[:limit]
    ids = [p.product_id for p, _ in found]
    names, reason_label = _products(ctx, ids), reason_names(ctx)
    top: dict[int, tuple[int, int]] = {}
    for r in ctx.db.query(*sql.returned_by_product_reason(f, ids)) if ids else []:
        pid, rid, n = int(r["product_id"]), int(r["reason_id"]), int(r["units"])
        if pid not in top or (n, -rid) > (top[pid][1], -top[pid][0]):
            top[pid] = (rid, n)
    out.update({"store_return_rate": total["return_rate"], "min_units": min_units, "margin": margin, "rows": [
        {"product_id": p.product_id, **names[p.product_id], "units_sold": p.units_sold,
         "units_returned": p.units_returned, "return_rate": p.rate, "excess_units": excess,
         "top_reason": reason_label.get(top[p.product_id][0], "") if p.product_id in top else ""}
        for p, excess in found]})
    return out


def insight(ctx: Ctx, f: Filters, product_id: int) -> dict[str, Any]:
    if not ctx.db.query_one(sql.PRODUCT_EXISTS, (product_id,)):
        raise NotFound("No such product.")
    out = head(ctx, f, summary=True)
    sold = ctx.db.query_one(*sql.sold_by(f, "all", product_id)) or {}
    back = ctx.db.query_one(*sql.returned_by(f, "all", product_id)) or {}
    units_sold, units_returned = int(sold.get("units") or 0), int(back.get("units") or 0)
    names = reason_names(ctx)
    by_reason = {int(k): int(v) for k, v in _map(ctx, sql.returned_by(f, "reason", product_id)).items()}
    comments = [{"source": "return", "return_id": int(r["return_id"]),
                 "case_id": int(r["case_id"]) if r["case_id"] is not None else None,
                 "date": r["date_added"].date().isoformat() if r["date_added"] else None,
                 "reason": names.get(int(r["reason_id"] or 0), ""), "text": text_of(r["comment"])}
                for r in ctx.db.query(*sql.return_comments(f, product_id, COMMENTS_LIMIT))]
    comments += [{"source": "review", "review_id": int(r["review_id"]),
                  "date": r["date_added"].date().isoformat() if r["date_added"] else None,
                  "rating": int(r["rating"] or 0), "text": text_of(r["text"])}
                 for r in ctx.db.query(*sql.low_reviews(f, product_id, COMMENTS_LIMIT))]
    comments.sort(key=lambda c: (c["date"] or "", c.get("return_id") or c.get("review_id") or 0), reverse=True)
    out.update({
        "product": {"product_id": product_id, **_products(ctx, [product_id])[product_id]},
        "units_sold": units_sold, "units_returned": units_returned,
        "return_rate": compute.rate(units_returned, units_sold),
        "store_return_rate": totals(ctx, f)["return_rate"],
        "reasons": [{"reason_id": i, "name": names.get(i, f"#{i}"), "units": n,
                     "share": compute.rate(n, units_returned)}
                    for i, n in sorted(by_reason.items(), key=lambda kv: (-kv[1], kv[0]))],
        "comments": comments[:COMMENTS_LIMIT],
        "photos": [{"photo_id": r["photo_id"], "kind": r["kind"], "owner_id": int(r["owner_id"]), "status": r["status"]}
                   for r in ctx.db.query(*sql.product_photos(product_id, PHOTOS_LIMIT))],
    })
    return out


# -- cases (live) -------------------------------------------------------------------------------------------

def resolutions(ctx: Ctx, f: Filters) -> dict[str, Any]:
    acc = {name: {"cases": 0, "units": 0, "value": Decimal(0)} for name in RESOLUTIONS}
    for r in ctx.db.query(*sql.case_outcomes(f)):
        name = OUTCOME.get(r["status"])
        if name is None:
            continue
        value = {"refund": r["refund"], "exchange": r["exchange"], "store_credit": r["credit"],
                 "rejected": 0, "open": (r["refund"] or 0) + (r["credit"] or 0) + (r["exchange"] or 0)}[name]
        acc[name]["cases"] += int(r["cases"])
        acc[name]["units"] += int(r["units"] or 0)
        acc[name]["value"] += Decimal(value or 0)
    kept = acc["exchange"]["value"] + acc["store_credit"]["value"]
    return {**head(ctx, f, summary=True),
            "rows": [{"resolution": n, "cases": a["cases"], "units": a["units"], "value": compute.money(a["value"])}
                     for n, a in acc.items()],
            "value_kept": compute.money(kept),
            "value_kept_share": compute.rate(kept, acc["refund"]["value"] + kept)}


def _sla(ctx: Ctx, f: Filters) -> dict[str, int]:
    from ..mail.settings import SettingsCache  # the email settings hold the SLA limits

    return dict(SettingsCache(ctx.store).get(f.store_id or 0)["sla"])


def _ranks(ctx: Ctx, f: Filters, by_period: bool) -> dict[str, dict[str, Any]]:
    """Per period (or 'all'): closed count, median and p90 seconds (nearest rank), average seconds."""
    out: dict[str, dict[str, Any]] = {}
    for r in ctx.db.query(*sql.resolution_ranks(f, by_period)):
        k = _key(r["k"], f.period) if by_period else "all"
        n = int(r["n"])
        entry = out.setdefault(k, {"closed": n, "median": None, "p90": None, "average": float(r["total"]) / n})
        rank = int(r["rn"])
        if rank == math.ceil(n * 0.5):
            entry["median"] = float(r["s"])
        if rank == math.ceil(n * 0.9):
            entry["p90"] = float(r["s"])
    return out


def resolution_time(ctx: Ctx, f: Filters, *, periods: bool = True) -> dict[str, Any]:
    """Percentiles and SLA breaches computed by the database (sql.resolution_ranks, sql.sla_breaches): a
    year of a big store's cases never travels to Python. compute.breached_stages states the same rule."""
    sla = _sla(ctx, f)
    limits = (sla["requested_hours"] * 3600, sla["approved_days"] * 86400, sla["received_hours"] * 3600)
    per, overall = _ranks(ctx, f, True) if periods else {}, _ranks(ctx, f, False).get("all")
    breaches = {_key(r["k"], f.period): r for r in ctx.db.query(*sql.sla_breaches(f, limits, ctx.utc_now))}

    def total(field: str) -> int:
        return sum(int(r[field] or 0) for r in breaches.values())

    rows = [{"period": k, "closed": per.get(k, {}).get("closed", 0),
             "median_hours": compute.hours(per.get(k, {}).get("median")),
             "p90_hours": compute.hours(per.get(k, {}).get("p90")),
             "breaches": int(breaches[k]["cases"] or 0) if k in breaches else 0}
            for k in compute.periods(f.first, f.last, f.period)] if periods else []
    return {**head(ctx, f, summary=True), "period": f.period, "closed": overall["closed"] if overall else 0,
            "median_hours": compute.hours(overall["median"]) if overall else None,
            "p90_hours": compute.hours(overall["p90"]) if overall else None,
            "average_hours": compute.hours(overall["average"]) if overall else None,
            "sla": {**sla, "breaches": total("cases"),
                    "by_stage": {"requested": total("req"), "approved": total("appr"), "received": total("recv")},
                    "open_breaching": total("open_cases")},
            "rows": rows}


def returners(ctx: Ctx, f: Filters) -> dict[str, Any]:
    from ..returns.load import policies_for

    rows = ctx.db.query(*sql.returners(f, f.extra["limit"]))
    for r in rows:
        r["guest_email"] = "" if r["customer_id"] else str(r["email"] or "").lower()
    emails = sorted({str(r["email"]).lower() for r in rows if r["email"]})
    bought: dict[tuple[int, str], int] = defaultdict(int)
    if emails:
        for b in ctx.db.query(*sql.bought_by_email(f, emails, rules(ctx.db).cancelled)):
            bought[(int(b["customer_id"] or 0), "" if b["customer_id"] else b["email"])] += int(b["units"])
    registered = [int(r["customer_id"]) for r in rows if r["customer_id"]]
    people = {int(c["customer_id"]): c for c in ctx.db.query(sql.CUSTOMER_NAMES.replace(
        "{ids}", sql.id_list(registered)))} if registered else {}
    guests = [r["guest_email"] for r in rows if not r["customer_id"]]
    guest_names = {g["email"]: g for g in ctx.db.query(
        sql.GUEST_NAMES.replace("{marks}", ", ".join(["%s"] * len(guests))), guests)} if guests else {}
    rule = policies_for(ctx.store).get(f.store_id or 0).serial_returner
    out = []
    for r in rows:
        cid = int(r["customer_id"])
        who = people.get(cid) if cid else guest_names.get(r["guest_email"])
        name = f"{text_of(who['firstname'])} {text_of(who['lastname'])}".strip() if who else ""
        units_bought = bought[(cid, "")] if cid else bought[(0, r["guest_email"])]
        cases, units = int(r["cases"]), int(r["units"] or 0)
        out.append({"customer_id": cid, "name": name, "email": r["email"], "cases": cases, "units_returned": units,
                    "units_bought": units_bought, "return_rate": compute.rate(units, units_bought),
                    "value_returned": compute.money(r["value"]),
                    "serial_returner": rule.enabled and compute.serial_flag(
                        cases, units, units_bought, min_returns=rule.min_returns,
                        min_rate_percent=rule.min_return_rate_percent),
                    "flagged_cases": int(r["flagged"] or 0)})
    return {**head(ctx, f, summary=True), "rows": out}


def repeat_purchase(ctx: Ctx, f: Filters) -> dict[str, Any]:
    found = {_key(r["k"], f.period): (int(r["customers"]), int(r["again"] or 0))
             for r in ctx.db.query(*sql.repeat_purchase(f))}
    rows = [{"period": k, "customers": found.get(k, (0, 0))[0], "bought_again": found.get(k, (0, 0))[1],
             "rate": compute.rate(found.get(k, (0, 0))[1], found.get(k, (0, 0))[0])}
            for k in compute.periods(f.first, f.last, f.period)]
    customers, again = sum(c for c, _ in found.values()), sum(a for _, a in found.values())
    return {**head(ctx, f, summary=True), "period": f.period, "customers": customers, "bought_again": again,
            "rate": compute.rate(again, customers), "rows": rows}


# -- surveys and reviews (live) -----------------------------------------------------------------------------

def satisfaction(ctx: Ctx, f: Filters) -> dict[str, Any]:
    csat: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # period → [sum, count]
    nps: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # period → [promoters, passives, detractors]
    distribution = {str(i): 0 for i in range(1, 6)}
    for r in ctx.db.query(*sql.survey_scores(f)):
        k, score, n = _key(r["k"], f.period), int(r["score"]), int(r["n"])
        if r["kind"] == "csat" and 1 <= score <= 5:
            csat[k][0] += score * n
            csat[k][1] += n
            distribution[str(score)] += n
        elif r["kind"] == "nps" and 0 <= score <= 10:
            nps[k][0 if score >= 9 else 1 if score >= 7 else 2] += n
    rows = []
    for k in compute.periods(f.first, f.last, f.period):
        c, p = csat.get(k, [0, 0]), nps.get(k, [0, 0, 0])
        rows.append({"period": k, "csat_average": compute.average(c[0], c[1]), "csat_count": c[1],
                     "nps": compute.nps(*p).score, "nps_count": sum(p)})
    total_sum, total_count = sum(v[0] for v in csat.values()), sum(v[1] for v in csat.values())
    total_nps = compute.nps(*(sum(v[i] for v in nps.values()) for i in range(3)))
    return {**head(ctx, f, summary=False), "period": f.period,
            "csat": {"average": compute.average(total_sum, total_count), "count": total_count,
                     "distribution": distribution},
            "nps": total_nps.dump(), "rows": rows}


def reviews(ctx: Ctx, f: Filters) -> dict[str, Any]:
    photos = {_key(r["k"], f.period): (int(r["with_photos"]), int(r["photos"]))
              for r in ctx.db.query(*sql.review_photo_counts(f))}
    found = {k: (int(r["reviews"]), *photos.get(k, (0, 0)))
             for k, r in ((_key(r["k"], f.period), r) for r in ctx.db.query(*sql.review_counts(f)))}
    rows = []
    for k in compute.periods(f.first, f.last, f.period):
        n, w, _ = found.get(k, (0, 0, 0))
        rows.append({"period": k, "reviews": n, "with_photos": w, "photo_rate": compute.rate(w, n)})
    count, with_photos = sum(v[0] for v in found.values()), sum(v[1] for v in found.values())
    return {**head(ctx, f, summary=False), "period": f.period, "count": count, "with_photos": with_photos,
            "photos": sum(v[2] for v in found.values()), "photo_rate": compute.rate(with_photos, count),
            "rows": rows}


# -- the headline -------------------------------------------------------------------------------------------

def overview(ctx: Ctx, f: Filters) -> dict[str, Any]:
    out = head(ctx, f, summary=True)
    res = resolutions(ctx, f)
    by = {r["resolution"]: r for r in res["rows"]}
    cases = sum(r["cases"] for r in res["rows"])
    rt = resolution_time(ctx, f, periods=False)
    sat = satisfaction(ctx, f)
    rev = reviews(ctx, f)
    unusual = unusual_products(ctx, Filters(f.first, f.last, f.store_id, f.category_id, f.zone, "json", f.period,
                                            {"min_units": 30, "margin": 10.0, "limit": 1000}))
    out.update({
        "sales": totals(ctx, f),
        "cases": {"count": cases, "open": by["open"]["cases"], "refund_value": by["refund"]["value"],
                  "credit_value": by["store_credit"]["value"], "exchange_value": by["exchange"]["value"],
                  "value_kept": res["value_kept"]},
        "resolution_time": {"closed": rt["closed"], "median_hours": rt["median_hours"],
                            "p90_hours": rt["p90_hours"], "sla_breaches": rt["sla"]["breaches"]},
        "satisfaction": {"csat_average": sat["csat"]["average"], "csat_count": sat["csat"]["count"],
                         "nps": sat["nps"]["score"], "nps_count": sat["nps"]["count"]},
        "reviews": {"count": rev["count"], "with_photos": rev["with_photos"], "photo_rate": rev["photo_rate"]},
        "unusual_products": len(unusual["rows"]),
    })
    return out
