"""Server fixtures, shared with the sync client tests."""

from tests.server_harness import server

__all__ = ["server"]
