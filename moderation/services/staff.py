"""Staff logins for the review dashboard: accounts, passwords (argon2), throttled guessing, sessions."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from ..adapters.orm import LoginFailure, StaffAccount
from ..domain.model import Conflict, InvalidInput, Reader, Role, Unauthenticated
from .context import Context

MIN_PASSWORD_LENGTH = 12
MAX_FAILURES_PER_PLACE = 5  # a network, or a browser known to the account
MAX_FAILURES_PER_ACCOUNT = 50
THROTTLE_WINDOW = timedelta(minutes=15)

_hasher = PasswordHasher()
# Verified against when the username is unknown, so a wrong username costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a real password, only a timing equaliser")


def create_account(ctx: Context, username: str, display_name: str, password: str, roles: list[str],
                   user_id: str | None = None) -> dict:
    username = username.strip().lower()
    if not username or len(username) > 100 or not username.replace("-", "").replace("_", "").replace(".", "").isalnum():
        raise InvalidInput("invalid_username", "Usernames are 1 to 100 letters, digits, '-', '_' or '.'.")
    if not display_name.strip():
        raise InvalidInput("invalid_name", "A display name is needed.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput("weak_password", f"Passwords are at least {MIN_PASSWORD_LENGTH} characters.")
    allowed = {role.value for role in Role}
    if not roles or set(roles) - allowed:
        raise InvalidInput("invalid_roles", f"Roles are one or more of {', '.join(sorted(allowed))}.")
    account = StaffAccount(
        username=username, user_id=user_id or f"staff-{username}", display_name=display_name.strip(),
        password_hash=_hasher.hash(password), roles=sorted(set(roles)), active=True, session_version=1,
        created_at=ctx.now(),
    )
    try:
        with ctx.transaction() as session:
            session.add(account)
            session.flush()
            return _public(account)
    except IntegrityError:
        raise Conflict("account_exists", f"There is already a staff account {username!r} or for {account.user_id!r}.") from None


def set_password(ctx: Context, username: str, password: str) -> None:
    """A new password; every session signed in with the old one ends."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput("weak_password", f"Passwords are at least {MIN_PASSWORD_LENGTH} characters.")
    with ctx.transaction() as session:
        account = _by_username(session, username, lock=True)
        if account is None:
            raise InvalidInput("unknown_account", f"No staff account {username!r}.")
        account.password_hash = _hasher.hash(password)
        account.session_version += 1


@dataclass(frozen=True)
class SignIn:
    account_id: int
    session_version: int
    member: Reader


def canonical_username(username: str) -> str:
    return username.strip().lower()[:100]


def authenticate(ctx: Context, username: str, password: str, network: str, device: str | None = None) -> SignIn:
    """The staff member behind a username and password, signing in from `network` (an address or
    an IPv6 /64), on `device` if the browser shows (with a cookie signed when it last signed in to
    this account) that it is one the account's owner uses.

    Every refusal reads the same, for unknown usernames too, so the form does not reveal which
    accounts exist. Guessing is throttled per account and place, the place being the known device
    or else the network: after MAX_FAILURES_PER_PLACE failures in THROTTLE_WINDOW, attempts from
    there are refused unchecked. So a guesser cannot lock a colleague out from another network,
    nor, behind a shared proxy where everyone has one network, lock staff out of the browsers
    they use. MAX_FAILURES_PER_ACCOUNT bounds guessing spread over many networks; a network counts
    at most MAX_FAILURES_PER_PLACE towards it, so no one place can reach it, and it does not hold
    back known devices.
    """
    now = ctx.now()
    name = canonical_username(username)
    place = f"device:{device}"[:64] if device else network[:64]
    refused = Unauthenticated(
        "login_failed",
        "That username and password were not accepted. After several failed attempts, signing in from "
        "your network pauses for 15 minutes.",
    )
    # The attempt is written (and committed) before it is counted, so parallel guesses each see
    # the earlier ones: no more than the allowance is ever checked against the password.
    with ctx.transaction() as session:
        session.add(LoginFailure(username=name, source=place, at=now))
    with ctx.transaction() as session:
        failures = dict(session.execute(
            select(LoginFailure.source, func.count())
            .where(LoginFailure.username == name, LoginFailure.at > now - THROTTLE_WINDOW)
            .group_by(LoginFailure.source)
        ).all())
        session.execute(delete(LoginFailure).where(LoginFailure.username == name, LoginFailure.at < now - timedelta(days=1)))
    from_networks = sum(min(count, MAX_FAILURES_PER_PLACE) for source, count in failures.items()
                        if not source.startswith("device:"))
    if failures.get(place, 0) > MAX_FAILURES_PER_PLACE or (device is None and from_networks > MAX_FAILURES_PER_ACCOUNT):
        raise refused
    with ctx.transaction() as session:
        account = _by_username(session, name, lock=True)
        if account is None or not account.active:
            _verify(_DUMMY_HASH, password)
            raise refused
        if not _verify(account.password_hash, password):
            raise refused
        session.execute(delete(LoginFailure).where(LoginFailure.username == name, LoginFailure.source == place))
        account.last_login_at = now
        if _hasher.check_needs_rehash(account.password_hash):
            account.password_hash = _hasher.hash(password)
        return SignIn(account.id, account.session_version, as_reader(account))


def staff_member(ctx: Context, account_id: int, session_version: int) -> Reader | None:
    """The signed-in staff member for a session, or None once its sessions were ended or the
    account is disabled or gone."""
    with ctx.transaction() as session:
        account = session.get(StaffAccount, account_id)
        if account is None or not account.active or account.session_version != session_version:
            return None
        return as_reader(account)


def end_sessions(ctx: Context, account_id: int) -> None:
    """Sign the account out everywhere."""
    with ctx.transaction() as session:
        account = session.get(StaffAccount, account_id, with_for_update=True)
        if account is not None:
            account.session_version += 1


def list_accounts(ctx: Context) -> list[dict]:
    with ctx.transaction() as session:
        return [_public(a) for a in session.scalars(select(StaffAccount).order_by(StaffAccount.username))]


def set_active(ctx: Context, username: str, active: bool) -> None:
    with ctx.transaction() as session:
        account = _by_username(session, username, lock=True)
        if account is None:
            raise InvalidInput("unknown_account", f"No staff account {username!r}.")
        account.active = active
        if not active:
            account.session_version += 1


def as_reader(account: StaffAccount) -> Reader:
    return Reader(id=account.user_id, name=account.display_name, subscriber=True,
                  roles=frozenset(Role(r) for r in account.roles))


def _by_username(session, username: str, lock: bool = False) -> StaffAccount | None:
    query = select(StaffAccount).where(StaffAccount.username == username.strip().lower())
    if lock:
        query = query.with_for_update()
    return session.scalars(query).first()


def _verify(hashed: str, password: str) -> bool:
    try:
        return _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def _public(account: StaffAccount) -> dict:
    return {
        "username": account.username,
        "user_id": account.user_id,
        "name": account.display_name,
        "roles": list(account.roles),
        "active": account.active,
        "last_login_at": account.last_login_at.isoformat() if account.last_login_at else None,
    }
