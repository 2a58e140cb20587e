"""The pairing form is checked before anything is sent: each field's problem, in the
field's own words (issue 9: an empty username came back as the server's English 422)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.pairing import MAX_DEVICE_NAME, MAX_PASSWORD, MAX_USERNAME, login_problems

GOOD = {"server_url": "https://feltmappe.herning.dk", "username": "ole", "password": "hemmeligt", "device_name": "iPad"}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({}, {}),
        ({"username": ""}, {"username": "username_required"}),
        ({"username": "   "}, {"username": "username_required"}),
        ({"password": ""}, {"password": "password_required"}),
        ({"server_url": ""}, {"server_url": "server_url_required"}),
        ({"server_url": "feltmappe.herning.dk"}, {"server_url": "server_url_scheme"}),
        ({"server_url": "ftp://feltmappe.herning.dk"}, {"server_url": "server_url_scheme"}),
        ({"server_url": "https://"}, {"server_url": "server_url_scheme"}),
        ({"server_url": "http://127.0.0.1:8765"}, {}),  # the client says whether plain http may be used
        ({"device_name": ""}, {"device_name": "device_name_required"}),
        ({"username": "x" * (MAX_USERNAME + 1)}, {"username": "login_too_long"}),
        ({"password": "x" * (MAX_PASSWORD + 1)}, {"password": "login_too_long"}),
        ({"device_name": "x" * (MAX_DEVICE_NAME + 1)}, {"device_name": "login_too_long"}),
        ({"username": "", "password": ""}, {"username": "username_required", "password": "password_required"}),
    ],
)
def test_each_field_is_checked_before_sending(change: dict[str, str], expected: dict[str, str]) -> None:
    found = login_problems(**{**GOOD, **change})
    assert {p.field: p.code for p in found} == expected


@given(username=st.text(min_size=1, max_size=MAX_USERNAME).filter(str.strip))
def test_any_username_the_server_takes_passes(username: str) -> None:
    assert login_problems(**{**GOOD, "username": username}) == []
