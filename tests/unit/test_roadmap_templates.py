"""Roadmap templates: the shipped files against the sources' texts, and the loader's checks.

The expected texts are typed in from the sources (docs/sources.md); no source file is read.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from mentor_desk import paths
from mentor_desk.domain.roadmap import COLUMNS, Template, TemplateItem
from mentor_desk.services.roadmap_templates import (
    load_templates,
    scan_templates,
    template,
    templates_dir,
)

KEYS = ["zavitinsk_sample", "volgograd_teachers", "kalininsky_stages", "kvantum_2024_2026"]


@pytest.fixture(scope="module")
def shipped() -> dict[str, Template]:
    return {t.key: t for t in load_templates()}


def test_shipped_templates_in_order() -> None:
    templates = load_templates()
    assert [t.key for t in templates] == KEYS
    assert [t.title for t in templates] == [
        "Примерная дорожная карта",
        "Наставничество педагогических работников",
        "Этапы реализации программы",
        "Дорожная карта 2024-2026",
    ]
    assert all(t.source for t in templates)
    assert templates_dir() == paths.resources_dir() / "roadmaps"


def test_counts(shipped: dict[str, Template]) -> None:
    assert len(shipped["zavitinsk_sample"].items) == 34
    # The Volgograd Положение's table: stages 1-6 and row 7 "Информационная поддержка" (all stages).
    assert len(shipped["volgograd_teachers"].sections()) == 7
    assert len(shipped["volgograd_teachers"].items) == 16
    assert len(shipped["kalininsky_stages"].sections()) == 7
    assert len(shipped["kalininsky_stages"].items) == 22
    assert len(shipped["kvantum_2024_2026"].sections()) == 5
    assert len(shipped["kvantum_2024_2026"].items) == 31


def test_columns(shipped: dict[str, Template]) -> None:
    assert shipped["zavitinsk_sample"].columns == ("activity", "deadline", "responsible")
    assert shipped["volgograd_teachers"].columns == ("section", "activity")
    assert shipped["kalininsky_stages"].columns == ("section", "activity", "deadline")
    assert shipped["kvantum_2024_2026"].columns == (
        "section",
        "activity",
        "deadline",
        "expected_result",
        "indicator",
        "responsible",
    )


def _fields(item: TemplateItem) -> dict[str, str]:
    return {column: getattr(item, column) for column in COLUMNS}


@pytest.mark.parametrize("key", KEYS)
def test_no_empty_activity_and_no_layout_artifacts(shipped: dict[str, Template], key: str):
    found = shipped[key]
    for number, item in enumerate(found.items, start=1):
        assert item.activity, number
        assert not re.fullmatch(r"[\d\s.,)-]*", item.activity), number  # a lone page number
        for column, value in _fields(item).items():
            where = (number, column, value)
            assert value == value.strip(), where
            assert "  " not in value, where
            assert not re.search(r"[\t\n\r\f\v\u00a0]", value), where
            assert not re.search(r"</?[a-z]+[^>]*>", value), where  # no HTML left
            assert not re.fullmatch(r"-+|\d+", value), where
            if column not in found.columns:
                assert value == "", where


def test_template_files_are_utf8_json_with_every_column_written() -> None:
    files = sorted(templates_dir().glob("*.json"))
    assert [f.stem for f in files] == sorted(KEYS)
    for file in files:
        data = json.loads(file.read_text(encoding="utf-8"))
        assert data["key"] == file.stem
        for item in data["items"]:
            assert list(item) == data["columns"]


# приказ Завитинского МО № 246, прил. 2: 34 activities, "Сроки" and "Ответственные" empty.

ZAVITINSK_JOINED = (
    "Приглашение на торжественное мероприятие всех участников программы наставничества, "
    "их родных, представителей организаций-партнеров, представителей администрации "
    "муниципалитета, представителей иных образовательных организаций и некоммерческих "
    "организаций"
)


def test_zavitinsk_sample_texts(shipped: dict[str, Template]) -> None:
    activities = [item.activity for item in shipped["zavitinsk_sample"].items]
    assert activities[0] == (
        "Информирование педагогического сообщества образовательной организации о "
        "реализации программы наставничества"
    )
    assert activities[4] == (
        "Проведение анкетирования среди обучающихся/педагогов, желающих принять участие в "
        "программе наставничества. Сбор согласий на сбор и обработку персональных данных от "
        "совершеннолетних участников программы"
    )
    assert activities[9] == (
        "Проведение анкетирования среди потенциальных наставников, желающих принять участие "
        "в программе наставничества. Сбор согласий на сбор и обработку персональных данных"
    )
    assert activities[10] == (
        "Анализ заполненных анкет потенциальных наставников и сопоставление данных с "
        "анкетами наставляемых"
    )
    assert activities[15] == "Обучение наставников"
    assert activities[23] == "Регулярные встречи наставника и наставляемого"
    assert activities[24] == "Сроки сбора обратной связи от участников программы наставничества"
    assert activities[28] == ZAVITINSK_JOINED
    assert activities[29] == (
        "Проведение торжественного мероприятия для подведения итогов программы наставничества "
        "и награждения лучших наставников"
    )
    assert activities[33] == (
        "Публикация результатов программы наставничества, лучших наставников, кейсов на "
        "сайтах образовательной организации и организаций-партнеров. Внесение данных об "
        "итогах реализации программы наставничества в базу наставников и базу наставляемых"
    )
    assert not any(a.startswith("представителей администрации") for a in activities)
    assert len(set(activities)) == 34
    assert all(i.deadline == "" and i.responsible == "" for i in shipped["zavitinsk_sample"].items)


# Волгоградское Положение о наставничестве, прил. 2: the stages and their numbered activities.


def test_volgograd_teachers_texts(shipped: dict[str, Template]) -> None:
    found = shipped["volgograd_teachers"]
    assert found.sections() == (
        "1. Подготовка условий для реализации системы наставничества",
        "2. Формирование банка наставляемых",
        "3. Формирование банка наставников",
        "4. Отбор и обучение",
        "5. Организация и осуществление работы наставнических пар/групп",
        "6. Завершение персонализированных программ наставничества",
        "7. Информационная поддержка системы наставничества",
    )
    by_section = {s: [i.activity for i in found.items if i.section == s] for s in found.sections()}
    assert [len(v) for v in by_section.values()] == [3, 2, 2, 2, 3, 3, 1]
    items = [item.activity for item in found.items]
    assert items[0] == (
        "Подготовка и принятие локальных нормативных правовых актов образовательной "
        "организации: 1) Приказ «Об утверждении положения о системе наставничества "
        "педагогических работников в образовательной организации» (Приложение 1 – Положение "
        "о системе наставничества педагогических работников в образовательной организации, "
        "Приложение 2 – дорожная карта (план мероприятий) по реализации Положения о системе "
        "наставничества педагогических работников в образовательной организации)."
    )
    assert items[2] == (
        "3) Подготовка персонализированных программ наставничества – при наличии в "
        "организации наставляемых."
    )
    assert items[3] == "1) Сбор информации о профессиональных запросах педагогов."
    # Stage 3 goes on after a page break.
    assert items[6] == (
        "2) Формирование банка данных наставников, обеспечение согласий на сбор и обработку "
        "персональных данных."
    )
    assert items[8] == (
        "2) Обучение наставников для работы с наставляемыми: - подготовка методических "
        "материалов для сопровождения наставнической деятельности; - проведение "
        'консультаций, организация обмена опытом среди наставников – "установочные сессии" '
        "наставников."
    )
    assert items[12] == (
        "1) Проведение мониторинга качества реализации персонализированных программ "
        "наставничества (анкетирование);"
    )
    assert items[15] == (
        "Освещение мероприятий дорожной карты осуществляется на всех этапах на сайте "
        "образовательной организации и социальных сетях, по возможности на муниципальном и "
        "региональном уровнях."
    )


# Kalininsky stages (приказ от 23.09.2020 № 428): the stages with their deadlines.


def test_kalininsky_stages_texts(shipped: dict[str, Template]) -> None:
    found = shipped["kalininsky_stages"]
    deadlines = {i.section: i.deadline for i in found.items}
    assert deadlines == {
        "I. Подготовка условия для реализации Программы наставничества": "до 31 ноября",
        "II. Формирование базы наставляемых": "до 6 декабря",
        "III. Формирование базы наставников": "до 10 декабря",
        "IV. Обучение наставников": "до 31 декабря",
        "V. Формирование наставнических пар или групп": "до 10 декабря",
        "VI. Организация работы наставнических пар и групп": "до 15 декабря",
        # The seventh stage is numbered "6." in the source.
        "6. Завершение наставничества": "до 25 мая 2021 (согласно периоду взаимодействия)",
    }
    assert list(deadlines) == list(found.sections())
    by_section = [len([i for i in found.items if i.section == s]) for s in found.sections()]
    assert by_section == [5, 2, 2, 2, 1, 6, 4]
    activities = [item.activity for item in found.items]
    assert activities[0] == (
        "1. Подготовить нормативно-правовое обеспечение Программы: положение о наставничестве "
        "в ОО, приказ, план мероприятий"
    )
    assert activities[4] == "5. Утвердить дорожную карту внедрения модели наставничества"
    assert activities[5] == (
        "1. Организовать сбор данных о наставляемых (родители, классные руководители, "
        "педагоги-психологи, профориентационные тесты)"
    )
    assert activities[11] == "1. Сформировать наставнические пары или группы"
    assert activities[16] == (
        "5. Организовать сбор обратной связи от наставников и наставляемых для оценивания "
        "эффективности программы наставничества"
    )
    assert activities[21] == (
        "4. Реализовать систему поощрения наставников, организовать мероприятия чествования "
        "лучших наставников и популяризации их опыта"
    )


# «КвантУм» roadmap: sections, activities, deadlines, results, indicators, responsible persons.

DEPUTIES = "Заместители директора: Николаева О.А. Яковенко О.Н."


def test_kvantum_texts(shipped: dict[str, Template]) -> None:
    found = shipped["kvantum_2024_2026"]
    assert found.sections() == (
        "Организационно-методическое сопровождение деятельности",
        "Программно-методическое сопровождение деятельности",
        "Аналитическое сопровождение деятельности, мониторинг",
        "Информационное сопровождение деятельности",
        "Управление реализацией целевой модели наставничества на уровне образовательной "
        "организации",
    )
    by_section = [len([i for i in found.items if i.section == s]) for s in found.sections()]
    assert by_section == [14, 3, 4, 6, 4]
    items = found.items
    assert items[0] == TemplateItem(
        section="Организационно-методическое сопровождение деятельности",
        activity="Формирование нормативной-правовой базы",
        deadline="Сентябрь 2024г",
        responsible=DEPUTIES,
        expected_result=(
            "Составлены Положение о системе наставничества, Дорожная карта внедрения, Приказ"
        ),
        indicator="Подготовлена нормативно-правовая база для реализации системы наставничества",
    )
    assert items[2].indicator == (
        "Наставничества не менее 10% от общего количества членов каждой целевой группы (10% "
        "от общего числа обучающихся в школе, 10% от общего числа педагогических работников)"
    )
    # A cell that goes on after a page break.
    assert items[6].deadline == "18.09.2024"
    assert items[6].expected_result == (
        "Организована общая встреча в формате «нетворкинг», проведено анкетирование на "
        "предмет предпочитаемого наставника и наставляемого"
    )
    assert items[9].activity == (
        "Организация работы наставнических пар или групп: — встреча-знакомство; — пробная "
        "встреча; — встреча-планирование; — совместная работа наставника наставляемого в "
        "соответствии с разработанным индивидуальным планом; — итоговая встреча"
    )
    assert items[12].expected_result == (
        "Индивидуальные планы, реализованные не менее чем на 90%, участие в реализации"
    )
    # From here the source has four columns: the third goes to the expected result.
    assert items[13] == TemplateItem(
        section="Организационно-методическое сопровождение деятельности",
        activity=(
            "Организация общей заключительной встречи участников всех наставнических "
            "пар/групп в формате деловой игры «Твой результат - мои возможности»"
        ),
        deadline="Май 2025",
        responsible="Директор Кураторы Методист",
        expected_result=(
            "Организована деловая игра для участников всех наставнических пар/групп в "
            "формате деловой игры, участие в игре приняло не менее 90% участников"
        ),
        indicator="",
    )
    assert items[14].responsible == ""
    assert items[16].deadline == ""
    assert items[19].deadline == "1 раз в квартал"
    assert items[20].deadline == "В течение всего времени реализации ЦПН"
    assert items[30] == TemplateItem(
        section=(
            "Управление реализацией целевой модели наставничества на уровне образовательной "
            "организации"
        ),
        activity=(
            "Создание условий для участия представителей образовательной организации в "
            "региональных и всероссийских тематических событиях/конкурсах/фестивалях"
        ),
        deadline="В течение всего периода реализации ЦМН",
        responsible=f"Руководитель ОО {DEPUTIES}",
        expected_result=(
            "Не менее 3 представителей образовательной организации приняли участие в "
            "региональных и всероссийских тематических событиях/конкурсах/фестивалях"
        ),
        indicator="",
    )


# The loader, on a folder of its own.


def _write(folder: Path, name: str, data: Any) -> Path:
    path = folder / name
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


def _good(key: str = "mine", title: str = "Моя карта", **extra: Any) -> dict[str, Any]:
    return {
        "key": key,
        "title": title,
        "source": "Приказ от 01.09.2025 № 1",
        "columns": ["section", "activity", "deadline"],
        "items": [
            {"section": "Этап 1", "activity": "Назначить куратора", "deadline": "до 10 сентября"},
            {"activity": "Собрать согласия"},
        ],
        **extra,
    }


def test_a_municipal_template(tmp_path: Path) -> None:
    _write(tmp_path, "mine.json", _good())
    (found,) = load_templates(tmp_path)
    assert found == Template(
        key="mine",
        title="Моя карта",
        source="Приказ от 01.09.2025 № 1",
        columns=("section", "activity", "deadline"),
        items=(
            TemplateItem(
                section="Этап 1", activity="Назначить куратора", deadline="до 10 сентября"
            ),
            TemplateItem(activity="Собрать согласия"),
        ),
    )
    assert found.sections() == ("Этап 1", "")


def test_order_then_title(tmp_path: Path) -> None:
    _write(tmp_path, "a.json", _good("a", "Яблоко"))
    _write(tmp_path, "b.json", _good("b", "Банан"))
    _write(tmp_path, "c.json", _good("c", "Вишня", order=2))
    _write(tmp_path, "d.json", _good("d", "Груша", order=1))
    assert [t.key for t in load_templates(tmp_path)] == ["d", "c", "b", "a"]


def test_a_byte_order_mark_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(_good(), ensure_ascii=False).encode())
    assert load_templates(tmp_path)[0].key == "mine"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"key": "x", ', "ошибка JSON в строке 1"),
        ("[]", "ожидается объект JSON"),
        ({**_good(), "titel": "x"}, "неизвестное поле «titel»"),
        ({**_good(), "key": "два слова"}, "поле «key»"),
        ({**_good(), "title": " "}, "пустое поле «title»"),
        ({**_good(), "order": "1"}, "поле «order» должно быть целым числом"),
        ({**_good(), "columns": ["activity", "date"]}, "неизвестный столбец «date»"),
        ({**_good(), "columns": ["section", "deadline"]}, "должно содержать «activity»"),
        ({**_good(), "columns": ["activity", "activity"]}, "столбец указан дважды"),
        ({**_good(), "items": []}, "непустым списком"),
        ({**_good(), "items": [{"activity": "a"}, {"activity": " "}]}, "мероприятие № 2: пустое"),
        ({**_good(), "items": [{"activity": "a", "resp": "b"}]}, "неизвестное поле «resp»"),
        ({**_good(), "items": [{"activity": "a", "indicator": "b"}]}, "его нет в «columns»"),
        ({**_good(), "items": [{"activity": 5}]}, "поле «activity» должно быть строкой"),
        ({**_good(), "items": ["a"]}, "мероприятие № 1: ожидается объект"),
    ],
)
def test_a_broken_file_is_named(tmp_path: Path, content: Any, message: str) -> None:
    _write(tmp_path, "good.json", _good("good"))
    broken = _write(tmp_path, "broken.json", content)
    with pytest.raises(ValueError) as raised:
        load_templates(tmp_path)
    text = str(raised.value)
    assert text.startswith(f"Шаблон дорожной карты {broken}: ")
    assert message in text
    scan = scan_templates(tmp_path)  # the others are still there
    assert [t.key for t in scan.templates] == ["good"]
    assert scan.errors == (text,)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "cp1251.json"
    path.write_bytes(json.dumps(_good(), ensure_ascii=False).encode("cp1251"))
    with pytest.raises(ValueError, match=r"cp1251\.json: файл не в кодировке UTF-8"):
        load_templates(tmp_path)


def test_a_key_taken_twice(tmp_path: Path) -> None:
    _write(tmp_path, "a.json", _good("same", "Первая"))
    _write(tmp_path, "b.json", _good("same", "Вторая"))
    scan = scan_templates(tmp_path)
    assert [t.title for t in scan.templates] == ["Первая"]
    assert scan.errors == (
        f"Шаблон дорожной карты {tmp_path / 'b.json'}: ключ «same» уже занят файлом a.json",
    )


def test_reads_the_resources_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "roadmaps").mkdir()
    _write(tmp_path / "roadmaps", "mine.json", _good())
    (tmp_path / "roadmaps" / "notes.txt").write_text("не шаблон", encoding="utf-8")
    monkeypatch.setattr(paths, "resources_dir", lambda: tmp_path)
    assert [t.key for t in load_templates()] == ["mine"]
    assert template("mine").title == "Моя карта"
    with pytest.raises(KeyError, match="Нет шаблона дорожной карты «zavitinsk_sample»"):
        template("zavitinsk_sample")


def test_no_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paths, "resources_dir", lambda: tmp_path)
    with pytest.raises(FileNotFoundError):
        load_templates()
    with pytest.raises(FileNotFoundError):
        load_templates(tmp_path / "missing")


def test_template_by_key(shipped: dict[str, Template]) -> None:
    assert template("kalininsky_stages") == shipped["kalininsky_stages"]


# --- the municipality's own folder (an installed app cannot write its resources) ---------


def test_the_user_folder_adds_templates(tmp_path: Path) -> None:
    from mentor_desk.services.roadmap_templates import open_user_folder, user_templates_dir

    folder = user_templates_dir()
    assert folder == paths.user_data_dir() / "roadmaps"
    assert not folder.exists()  # made on demand
    assert [t.key for t in scan_templates().templates] == KEYS
    assert open_user_folder() == folder and folder.is_dir()
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert readme == (templates_dir() / "README.md").read_text(encoding="utf-8")
    assert "«Папка шаблонов…»" in readme
    _write(folder, "mine.json", _good(order=0))
    scan = scan_templates()
    assert [t.key for t in scan.templates] == ["mine", *KEYS]
    assert scan.is_users("mine") and not scan.is_users("kvantum_2024_2026")
    assert scan.files["mine"] == folder / "mine.json"
    assert template("mine").title == "Моя карта"
    open_user_folder()  # again: the curator's README is left alone
    assert (folder / "README.md").read_text(encoding="utf-8") == readme


def test_template_choices_for_the_create_dialog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The templates, the problems and the own keys; a missing folder is a problem shown."""
    from mentor_desk.services.roadmap_templates import (
        open_user_folder,
        template_choices,
    )

    _write(open_user_folder(), "mine.json", _good(order=0))
    templates, errors, users = template_choices()
    assert [t.key for t in templates] == ["mine", *KEYS] and errors == [] and users == {"mine"}
    monkeypatch.setattr(paths, "resources_dir", lambda: tmp_path / "missing")
    templates, errors, users = template_choices()
    assert templates == [] and users == set()
    assert len(errors) == 1 and str(tmp_path / "missing" / "roadmaps") in errors[0]


