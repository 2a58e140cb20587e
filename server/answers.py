"""The shapes of the server's refusals, for /openapi.json: one ``{"detail": ...}`` model
and the refusals several routes share, so each is said once (the API's routes and the
admin API's alike)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

Responses = dict[int | str, dict[str, Any]]
"""FastAPI's ``responses=``: status code → ``{"model": ..., "description": ...}``."""


class Refusal(BaseModel):
    """Any 4xx answer: ``detail`` says in words what was refused and why."""

    detail: str


def refused(description: str, model: type[BaseModel] = Refusal) -> dict[str, Any]:
    """One entry of :data:`Responses`: a refusal of ``model``'s shape, described."""
    return {"model": model, "description": description}


NO_TOKEN: Responses = {401: refused("no valid token (missing, unknown, revoked, unused too long): log in again")}
"""The refusal every route with a token may answer."""

TOO_LARGE: Responses = {413: refused("the body is over the size limit")}
"""The refusal every route that reads a body may answer."""
