"""JSON:API resource objects (apps, builds, preReleaseVersions, diagnosticSignatures) with
absolute links built from the request's base URL, and sparse fieldsets (``fields[type]``)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from ..data.apple_time import apple_timestamp
from ..data.builds import BuildRecord, PreReleaseVersionRecord, app_spec
from ..data.catalog import AppSpec
from ..data.seeding import hex_digest
from ..data.signatures import SignatureRecord

Resource = dict[str, Any]


def _related(base: str, kind: str, resource_id: str, *names: str) -> dict[str, Any]:
    return {
        name: {"links": {"related": f"{base}/v1/{kind}/{resource_id}/{name}"}} for name in names
    }


def app_resource(app: AppSpec, base: str) -> Resource:
    return {
        "type": "apps",
        "id": app.app_id,
        "attributes": {
            "name": app.name,
            "bundleId": app.bundle_id,
            "sku": app.sku,
            "primaryLocale": "en-US",
            "isOrEverWasMadeForKids": False,
            "contentRightsDeclaration": "DOES_NOT_USE_THIRD_PARTY_CONTENT",
            "streamlinedPurchasingEnabled": True,
        },
        "relationships": _related(
            base, "apps", app.app_id, "builds", "preReleaseVersions", "perfPowerMetrics"
        ),
        "links": {"self": f"{base}/v1/apps/{app.app_id}"},
    }


def _icon(build: BuildRecord) -> dict[str, Any]:
    h = hex_digest("icon", build.app_id, build.version_index, length=40)
    path = f"{h[:2]}/{h[2:4]}/{h[4:6]}/{h[8:16]}-{h[16:20]}-{h[20:24]}-{h[24:28]}-{h[28:40]}"
    return {
        "templateUrl": f"https://icons.demo.invalid/image/thumb/Purple/v4/{path}"
        "/Icon-83.5@2x.png.png/{w}x{h}bb.{f}",
        "width": 167,
        "height": 167,
    }


def build_resource(build: BuildRecord, base: str, *, linkage: Collection[str] = ()) -> Resource:
    """``linkage`` names the to-one relationships that also get ``data`` (the includes)."""
    relationships = _related(
        base,
        "builds",
        build.id,
        "preReleaseVersion",
        "app",
        "perfPowerMetrics",
        "diagnosticSignatures",
    )
    if "preReleaseVersion" in linkage:
        relationships["preReleaseVersion"]["data"] = {
            "type": "preReleaseVersions",
            "id": build.pre_release_version_id,
        }
    if "app" in linkage:
        relationships["app"]["data"] = {"type": "apps", "id": build.app_id}
    return {
        "type": "builds",
        "id": build.id,
        "attributes": {
            "version": str(build.number),
            "uploadedDate": apple_timestamp(build.uploaded),
            "expirationDate": apple_timestamp(build.expires),
            "expired": build.expired,
            "minOsVersion": build.min_os,
            "iconAssetToken": _icon(build),
            "processingState": build.processing_state,
            "buildAudienceType": build.audience,
            "usesNonExemptEncryption": False,
        },
        "relationships": relationships,
        "links": {"self": f"{base}/v1/builds/{build.id}"},
    }


def pre_release_version_resource(version: PreReleaseVersionRecord, base: str) -> Resource:
    return {
        "type": "preReleaseVersions",
        "id": version.id,
        "attributes": {"version": version.version, "platform": "IOS"},
        "relationships": _related(base, "preReleaseVersions", version.id, "builds", "app"),
        "links": {"self": f"{base}/v1/preReleaseVersions/{version.id}"},
    }


def signature_resource(signature: SignatureRecord, base: str) -> Resource:
    attributes: dict[str, Any] = {
        "diagnosticType": signature.diagnostic_type,
        "signature": signature.signature,
        "weight": signature.weight,
    }
    if signature.insight is not None:
        attributes["insight"] = signature.insight
    return {
        "type": "diagnosticSignatures",
        "id": signature.id,
        "attributes": attributes,
        "relationships": _related(base, "diagnosticSignatures", signature.id, "logs"),
        "links": {"self": f"{base}/v1/diagnosticSignatures/{signature.id}"},
    }


def sparse(resource: Resource, fields: Collection[str] | None) -> Resource:
    """Keep only the attributes and relationships named in ``fields`` (None: all)."""
    if fields is None:
        return resource
    result = dict(resource)
    for part in ("attributes", "relationships"):
        if part in resource:
            kept = {k: v for k, v in resource[part].items() if k in fields}
            if kept:
                result[part] = kept
            else:
                del result[part]
    return result


def app_of(build: BuildRecord) -> AppSpec:
    app = app_spec(build.app_id)
    if app is None:
        raise LookupError(build.app_id)
    return app
