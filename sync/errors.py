"""What can go wrong while syncing, as one tree:

SyncError
├── Offline        no answer: no network, refused, timed out, reset mid-way
│   └── CertificateError  the server's HTTPS certificate is not trusted (or not its own)
├── NotPaired      the app has no server or token yet
├── Unauthorized   the token was refused (revoked device, new password): pair again
├── InsecureServer a server URL that is not HTTPS (localhost excepted)
└── ServerRefused  a 4xx or 5xx answer, with the server's readable detail
"""

from __future__ import annotations


class SyncError(Exception):
    """Base of every sync failure; ``code`` names it for the translated message."""

    code = "error"


class Offline(SyncError):
    code = "offline"


class CertificateError(Offline):
    """Nothing usable came back: the TLS handshake failed on the server's certificate
    (self-signed, expired, for another name). Offline to the sync loop; named on its own
    when pairing, where a person can do something about it."""

    code = "certificate"


class NotPaired(SyncError):
    code = "not_paired"


class Unauthorized(SyncError):
    code = "unauthorized"


class InsecureServer(SyncError):
    code = "insecure"


class ServerRefused(SyncError):
    code = "refused"

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(f"{status}: {detail}")
        self.status = status
        self.detail = detail
