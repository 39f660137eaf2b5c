"""Pre-signed segment downloads, standing in for Amazon S3: the URL carries its own
signature and expiry (``X-Amz-Date`` + ``X-Amz-Expires``, five minutes), needs no bearer
token (a second auth mechanism is refused, as S3 does), and every refusal is an S3-style
XML error document."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import urlencode
from xml.sax.saxutils import escape

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from ..data.analytics_records import AnalyticsState, SegmentRecord
from ..data.analytics_tsv import file_chunks, file_digest
from ..data.seeding import hex_digest
from ..http.faults import DroppedConnection, FaultPlan

EXPIRES_SECONDS = 300
ALGORITHM = "AWS4-HMAC-SHA256"
AMZ_DATE = "%Y%m%dT%H%M%SZ"
CHUNK = 64 * 1024
SIGNED_PARAMS = (
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
    "X-Amz-Signature",
)


def segment_path(segment_id: str) -> str:
    return f"/analytics-segments/{segment_id}.tsv.gz"


def _signature(secret: bytes, path: str, amz_date: str, expires: str) -> str:
    message = f"GET\n{path}\n{amz_date}\n{expires}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def signed_url(request: Request, segment: SegmentRecord) -> str:
    """A URL for ``segment`` that works without a token for EXPIRES_SECONDS from now."""
    now = datetime.fromtimestamp(request.app.state.clock(), UTC)
    amz_date = now.strftime(AMZ_DATE)
    path = segment_path(segment.id)
    query = {
        "X-Amz-Algorithm": ALGORITHM,
        "X-Amz-Credential": f"ASIADEMO/{now:%Y%m%d}/us-west-2/s3/aws4_request",
        "X-Amz-Date": amz_date,
        "X-Amz-Expires": str(EXPIRES_SECONDS),
        "X-Amz-SignedHeaders": "host",
        "X-Amz-Signature": _signature(
            request.app.state.url_secret, path, amz_date, str(EXPIRES_SECONDS)
        ),
    }
    return f"{str(request.base_url).rstrip('/')}{path}?{urlencode(query)}"


def segment_attributes(request: Request, segment: SegmentRecord) -> dict[str, object]:
    faults: FaultPlan = request.app.state.faults
    size, md5 = file_digest(segment, truncated=faults.is_truncated(segment.id))
    return {"checksum": md5, "sizeInBytes": size, "url": signed_url(request, segment)}


def s3_error(status: int, code: str, message: str, **extra: str) -> Response:
    fields = {"Code": code, "Message": message, **extra}
    fields["RequestId"] = hex_digest("s3", code, message, length=16).upper()
    body = "".join(f"<{k}>{escape(v)}</{k}>" for k, v in fields.items())
    document = f'<?xml version="1.0" encoding="UTF-8"?>\n<Error>{body}</Error>'
    return Response(document, status_code=status, media_type="application/xml")


def _refusal(request: Request) -> Response | None:
    """Why the pre-signed request must be refused, or None when it is valid now."""
    params = request.query_params
    if "authorization" in request.headers:
        return s3_error(
            400,
            "InvalidArgument",
            "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, "
            "Signature query string parameter or the Authorization header should be specified",
            ArgumentName="Authorization",
        )
    if any(name not in params for name in SIGNED_PARAMS):
        return s3_error(
            403,
            "AuthorizationQueryParametersError",
            "Query-string authentication version 4 requires the X-Amz-Algorithm, "
            "X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, "
            "and X-Amz-Expires parameters.",
        )
    amz_date, expires = params["X-Amz-Date"], params["X-Amz-Expires"]
    expected = _signature(request.app.state.url_secret, request.url.path, amz_date, expires)
    if not hmac.compare_digest(expected, params["X-Amz-Signature"]):
        return s3_error(
            403,
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. "
            "Check your key and signing method.",
        )
    issued = datetime.strptime(amz_date, AMZ_DATE).replace(tzinfo=UTC).timestamp()
    now = request.app.state.clock()
    if now > issued + int(expires):
        return s3_error(
            403,
            "AccessDenied",
            "Request has expired",
            **{
                "X-Amz-Expires": expires,
                "Expires": datetime.fromtimestamp(issued + int(expires), UTC).strftime(
                    "%Y-%m-%dT%H:%M:%SZ"
                ),
                "ServerTime": datetime.fromtimestamp(now, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            },
        )
    return None


def _pieces(chunks: Iterator[bytes]) -> Iterator[bytes]:
    for chunk in chunks:
        for start in range(0, len(chunk), CHUNK):
            yield chunk[start : start + CHUNK]


def _damaged(chunks: Iterator[bytes], size: int, how: str) -> Iterator[bytes]:
    """The body with one byte flipped halfway (``checksum``), or cut off halfway with the
    connection dropped (``drop``)."""
    middle, sent = size // 2, 0
    for chunk in chunks:
        if sent <= middle < sent + len(chunk):
            at = middle - sent
            if how == "drop":
                yield chunk[:at]
                raise DroppedConnection("scripted fault: connection dropped mid-body")
            chunk = chunk[:at] + bytes([chunk[at] ^ 0xFF]) + chunk[at + 1 :]
        sent += len(chunk)
        yield chunk


async def download_segment(request: Request) -> Response:
    refusal = _refusal(request)
    if refusal is not None:
        return refusal
    state: AnalyticsState = request.app.state.analytics
    segment = state.segment(request.path_params["segment_id"])
    if segment is None:
        return s3_error(404, "NoSuchKey", "The specified key does not exist.")
    faults: FaultPlan = request.app.state.faults
    truncated = faults.is_truncated(segment.id)
    size, md5 = file_digest(segment, truncated=truncated)
    chunks = _pieces(file_chunks(segment, truncated=truncated))
    damage = faults.take_segment_damage(segment.id)
    if damage is not None:
        chunks = _damaged(chunks, size, damage)
    headers = {"Content-Length": str(size), "ETag": f'"{md5}"'}
    return StreamingResponse(chunks, media_type="application/octet-stream", headers=headers)
