"""A name closed by failed logins (anyone who knows it can close it) opens again for its
owner: the users page says it is locked and offers Unlock, `annotator users unlock` does the
same, and a new password set by an admin opens it; each is logged."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from annotator.models import AuditEntry
from tests.accounts_helpers import Clock, install_clock
from tests.conftest import PASSWORD
from tests.helpers import csrf_token_from, login

WRONG = "not the password"
NEW_PASSWORD = "a much longer new secret 42"


@pytest.fixture
def clock(app: Any) -> Clock:
    return install_clock(app)


@pytest.fixture
def people(make_user: Any) -> dict[str, Any]:
    return {"dave": make_user("dave", "annotator"), "root": make_user("root", "admin")}


def _lock(app: Any, username: str = "dave") -> None:
    guesser = app.test_client()
    for _ in range(10):
        assert login(guesser, username, WRONG).status_code == 401
    refused = login(app.test_client(), username, PASSWORD)
    assert refused.status_code == 429
    assert "Or ask an admin to unlock the account." in refused.get_data(as_text=True)


def _admin(app: Any) -> FlaskClient:
    client = app.test_client()
    assert login(client, "root").status_code == 302
    return client


def _actions(session: Any, action: str) -> list[Any]:
    session.expire_all()
    return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_the_users_page_says_who_is_locked_out_and_unlocks_them(
    app: Any, session: Any, people: Any, clock: Clock
) -> None:
    _lock(app)
    admin = _admin(app)
    page = admin.get("/admin/users").get_data(as_text=True)
    assert 'id="locked-dave"' in page and "too many failed logins" in page
    assert 'id="locked-root"' not in page
    # Without the form's token nothing opens.
    assert admin.post("/admin/users/dave/unlock").status_code in (400, 403)
    assert login(app.test_client(), "dave", PASSWORD).status_code == 429
    token = csrf_token_from(page)
    done = admin.post(
        "/admin/users/dave/unlock", data={"csrf_token": token}, follow_redirects=True
    ).get_data(as_text=True)
    assert "dave: unlocked; 10 failed logins forgotten." in done
    assert 'id="locked-dave"' not in done
    assert login(app.test_client(), "dave", PASSWORD).status_code == 302
    (entry,) = _actions(session, "user.unlock")
    assert entry.target == "dave"


def test_an_admins_new_password_opens_the_name_and_says_so_in_the_log(
    app: Any, session: Any, people: Any, clock: Clock
) -> None:
    _lock(app)
    admin = _admin(app)
    token = csrf_token_from(admin.get("/admin/users").get_data(as_text=True))
    set_it = admin.post(
        "/admin/users/dave/password",
        data={"csrf_token": token, "password": NEW_PASSWORD},
        follow_redirects=True,
    )
    assert set_it.status_code == 200
    assert login(app.test_client(), "dave", NEW_PASSWORD).status_code == 302
    (update,) = [e for e in _actions(session, "user.update") if e.target == "dave"]
    assert update.before["failed_logins"] == 10 and update.after["failed_logins"] == 0


def test_ones_own_new_password_does_not_open_a_name_closed_by_guesses(
    app: Any, session: Any, people: Any, clock: Clock
) -> None:
    """The root's own password change is no reset: the name's failures stay counted."""
    _lock(app, "root")
    from annotator.services.accounts.people import update_user
    from annotator.services.accounts.users import get_user

    root = get_user(session, "root")
    update_user(session, root, root, password=NEW_PASSWORD)
    session.commit()
    assert login(app.test_client(), "root", NEW_PASSWORD).status_code == 429


def test_the_command_line_unlocks_and_says_when_there_was_nothing_to(
    app: Any, runner: Any, people: Any, clock: Clock
) -> None:
    result = runner.invoke(args=["users", "unlock", "dave"])
    assert result.exit_code == 0 and "dave was not locked out." in result.output
    _lock(app)
    result = runner.invoke(args=["users", "unlock", "dave"])
    assert result.exit_code == 0, result.output
    assert "Unlocked dave: 10 failed logins forgotten." in result.output
    assert login(app.test_client(), "dave", PASSWORD).status_code == 302
    missing = runner.invoke(args=["users", "unlock", "nobody"])
    assert missing.exit_code != 0 and "nobody" in missing.output


def test_a_name_short_of_the_limit_is_not_locked_and_unlock_changes_nothing(
    app: Any, session: Any, runner: Any, people: Any, clock: Clock
) -> None:
    """Three failures close nothing: Unlock says so, forgets none and logs nothing, and the
    name still closes at its tenth failure."""
    guesser = app.test_client()
    for _ in range(3):
        assert login(guesser, "dave", WRONG).status_code == 401
    admin = _admin(app)
    page = admin.get("/admin/users").get_data(as_text=True)
    assert 'id="locked-dave"' not in page
    done = admin.post(
        "/admin/users/dave/unlock",
        data={"csrf_token": csrf_token_from(page)},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "dave: was not locked out." in done
    assert "dave was not locked out." in runner.invoke(args=["users", "unlock", "dave"]).output
    assert _actions(session, "user.unlock") == []
    for _ in range(7):
        assert login(guesser, "dave", WRONG).status_code == 401
    assert login(app.test_client(), "dave", PASSWORD).status_code == 429


def test_a_lock_on_the_address_does_not_send_the_user_to_an_admin(
    app: Any, session: Any, people: Any, clock: Clock
) -> None:
    """Fifty failures from one address close it for every name; that is not the account's
    lock: the refusal does not say to ask an admin, and the users page shows no lock."""
    from annotator.services.accounts import throttle

    for i in range(throttle.PER_ADDRESS):
        throttle.record_login_failure(session, f"guess{i}", "127.0.0.1", clock())
    session.commit()
    refused = login(app.test_client(), "dave", PASSWORD)
    assert refused.status_code == 429
    text = refused.get_data(as_text=True)
    assert "Too many failed logins" in text and "ask an admin" not in text
    assert throttle.locked_out(session, ["dave"], clock()) == {}
