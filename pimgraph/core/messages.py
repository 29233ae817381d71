"""Every user-facing string, in Polish and English, from one gettext catalogue.

The English text is the message id, written where the message is raised or shown; the Polish
translations live in ``pimgraph/locale/pl/LC_MESSAGES/pimgraph.po`` (compiled to the ``.mo``
beside it, which a test keeps in step). Polish has three plural forms ("1 błąd, 3 błędy,
5 błędów"), so counted words always go through ``ngettext``.

The language is the one the user chose: ``set_language`` (the CLI's ``--lang``), else the
``PIMGRAPH_LANG`` environment variable, else English. A page built for both languages passes
``lang=`` explicitly. Parameters are named (``{path}``) so a translation may reorder them.

Maintainers: ``tests/tools/messages`` extracts new ids into the .po and compiles it.
"""

from __future__ import annotations

import contextvars
import gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from pimgraph.core.choices import DEFAULT_LANGUAGE, LANGUAGE_VARIABLE, LANGUAGES

DOMAIN = "pimgraph"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

_language: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "pimgraph_language", default=None
)


def set_language(lang: str | None) -> None:
    """Use ``lang`` for every message from now on in this context (None: back to the default)."""
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of: {', '.join(LANGUAGES)}")
    _language.set(lang)


@contextmanager
def language(lang: str | None) -> Iterator[None]:
    """Use ``lang`` inside the ``with`` block only (None: keep the language in force)."""
    if lang is None:
        yield
        return
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of: {', '.join(LANGUAGES)}")
    token = _language.set(lang)
    try:
        yield
    finally:
        _language.reset(token)


def current_language() -> str:
    """The language messages are shown in: the chosen one, else $PIMGRAPH_LANG, else English."""
    chosen = _language.get()
    if chosen:
        return chosen
    from_environment = os.environ.get(LANGUAGE_VARIABLE, "").strip().lower()
    return from_environment if from_environment in LANGUAGES else DEFAULT_LANGUAGE


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue for ``lang`` (English is the message ids themselves)."""
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[lang])


def _(message: str, /, lang: str | None = None, **params: Any) -> str:
    """``message`` in the user's language, with ``{name}`` parameters filled in."""
    text = translations(lang or current_language()).gettext(message)
    return text.format(**params) if params else text


def ngettext(singular: str, plural: str, n: int, /, lang: str | None = None, **params: Any) -> str:
    """The form of a counted message that fits ``n`` in the user's language; ``{n}`` is ``n``."""
    text = translations(lang or current_language()).ngettext(singular, plural, n)
    return text.format(n=n, **params)


def plural_forms(singular: str, plural: str, lang: str | None = None) -> list[str]:
    """The forms of a counted message for 1, 2 and 5 (``{n}`` left in), for a page's script.

    Polish needs all three ("1 wiersz, 2 wiersze, 5 wierszy"); English repeats its plural.
    ``PLURAL_SCRIPT`` picks the form for a count with the same rule.
    """
    catalogue = translations(lang or current_language())
    return [catalogue.ngettext(singular, plural, n) for n in (1, 2, 5)]


# A JavaScript function picking the index into ``plural_forms`` for a count n (Polish rule;
# English's forms for 2 and 5 are the same, so it serves both languages).
PLURAL_SCRIPT = (
    "function pluralForm(n) { return n === 1 ? 0 : (n % 10 >= 2 && n % 10 <= 4 && "
    "(n % 100 < 12 || n % 100 > 14)) ? 1 : 2; }"
)


def N_(message: str) -> str:
    """Mark a message id for extraction where it is translated later (tables of messages)."""
    return message
