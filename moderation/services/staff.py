"""Staff logins for the review dashboard: accounts, passwords (argon2), throttled guessing, sessions."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadData, URLSafeSerializer
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..adapters.orm import LoginFailure, StaffAccount
from ..domain.model import Conflict, InvalidInput, Reader, Role, Unauthenticated
from .audit import record
from .context import Context
from .results import StaffAccountView

MIN_PASSWORD_LENGTH = 12
MAX_FAILURES_PER_PLACE = 5  # a network, or a browser known to the account
MAX_FAILURES_PER_ACCOUNT = 50
THROTTLE_WINDOW = timedelta(minutes=15)
# How long a link to choose a password (an invitation, or a reset an admin made) can be used.
PASSWORD_LINK_LIFETIME = timedelta(days=7)

_hasher = PasswordHasher()
# Verified against when the username is unknown, so a wrong username costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a real password, only a timing equaliser")


def create_account(ctx: Context, username: str, display_name: str, password: str | None, roles: list[str],
                   user_id: str | None = None, actor: str | None = None) -> StaffAccountView:
    """A new login. Without a password nobody can sign in to it until its owner chooses one with
    a password link (see password_link). `actor`, when given, is recorded in the audit trail."""
    username = username.strip().lower()
    if not username or len(username) > 100 or not username.replace("-", "").replace("_", "").replace(".", "").isalnum():
        raise InvalidInput("invalid_username", "Usernames are 1 to 100 letters, digits, '-', '_' or '.'.")
    if not display_name.strip():
        raise InvalidInput("invalid_name", "A display name is needed.")
    if password is not None:
        _check_password(password)
    _check_roles(roles)
    account = StaffAccount(
        username=username, user_id=user_id or f"staff-{username}", display_name=display_name.strip(),
        password_hash=_hasher.hash(password if password is not None else secrets.token_urlsafe(32)),
        roles=sorted(set(roles)), active=True, session_version=1, created_at=ctx.now(),
    )
    try:
        with ctx.transaction() as session:
            session.add(account)
            session.flush()
            if actor:
                record(session, actor=actor, action="staff_added", at=ctx.now(), note=_who(account),
                       after={"roles": account.roles, "active": True, "invited": password is None})
            return _public(account)
    except IntegrityError:
        raise Conflict("account_exists", f"There is already a staff account {username!r} or for {account.user_id!r}.") from None


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput("weak_password", f"Passwords are at least {MIN_PASSWORD_LENGTH} characters.")


def _check_roles(roles: list[str]) -> None:
    allowed = {role.value for role in Role}
    if not roles or set(roles) - allowed:
        raise InvalidInput("invalid_roles", f"Roles are one or more of {', '.join(sorted(allowed))}.")


def set_password(ctx: Context, username: str, password: str) -> None:
    """A new password; every session signed in with the old one ends."""
    _check_password(password)
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


def list_accounts(ctx: Context) -> list[StaffAccountView]:
    with ctx.transaction() as session:
        return [_public(a) for a in session.scalars(select(StaffAccount).order_by(StaffAccount.username))]


def set_active(ctx: Context, username: str, active: bool, actor: str | None = None) -> None:
    """Disable a login (its sessions end) or enable it again; never the last active admin's."""
    with ctx.transaction() as session:
        account = _for_change(session, username)
        if account.active == active:
            return
        if not active:
            _keep_an_admin(session, account, "disable")
        account.active = active
        if not active:
            account.session_version += 1
        if actor:
            record(session, actor=actor, action="staff_enabled" if active else "staff_disabled", at=ctx.now(),
                   note=_who(account), before={"active": not active}, after={"active": active})


def set_roles(ctx: Context, username: str, roles: list[str], actor: str | None = None) -> None:
    """New roles for a login (its owner has them from their next page on); the last active admin
    stays an admin."""
    _check_roles(roles)
    with ctx.transaction() as session:
        account = _for_change(session, username)
        before = list(account.roles)
        if sorted(set(roles)) == sorted(before):
            return
        if Role.ADMIN.value not in roles:
            _keep_an_admin(session, account, "take the admin role from")
        account.roles = sorted(set(roles))
        if actor:
            record(session, actor=actor, action="staff_roles_changed", at=ctx.now(), note=_who(account),
                   before={"roles": before}, after={"roles": account.roles})


