"""SQLAlchemy 2 models of the school's database."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Named constraints keep Alembic batch migrations deterministic on SQLite.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Organization(Base):
    """Сведения об организации: the school profile, one row."""

    __tablename__ = "organization"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(Text)
    short_name: Mapped[str] = mapped_column(String(200))
    municipality: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    director_name: Mapped[str] = mapped_column(String(200), default="")
    director_position: Mapped[str] = mapped_column(String(200), default="Директор")
    curators: Mapped[str] = mapped_column(Text, default="")
    academic_year_start: Mapped[int] = mapped_column(Integer)


class Participant(Base):
    """Участник: one person of the register, a mentor, a mentee or both."""

    __tablename__ = "participant"
    __table_args__ = (
        CheckConstraint(
            "category IN ('student','teacher','parent','graduate',"
            "'university_student','partner','head')",
            name="category",
        ),
        CheckConstraint("consent_status IN ('none','given','withdrawn')", name="consent_status"),
        CheckConstraint("capacity BETWEEN 1 AND 10", name="capacity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    last_name: Mapped[str] = mapped_column(String(100))
    first_name: Mapped[str] = mapped_column(String(100))
    middle_name: Mapped[str] = mapped_column(String(100), default="")
    birth_date: Mapped[date | None] = mapped_column(Date)
    category: Mapped[str] = mapped_column(String(30), index=True)
    class_name: Mapped[str] = mapped_column(String(10), default="")
    position: Mapped[str] = mapped_column(String(200), default="")
    subject: Mapped[str] = mapped_column(String(200), default="")
    experience_years: Mapped[int | None] = mapped_column(Integer)
    experience_as_of: Mapped[date | None] = mapped_column(Date)
    hire_date: Mapped[date | None] = mapped_column(Date)
    organization: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    is_mentor: Mapped[bool] = mapped_column(default=False)
    is_mentee: Mapped[bool] = mapped_column(default=False)
    mentor_consent_date: Mapped[date | None] = mapped_column(Date)
    training_date: Mapped[date | None] = mapped_column(Date)
    interview_date: Mapped[date | None] = mapped_column(Date)
    capacity: Mapped[int] = mapped_column(Integer, default=1)
    consent_status: Mapped[str] = mapped_column(String(20), default="none")
    consent_date: Mapped[date | None] = mapped_column(Date)
    consent_signer: Mapped[str] = mapped_column(String(200), default="")
    representative_name: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)
    # занимается в объединениях дополнительного образования (ДОП): the first indicator of
    # приказ Завитинского МО от 15.11.2022 № 246, прил. 1, counts these students
    in_dop: Mapped[bool] = mapped_column(default=False, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, default=datetime.now, onupdate=datetime.now
    )

    terms: Mapped[list[ParticipantTerm]] = relationship(
        back_populates="participant", cascade="all, delete-orphan", passive_deletes=True
    )


class Term(Base):
    """An entry of an editable list: a target group or a matching topic."""

    __tablename__ = "term"
    __table_args__ = (UniqueConstraint("kind", "name"),)  # uq_term_kind, as in 0001

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)


class ParticipantTerm(Base):
    """A person's target group, request (mentee) or competency (mentor)."""

    __tablename__ = "participant_term"

    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True
    )
    term_id: Mapped[int] = mapped_column(
        ForeignKey("term.id", ondelete="CASCADE"), primary_key=True
    )
    relation: Mapped[str] = mapped_column(String(20), primary_key=True)

    participant: Mapped[Participant] = relationship(back_populates="terms")
    term: Mapped[Term] = relationship(lazy="joined")


