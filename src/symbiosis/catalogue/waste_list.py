"""The European List of Waste (``waste_list.csv``) and the resource each entry is
(``waste_classes.yaml``).

A waste code is six digits in pairs, with a ``*`` when the entry is hazardous (Commission
Decision 2000/532/EC as amended). :func:`waste_entry` reads a code however it is spaced and
checks it against the list; :func:`waste_resource` says which resource of the catalogue it is,
so that a flow may give only its code.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources as package_files

import pandas as pd

from symbiosis.catalogue.resources import _read_yaml, catalogue_entry, resource_catalogue
from symbiosis.errors import InputError

__all__ = [
    "WASTE_CODE_PATTERN",
    "WasteEntry",
    "parse_waste_code",
    "waste_entry",
    "waste_list",
    "waste_resource",
    "waste_table",
]

#: Six digits in pairs, spaced or not, and an optional ``*`` (hazardous).
WASTE_CODE_PATTERN = re.compile(r"^(\d{2})\s?(\d{2})\s?(\d{2})\s?(\*?)$")


@dataclass(frozen=True)
class WasteEntry:
    """One entry of the European List of Waste.

    Attributes
    ----------
    code : str
        Six digits in pairs, without the star: ``'10 01 05'``.
    hazardous : bool
        The list marks the entry with a ``*``.
    label_en, label_fr : str
        The entry's text in the English and French versions of the list.
    chapter_en, chapter_fr : str
        The text of its chapter (the first two digits).
    """

    code: str
    hazardous: bool
    label_en: str
    label_fr: str
    chapter_en: str
    chapter_fr: str

    @property
    def written(self) -> str:
        """The code as the list writes it, with its star: ``'10 01 04*'``."""
        return self.code + ("*" if self.hazardous else "")


@cache
def waste_list() -> dict[str, WasteEntry]:
    """Every entry of the list by its code without star, in the list's order.

    Examples
    --------
    >>> entries = waste_list()
    >>> len(entries), sum(entry.hazardous for entry in entries.values())
    (842, 408)
    >>> entries["02 02 02"].label_fr
    'déchets de tissus animaux'
    """
    text = package_files.files("symbiosis.catalogue").joinpath("waste_list.csv")
    lines = [line for line in text.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    chapters: dict[str, tuple[str, str]] = {}
    entries: dict[str, WasteEntry] = {}
    for row in csv.DictReader(io.StringIO("\n".join(lines))):
        code = row["code"]
        if len(code) == 2:
            chapters[code] = (row["label_en"], row["label_fr"])
            continue
        chapter_en, chapter_fr = chapters[code[:2]]
        entries[code] = WasteEntry(
            code=code,
            hazardous=row["hazardous"] == "yes",
            label_en=row["label_en"],
            label_fr=row["label_fr"],
            chapter_en=chapter_en,
            chapter_fr=chapter_fr,
        )
    return entries


def waste_table() -> pd.DataFrame:
    """The list as a table, one row per entry: ``code`` (index), ``hazardous``, the labels and
    the ``resource`` each entry is (empty where no class is given).

    Examples
    --------
    >>> table = waste_table()
    >>> bool(table.loc["10 01 05", "hazardous"]), table.loc["10 01 05", "resource"]
    (False, 'material.gypsum')
    """
    classes = _classes()
    rows = [
        {
            "code": entry.code,
            "hazardous": entry.hazardous,
            "label_en": entry.label_en,
            "label_fr": entry.label_fr,
            "chapter_en": entry.chapter_en,
            "resource": _class_of(entry.code, classes) or "",
        }
        for entry in waste_list().values()
    ]
    return pd.DataFrame(rows).set_index("code")


def parse_waste_code(text: str) -> tuple[str, bool]:
    """The code of a waste as ``('10 01 04', True)``: six digits in pairs, and its star.

    Raises
    ------
    InputError
        Not six digits.

    Examples
    --------
    >>> parse_waste_code("100104*")
    ('10 01 04', True)
    """
    match = WASTE_CODE_PATTERN.match(str(text).strip())
    if not match:
        raise InputError(
            f"{text!r} is not a European List of Waste code; write six digits in pairs, e.g. "
            "'02 02 02' (add '*' for a hazardous waste)"
        )
    first, second, third, star = match.groups()
    return f"{first} {second} {third}", bool(star)


def waste_entry(code: str) -> WasteEntry:
    """The entry of the list a code names, its star checked against the list.

    Raises
    ------
    InputError
        The code is not in the list, or its star says the opposite of the list: the message
        gives the entry's label and the code to write.

    Examples
    --------
    >>> waste_entry("10 01 04*").label_en
    'oil fly ash and boiler dust'
    """
    digits, star = parse_waste_code(code)
    entries = waste_list()
    if digits not in entries:
        same_chapter = [c for c in entries if c[:5] == digits[:5]]
        hint = (
            f"; the entries of {digits[:5]} are {', '.join(same_chapter)}" if same_chapter else ""
        )
        raise InputError(
            f"{code!r} is not an entry of the European List of Waste (Decision 2000/532/EC){hint}"
        )
    entry = entries[digits]
    if star != entry.hazardous:
        mark = "hazardous: write" if entry.hazardous else "not hazardous: write"
        raise InputError(
            f"{code!r}: {entry.code} ({entry.label_en}) is {mark} {entry.written!r} "
            "(Decision 2000/532/EC as amended; a hazardous entry has its own code)"
        )
    return entry


@cache
def _classes() -> dict[str, str]:
    """Code or prefix -> resource id: waste_classes.yaml over the resources' own codes.

    Raises
    ------
    InputError
        A key that is no chapter, sub-chapter or entry of the list, an unknown resource, or a
        code of resources.yaml that is not in the list or carries the wrong star.
    """
    entries = waste_list()
    classes: dict[str, str] = {}
    listed: dict[str, set[str]] = {}
    for resource in resource_catalogue().values():
        for written in resource.ewc_codes:
            try:
                entry = waste_entry(written)
            except InputError as error:
                raise InputError(f"resources.yaml: {resource.id}: {error}") from None
            listed.setdefault(entry.code, set()).add(resource.id)
    # A code two resources list (15 01 02: EPS boxes and film) needs a key of its own.
    classes.update({code: next(iter(ids)) for code, ids in listed.items() if len(ids) == 1})
    for key, resource_id in _read_yaml("waste_classes.yaml")["classes"].items():
        key = str(key)
        if not any(code.startswith(key) for code in entries):
            raise InputError(f"waste_classes.yaml: {key!r} is no chapter or entry of the list")
        catalogue_entry(
            resource_catalogue(), resource_id, "in waste_classes.yaml is not a resource"
        )
        classes[key] = resource_id
    return classes


def _class_of(code: str, classes: dict[str, str]) -> str | None:
    for key in (code, code[:5], code[:2]):
        if key in classes:
            return classes[key]
    return None


def waste_resource(code: str) -> str:
    """The resource of the catalogue an entry of the list is.

    Raises
    ------
    InputError
        The code is not in the list (see :func:`waste_entry`), or no resource class covers it:
        the message names the entry and asks for the resource beside the code.

    Examples
    --------
    >>> waste_resource("02 02 02")
    'material.fish_byproducts'
    >>> waste_resource("10 01 04*")
    'material.fly_ash'
    """
    entry = waste_entry(code)
    resource_id = _class_of(entry.code, _classes())
    if resource_id is None:
        raise InputError(
            f"{entry.written} ({entry.label_en}) is in the European List of Waste but no "
            "resource of the catalogue is given for it (waste_classes.yaml): write the "
            "resource and keep the code in ewc_code"
        )
    return resource_id
