"""Satisfaction questionnaires (анкеты удовлетворённости): questions, answers, scores.

A questionnaire is data (resources/surveys/*.json); stored answers are {question key:
value}: a score is a whole number 1..10, a choice one of the question's options, an open
answer the text as written. A respondent's score is the mean of their answered score
questions; the satisfaction indicators (domain.kpi) count a respondent at
SATISFIED_SCORE or above as satisfied.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeAlias, cast

from mentor_desk.domain.kpi import MIN_RESPONDENTS, SATISFIED_SCORE
from mentor_desk.domain.text import fold

Kind: TypeAlias = Literal["score", "choice", "open"]
Answer: TypeAlias = int | str  # a score, a choice's option, an open answer

KINDS: tuple[Kind, ...] = ("score", "choice", "open")
ROLES = ("mentee", "mentor")
SCORE_MIN, SCORE_MAX = 1, 10
OPEN_MAX_LENGTH = 2000  # a paragraph or two: more is a pasted document, not an answer

_KEY = re.compile(r"[a-z][a-z0-9_]*")
_DASHES = str.maketrans({"–": "-", "—": "-", "−": "-", "‐": "-", "‑": "-"})


class SurveyError(ValueError):
    """A questionnaire or an answer the rules refuse; the message is for the user."""


@dataclass(frozen=True)
class Question:
    """One question of the form; options only for a choice, in the order printed."""

    key: str
    text: str
    kind: Kind
    options: tuple[str, ...] = ()
    roles: tuple[str, ...] = ROLES

    def asks(self, role: str) -> bool:
        return role in self.roles


@dataclass(frozen=True)
class Questionnaire:
    """A questionnaire for both roles; role_labels: the genitive for the title,
    {"mentee": "наставляемого", "mentor": "наставника"}."""

    key: str
    title: str
    source: str
    instructions: str
    role_labels: Mapping[str, str]
    questions: tuple[Question, ...]

    def for_role(self, role: str) -> list[Question]:
        """The role's questions in the order of the form (numbered from 1 on it)."""
        check_role(role)
        return [q for q in self.questions if q.asks(role)]

    def question(self, key: str) -> Question | None:
        return next((q for q in self.questions if q.key == key), None)

    def role_title(self, role: str) -> str:
        """«Анкета удовлетворённости … (для наставляемого)»."""
        check_role(role)
        return f"{self.title} (для {self.role_labels.get(role, role)})"


def check_role(role: str) -> str:
    if role not in ROLES:
        raise SurveyError(f"Неизвестная роль респондента «{role}»: нужна «mentee» или «mentor»")
    return role


# --- the questionnaire file ------------------------------------------------------------


def _string(data: Mapping[str, object], name: str, where: str) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value.strip():
        raise SurveyError(f"{where}: поле «{name}» должно быть непустой строкой")
    return " ".join(value.split())


def _question(item: object, number: int) -> Question:
    where = f"Вопрос {number}"
    if not isinstance(item, dict):
        raise SurveyError(f"{where}: описание вопроса должно быть объектом JSON")
    key = _string(item, "key", where)
    if not _KEY.fullmatch(key):
        raise SurveyError(f"{where}: ключ «{key}» — латинские строчные буквы, цифры и «_»")
    where = f"Вопрос {number} («{key}»)"
    text = _string(item, "text", where)
    kind = item.get("kind")
    if kind not in KINDS:
        raise SurveyError(f"{where}: вид вопроса «{kind}» неизвестен (score, choice или open)")
    options: tuple[str, ...] = ()
    raw_options = item.get("options")
    if kind == "choice":
        if not isinstance(raw_options, list) or len(raw_options) < 2:
            raise SurveyError(f"{where}: у закрытого вопроса должно быть два варианта или больше")
        if not all(isinstance(o, str) and o.strip() for o in raw_options):
            raise SurveyError(f"{where}: варианты ответа должны быть непустыми строками")
        options = tuple(" ".join(o.split()) for o in raw_options)
        folded = [normalize(o) for o in options]
        if len(set(folded)) != len(folded):
            raise SurveyError(f"{where}: варианты ответа повторяются")
        if any(o.isdigit() for o in folded):
            # «2» answers by the option's number: an option that is a number would be unclear
            raise SurveyError(f"{where}: вариант ответа не может быть числом")
    elif raw_options not in (None, []):
        raise SurveyError(f"{where}: варианты ответа бывают только у закрытого вопроса")
    roles = item.get("roles", list(ROLES))
    if (
        not isinstance(roles, list)
        or not roles
        or any(r not in ROLES for r in roles)
        or len(set(roles)) != len(roles)
    ):
        raise SurveyError(f"{where}: роли — непустой список из «mentee» и «mentor»")
    return Question(key, text, cast(Kind, kind), options, tuple(r for r in ROLES if r in roles))