class Mentorship(Base):
    """Наставническая пара или группа: one mentor and one or more mentees, and its program."""

    __tablename__ = "mentorship"
    __table_args__ = (
        CheckConstraint("status IN ('draft','approved','active','ended')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mentor_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    form: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20), default="traditional")
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    order_number: Mapped[str] = mapped_column(String(40), default="")
    order_date: Mapped[date | None] = mapped_column(Date)
    started_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)  # the program's planned end
    ended_on: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str] = mapped_column(String(30), default="")
    end_note: Mapped[str] = mapped_column(Text, default="")
    goal: Mapped[str] = mapped_column(Text, default="")
    tasks: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, default=datetime.now, onupdate=datetime.now
    )

    mentees: Mapped[list[MentorshipMentee]] = relationship(
        back_populates="mentorship", cascade="all, delete-orphan", passive_deletes=True
    )
    events: Mapped[list[MentorshipEvent]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="MentorshipEvent.id"
    )
    plan: Mapped[list[PlanItem]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="PlanItem.position"
    )
    meetings: Mapped[list[Meeting]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="Meeting.held_on"
    )


class MentorshipMentee(Base):
    __tablename__ = "mentorship_mentee"

    mentorship_id: Mapped[int] = mapped_column(
        ForeignKey("mentorship.id", ondelete="CASCADE"), primary_key=True
    )
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    mentorship: Mapped[Mentorship] = relationship(back_populates="mentees")


class MentorshipEvent(Base):
    """The history of a pair or group: approval, start, extension, change of mentor, end."""

    __tablename__ = "mentorship_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(
        ForeignKey("mentorship.id", ondelete="CASCADE"), index=True
    )
    happened_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text, default="")


class PlanItem(Base):
    """An activity of the personalized program, with its due date and done mark."""

    __tablename__ = "plan_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(
        ForeignKey("mentorship.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)


class Meeting(Base):
    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(
        ForeignKey("mentorship.id", ondelete="CASCADE"), index=True
    )
    held_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")


class Preference(Base):
    """The networking questionnaire: whom a person would like as a mentor or mentee."""

    __tablename__ = "preference"
    __table_args__ = (
        UniqueConstraint("chooser_id", "as_mentee", "chosen_id"),  # uq_preference_chooser_id
        CheckConstraint("rank BETWEEN 1 AND 3", name="rank"),
    )

    chooser_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True
    )
    # True: the chooser, as a mentee, names a preferred mentor; False: a mentor names a mentee.
    as_mentee: Mapped[bool] = mapped_column(primary_key=True)
    rank: Mapped[int] = mapped_column(Integer, primary_key=True)
    chosen_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )


class Setting(Base):
    """School-wide settings that travel with the database (matching weights and the like)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Roadmap(Base):
    """Дорожная карта of the school for a period, made from a template or empty."""

    __tablename__ = "roadmap"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    start_year: Mapped[int] = mapped_column(Integer)  # the period: 2025-2027 is 2025, 2027
    end_year: Mapped[int] = mapped_column(Integer)
    template: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)

    items: Mapped[list[RoadmapItem]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="RoadmapItem.position"
    )


class RoadmapItem(Base):
    """One activity of a roadmap: its deadline as written, the due date derived or set."""

    __tablename__ = "roadmap_item"
    __table_args__ = (
        CheckConstraint("status IN ('not_started','in_progress','done')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    roadmap_id: Mapped[int] = mapped_column(
        ForeignKey("roadmap.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    section: Mapped[str] = mapped_column(Text, default="")
    activity: Mapped[str] = mapped_column(Text)
    deadline_text: Mapped[str] = mapped_column(Text, default="")
    due_on: Mapped[date | None] = mapped_column(Date)  # set by hand; else derived from text
    responsible_text: Mapped[str] = mapped_column(Text, default="")  # outsiders, as typed
    expected_result: Mapped[str] = mapped_column(Text, default="")
    indicator: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="not_started")
    done_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    responsible: Mapped[list[RoadmapResponsible]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class RoadmapResponsible(Base):
    """A person of the register responsible for a roadmap item."""

    __tablename__ = "roadmap_responsible"

    item_id: Mapped[int] = mapped_column(
        ForeignKey("roadmap_item.id", ondelete="CASCADE"), primary_key=True
    )
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class IssuedDocument(Base):
    """Журнал приказов и документов: every order issued, with what is needed to re-open it."""

    __tablename__ = "issued_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), index=True)
    number: Mapped[str] = mapped_column(String(40), default="")
    issued_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(Text)
    payload: Mapped[str] = mapped_column(Text)  # the document's data as JSON
    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)

    pairs: Mapped[list[IssuedDocumentPair]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class IssuedDocumentPair(Base):
    __tablename__ = "issued_document_pair"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("issued_document.id", ondelete="CASCADE"), primary_key=True
    )
    mentorship_id: Mapped[int] = mapped_column(
        ForeignKey("mentorship.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ConsentHandout(Base):
    """A consent form printed and handed out to a person (or their legal representative)."""

    __tablename__ = "consent_handout"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    handed_on: Mapped[date] = mapped_column(Date)


class ContingentFigure(Base):
    """Контингент: a denominator of the year's indicators that the register cannot know.

    register_count and taken_on say what the register counted when the curator pressed
    «Из реестра»; value is the figure used (the same, or typed over from the form ОО-1).
    """

    __tablename__ = "contingent_figure"

    year_start: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)
    register_count: Mapped[int | None] = mapped_column(Integer)
    taken_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")


class IndicatorSetCopy(Base):
    """A curator's own indicator set (an edited copy of a built-in one), as its JSON."""

    __tablename__ = "indicator_set_copy"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    body: Mapped[str] = mapped_column(Text)


