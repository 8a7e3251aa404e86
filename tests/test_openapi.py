"""docs/openapi.yaml against the running app: the same routes, the same event types and payloads, the same
request bodies and query parameters, so a route or field added without documenting it fails here."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from marshmallow import Schema, fields

import sidecar
from sidecar.analytics import api as analytics_api
from sidecar.analytics.params import COMMON
from sidecar.errors import envelope
from sidecar.event_types import DATA_SCHEMAS
from sidecar.mail import api as mail_api
from sidecar.returns import api as returns_api
from sidecar.reviews import api as reviews_api

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "docs" / "openapi.yaml"
METHODS = ("get", "put", "post", "delete", "patch")
IGNORED_METHODS = {"HEAD", "OPTIONS"}
UNSIGNED = {"/livez", "/readyz"}


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))


def resolve(spec: dict[str, Any], node: Any) -> Any:
    """`node`, or what its `$ref` ("#/a/b") points to, followed until it is not a reference."""
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/"), f"only local references: {ref}"
        node = spec
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method, path, op) for path, item in spec["paths"].items() for method, op in item.items()
            if method in METHODS]


def parameters(spec: dict[str, Any], op: dict[str, Any], where: str) -> dict[str, dict[str, Any]]:
    found = [resolve(spec, p) for p in op.get("parameters", [])]
    return {p["name"]: p for p in found if p["in"] == where}


def body_schema(spec: dict[str, Any], path: str, method: str) -> dict[str, Any]:
    op = spec["paths"][path][method]
    return resolve(spec, resolve(spec, op["requestBody"])["content"]["application/json"]["schema"])


def fields_of(schema: Schema) -> tuple[set[str], set[str]]:
    """A marshmallow schema's field names (as in the JSON) and those it requires."""
    names = {f.data_key or name for name, f in schema.fields.items()}
    required = {f.data_key or name for name, f in schema.fields.items() if f.required}
    return names, required


def assert_object_matches(spec: dict[str, Any], documented: dict[str, Any], schema: Schema, where: str) -> None:
    """Same property names and required set as `schema`, and nested lists of schemas alike."""
    names, required = fields_of(schema)
    assert set(documented.get("properties", {})) == names, where
    assert set(documented.get("required", [])) == required, where
    for name, field in schema.fields.items():
        inner = field.inner if isinstance(field, fields.List) else field
        if isinstance(inner, fields.Nested):
            prop = resolve(spec, documented["properties"][field.data_key or name])
            items = resolve(spec, prop["items"]) if isinstance(field, fields.List) else prop
            assert_object_matches(spec, items, inner.schema, f"{where}.{name}")


# -- the document itself --------------------------------------------------------------------------------------

def test_is_an_openapi_31_document(spec: dict[str, Any]) -> None:
    assert spec["openapi"].startswith("3.1.")
    assert spec["info"]["title"] == "Rebound sidecar API"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert spec["info"]["version"] == project["version"] == sidecar.__version__
    assert spec["paths"]
    for method, path, op in operations(spec):
        assert op.get("responses"), f"{method.upper()} {path} has no responses"
        assert op.get("operationId"), f"{method.upper()} {path} has no operationId"
    ids = [op["operationId"] for _, _, op in operations(spec)]
    assert len(ids) == len(set(ids)), "operationIds must be unique"


def test_every_reference_resolves(spec: dict[str, Any]) -> None:
    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "$ref" in node:
                resolve(spec, node)  # KeyError names a dangling reference
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)


def test_path_parameters_are_declared(spec: dict[str, Any]) -> None:
    for method, path, op in operations(spec):
        declared = parameters(spec, op, "path")
        assert set(declared) == set(re.findall(r"{([^}]+)}", path)), f"{method.upper()} {path}"
        assert all(p.get("required") is True for p in declared.values()), f"{method.upper()} {path}"


def test_signed_routes_require_the_three_headers(spec: dict[str, Any]) -> None:
    schemes = spec["components"]["securitySchemes"]
    assert {(s["in"], s["name"]) for s in schemes.values()} == {
        ("header", "Rebound-Id"), ("header", "Rebound-Timestamp"), ("header", "Rebound-Signature")}
    assert spec["security"] == [{name: [] for name in schemes}]
    for method, path, op in operations(spec):
        if path in UNSIGNED:
            assert op.get("security") == [], f"{method.upper()} {path} is unsigned"
        else:
            assert "security" not in op, f"{method.upper()} {path} is signed like every /v1 route"


