"""Rows of a table become entries, entries become models; every problem is collected on the way.

Readers of each format hand over :class:`RawTable` objects (a header and numbered rows) or, for
JSON and YAML, :class:`Entry` objects directly. :func:`table_entries` matches headers and reads
cells; :func:`validate_entries` builds the pydantic models and turns each validation error into a
:class:`~symbiosis.errors.Problem` on the column a person has to fix, in plain words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from symbiosis.catalogue import suggest
from symbiosis.errors import Problem
from symbiosis.io.cells import CellError, cell_text, check_text, parse_cell
from symbiosis.io.columns import Column, columns_of
from symbiosis.io.headers import match_header, suggest_column
from symbiosis.schemas import FieldProblems

__all__ = ["Entry", "Loc", "RawTable", "record_entry", "table_entries", "validate_entries"]

Loc = tuple[str | int, ...]
Model = TypeVar("Model", bound=BaseModel)


@dataclass(frozen=True)
class RawTable:
    """A table as read from a file, before any interpretation.

    Attributes
    ----------
    file : str
        How problems name it: ``flows.csv`` or ``zone.xlsx, sheet flows``.
    headers : tuple
        Header cells as written.
    header_row : int
        Row number of the header as a spreadsheet shows it.
    rows : tuple of (int, tuple)
        Each non-blank row with its number as a spreadsheet shows it (blank rows are counted).
    """

    file: str
    headers: tuple[Any, ...]
    header_row: int
    rows: tuple[tuple[int, tuple[Any, ...]], ...]


@dataclass
class Entry:
    """One record to validate, with what is needed to point a person at the cell to fix.

    Attributes
    ----------
    file, row : str, int or None
        Where the record is.
    where : str
        How another problem refers to it (``row 4``, ``flows[3]``).
    data : dict
        Field values for the model.
    labels : dict
        Column label (as written) of each field, or of a part of one (``('contaminants_mg_per_l',
        'zinc')``).
    texts : dict
        The cell as written, by the same keys.
    skip : set of str
        Fields already reported (a cell that could not be read, a missing column).
    prefix : str
        Label of fields without an entry in ``labels`` is ``prefix`` + the field path.
    """

    file: str
    row: int | None
    where: str
    data: dict[str, Any] = field(default_factory=dict)
    labels: dict[Loc, str] = field(default_factory=dict)
    texts: dict[Loc, str] = field(default_factory=dict)
    skip: set[str] = field(default_factory=set)
    prefix: str = ""

    def label(self, loc: Loc) -> str:
        """Column label of a field path: the longest known prefix, else the path itself."""
        for end in range(len(loc), 0, -1):
            if loc[:end] in self.labels:
                return self.labels[loc[:end]]
        return self.prefix + ".".join(str(part) for part in loc)

    def text(self, loc: Loc) -> str | None:
        """The cell as written for a field path, when known."""
        for end in range(len(loc), 0, -1):
            if loc[:end] in self.texts:
                return self.texts[loc[:end]]
        return None

    def problem(self, loc: Loc, value: str, message: str) -> Problem:
        """A problem on the column of ``loc``; a message repeating the quoted value is trimmed."""
        shown = repr(value) + " "
        if value and message.startswith(shown):
            message = message[len(shown) :]
        return Problem(self.file, self.row, self.label(loc) if loc else None, value, message)


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _match_headers(
    raw: RawTable, table: str, problems: list[Problem]
) -> tuple[dict[int, tuple[Column, str | None]], set[str]]:
    """Column of each header position; also the required fields whose column is missing."""
    matched: dict[int, tuple[Column, str | None]] = {}
    first_seen: dict[tuple[str, str | None], str] = {}
    for position, header in enumerate(raw.headers):
        written = cell_text(header)
        if not written:
            continue
        try:
            check_text(written)
        except CellError as error:
            problems.append(Problem(raw.file, raw.header_row, None, written, str(error)))
            continue
        found = match_header(table, written)
        if found is None:
            message = (
                f"is not a column of {table}{suggest_column(table, written)}; rename it, or "
                "delete the column (see the columns sheet of the template)"
            )
            problems.append(Problem(raw.file, raw.header_row, written, written, message))
            continue
        column, contaminant = found
        key = (column.name, contaminant)
        if key in first_seen:
            message = f"names the same column as {first_seen[key]!r}; keep one of them"
            problems.append(Problem(raw.file, raw.header_row, written, written, message))
            continue
        first_seen[key] = written
        matched[position] = found
    present = {column.name for column, _ in matched.values()}
    missing: set[str] = set()
    for column in columns_of(table):
        if column.required and column.name not in present:
            missing.add(column.model_field)
            french = f" (in French {column.french[0]!r})" if column.french else ""
            message = f"the required column {column.name!r}{french} is missing; add it"
            problems.append(Problem(raw.file, None, None, "", message))
    return matched, missing


def table_entries(raw: RawTable, table: str, problems: list[Problem]) -> list[Entry]:
    """Entries of a table's rows, reading each cell as its column expects.

    Parameters
    ----------
    raw : RawTable
        The table as read.
    table : str
        Which table it is (``companies``, ``flows``, ``outside_parties``, ``parameters``,
        ``zone``).
    problems : list of Problem
        Unknown, repeated or missing columns, cells that cannot be read and values in a column
        without a header are appended here.

    Returns
    -------
    list of Entry
        One per non-blank row, in file order.
    """
    matched, missing = _match_headers(raw, table, problems)
    # What each header position feeds, worked out once: (column, field, path, header).
    plan: dict[int, tuple[Column, str, Loc, str]] = {}
    labels: dict[Loc, str] = {}
    months: list[str] = []
    for position, (column, contaminant) in matched.items():
        written = cell_text(raw.headers[position])
        loc: Loc = (column.model_field, contaminant) if contaminant else (column.model_field,)
        plan[position] = (column, column.model_field, loc, written)
        if column.month is None:
            labels[loc] = written
        else:
            months.append(written)
    if months:
        labels[("monthly_profile",)] = f"{months[0]}..{months[-1]}"
    unnamed = {position for position, header in enumerate(raw.headers) if not cell_text(header)}
    entries = []
    for row, cells in raw.rows:
        # Every entry of the table shares one labels dict: it is only read from now on.
        entry = Entry(raw.file, row, f"row {row}", labels=labels, skip=set(missing))
        profile: dict[int, float] = {}
        for position, value in enumerate(cells):
            if _is_blank(value):
                continue
            if position not in plan:
                if position in unnamed or position >= len(raw.headers):
                    message = "is in a column without a header; name the column or clear the cell"
                    problems.append(Problem(raw.file, row, None, cell_text(value), message))
                continue
            column, name, loc, written = plan[position]
            try:
                if isinstance(value, str):
                    check_text(value)
                parsed = parse_cell(column, value)
            except CellError as error:
                problems.append(Problem(raw.file, row, written, cell_text(value), str(error)))
                entry.skip.add(name)
                continue
            month = column.month
            if month is not None:
                profile[month] = parsed
                continue
            entry.texts[loc] = cell_text(value)
            if len(loc) == 2:
                entry.data.setdefault(name, {})[loc[1]] = parsed
            else:
                entry.data[name] = parsed
        if months:
            entry.texts[("monthly_profile",)] = ""  # twelve cells: the message gives their sum
        if profile:
            # Every month is given once one is: an empty month is a share of 0.
            entry.data["monthly_profile"] = tuple(profile.get(month, 0.0) for month in range(12))
        entries.append(entry)
    return entries


#: Column kinds whose value in a JSON file must be text (a number there is a mistake).
_TEXT_KINDS = frozenset({"text", "id", "choice"})


@cache
def _field_columns(table: str) -> dict[str, Column]:
    """The column of each model field of a table; a month column stands for the profile."""
    found: dict[str, Column] = {}
    for column in columns_of(table):
        found.setdefault(column.model_field, column)
    return found


def _scalar(column: Column, value: Any) -> Any:
    """One value of a JSON or YAML record read with the cell rules of its column."""
    if isinstance(value, dict | list):
        kind = "mapping" if isinstance(value, dict) else "list"
        raise CellError(f"must be a single value, not a {kind}")
    if isinstance(value, str):
        check_text(value)
    elif column.kind in _TEXT_KINDS:
        raise CellError("must be text; write it in quotes")
    return parse_cell(column, value)


def _field_value(column: Column, key: str, value: Any, entry: Entry) -> Any:
    """The value of one field of a JSON or YAML record, as the model expects it."""
    if key == "monthly_profile":
        if not isinstance(value, list) or len(value) != 12:
            raise CellError("must be a list of 12 monthly shares, January to December")
        entry.texts[(key,)] = ""
        return tuple(0.0 if _is_blank(share) else _scalar(column, share) for share in value)
    if key == "contaminants_mg_per_l":
        if not isinstance(value, dict):
            raise CellError("must map each contaminant's name to its concentration in mg/L")
        shares = {}
        for name, concentration in value.items():
            entry.texts[(key, name)] = cell_text(concentration)
            shares[name] = _scalar(column, concentration)
        return shares
    if column.kind == "list" and isinstance(value, list):
        items = []
        for item in value:
            if not isinstance(item, str):
                raise CellError("must be a list of ids (text)")
            check_text(item)
            items.append(item.strip())
        entry.texts[(key,)] = ";".join(items)
        return tuple(item for item in items if item)
    entry.texts[(key,)] = cell_text(value) if not isinstance(value, dict | list) else ""
    return _scalar(column, value)


def record_entry(
    file: str,
    row: int | None,
    where: str,
    table: str,
    record: dict[Any, Any],
    problems: list[Problem],
    prefix: str | None = None,
) -> Entry:
    """An entry of a JSON or YAML record, each value read with the cell rules of its column.

    Keys are the model's field names (``operating_hours_per_yr``, ``monthly_profile``,
    ``contaminants_mg_per_l``). A value is refused as a CSV cell would be (``NaN``, ``1e400``,
    ``true`` in a number field, control characters), and so is a number where text is due, a
    list or a mapping where one value is due. An unknown key is left for the model, which names
    it with the closest field.

    Parameters
    ----------
    file, row, where : str, int or None, str
        Where the record is (``row`` is None in a JSON file, a line in a YAML file).
    table : str
        ``companies``, ``flows``, ``outside_parties``, ``parameters`` or ``zone``.
    record : dict
        The record as loaded.
    problems : list of Problem
        Values that cannot be read are appended here.
    prefix : str, optional
        Put before a field's name to name its column (default: ``where.`` in a JSON file,
        nothing in a YAML file, whose problems give the line).

    Returns
    -------
    Entry
    """
    if prefix is None:
        prefix = f"{where}." if row is None else ""
    entry = Entry(file, row, where, prefix=prefix)
    columns = _field_columns(table)
    for key, value in record.items():
        name = str(key)
        column = columns.get(name)
        if column is None:
            # The model names the unknown field and the closest one (a list is not shown).
            entry.data[name] = None if isinstance(value, dict | list) else value
            continue
        if _is_blank(value):
            continue
        try:
            entry.data[name] = _field_value(column, name, value, entry)
        except CellError as error:
            shown = cell_text(value) if not isinstance(value, dict | list) else ""
            problems.append(Problem(file, row, prefix + name, shown, str(error)))
            entry.skip.add(name)
    return entry


_BOUND_WORDS = {
    "greater_than_equal": "must be {} or more",
    "less_than_equal": "must be {} or less",
    "greater_than": "must be more than {}",
    "less_than": "must be less than {}",
}


_MESSAGES = {
    "missing": "is empty; a value is required",
    "string_too_short": "is empty; a value is required",
    "string_pattern_mismatch": "must be an id without spaces, ';' or ','",
    "float_parsing": "is not a number",
    "float_type": "is not a number",
    "finite_number": "must be a finite number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "int_type": "must be a whole number",
    "bool_parsing": "is not a yes/no value (true or false)",
    "bool_type": "is not a yes/no value (true or false)",
    "string_type": "must be text",
    "dict_type": "must be a table of names and values",
    "tuple_type": "must be a list",
    "model_type": "must be a table of fields and values",
}


def _number_text(value: Any) -> str:
    return f"{value:g}" if isinstance(value, int | float) else str(value)


def _range_words(model: type[BaseModel], name: str) -> str | None:
    """'must be between -90 and 90' for a field bounded on both sides, else None."""
    info = model.model_fields.get(name)
    low = high = ""
    for constraint in info.metadata if info is not None else ():
        if getattr(constraint, "ge", None) is not None:
            low = f"{_number_text(constraint.ge)} or more"
        if getattr(constraint, "gt", None) is not None:
            low = f"more than {_number_text(constraint.gt)}"
        if getattr(constraint, "le", None) is not None:
            high = f"{_number_text(constraint.le)} or less"
        if getattr(constraint, "lt", None) is not None:
            high = f"less than {_number_text(constraint.lt)}"
    if not (low and high):
        return None
    if low.endswith(" or more") and high.endswith(" or less"):
        return f"must be between {low.removesuffix(' or more')} and {high.removesuffix(' or less')}"
    return f"must be {low} and {high}"


def _plain_message(model: type[BaseModel], error: ErrorDetails) -> str:
    """Pydantic's message in plain words, without its boilerplate."""
    kind = error["type"]
    ctx = error.get("ctx", {})
    name = str(error["loc"][0]) if error["loc"] else ""
    if kind in _BOUND_WORDS:
        both = _range_words(model, name) if len(error["loc"]) == 1 else None
        return both or _BOUND_WORDS[kind].format(_number_text(next(iter(ctx.values()), "")))
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    if kind == "literal_error":
        return f"must be {ctx.get('expected', 'one of the allowed values')}"
    if kind == "extra_forbidden":
        return f"is not a field of {model.__name__}{suggest(name, model.model_fields)}"
    if "error" in ctx:
        return str(ctx["error"])
    message = error["msg"]
    return message[:1].lower() + message[1:]


