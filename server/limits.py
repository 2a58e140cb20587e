"""The request size limit as a pure ASGI middleware (SYNC.md guarantee 8).

It counts the bytes of the body as the route reads them, through ``receive()``, so a body
over the limit is refused with 413 while it is still coming, whether it is sent with
``Content-Length`` (refused before a byte is read) or chunked. A route that reads the body
at once (the photo upload's ``request.body()``) stops at the limit too.

Starlette's own ``max_body_size`` counts the same way, but answers a declared
``Content-Length`` over the limit in plain text, replacing whatever the app answered; every
refusal of this server is JSON with a readable ``detail``.
"""

from __future__ import annotations

import json

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyTooLarge(HTTPException):
    """Raised from ``receive()`` past the limit. An HTTPException, so FastAPI's body reader
    passes it on untouched to the app's handler for it (it turns others into 400)."""

    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail=too_large_detail(limit), headers={"Connection": "close"})


def too_large_detail(limit: int) -> str:
    return f"request body over {limit} bytes"


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` with 413 ``{"detail": ...}``."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._refuse(send)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if started:
                raise
            await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        body = json.dumps({"detail": too_large_detail(self.max_bytes)}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