def test_a_user_file_cannot_take_a_bundled_key(tmp_path: Path) -> None:
    from mentor_desk.services.roadmap_templates import open_user_folder

    folder = open_user_folder()
    _write(folder, "copy.json", _good("kvantum_2024_2026"))
    _write(folder, "broken.json", "{")
    scan = scan_templates()
    assert [t.key for t in scan.templates] == KEYS
    assert scan.errors == (
        f"Шаблон дорожной карты {folder / 'broken.json'}: ошибка JSON в строке 1, столбце 2",
        f"Шаблон дорожной карты {folder / 'copy.json'}: ключ «kvantum_2024_2026» уже занят "
        f"файлом {templates_dir() / 'kvantum_2024_2026.json'}",
    )


# --- the period a template was made for ----------------------------------------------


def test_template_periods(shipped: dict[str, Template]) -> None:
    from mentor_desk.domain.roadmap import DATES_PERIOD, TITLE_PERIOD, template_period

    assert template_period(shipped["kvantum_2024_2026"]) == (2024, 2026, TITLE_PERIOD)
    # Kalininsky stages: «до 25 мая 2021» is the only dated deadline: the academic year 2020-2021.
    assert template_period(shipped["kalininsky_stages"]) == (2020, 2021, DATES_PERIOD)
    assert template_period(shipped["zavitinsk_sample"]) is None
    assert template_period(shipped["volgograd_teachers"]) is None


