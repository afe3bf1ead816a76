"""Load YAML into plain Python values while remembering the line of every value.

Errors in the course source must name the line; PyYAML's node tree has the marks, so we
compose nodes and construct values ourselves, recording ``lines["modules[2].blocks[0].media"]``.
Duplicate keys, which PyYAML silently accepts, are reported.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from studio.errors import SourceError


@dataclass
class LoadedYaml:
    data: object
    file: str
    lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, where: str) -> int | None:
        """The line of ``where`` or of its nearest enclosing value."""
        while where:
            if where in self.lines:
                return self.lines[where]
            where = _parent(where)
        return self.lines.get("")


def _parent(where: str) -> str:
    cut = max(where.rfind("."), where.rfind("["))
    return where[:cut] if cut > 0 else ""


def _child(where: str, key: object) -> str:
    if isinstance(key, int):
        return f"{where}[{key}]"
    return f"{where}.{key}" if where else str(key)


class CourseLoader(yaml.SafeLoader):
    """SafeLoader that lets a plain scalar in a flow mapping contain '?'.

    YAML 1.2 allows ``{text: What would you change?}`` (course-format.md writes it so);
    PyYAML follows YAML 1.1 and ends the scalar at the '?'. While a plain scalar is being
    scanned, '?' past its first character is reported to the scanner as an ordinary
    character; the text itself is still read from the stream unchanged.
    """

    _scanning_plain = False

    def scan_plain(self):
        self._scanning_plain = True
        try:
            return super().scan_plain()
        finally:
            self._scanning_plain = False

    def peek(self, index=0):
        ch = super().peek(index)
        if ch == "?" and index > 0 and self._scanning_plain and self.flow_level:
            return "a"
        return ch


MAX_VALUES = 200_000  # far beyond any real course; stops alias bombs ("billion laughs")


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[str, int] = {}
        self.constructor = yaml.constructor.SafeConstructor()
        self.building: set[int] = set()
        self.count = 0

    def build(self, node: yaml.Node, where: str) -> object:
        self.count += 1
        if self.count > MAX_VALUES:
            raise SourceError(f"too many values (over {MAX_VALUES:,}; are aliases repeating themselves?)",
                              file=self.file, line=node.start_mark.line + 1)
        if id(node) in self.building:
            raise SourceError("an alias refers to the value that contains it", file=self.file,
                              line=node.start_mark.line + 1, where=where or None)
        self.lines[where] = node.start_mark.line + 1
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            self.building.add(id(node))
            try:
                if isinstance(node, yaml.MappingNode):
                    return self._mapping(node, where)
                return [self.build(item, _child(where, i)) for i, item in enumerate(node.value)]
            finally:
                self.building.discard(id(node))
        return self.constructor.construct_object(node, deep=True)

    def _key(self, key_node: yaml.Node, where: str) -> str:
        key = self.constructor.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) or key is None:
            raise SourceError(f"a key must be a plain name, got {key!r}", file=self.file,
                              line=key_node.start_mark.line + 1, where=where or None)
        return key if isinstance(key, str) else str(key)

    def _mapping(self, node: yaml.MappingNode, where: str) -> dict:
        own: set[str] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self._key(key_node, where)
            if key in own:
                raise SourceError(f"duplicate key '{key}'", file=self.file,
                                  line=key_node.start_mark.line + 1, where=where or None)
            own.add(key)
        self.constructor.flatten_mapping(node)  # merge keys (<<) first, then the node's own keys
        result: dict = {}
        for key_node, value_node in node.value:
            key = self._key(key_node, where)
            result[key] = self.build(value_node, _child(where, key))  # an own key overrides a merged one
        return result


def load_yaml(text: str, file: str) -> LoadedYaml:
    """Parse ``text``; raises :class:`SourceError` with the line for invalid YAML."""
    try:
        node = yaml.compose(text, Loader=CourseLoader)
    except RecursionError:
        raise SourceError("values are nested too deeply", file=file) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        raise SourceError(f"invalid YAML: {problem}", file=file,
                          line=mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise SourceError(f"invalid YAML: {exc}", file=file) from None
    if node is None:
        raise SourceError("the file is empty", file=file)
    builder = _Builder(file)
    try:
        data = builder.build(node, "")
    except RecursionError:
        raise SourceError("values are nested too deeply", file=file) from None
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        raise SourceError(f"invalid value: {exc.problem}", file=file,
                          line=mark.line + 1 if mark else None) from None
    return LoadedYaml(data=data, file=file, lines=builder.lines)
