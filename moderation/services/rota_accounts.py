"""What the rota's own validation cannot see: the staff accounts behind its usernames."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..adapters.orm import StaffAccount
from ..domain.rota import Rota


def rota_problems(session: Session, rota: Rota) -> list[str]:
    """Everyone on the rota must have an active staff account (the name alerts are addressed by)."""
    accounts = dict(session.execute(
        select(StaffAccount.username, StaffAccount.active)
        .where(StaffAccount.username.in_([p.username for p in rota.people]))).all())
    problems = []
    for person in rota.people:
        if person.username not in accounts:
            problems.append(f"rota: there is no staff account with the username “{person.username}”")
        elif not accounts[person.username]:
            problems.append(f"rota: {person.username}'s staff account is disabled")
    return problems