def test_the_error_envelope_is_the_one_the_app_sends(spec: dict[str, Any]) -> None:
    error = spec["components"]["schemas"]["Error"]
    sent = envelope("not_found", "No such order.")
    assert set(error["required"]) == set(sent)
    assert set(error["properties"]["error"]["required"]) == set(sent["error"])
    for method, path, op in operations(spec):
        for status in {"400", "401", "404", "409", "503"} & set(op["responses"]):
            content = resolve(spec, op["responses"][status])["content"]["application/json"]["schema"]
            refs = [content] + content.get("allOf", [])
            assert {"$ref": "#/components/schemas/Error"} in refs, f"{method.upper()} {path} {status}"


# -- the document against the app ----------------------------------------------------------------------------

def test_documents_exactly_the_routes_the_app_serves(app, spec: dict[str, Any]) -> None:
    served = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        served |= {(method, path) for method in rule.methods - IGNORED_METHODS}
    documented = {(method.upper(), path) for method, path, _ in operations(spec)}
    assert sorted(served - documented) == [], "served but not in docs/openapi.yaml"
    assert sorted(documented - served) == [], "in docs/openapi.yaml but not served"


def test_event_types_are_the_ones_the_sidecar_applies(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    assert set(schemas["EventType"]["enum"]) == set(DATA_SCHEMAS)
    assert len(schemas["EventType"]["enum"]) == len(DATA_SCHEMAS)
    by_type = {rule["if"]["properties"]["type"]["const"]: rule["then"]["properties"]["data"]
               for rule in schemas["EventEnvelope"]["allOf"]}
    assert set(by_type) == set(DATA_SCHEMAS)
    assert len(by_type) == len(schemas["EventEnvelope"]["allOf"]), "one data schema per type"
    for event_type, schema in DATA_SCHEMAS.items():
        data = resolve(spec, by_type[event_type])
        assert data.get("additionalProperties") is False, f"{event_type}: unknown fields are refused"
        assert_object_matches(spec, data, schema, event_type)


def test_the_envelope_is_the_one_the_sidecar_reads(spec: dict[str, Any]) -> None:
    from sidecar.intake import ENVELOPE

    assert_object_matches(spec, spec["components"]["schemas"]["EventEnvelope"], ENVELOPE, "envelope")
    body = body_schema(spec, "/v1/events", "post")
    assert body is spec["components"]["schemas"]["EventEnvelope"]


@pytest.mark.parametrize(("method", "path", "schema"), [
    ("post", "/v1/admin/returns/{case_id}/actions", returns_api.ACTION_BODY),
    ("post", "/v1/admin/policy/simulate", returns_api.SIMULATE_BODY),
    ("post", "/v1/admin/policy/simulations", returns_api.SIMULATE_BODY),
    ("post", "/v1/admin/reviews/{review_id}/photos/{photo_id}", reviews_api.PHOTO_BODY),
    ("post", "/v1/admin/reviews/{review_id}/photos", reviews_api.PHOTOS_BODY),
    ("post", "/v1/admin/reviews/{review_id}/status", reviews_api.STATUS_BODY),
    ("put", "/v1/admin/reviews/{review_id}/reply", reviews_api.REPLY_BODY),
    ("post", "/v1/admin/email/suppressions/remove", mail_api.UNSUPPRESS),
])
def test_request_bodies_match_their_schemas(spec: dict[str, Any], method: str, path: str, schema: Schema) -> None:
    assert_object_matches(spec, body_schema(spec, path, method), schema, f"{method.upper()} {path}")


@pytest.mark.parametrize(("path", "schema"), [
    ("/v1/admin/reviews", reviews_api.LIST_QUERY),
    ("/v1/admin/email/log", mail_api.LOG_QUERY),
    ("/v1/admin/email/preview", mail_api.PREVIEW_QUERY),
    ("/v1/admin/email/suppressions", mail_api.SUPPRESSION_QUERY),
])
def test_query_parameters_match_their_schemas(spec: dict[str, Any], path: str, schema: Schema) -> None:
    names, required = fields_of(schema)
    query = parameters(spec, spec["paths"][path]["get"], "query")
    assert set(query) == names
    assert {name for name, p in query.items() if p.get("required")} == required


def test_analytics_query_parameters_are_the_ones_parsed(spec: dict[str, Any]) -> None:
    for name, (_, has_period, extra, _) in analytics_api.ROUTES.items():
        query = parameters(spec, spec["paths"][f"/v1/admin/analytics/{name}"]["get"], "query")
        assert set(query) == set(COMMON) | set(extra) | ({"period"} if has_period else set()), name
        assert not any(p.get("required") for p in query.values()), name
    insight = parameters(spec, spec["paths"]["/v1/admin/analytics/products/{product_id}/insight"]["get"], "query")
    assert set(insight) == set(COMMON)
