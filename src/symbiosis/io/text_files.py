"""Text files of a zone decoded and parsed strictly: CSV text, JSON and ``zone.yaml``.

- **Encoding, decided per file.** UTF-8 (with or without a byte-order mark), UTF-16 with its
  mark, or Windows-1252 (what Excel on Windows saves as "CSV") when no byte sequence of the file
  is UTF-8. A UTF-8 file with a few bad bytes is not read as Windows-1252 (which would turn
  every ``é`` of it into ``Ã©``): each line holding a bad byte is reported.
- **JSON**: an object holding the same key twice is refused (the last one would silently win),
  and so is nesting deeper than :data:`MAX_NESTING` levels, with its line.
- **YAML**: anchors and aliases are refused (a few bytes could expand to millions of
  characters), and so are repeated keys and nesting deeper than :data:`MAX_NESTING` levels,
  each with its line. Every scalar is kept as the text written, so ``name: no`` is ``"no"`` and
  ``id: 0012`` is ``"0012"`` (YAML 1.1 would make them ``False`` and ``10``); the cell rules
  then read numbers and yes/no values as in a CSV file, and ``value: yes`` is not a number.
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass
from typing import Any

import yaml

from symbiosis.errors import Problem

__all__ = ["MAX_NESTING", "TextProblems", "YamlDocument", "decode_text", "load_json", "load_yaml"]

#: Deepest nesting of lists and mappings a zone file may hold [levels]; a zone needs 4
#: (zone, flows, a flow, its contaminants), and Python's parsers crash near 1,000.
MAX_NESTING = 32

#: Lines with bad bytes reported before the rest are summed up.
_SHOWN_LINES = 5
# A multi-byte UTF-8 sequence: its presence says the file was meant as UTF-8.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


class TextProblems(Exception):
    """A file that cannot be read, with each located problem (not raised to users as is)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(problem) for problem in problems))


def _bad_lines(data: bytes, encoding: str, file: str, advice: str) -> list[Problem]:
    problems = []
    lines = data.split(b"\n")
    for number, line in enumerate(lines, start=1):
        try:
            line.decode(encoding)
        except UnicodeDecodeError as error:
            byte = line[error.start]
            message = (
                f"holds the byte 0x{byte:02X} at byte {error.start + 1} of the line, which is "
                f"not {encoding.upper()} text; {advice}"
            )
            problems.append(Problem(file, number, None, "", message))
    if len(problems) > _SHOWN_LINES:
        more = len(problems) - _SHOWN_LINES
        last = problems[_SHOWN_LINES - 1]
        problems = problems[: _SHOWN_LINES - 1]
        problems.append(
            Problem(file, last.row, None, "", f"{last.message} (and {more} more lines like it)")
        )
    return problems


def decode_text(data: bytes, file: str = "the file") -> str:
    """Text of a file: UTF-8 (a byte-order mark is dropped), UTF-16 with its mark, else cp1252.

    Windows-1252 is chosen only for a file without any UTF-8 sequence of bytes, so a single bad
    byte in a UTF-8 file is reported, never turned into mojibake.

    Raises
    ------
    TextProblems
        With the line of each bad byte.

    Examples
    --------
    >>> decode_text("Marée".encode("cp1252")), decode_text("\\ufeffMarée".encode("utf-8"))
    ('Marée', 'Marée')
    >>> decode_text("Marée\\n".encode() + b"x\\xff\\n", "flows.csv")
    Traceback (most recent call last):
    ...
    symbiosis.io.text_files.TextProblems: flows.csv, row 2: holds the byte 0xFF at byte 2 of \
the line, which is not UTF-8 text; save the file as UTF-8 (in Excel: CSV UTF-8)
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            message = f"is not valid UTF-16 text near byte {error.start}; save it as UTF-8"
            raise TextProblems([Problem(file, None, None, "", message)]) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if _UTF8_SEQUENCE.search(data):
        advice = "save the file as UTF-8 (in Excel: CSV UTF-8)"
        raise TextProblems(_bad_lines(data.removeprefix(codecs.BOM_UTF8), "utf-8", file, advice))
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        advice = "the file is neither UTF-8 nor Windows-1252: save it as UTF-8"
        raise TextProblems(_bad_lines(data, "cp1252", file, advice)) from None


def _json_nesting(text: str) -> tuple[int, int]:
    """Deepest nesting of a JSON text and the line where it is first reached (strings skipped)."""
    depth = deepest = 0
    line = deepest_line = 1
    in_string = escaped = False
    for character in text:
        if character == "\n":
            line += 1
        if in_string:
            if escaped:
                escaped = False
            elif character == "\\":
                escaped = True
            elif character == '"':
                in_string = False
        elif character == '"':
            in_string = True
        elif character in "[{":
            depth += 1
            if depth > deepest:
                deepest, deepest_line = depth, line
        elif character in "]}":
            depth -= 1
    return deepest, deepest_line


class _RepeatedKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(key)


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise _RepeatedKey(key)
        found[key] = value
    return found


def _second_line(text: str, key: str) -> int | None:
    """Line of the second ``"key":`` of a text (where a repeated key is), when found."""
    pattern = re.compile(re.escape(json.dumps(key)) + r"\s*:")
    places = [found.start() for found in pattern.finditer(text)][:2]
    return text.count("\n", 0, places[1]) + 1 if len(places) == 2 else None


def load_json(text: str, file: str) -> Any:
    """Parse a JSON text strictly.

    Raises
    ------
    TextProblems
        Invalid JSON, a repeated key, or nesting deeper than :data:`MAX_NESTING`, with the line.

    Examples
    --------
    >>> load_json('{"flows": [], "flows": [{}]}', "z.json")
    Traceback (most recent call last):
    ...
    symbiosis.io.text_files.TextProblems: z.json, row 1, column flows: 'flows' appears twice \
