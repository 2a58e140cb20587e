"""What can go wrong while syncing, as one tree:

SyncError
├── Offline        no answer: no network, refused, timed out, reset mid-way
│   └── CertificateError  the server's HTTPS certificate is not trusted (or not its own)
├── NotPaired      the app has no server or token yet
│   ├── NoTeam     the account belongs to no team on the server
│   └── WrongTeam  the account is not a member of the team the tablet's records belong to
├── Unauthorized   the token was refused (revoked device, new password): pair again
├── InsecureServer a server URL that is not HTTPS (localhost excepted)
├── Redirected     a 3xx answer: the server points elsewhere; never followed
├── ServerRestored the server's database is another generation (restored from a backup)
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


class NoTeam(NotPaired):
    code = "no_team"


class WrongTeam(NotPaired):
    code = "wrong_team"


class Unauthorized(SyncError):
    code = "unauthorized"


class InsecureServer(SyncError):
    code = "insecure"


class ServerRefused(SyncError):
    code = "refused"

    def __init__(self, status: int, detail: str, reason: str = "") -> None:
        super().__init__(f"{status}: {detail}")
        self.status = status
        self.detail = detail
        self.reason = reason  # the answer's machine-readable "reason" (e.g. cursor_ahead), if any


class Redirected(SyncError):
    """The server answered with a redirect (3xx). The tablet never follows one: a login, a
    token or a note must not go to an address the consultant did not pair with, least of
    all from HTTPS to plain HTTP. ``location`` is where it pointed ("" when it did not say)."""

    code = "redirected"

    def __init__(self, status: int, location: str) -> None:
        super().__init__(location or "(no address given)")  # said as "it pointed on to ..."
        self.status = status
        self.location = location


class ServerRestored(SyncError):
    """The server's database is not the one this tablet synced with: its ``epoch`` changed
    or the pull cursor is ahead of its newest change (a backup was restored). The client
    starts over; a person never sees this."""

    code = "restored"
