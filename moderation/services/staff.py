"""Staff logins for the review dashboard: accounts, passwords (argon2) and lockout after failures."""
from __future__ import annotations

from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..adapters.orm import StaffAccount
from ..domain.model import Conflict, InvalidInput, Reader, Role, Unauthenticated
from .context import Context

MIN_PASSWORD_LENGTH = 12
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)

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
        password_hash=_hasher.hash(password), roles=sorted(set(roles)), active=True, failed_logins=0,
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
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput("weak_password", f"Passwords are at least {MIN_PASSWORD_LENGTH} characters.")
    with ctx.transaction() as session:
        account = _by_username(session, username, lock=True)
        if account is None:
            raise InvalidInput("unknown_account", f"No staff account {username!r}.")
        account.password_hash = _hasher.hash(password)
        account.failed_logins, account.locked_until = 0, None


def authenticate(ctx: Context, username: str, password: str) -> tuple[int, Reader]:
    """The account id and staff member behind a username and password. Every failure says the same thing, so the
    form does not reveal which usernames exist; five failures in a row lock the account a while."""
    now = ctx.now()
    refused = Unauthenticated("login_failed", "That username and password do not match an active staff account.")
    with ctx.transaction() as session:
        account = _by_username(session, username, lock=True)
        if account is None or not account.active:
            _verify(_DUMMY_HASH, password)
            raise refused
        if account.locked_until is not None and account.locked_until > now:
            raise Unauthenticated("account_locked", "Too many failed attempts: try again in a few minutes.")
        if not _verify(account.password_hash, password):
            account.failed_logins += 1
            if account.failed_logins >= MAX_FAILED_LOGINS:
                account.failed_logins, account.locked_until = 0, now + LOCKOUT
        else:
            account.failed_logins, account.locked_until, account.last_login_at = 0, None, now
            if _hasher.check_needs_rehash(account.password_hash):
                account.password_hash = _hasher.hash(password)
            return account.id, as_reader(account)
    raise refused


def staff_member(ctx: Context, account_id: int) -> Reader | None:
    """The signed-in staff member for a session, or None once the account is disabled or gone."""
    with ctx.transaction() as session:
        account = session.get(StaffAccount, account_id)
        return as_reader(account) if account is not None and account.active else None


def list_accounts(ctx: Context) -> list[dict]:
    with ctx.transaction() as session:
        return [_public(a) for a in session.scalars(select(StaffAccount).order_by(StaffAccount.username))]


def set_active(ctx: Context, username: str, active: bool) -> None:
    with ctx.transaction() as session:
        account = _by_username(session, username, lock=True)
        if account is None:
            raise InvalidInput("unknown_account", f"No staff account {username!r}.")
        account.active = active


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
