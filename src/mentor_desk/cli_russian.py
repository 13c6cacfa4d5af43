"""argparse's own messages in Russian: «ошибка: аргумент команда: нет такого варианта», not
«error: argument команда: invalid choice». argparse looks its `_` up at each call, so one
table here covers every message a user can meet; anything else stays as argparse has it."""

from __future__ import annotations

import argparse

MESSAGES = {
    "usage: ": "использование: ",
    "%(prog)s: error: %(message)s\n": "%(prog)s: ошибка: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "аргумент %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "нет такого варианта: %(value)r (есть: %(choices)s)",
    "the following arguments are required: %s": "не указаны обязательные аргументы: %s",
    "unrecognized arguments: %s": "неизвестные аргументы: %s",
    "expected one argument": "нужно одно значение",
    "expected at least one argument": "нужно хотя бы одно значение",
    "expected at most one argument": "нужно не больше одного значения",
    "invalid %(type)s value: %(value)r": "неверное значение (%(type)s): %(value)r",
    "ambiguous option: %(option)s could match %(matches)s":
        "неоднозначный ключ %(option)s: подходят %(matches)s",
    "not allowed with argument %s": "нельзя вместе с %s",
    "one of the arguments %s is required": "нужен один из аргументов %s",
    "ignored explicit argument %r": "лишнее значение %r",
    "show this help message and exit": "показать эту справку и выйти",
    "show program's version number and exit": "показать версию программы и выйти",
    "positional arguments": "аргументы",
    "options": "параметры",
    "can't open '%(filename)s': %(error)s": "не удаётся открыть «%(filename)s»: %(error)s",
}  # fmt: skip


def russian(message: str) -> str:
    return MESSAGES.get(message, message)


def install() -> None:
    argparse._ = russian  # type: ignore[attr-defined]