def parse_questionnaire(data: object) -> Questionnaire:
    """A questionnaire from its JSON (resources/surveys/README.md); raises SurveyError."""
    if not isinstance(data, dict):
        raise SurveyError("Анкета должна быть объектом JSON")
    where = "Анкета"
    key = _string(data, "key", where)
    title = _string(data, "title", where)
    source = _string(data, "source", where)
    instructions = _string(data, "instructions", where)
    labels = data.get("roles")
    if (
        not isinstance(labels, dict)
        or set(labels) != set(ROLES)
        or not all(isinstance(v, str) and v.strip() for v in labels.values())
    ):
        raise SurveyError("Анкета: поле «roles» — названия ролей «mentee» и «mentor»")
    items = data.get("questions")
    if not isinstance(items, list) or not items:
        raise SurveyError("Анкета: нет ни одного вопроса")
    questions = tuple(_question(item, number) for number, item in enumerate(items, 1))
    keys = [q.key for q in questions]
    doubled = sorted({k for k in keys if keys.count(k) > 1})
    if doubled:
        raise SurveyError(f"Анкета: ключи вопросов повторяются: {', '.join(doubled)}")
    for role in ROLES:
        if not any(q.asks(role) for q in questions):
            raise SurveyError(f"Анкета: для роли «{role}» нет ни одного вопроса")
    return Questionnaire(
        key=key,
        title=title,
        source=source,
        instructions=instructions,
        role_labels={r: " ".join(str(labels[r]).split()) for r in ROLES},
        questions=questions,
    )


# --- answers ---------------------------------------------------------------------------


def normalize(text: str) -> str:
    """Case, ё, dash and space-insensitive: «учитель - учитель» is «Учитель — учитель»."""
    return fold(text.translate(_DASHES)).replace(" - ", "-").replace(" -", "-").replace("- ", "-")


def shown(raw: object) -> str:
    """A raw value as the user typed it, for a message: 7.0 from Excel is «7»."""
    if isinstance(raw, float) and math.isfinite(raw) and raw.is_integer():
        return str(int(raw))
    return " ".join(str(raw).split())


def _whole(raw: object) -> int | None:
    """A whole number from a cell: 7, 7.0, «7», « 7 », «7,0»; None when it is not one."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        return int(raw) if math.isfinite(raw) and raw.is_integer() else None
    if isinstance(raw, str):
        text = raw.strip().replace(",", ".")
        if re.fullmatch(r"[+-]?\d{1,6}", text):
            return int(text)
        if re.fullmatch(r"[+-]?\d{1,6}\.0+", text):
            return int(text.split(".")[0])
    return None


def is_blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def check_answer(question: Question, raw: object) -> Answer | None:
    """The stored value of an answer as typed or read from a cell; None: not answered.

    Raises SurveyError naming the question and the value.
    """
    if is_blank(raw):
        return None
    if question.kind == "score":
        value = _whole(raw)
        if value is None or not SCORE_MIN <= value <= SCORE_MAX:
            raise SurveyError(
                f"«{question.text}»: оценка — целое число от {SCORE_MIN} до {SCORE_MAX}, "
                f"а не «{shown(raw)}»"
            )
        return value
    if question.kind == "choice":
        number = _whole(raw)
        if number is not None:
            if 1 <= number <= len(question.options):
                return question.options[number - 1]
            raise SurveyError(
                f"«{question.text}»: варианта с номером {number} нет, "
                f"номера — от 1 до {len(question.options)}"
            )
        if isinstance(raw, str):
            wanted = normalize(raw).rstrip(".")
            for option in question.options:
                if normalize(option) == wanted:
                    return option
        listed = "; ".join(f"{n}. {o}" for n, o in enumerate(question.options, 1))
        raise SurveyError(
            f"«{question.text}»: ответа «{shown(raw)}» нет среди вариантов ({listed})"
        )
    text = shown(raw) if not isinstance(raw, str) else raw.strip()
    if len(text) > OPEN_MAX_LENGTH:
        raise SurveyError(
            f"«{question.text}»: ответ длиннее {OPEN_MAX_LENGTH} знаков, сократите его"
        )
    return text


def check_answers(
    questionnaire: Questionnaire, role: str, raw: Mapping[str, object]
) -> dict[str, Answer]:
    """A respondent's answers, each checked, unanswered ones dropped; raises SurveyError
    for the first bad answer, a question the role is not asked or an unknown key."""
    check_role(role)
    answers: dict[str, Answer] = {}
    for key, value in raw.items():
        question = questionnaire.question(key)
        if question is None:
            raise SurveyError(f"В анкете нет вопроса «{key}»")
        if not question.asks(role) and not is_blank(value):
            raise SurveyError(
                f"«{question.text}»: этот вопрос не задают "
                f"{'наставляемому' if role == 'mentee' else 'наставнику'}"
            )
        checked = check_answer(question, value)
        if checked is not None:
            answers[key] = checked
    return answers


def _score_value(value: object) -> int | None:
    """A stored score, or None for a value no check would have let in (a hand-edited file)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if SCORE_MIN <= value <= SCORE_MAX else None


