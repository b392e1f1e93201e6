"""How long the service keeps what readers wrote once it is no longer needed, and what is purged
when. Periods are in calendar months, counted back from the moment of the purge."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from dateutil.relativedelta import relativedelta


@dataclass(frozen=True)
class RetentionPeriods:
    removed_text_months: int = 12  # text of comments deleted by moderators or withdrawn by authors
    complaint_notes_months: int = 12  # readers' notes with their reports
    audit_details_months: int = 72  # the trail's before/after texts and notes (who did what stays)

    def cutoffs(self, now: datetime) -> RetentionCutoffs:
        return RetentionCutoffs(
            removed_text=now - relativedelta(months=self.removed_text_months),
            complaint_notes=now - relativedelta(months=self.complaint_notes_months),
            audit_details=now - relativedelta(months=self.audit_details_months),
        )


@dataclass(frozen=True)
class RetentionCutoffs:
    """Anything older than these moments is due for purging."""

    removed_text: datetime
    complaint_notes: datetime
    audit_details: datetime