def _for_change(session: Session, username: str) -> StaffAccount:
    # Every account is locked, in one order: two admins demoting each other at the same moment are
    # then decided one after the other, and the second sees the first's change.
    accounts = session.scalars(select(StaffAccount).order_by(StaffAccount.id).with_for_update()).all()
    name = canonical_username(username)
    for account in accounts:
        if account.username == name:
            found: StaffAccount = account
            return found
    raise InvalidInput("unknown_account", f"No staff account {username!r}.")


def _keep_an_admin(session: Session, account: StaffAccount, verb: str) -> None:
    """Refuse to leave no active admin (the accounts are locked already, see _for_change)."""
    if not (account.active and Role.ADMIN.value in account.roles):
        return
    others = [a for a in session.scalars(select(StaffAccount).where(StaffAccount.id != account.id))
              if a.active and Role.ADMIN.value in a.roles]
    if not others:
        raise Conflict("last_admin", f"{account.display_name} is the only active admin: you cannot {verb} them. "
                                     "Make another account an admin first.")


def password_link(ctx: Context, username: str, actor: str | None = None) -> tuple[str, datetime]:
    """A token for a link with which the account's owner chooses a password (an invitation, or a
    reset), and until when it works. It works once: choosing the password changes what it signs."""
    expires = ctx.now() + PASSWORD_LINK_LIFETIME
    with ctx.transaction() as session:
        account = _for_change(session, username)
        token = _links(ctx).dumps({"account": account.id, "hash": _fingerprint(account.password_hash),
                                   "expires": expires.timestamp()})
        if actor:
            record(session, actor=actor, action="staff_password_link", at=ctx.now(), note=_who(account),
                   after={"expires": expires.isoformat()})
    return token, expires


def account_for_link(ctx: Context, token: str) -> StaffAccountView:
    """The account a password link is for, if the link still works; else InvalidInput."""
    with ctx.transaction() as session:
        return _public(_linked(ctx, session, token))


def use_password_link(ctx: Context, token: str, password: str) -> StaffAccountView:
    """Set the password chosen through a link: it then stops working, and any session ends."""
    _check_password(password)
    with ctx.transaction() as session:
        account = _linked(ctx, session, token, lock=True)
        account.password_hash = _hasher.hash(password)
        account.session_version += 1
        record(session, actor=account.user_id, action="staff_password_chosen", at=ctx.now(), note=_who(account))
        return _public(account)


def _links(ctx: Context) -> URLSafeSerializer:
    return URLSafeSerializer(ctx.settings.secret_key, salt="staff-password-link")


def _fingerprint(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode()).hexdigest()[:24]


def _linked(ctx: Context, session: Session, token: str, lock: bool = False) -> StaffAccount:
    expired = InvalidInput("password_link_unusable", "This link has been used already, has expired or is not "
                                                     "complete. Ask an admin for a new one.")
    try:
        claims = _links(ctx).loads(token)
        account: StaffAccount | None = session.get(StaffAccount, int(claims["account"]), with_for_update=lock)
        expires = float(claims["expires"])
    except (BadData, KeyError, TypeError, ValueError):
        raise expired from None
    if (account is None or not account.active or ctx.now().timestamp() > expires
            or claims.get("hash") != _fingerprint(account.password_hash)):
        raise expired
    return account


def _who(account: StaffAccount) -> str:
    return f"{account.display_name} ({account.username})"


def as_reader(account: StaffAccount) -> Reader:
    return Reader(id=account.user_id, name=account.display_name, subscriber=True,
                  roles=frozenset(Role(r) for r in account.roles))


def _by_username(session: Session, username: str, lock: bool = False) -> StaffAccount | None:
    query = select(StaffAccount).where(StaffAccount.username == username.strip().lower())
    if lock:
        query = query.with_for_update()
    found: StaffAccount | None = session.scalars(query).first()
    return found


def _verify(hashed: str, password: str) -> bool:
    try:
        return _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def _public(account: StaffAccount) -> StaffAccountView:
    return StaffAccountView(username=account.username, user_id=account.user_id, name=account.display_name,
                            roles=list(account.roles), active=account.active, last_login_at=account.last_login_at)
