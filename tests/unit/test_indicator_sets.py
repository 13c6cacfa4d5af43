"""Indicator sets: the shipped files against the sources' texts, and the loader's checks.

The sources' texts below are copied from the documents (docs/sources.md names them); no
source file is read. Table rows are quoted as they are, cells separated by tabs.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mentor_desk import paths
from mentor_desk.domain.kpi import Computation, IndicatorDef, IndicatorSet
from mentor_desk.services.indicator_sets import (
    BUILTIN,
    COPY,
    DEFAULT_SET_KEY,
    MAX_BYTES,
    USER,
    IndicatorSetError,
    all_sets,
    builtin_sets,
    copy_set,
    dump_set,
    find_set,
    free_key,
    open_user_folder,
    parse_set,
    read_set_file,
    sets_dir,
    user_sets,
    user_sets_dir,
)

# Приказ отдела образования администрации Завитинского муниципального округа Амурской
# области от 15.11.2022 № 246, приложение № 1 (header row, then the 8 rows)
ZAVITINSK_APPENDIX_1 = """\
Наименование показателя\t2022\t2024
Доля обучающихся (7-18 лет) по дополнительным общеобразовательным программам, вовлечены в различные формы наставничества, %\t50\t70
Доля детей в возрасте от 10 до 19 лет, проживающих на территории округа, вошедших в программы наставничества в роли наставляемого, %\t35\t70
Доля детей и подростков в возрасте от 15 до 19 лет, проживающих в округе, вошедших в программы наставничества в роли наставника, %\t6\t10
Доля учителей - молодых специалистов (с опытом работы от 0 до 3 лет), проживающих в округе, вошедших в программы наставничества в роли наставляемого, %\t35\t70
Доля учителей, вошедших в программы наставничества в роли наставника, %\t50\t80
Доля предприятий (организаций) от общего количества предприятий, осуществляющих деятельность на территории округа, вошедших в программы наставничества, предоставив своих наставников, %\t10\t30
Уровень удовлетворенности наставляемых участием в программах наставничества, %\t65\t85
Уровень удовлетворенности наставников участием в программах наставничества, %\t65\t85
"""  # noqa: E501
ZAVITINSK_KEYS = [
    "dop_students_involved",
    "children_10_19_mentees",
    "children_15_19_mentors",
    "young_teachers_mentees",
    "teachers_mentors",
    "organizations_mentors",
    "mentee_satisfaction",
    "mentor_satisfaction",
]

# Паспорт программы наставничества МБОУ «Ново-Идинская СОШ» «Путь к успеху!»: the table
# «Описание фактических результатов реализации программы», one cell a line (the source's
# double space in the first name is kept here)
PUT_K_USPEHU_TABLE = """\
№
Региональный проект
Наименование показателя
2022 г
2023 г.
2024 г.
1
Региональный проект «Современная школа»
Не менее 70% обучающихся вовлечены в различные  сопровождения и наставничества к 2024 г.
35%
50%
70%
2