in one object; keep one of them (the second would silently replace the first)
    """
    deepest, line = _json_nesting(text)
    if deepest > MAX_NESTING:
        message = (
            f"nests lists and objects {deepest:,} levels deep; a zone file nests at most "
            f"{MAX_NESTING} (MAX_NESTING)"
        )
        raise TextProblems([Problem(file, line, None, "", message)])
    try:
        return json.loads(text, object_pairs_hook=_object)
    except json.JSONDecodeError as error:
        problem = Problem(file, error.lineno, None, "", f"is not valid JSON: {error.msg}")
        raise TextProblems([problem]) from None
    except _RepeatedKey as error:
        message = (
            "appears twice in one object; keep one of them (the second would silently "
            "replace the first)"
        )
        row = _second_line(text, error.key)
        raise TextProblems([Problem(file, row, error.key, error.key, message)]) from None


class _StrictLoader(yaml.SafeLoader):
    """A YAML composer without anchors or aliases, and with a bound on nesting."""

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise yaml.composer.ComposerError(
                None,
                None,
                "uses an anchor or an alias (& or *); write each value out in full",
                event.start_mark,
            )
        self._depth += 1
        try:
            if self._depth > MAX_NESTING:
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    f"nests lists and mappings more than {MAX_NESTING} levels deep "
                    "(MAX_NESTING); a zone.yaml needs 4",
                    event.start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


@dataclass(frozen=True)
class YamlDocument:
    """A YAML text as data (every scalar as its text, or None) and the line of each node.

    Attributes
    ----------
    data : object
        Mappings, lists, text and None.
    root : yaml.Node or None
        The composed document, for line numbers (``node.start_mark.line + 1``).
    """

    data: Any
    root: yaml.Node | None


_NULL_TAG = "tag:yaml.org,2002:null"


def _value(node: yaml.Node, file: str) -> Any:
    if isinstance(node, yaml.ScalarNode):
        if node.style is None and node.tag == _NULL_TAG:
            return None
        return node.value  # the text written: 'no' stays 'no', '0012' stays '0012'
    if isinstance(node, yaml.SequenceNode):
        return [_value(item, file) for item in node.value]
    found: dict[str, Any] = {}
    for key, value in node.value:
        row = key.start_mark.line + 1
        if not isinstance(key, yaml.ScalarNode):
            message = "has a list or a mapping as a key; a key is a word"
            raise TextProblems([Problem(file, row, None, "", message)])
        if key.value in found:
            message = (
                "appears twice in one mapping; keep one of them (the second would silently "
                "replace the first)"
            )
            raise TextProblems([Problem(file, row, key.value, key.value, message)])
        found[key.value] = _value(value, file)
    return found


def load_yaml(text: str, file: str) -> YamlDocument:
    """Parse a YAML text strictly, keeping every scalar as the text written.

    Raises
    ------
    TextProblems
        Invalid YAML, an anchor or alias, a repeated key or nesting deeper than
        :data:`MAX_NESTING`, with the line.

    Examples
    --------
    >>> load_yaml("name: no\\nid: 0012\\nvalue: 3.5\\nnote:\\n", "zone.yaml").data
    {'name': 'no', 'id': '0012', 'value': '3.5', 'note': None}
    >>> load_yaml("a: &x [1]\\nb: *x\\n", "zone.yaml")
    Traceback (most recent call last):
    ...
    symbiosis.io.text_files.TextProblems: zone.yaml, row 1: is not valid YAML: uses an anchor \
or an alias (& or *); write each value out in full
    """
    try:
        root = yaml.compose(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        row = mark.line + 1 if mark is not None else None
        reason = error.problem or str(error)
        problem = Problem(file, row, None, "", f"is not valid YAML: {reason}")
        raise TextProblems([problem]) from None
    except yaml.reader.ReaderError as error:
        row = text.count("\n", 0, error.position) + 1
        message = (
            f"holds the character U+{error.character:04X}, which YAML does not allow; delete it"
            if isinstance(error.character, int)
            else f"is not valid YAML: {error.reason}"
        )
        raise TextProblems([Problem(file, row, None, "", message)]) from None
    except yaml.YAMLError as error:
        raise TextProblems([Problem(file, None, None, "", f"is not valid YAML: {error}")]) from None
    return YamlDocument(None if root is None else _value(root, file), root)
