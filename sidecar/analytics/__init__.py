"""Analytics for the owner: return rates, reasons, resolutions, returners, satisfaction (docs/analytics-api.md).

    params.py    the query parameters → a Filters value, or a 400 with fields
    compute.py   pure arithmetic: rates, percentiles, NPS, periods, SLA stages, unusual products
    sql.py       every SQL statement analytics runs, by name (the one place to review them)
    summary.py   the summary tables' refresh: full or incremental from id watermarks, and their freshness
    reports.py   one function per route: reads through sql.py, shapes with compute.py
    csvout.py    tables as CSV, safe against formula injection
    api.py       the signed routes under /v1/admin/analytics/
    jobs.py      the worker's analytics.refresh and analytics.rebuild tasks
"""