@pytest.mark.parametrize(
    ("deadlines", "period"),
    [
        (["Август 2024", "Май 2026"], (2024, 2026)),  # August: preparation for 2024-2025
        (["01.09.2024", "до 10 декабря"], (2024, 2025)),  # a yearless date says nothing
        (["Сентябрь 2027"], (2027, 2028)),
        (["Май 2025-2026"], (2024, 2026)),
        (["постоянно"], None),
    ],
)
def test_template_period_from_dates(deadlines: list[str], period: tuple[int, int] | None) -> None:
    from mentor_desk.domain.roadmap import template_period

    made = Template("k", "Карта", "", ("activity", "deadline"),
                    tuple(TemplateItem(activity="a", deadline=d) for d in deadlines))  # fmt: skip
    found = template_period(made)
    assert (found[:2] if found else None) == period


def test_dates_outside_a_period(shipped: dict[str, Template]) -> None:
    from mentor_desk.domain.roadmap import dates_outside

    kvantum = shipped["kvantum_2024_2026"]
    assert dates_outside(kvantum, 2024, 2026) == 0
    assert dates_outside(kvantum, 2026, 2028) == 14
    assert dates_outside(shipped["kalininsky_stages"], 2026, 2028) == 4
    assert dates_outside(shipped["zavitinsk_sample"], 2026, 2028) == 0