class SurveyResponse(Base):
    """One respondent's answers to the satisfaction questionnaire of a year."""

    __tablename__ = "survey_response"
    __table_args__ = (CheckConstraint("role IN ('mentee','mentor')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year_start: Mapped[int] = mapped_column(Integer, index=True)
    role: Mapped[str] = mapped_column(String(10))
    # anonymous answers are allowed; an erased person's answers stay, unnamed
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL"), index=True
    )
    answers: Mapped[str] = mapped_column(Text)  # JSON: {question key: value}
    source: Mapped[str] = mapped_column(String(20), default="manual")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)


class SwotItem(Base):
    """Мониторинг, этап 1: one line of the SWOT table of the program for a year."""

    __tablename__ = "swot_item"
    __table_args__ = (
        CheckConstraint(
            "quadrant IN ('strength','weakness','opportunity','threat')", name="quadrant"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year_start: Mapped[int] = mapped_column(Integer, index=True)
    quadrant: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)


class GrowthParameter(Base):
    """Мониторинг, этап 2: a parameter measured at the start and the end of the program."""

    __tablename__ = "growth_parameter"
    __table_args__ = (
        CheckConstraint("audience IN ('students','teachers','all')", name="audience"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year_start: Mapped[int] = mapped_column(Integer, index=True)
    name: Mapped[str] = mapped_column(Text)
    audience: Mapped[str] = mapped_column(String(20), default="all")
    position: Mapped[int] = mapped_column(Integer, default=0)

    measurements: Mapped[list[GrowthMeasurement]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class GrowthMeasurement(Base):
    __tablename__ = "growth_measurement"

    parameter_id: Mapped[int] = mapped_column(
        ForeignKey("growth_parameter.id", ondelete="CASCADE"), primary_key=True
    )
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    start_value: Mapped[float | None] = mapped_column(Float)
    end_value: Mapped[float | None] = mapped_column(Float)


class Practice(Base):
    """Лучшая практика наставничества (кейс): what the school did well in a year, as the
    curator describes it for the municipality's database of practices."""

    __tablename__ = "practice"

    id: Mapped[int] = mapped_column(primary_key=True)
    year_start: Mapped[int] = mapped_column(Integer, index=True)
    title: Mapped[str] = mapped_column(String(200))
    form: Mapped[str] = mapped_column(String(40), default="")  # a domain.pairs.Form or ""
    description: Mapped[str] = mapped_column(Text, default="")
    results: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, default=datetime.now, onupdate=datetime.now
    )


# --- the municipality's workspace (district mode) -------------------------------------------


class DistrictSchool(Base):
    """A school known to the municipality's workspace: its bundle id, its name as its latest
    bundle gives it, and the key it signs with (trusted on first use)."""

    __tablename__ = "district_school"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # the bundle's school id
    name: Mapped[str] = mapped_column(String(500))
    municipality: Mapped[str] = mapped_column(String(500))
    key_fingerprint: Mapped[str] = mapped_column(String(64))
    public_key: Mapped[str] = mapped_column(Text)  # Ed25519, SubjectPublicKeyInfo PEM
    first_seen: Mapped[date] = mapped_column(Date)
    key_changed_on: Mapped[date | None] = mapped_column(Date)


class DistrictBundle(Base):
    """The bundle of a school and year held in the workspace (one a school and year: a newer
    one replaces it); the file itself is kept unchanged in the inbox folder."""

    __tablename__ = "district_bundle"
    __table_args__ = (UniqueConstraint("school_id", "academic_year"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the Bundle-Id (UUID)
    school_id: Mapped[str] = mapped_column(ForeignKey("district_school.id"))
    academic_year: Mapped[str] = mapped_column(String(9), index=True)  # «2025-2026»
    level: Mapped[str] = mapped_column(String(20))
    created: Mapped[datetime] = mapped_column(DateTime)  # UTC, as signed
    received_on: Mapped[datetime] = mapped_column(DateTime)
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    inbox_path: Mapped[str] = mapped_column(String(500))  # the file's name in the inbox
    format_version: Mapped[int] = mapped_column(Integer)


def _bundle_key() -> Mapped[str]:
    return mapped_column(
        String(36), ForeignKey("district_bundle.id", ondelete="CASCADE"), primary_key=True
    )


class DistrictIndicator(Base):
    __tablename__ = "district_indicator"

    bundle_id: Mapped[str] = _bundle_key()
    set_key: Mapped[str] = mapped_column(String(100), primary_key=True)
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    numerator: Mapped[float | None] = mapped_column(Float)
    denominator: Mapped[float | None] = mapped_column(Float)
    value: Mapped[float | None] = mapped_column(Float)
    target: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(20))


class DistrictContingent(Base):
    __tablename__ = "district_contingent"

    bundle_id: Mapped[str] = _bundle_key()
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)


class DistrictPairs(Base):
    __tablename__ = "district_pairs"

    bundle_id: Mapped[str] = _bundle_key()
    form: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)


class DistrictRoadmap(Base):
    __tablename__ = "district_roadmap"

    bundle_id: Mapped[str] = _bundle_key()
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    section: Mapped[str] = mapped_column(String(500))
    title: Mapped[str] = mapped_column(Text)
    due: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    done_on: Mapped[date | None] = mapped_column(Date)


class DistrictSurvey(Base):
    __tablename__ = "district_survey"

    bundle_id: Mapped[str] = _bundle_key()
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    role: Mapped[str] = mapped_column(String(100))
    question: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))
    respondents: Mapped[int] = mapped_column(Integer)
    mean: Mapped[float | None] = mapped_column(Float)
    option: Mapped[str | None] = mapped_column(String(500))
    count: Mapped[int | None] = mapped_column(Integer)


class DistrictSwot(Base):
    __tablename__ = "district_swot"

    bundle_id: Mapped[str] = _bundle_key()
    quadrant: Mapped[str] = mapped_column(String(20), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    text: Mapped[str] = mapped_column(Text)


class DistrictPractice(Base):
    __tablename__ = "district_practice"

    bundle_id: Mapped[str] = _bundle_key()
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(500))
    form: Mapped[str | None] = mapped_column(String(40))
    description: Mapped[str | None] = mapped_column(Text)
    results: Mapped[str | None] = mapped_column(Text)