def _problems_of(model: type[BaseModel], entry: Entry, error: ValidationError) -> list[Problem]:
    found = []
    for detail in error.errors(include_url=False):
        loc: Loc = tuple(detail["loc"])
        ctx = detail.get("ctx", {})
        if not loc and isinstance(ctx.get("error"), FieldProblems):
            for name, message in ctx["error"].problems:
                found.append(entry.problem((name,), entry.text((name,)) or "", message))
            continue
        if loc and loc[0] in entry.skip:
            continue
        given = detail.get("input")
        written = entry.text(loc) if loc else None
        if written is None:
            written = "" if isinstance(given, dict | BaseModel) or given is None else str(given)
        message = _plain_message(model, detail)
        if detail["type"] == "missing" and loc not in entry.labels:
            message = "is missing; add it"  # a key absent from a JSON or YAML record
        found.append(entry.problem(loc, written, message))
    return found


def validate_entries(
    model: type[Model], entries: Sequence[Entry], problems: list[Problem]
) -> list[Model | None]:
    """A model for each entry, or None where it is not valid (its problems are appended).

    Parameters
    ----------
    model : type
        :class:`~symbiosis.schemas.Company`, :class:`~symbiosis.schemas.Flow`,
        :class:`~symbiosis.schemas.OutsideParty` or :class:`~symbiosis.catalogue.Parameter`.
    entries : sequence of Entry
    problems : list of Problem
        Appended to.

    Returns
    -------
    list
        In the order of ``entries``.
    """
    built: list[Model | None] = []
    for entry in entries:
        try:
            built.append(model.model_validate(entry.data))
        except ValidationError as error:
            built.append(None)
            problems.extend(_problems_of(model, entry, error))
    return built