def respondent_score(
    questionnaire: Questionnaire, role: str, answers: Mapping[str, object]
) -> float | None:
    """The mean of the respondent's answered score questions of the role; None when none
    is answered (the respondent is then not counted by the satisfaction indicators)."""
    values = [
        v
        for q in questionnaire.for_role(role)
        if q.kind == "score" and (v := _score_value(answers.get(q.key))) is not None
    ]
    return sum(values) / len(values) if values else None


def is_satisfied(score: float) -> bool:
    """The indicators' rule (domain.kpi): a score of SATISFIED_SCORE or more."""
    return score >= SATISFIED_SCORE


def role_scores(
    questionnaire: Questionnaire, responses: Iterable[tuple[str, Mapping[str, object]]]
) -> dict[str, list[float]]:
    """(role, answers) of each response → the respondents' scores per role, as
    domain.kpi.compute() takes them (respondents with no score left out)."""
    scores: dict[str, list[float]] = {role: [] for role in ROLES}
    for role, answers in responses:
        if role not in scores:
            continue
        score = respondent_score(questionnaire, role, answers)
        if score is not None:
            scores[role].append(score)
    return scores


# --- summaries for the report and the SWOT page ----------------------------------------


@dataclass(frozen=True)
class QuestionSummary:
    """What the respondents answered to one question.

    score: mean and distribution (counts of 1..10, index 0 is «1»); choice: counts per
    option in the form's order; open: the answers as written, in the order received.
    """

    question: Question
    answered: int
    mean: float | None = None
    distribution: tuple[int, ...] = ()
    choices: tuple[tuple[str, int], ...] = ()
    texts: tuple[str, ...] = ()


@dataclass(frozen=True)
class SurveySummary:
    """A role's answers summarized: respondents, satisfied, and each question."""

    role: str
    respondents: int
    scored: int  # respondents with a score (the satisfaction indicator's denominator)
    satisfied: int
    questions: list[QuestionSummary] = field(default_factory=list)

    @property
    def satisfied_percent(self) -> float | None:
        """The share of satisfied respondents; None for fewer than MIN_RESPONDENTS."""
        if self.scored < MIN_RESPONDENTS:
            return None
        return 100.0 * self.satisfied / self.scored


def summarize(
    questionnaire: Questionnaire, role: str, answer_dicts: Sequence[Mapping[str, object]]
) -> SurveySummary:
    """Every question of the role summarized over the respondents' answers.

    Values no check would have let in (a hand-edited database) are left out, as if
    unanswered, rather than failing the report.
    """
    summaries = []
    for q in questionnaire.for_role(role):
        values = [a.get(q.key) for a in answer_dicts]
        if q.kind == "score":
            scores = [s for v in values if (s := _score_value(v)) is not None]
            counts = [0] * (SCORE_MAX - SCORE_MIN + 1)
            for s in scores:
                counts[s - SCORE_MIN] += 1
            mean = sum(scores) / len(scores) if scores else None
            summaries.append(QuestionSummary(q, len(scores), mean, tuple(counts)))
        elif q.kind == "choice":
            picked = [v for v in values if isinstance(v, str) and v in q.options]
            choices = tuple((o, picked.count(o)) for o in q.options)
            summaries.append(QuestionSummary(q, len(picked), choices=choices))
        else:
            texts = tuple(v.strip() for v in values if isinstance(v, str) and v.strip())
            summaries.append(QuestionSummary(q, len(texts), texts=texts))
    scores_of = [respondent_score(questionnaire, role, a) for a in answer_dicts]
    scored = [s for s in scores_of if s is not None]
    return SurveySummary(
        role=role,
        respondents=len(answer_dicts),
        scored=len(scored),
        satisfied=sum(1 for s in scored if is_satisfied(s)),
        questions=summaries,
    )
