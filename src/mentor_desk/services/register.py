"""The register's filters: what the curator narrowed the list to, over the rows read by
queries.people. No SQLAlchemy: the register tab uses them on start and on every keystroke.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from mentor_desk.domain.participants import (
    Category,
    ConsentState,
)
from mentor_desk.domain.text import fold
from mentor_desk.queries.people import RegisterRow


class RoleFilter(str, Enum):
    MENTOR = "mentor"
    MENTEE = "mentee"
    BOTH = "both"
    NONE = "none"


class ConsentFilter(str, Enum):
    VALID = "valid"
    NOT_VALID = "not_valid"  # missing, incomplete or withdrawn: the people to chase
    WITHDRAWN = "withdrawn"


class ArchiveFilter(str, Enum):
    ACTIVE = "active"
    ARCHIVED = "archived"
    ALL = "all"


Check = Callable[[RegisterRow], bool]

_ROLE_CHECKS: dict[RoleFilter, Check] = {
    RoleFilter.MENTOR: lambda r: r.is_mentor,
    RoleFilter.MENTEE: lambda r: r.is_mentee,
    RoleFilter.BOTH: lambda r: r.is_mentor and r.is_mentee,
    RoleFilter.NONE: lambda r: not (r.is_mentor or r.is_mentee),
}
_CONSENT_CHECKS: dict[ConsentFilter, Check] = {
    ConsentFilter.VALID: lambda r: r.consent is ConsentState.VALID,
    ConsentFilter.NOT_VALID: lambda r: r.consent is not ConsentState.VALID,
    ConsentFilter.WITHDRAWN: lambda r: r.consent is ConsentState.WITHDRAWN,
}


@dataclass
class RegisterFilter:
    """What the curator narrowed the register to; empty values mean "any"."""

    text: str = ""
    role: RoleFilter | None = None
    category: Category | None = None
    class_name: str | None = None
    consent: ConsentFilter | None = None
    target_group: str | None = None
    archive: ArchiveFilter = ArchiveFilter.ACTIVE

    def mask(self, rows: list[RegisterRow]) -> list[bool]:
        """One pass over all rows; it runs on every keystroke, at 50,000 rows too."""
        words = fold(self.text).split()
        # The common case, typing a name in the working list, as one tight comprehension.
        if self._only_text_and_archive():
            archived = self.archive is ArchiveFilter.ARCHIVED
            if self.archive is ArchiveFilter.ALL:
                return [all(w in r.search_key for w in words) for r in rows]
            if len(words) <= 1:
                word = words[0] if words else ""
                return [r.archived is archived and word in r.search_key for r in rows]
            return [r.archived is archived and all(w in r.search_key for w in words) for r in rows]
        checks = self._checks(words)
        return [all(check(r) for check in checks) for r in rows]

    def _only_text_and_archive(self) -> bool:
        return (
            self.role is None
            and self.category is None
            and not self.class_name
            and self.consent is None
            and not self.target_group
        )

    def _checks(self, words: list[str]) -> list[Check]:
        checks: list[Check] = []
        if self.archive is ArchiveFilter.ACTIVE:
            checks.append(lambda r: not r.archived)
        elif self.archive is ArchiveFilter.ARCHIVED:
            checks.append(lambda r: r.archived)
        if self.role is not None:
            checks.append(_ROLE_CHECKS[self.role])
        if self.category is not None:
            category = self.category
            checks.append(lambda r: r.category is category)
        if self.class_name:
            class_name = self.class_name
            checks.append(lambda r: r.class_name == class_name)
        if self.consent is not None:
            checks.append(_CONSENT_CHECKS[self.consent])
        if self.target_group:
            tag = self.target_group
            checks.append(lambda r: tag in r.target_groups)
        if words:
            checks.append(lambda r: all(w in r.search_key for w in words))
        return checks