Не менее 70 % учителей в возрасте до 35 лет вовлечены в различные формы поддержки и сопровождения в первые три года работы
50%
60%
70%
3
Региональный проект «Успех каждого ребенка»
Не менее 70% обучающихся школы, занятых в ДОП, вовлечены в различные формы наставничества
35%
50%
70%
"""  # noqa: E501

# «Дорожная карта» наставничества МБОУ Школа «КвантУм» на 2024-2026 годы: the rows with
# the school-level indicators (Содержание, Сроки, Ожидаемый результат, Показатели
# эффективности, Ответственный)
KVANTUM_ROWS = """\
Формирование базы наставников из числа обучающихся, педагогов, представителей родительской общественности, выпускников, партнеров и т. д\tВ течение всего периода реализации ЦМН\tСформирована база наставников\tНаставничества не менее 10% от общего количества членов каждой целевой группы (10% от общего числа обучающихся в школе, 10% от общего числа педагогических работников)\tЗаместители директора: Николаева О.А. Яковенко О.Н.
Формирование наставнических пар или групп\tДо октября 2024г\tСформированы наставнические пары или группы\tПриняло 100% участников целевой модели наставничества\tЗаместители директора: Николаева О.А. Яковенко О.Н.
Оформление согласий на обработку персональных данных участников целевой модели наставничества и законных представителей обучающихся, не достигших 14-летнего возраста\tДо конца октября\tОформлены согласия на обработку персональных данных у 100% участников (из общей базы)\t\tЗаместители директора: Николаева О.А. Яковенко О.Н.
Реализация индивидуальных планов\tВ течение 2024-2026 учебного года\tИндивидуальные планы, реализованные не менее чем на 90%, участие в реализации\t\tМетодист, наставники
"""  # noqa: E501


def one_line(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def shipped() -> dict[str, IndicatorSet]:
    return {s.key: s for s in builtin_sets()}


def test_the_built_in_sets_in_order_and_the_default() -> None:
    sets = builtin_sets()
    assert [s.key for s in sets] == ["zavitinsk_2022", "put_k_uspehu", "kvantum_2024_2026"]
    assert DEFAULT_SET_KEY == "zavitinsk_2022"
    assert find_set(None, sets).key == "zavitinsk_2022"
    assert sorted(p.name for p in sets_dir().glob("*.json")) == [
        "kvantum_2024_2026.json",
        "put_k_uspehu.json",
        "zavitinsk_2022.json",
    ]


def test_zavitinsk_word_for_word_with_the_targets_of_2022_and_2024(shipped) -> None:
    s = shipped["zavitinsk_2022"]
    header, *rows = ZAVITINSK_APPENDIX_1.splitlines()
    assert header.split("\t")[1:] == ["2022", "2024"]
    assert len(s.indicators) == len(rows) == 8
    for indicator, key, row in zip(s.indicators, ZAVITINSK_KEYS, rows, strict=True):
        name, first, last = row.split("\t")
        assert indicator.name + ", %" == name  # only the unit of the column is left out
        assert indicator.targets == {2022: float(first), 2024: float(last)}
        assert indicator.key == key
        assert indicator.computes is Computation(key)
    assert "15.11.2022 № 246" in s.source and "приложение № 1" in s.source
    assert "Завитинского муниципального округа" in s.source
    assert "seed" not in json.dumps(s.source + s.title).casefold()


def test_put_k_uspehu_word_for_word_with_the_targets_by_year(shipped) -> None:
    s = shipped["put_k_uspehu"]
    cells = PUT_K_USPEHU_TABLE.splitlines()
    assert cells[3:6] == ["2022 г", "2023 г.", "2024 г."]
    rows = [cells[6 + 6 * n : 12 + 6 * n] for n in range(3)]
    computes = [
        Computation.STUDENTS_INVOLVED,
        Computation.TEACHERS_UNDER_35_MENTEES,
        Computation.DOP_STUDENTS_INVOLVED,
    ]
    assert len(s.indicators) == 3
    for indicator, row, computation in zip(s.indicators, rows, computes, strict=True):
        assert indicator.name == one_line(row[2])  # spaces tidied, nothing else
        assert indicator.targets == {
            year: float(target.rstrip("%"))
            for year, target in zip((2022, 2023, 2024), row[3:], strict=True)
        }
        assert indicator.computes is computation and indicator.key == computation.value
    assert "«Путь к успеху!»" in s.source and "Ново-Идинская СОШ" in s.source


def test_put_k_uspehu_file_keeps_the_projects_for_the_passport() -> None:
    raw = json.loads((sets_dir() / "put_k_uspehu.json").read_text(encoding="utf-8"))
    cells = PUT_K_USPEHU_TABLE.splitlines()
    project_1 = cells[7].removeprefix("Региональный проект").strip()
    project_3 = cells[19].removeprefix("Региональный проект").strip()
    assert cells[13] == ""  # merged with the first row's cell in the source
    assert [i["project"] for i in raw["indicators"]] == [project_1, project_1, project_3]


def test_kvantum_word_for_word_for_the_period_of_the_roadmap(shipped) -> None:
    s = shipped["kvantum_2024_2026"]
    mentors, pairs, consents, plans = (row.split("\t") for row in KVANTUM_ROWS.splitlines())
    sentence = mentors[3]
    students = sentence.replace(", 10% от общего числа педагогических работников", "")
    teachers = sentence.replace("10% от общего числа обучающихся в школе, ", "")
    assert students != sentence and teachers != sentence
    expected = [
        ("students_mentors", students, 10.0),
        ("teachers_mentors", teachers, 10.0),
        ("participants_in_pairs", f"{pairs[2]}. {pairs[3]}", 100.0),
        ("consents_complete", consents[2], 100.0),
        ("plans_done", plans[2].removesuffix(", участие в реализации"), 90.0),
    ]
    assert [(i.key, i.name) for i in s.indicators] == [(k, n) for k, n, _ in expected]
    for indicator, (key, _, target) in zip(s.indicators, expected, strict=True):
        assert indicator.computes is Computation(key)
        assert indicator.targets == {2024: target, 2025: target, 2026: target}
    assert "«КвантУм»" in s.source and "2024-2026" in s.source


def test_the_data_files_cite_documents_not_working_files() -> None:
    for path in sets_dir().iterdir():
        text = path.read_text(encoding="utf-8").casefold()
        assert "seed" not in text and "shared/" not in text, path.name


# --- hostile files ---------------------------------------------------------------------


def body(**changes: object) -> str:
    """A good set with some fields changed (None removes a field)."""
    data: dict[str, object] = {
        "key": "moy_nabor",
        "title": "Показатели отдела образования",
        "source": "Приказ отдела образования от 01.09.2025 № 100",
        "indicators": [
            {"key": "a", "name": "Доля учителей-наставников", "computes": "teachers_mentors",
             "targets": {"2025": 30}},
        ],
    }  # fmt: skip
    indicator = dict(data["indicators"][0])  # type: ignore[index]
    for name, value in changes.items():
        target = indicator if name.startswith("i_") else data
        name = name.removeprefix("i_")
        if value is None:
            target.pop(name, None)
        else:
            target[name] = value
    data["indicators"] = data.get("indicators") if "indicators" in changes else [indicator]
    return json.dumps(data, ensure_ascii=False)


def test_a_good_body_is_read() -> None:
    s = parse_set(body(), "test")
    assert s == IndicatorSet(
        "moy_nabor",
        "Показатели отдела образования",
        "Приказ отдела образования от 01.09.2025 № 100",
        (
            IndicatorDef(
                "a", "Доля учителей-наставников", Computation.TEACHERS_MENTORS, {2025: 30.0}
            ),
        ),
    )


HOSTILE = {
    "garbage": ("это не JSON {", "не JSON"),
    "binary": ("\x00\x01\x02PK", "не JSON"),
    "a list": ("[1, 2, 3]", "объект JSON"),
    "nested too deep": ("[" * 100_000 + "]" * 100_000, "не JSON"),
    "a huge number": ('{"key": ' + "9" * 5000 + "}", "не JSON"),
    "key not text": (body(key=5), "«key»"),
    "key with spaces": (body(key="мой набор"), "без пробелов"),
    "title a list": (body(title=["a"]), "«title» должно быть строкой"),
    "empty title": (body(title="   "), "пустое поле «title»"),
    "unknown field": (body(titel="x"), "неизвестное поле «titel»"),
    "no indicators": (body(indicators=[]), "непустым списком"),
    "indicators a dict": (body(indicators={"a": 1}), "непустым списком"),
    "indicator a string": (body(indicators=["Доля"]), "показатель № 1: ожидается объект"),
    "empty name": (body(i_name=" \t "), "показатель № 1: пустое поле «name»"),
    "no name": (body(i_name=None), "пустое поле «name»"),
    "name a number": (body(i_name=7), "«name» должно быть строкой"),
    "unknown computation": (body(i_computes="students_happy"), "неизвестный расчёт"),
    "computation a number": (body(i_computes=3), "«computes» должно быть строкой"),
    "target 150": (body(i_targets={"2025": 150}), "150 %, а нужно от 0 до 100 %"),
    "target negative": (body(i_targets={"2025": -5}), "от 0 до 100"),
    "target text": (body(i_targets={"2025": "70%"}), "не число"),
    "target true": (body(i_targets={"2025": True}), "не число"),
    "target null": (body(i_targets={"2025": None}), "не число"),
    "target NaN": ('{"key": "k", "targets": NaN}', "«NaN» — не число"),
    "target huge": (body(i_targets={"2025": 10**400}), "от 0 до 100"),
    "targets a list": (body(i_targets=[35, 50, 70]), "«targets» должно быть объектом"),
    "year not a year": (body(i_targets={"двадцать": 5}), "не год"),
    "year far away": (body(i_targets={"1900": 5}), "не год"),
    "years backwards": (body(i_targets={"2026-2024": 5}), "не год"),
    "year twice": (body(i_targets={"2024-2026": 5, "2025": 6}), "2025 год указана дважды"),
    "field twice": ('{"key": "a", "key": "b"}', "поле «key» указано дважды"),
    "name too long": (body(i_name="Доля " * 1000), "длиннее"),
    "2 MB": (body(title="А" * 2_000_000), "больше 1 МБ"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_body_is_refused_in_russian(case: str) -> None:
    text, fragment = HOSTILE[case]
    with pytest.raises(IndicatorSetError) as caught:
        parse_set(text, "«проверка»")
    message = str(caught.value)
    assert message.startswith("Набор показателей «проверка»: ")
    assert fragment in message
    assert re.search("[а-яё]", message)
    assert len(message) < 600  # a line to read, not the file echoed back


def test_two_indicators_with_one_key_are_refused() -> None:
    twice = {"key": "a", "name": "Доля", "computes": "plans_done", "targets": {}}
    with pytest.raises(IndicatorSetError, match="показатель № 2: ключ «a» уже есть"):
        parse_set(body(indicators=[twice, {**twice, "name": "Другая доля"}]), "x")


def test_a_byte_order_mark_and_loose_spaces_are_fine() -> None:
    s = parse_set(
        "\ufeff" + body(i_name="  Доля \n учителей ", i_targets={" 2024 – 2025 ": 1}), "x"
    )
    assert s.indicators[0].name == "Доля учителей"
    assert s.indicators[0].targets == {2024: 1.0, 2025: 1.0}


# --- writing, copying, finding ---------------------------------------------------------


def test_every_built_in_set_survives_dump_and_parse(shipped) -> None:
    for s in shipped.values():
        assert parse_set(dump_set(s), "x") == s


def test_dump_writes_runs_of_years_as_ranges_and_reads_them_back() -> None:
    indicator = IndicatorDef(
        "k", "Доля", Computation.PLANS_DONE, {2022: 50, 2023: 50, 2024: 62.5, 2026: 62.5}
    )
    s = IndicatorSet("k", "Набор", "", (indicator,))
    text = dump_set(s)
    assert json.loads(text)["indicators"][0]["targets"] == {
        "2022-2023": 50,
        "2024": 62.5,
        "2026": 62.5,
    }
    assert parse_set(text, "x") == s


def test_dump_refuses_a_set_that_could_not_be_read_back() -> None:
    good = IndicatorDef("k", "Доля", Computation.PLANS_DONE, {2024: 90.0})
    for broken in (
        IndicatorDef("k", "Доля", Computation.PLANS_DONE, {2024: 150.0}),
        IndicatorDef("k", "  ", Computation.PLANS_DONE, {2024: 90.0}),
    ):
        with pytest.raises(IndicatorSetError, match="Набор показателей «Набор»"):
            dump_set(IndicatorSet("s", "Набор", "", (broken,)))
    with pytest.raises(IndicatorSetError, match="ключ «k» уже есть"):
        dump_set(IndicatorSet("s", "Набор", "", (good, good)))


def test_a_copy_has_its_own_key_title_and_targets(shipped) -> None:
    original = shipped["zavitinsk_2022"]
    copy = copy_set(original, " zavitinsk_2022_2 ", "  Наш  набор ", taken={"zavitinsk_2022"})
    assert (copy.key, copy.title) == ("zavitinsk_2022_2", "Наш набор")
    assert copy.source.startswith(f"На основе набора «{original.title}» (Приказ")
    assert [(i.key, i.name, i.computes) for i in copy.indicators] == [
        (i.key, i.name, i.computes) for i in original.indicators
    ]
    copy.indicators[0].targets[2025] = 75.0  # the copy is edited, the original is not
    assert 2025 not in original.indicators[0].targets
    assert parse_set(dump_set(copy), "x") == copy
    with pytest.raises(IndicatorSetError, match="уже занят"):
        copy_set(original, "zavitinsk_2022", "Наш набор", taken={"zavitinsk_2022"})
    with pytest.raises(IndicatorSetError, match="без пробелов"):
        copy_set(original, "наш набор", "Наш набор")
    with pytest.raises(IndicatorSetError, match="Пустое название"):
        copy_set(original, "nash", " ")
    assert free_key("zavitinsk_2022", {"zavitinsk_2022", "zavitinsk_2022_2"}) == "zavitinsk_2022_3"


def test_find_set_by_key_or_says_which_there_are(shipped) -> None:
    sets = list(shipped.values())
    assert find_set("kvantum_2024_2026", sets).key == "kvantum_2024_2026"
    with pytest.raises(IndicatorSetError, match=r"Нет набора показателей «net».*zavitinsk_2022"):
        find_set("net", sets)
    assert find_set(None, sets[1:]).key == "put_k_uspehu"  # no default: the first
    with pytest.raises(IndicatorSetError, match="Нет ни одного"):
        find_set(None, [])


# --- the user's folder and the database's copies ---------------------------------------


def test_a_user_folder_with_a_good_and_a_broken_file(tmp_path: Path) -> None:
    (tmp_path / "a_good.json").write_text(body(), encoding="utf-8")
    (tmp_path / "b_broken.json").write_text(body(i_targets={"2025": 150}), encoding="utf-8")
    (tmp_path / "c_cp1251.json").write_bytes(body().encode("cp1251"))
    (tmp_path / "d_same_key.json").write_text(body(title="Другой"), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("не набор", encoding="utf-8")
    sets, errors = user_sets(tmp_path)
    assert [s.key for s in sets] == ["moy_nabor"]
    assert len(errors) == 3
    assert str(tmp_path / "b_broken.json") in errors[0] and "от 0 до 100" in errors[0]
    assert "c_cp1251.json" in errors[1] and "не в кодировке UTF-8" in errors[1]
    assert "d_same_key.json" in errors[2] and "уже занят файлом a_good.json" in errors[2]
    assert user_sets(tmp_path / "no_such_folder") == ([], [])


def test_a_2_mb_file_is_refused_without_being_read(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b" " * (2 * MAX_BYTES))
    with pytest.raises(IndicatorSetError, match=r"big\.json: файл больше 1 МБ"):
        read_set_file(path)
    sets, errors = user_sets(tmp_path)
    assert sets == [] and "больше 1 МБ" in errors[0]


def test_all_sets_merges_built_in_user_files_and_copies(tmp_path: Path, shipped) -> None:
    (tmp_path / "moy.json").write_text(body(), encoding="utf-8")
    (tmp_path / "clash.json").write_text(body(key="put_k_uspehu"), encoding="utf-8")
    copy = copy_set(shipped["kvantum_2024_2026"], "nasha_kopiya", "Наша копия")
    copies = {
        "nasha_kopiya": dump_set(copy),
        "slomannaya": "{",
        "chuzhaya": dump_set(copy),  # the body says another key
        "moy_nabor": body(),  # taken by the user's file
    }
    scan = all_sets(copies, tmp_path)
    assert scan.keys == [*shipped, "moy_nabor", "nasha_kopiya"]
    assert scan.origins["zavitinsk_2022"] == BUILTIN
    assert scan.origins["moy_nabor"] == USER and scan.origins["nasha_kopiya"] == COPY
    assert scan.sets[-1] == copy
    assert len(scan.errors) == 4
    joined = "\n".join(scan.errors)
    assert "clash.json" in joined and "уже занят встроенным набором" in joined
    assert "«slomannaya» (копия в базе школы): это не JSON" in joined
    assert "«chuzhaya» (копия в базе школы): внутри записан другой ключ" in joined
    assert "«moy_nabor» (копия в базе школы): ключ «moy_nabor» уже занят набором из папки" in joined


def test_all_sets_reads_the_user_folder_by_default(isolated_user_dirs: Path) -> None:
    assert user_sets_dir() == paths.user_data_dir() / "indicators"
    assert all_sets().keys == [s.key for s in builtin_sets()]
    folder = open_user_folder()
    assert folder == user_sets_dir() and (folder / "README.md").is_file()
    (folder / "moy.json").write_text(body(), encoding="utf-8")
    scan = all_sets()
    assert scan.keys[-1] == "moy_nabor" and scan.errors == ()
