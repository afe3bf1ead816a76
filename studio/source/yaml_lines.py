"""Load YAML into plain Python values while remembering the line of every value.

Errors in the course source must name the line; PyYAML's node tree has the marks, so we
compose nodes and construct values ourselves, recording ``lines["modules[2].blocks[0].media"]``.
Duplicate keys, which PyYAML silently accepts, are reported.
"""
from __future__ import annotations

import re
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
_STR = "tag:yaml.org,2002:str"
# Scalars built without construct_object's bookkeeping (they hold no other node).
_PLAIN_SCALARS = {
    _STR: lambda constructor, node: node.value,
    **{tag: yaml.constructor.SafeConstructor.yaml_constructors[tag] for tag in (
        "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp")},
}


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
        if type(node) is yaml.ScalarNode:
            plain = _PLAIN_SCALARS.get(node.tag)
            if plain is not None:
                return plain(self.constructor, node)
            return self.constructor.construct_object(node, deep=True)
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
        if key_node.tag == _STR and type(key_node) is yaml.ScalarNode:
            return key_node.value
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
    node = _compose_fast(text)
    if node is _REJECTED:
        node = _compose_careful(text, file)
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


_REJECTED = object()


def _compose_fast(text: str) -> object:
    """The node tree from libyaml (nodes keep their start marks), or ``_REJECTED`` when the C
    parser is missing or refuses the text: the careful path then reads it again, so a syntax
    error is always explained by :func:`syntax_error` and anything PyYAML's patched scanner
    accepts still loads. libyaml reads YAML 1.2's ``{text: What would you change?}`` as the
    patched scanner does, and stops nesting at 1,000 levels."""
    loader_class = getattr(yaml, "CSafeLoader", None)
    if loader_class is None:
        return _REJECTED
    try:
        return yaml.compose(text, Loader=loader_class)
    except (yaml.YAMLError, RecursionError, ValueError):
        return _REJECTED


def _compose_careful(text: str, file: str) -> object:
    """The pure-Python composer with the '?' patch: slower, with exact error marks."""
    try:
        return yaml.compose(text, Loader=CourseLoader)
    except RecursionError:
        raise SourceError("values are nested too deeply", file=file) from None
    except yaml.MarkedYAMLError as exc:
        raise syntax_error(exc, text, file) from None
    except yaml.YAMLError as exc:
        raise SourceError(f"invalid YAML: {exc}", file=file) from None


# --- syntax errors ------------------------------------------------------------------------

class YamlSyntaxError(SourceError):
    """Invalid YAML. When a construct opened earlier (``[``, ``{``, a quote) was never closed,
    ``line`` is where it was opened and ``stopped_line`` where the parser gave up; the
    message names both, e.g. ``modules[2]: unclosed '[' opened on line 14; parsing stopped
    at line 40 (course.yaml)``."""

    def __init__(self, message: str, *, file: str, line: int | None, where: str | None = None,
                 stopped_line: int | None = None) -> None:
        super().__init__(message, file=file, line=line, where=where)
        self.stopped_line = stopped_line

    def __str__(self) -> str:
        if self.stopped_line is None:
            return super().__str__()
        text = f"{self.where}: {self.message}" if self.where else self.message
        return f"{text} ({self.file})"  # both lines are in the message already


_UNTERMINATED = ("found unexpected end of stream", "found unexpected document separator")
_BRACKETS = {"[": "]", "{": "}"}


@dataclass
class _Frame:
    path: str
    line: int            # 1-based line of the opening
    index: int           # character offset of the opening
    flow: bool
    is_mapping: bool
    key: str | None = None
    expecting_key: bool = True
    count: int = 0

    def child_path(self) -> str:
        if self.is_mapping:
            return self.path if self.expecting_key else _child(self.path, self.key or "")
        return _child(self.path, self.count)


@dataclass
class _Quoted:
    """The last quoted scalar read before the error."""
    quote: str
    line: int            # 1-based line of its opening quote
    end_line: int        # 1-based line of its closing quote
    raw: str             # as written, quotes included


def _open_constructs(text: str) -> tuple[list[_Frame], str, _Quoted | None]:
    """Replay the parse up to the error: the collections still open there, the path of the
    value being read when it stopped, and the last quoted scalar read."""
    frames: list[_Frame] = []
    quoted: _Quoted | None = None

    def done(node_key: str | None = None) -> None:  # a node has been read inside frames[-1]
        if not frames:
            return
        top = frames[-1]
        if top.is_mapping:
            if top.expecting_key:
                top.key, top.expecting_key = node_key, False
            else:
                top.expecting_key = True
        else:
            top.count += 1

    loader = CourseLoader(text)
    try:
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                break
            if isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
                done(event.value if isinstance(event, yaml.ScalarEvent) else None)
                if isinstance(event, yaml.ScalarEvent) and event.style in ("'", '"'):
                    quoted = _Quoted(event.style, event.start_mark.line + 1, event.end_mark.line + 1,
                                     text[event.start_mark.index:event.end_mark.index])
            elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                path = frames[-1].child_path() if frames else ""
                frames.append(_Frame(path, event.start_mark.line + 1, event.start_mark.index,
                                     bool(event.flow_style), isinstance(event, yaml.MappingStartEvent)))
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                if frames:
                    frames.pop()
                done()
    except (yaml.YAMLError, RecursionError):
        pass
    finally:
        loader.dispose()
    return frames, (frames[-1].child_path() if frames else ""), quoted


_LOOKS_LIKE_A_KEY = re.compile(r"\n[ \t]*(?:- )?[A-Za-z_][\w-]*:[ \t\n]")


def _ran_on(quoted: _Quoted | None, stop_line: int | None) -> bool:
    """A quote left open swallows the lines after it up to the next quote of its kind: the
    scalar then spans lines that hold YAML keys, and the parser stops right after it."""
    return (quoted is not None and stop_line is not None and quoted.end_line > quoted.line
            and stop_line - quoted.end_line in (0, 1) and bool(_LOOKS_LIKE_A_KEY.search(quoted.raw)))


def syntax_error(exc: yaml.MarkedYAMLError, text: str, file: str) -> YamlSyntaxError:
    """One line that points where the author must look: for a construct opened earlier and
    never closed, the line where it was opened as well as the line where parsing stopped."""
    problem = exc.problem or exc.context or "invalid YAML"
    stop, context = exc.problem_mark, exc.context_mark
    stop_line = min(stop.line + 1, max(1, len(text.splitlines()))) if stop else None  # EOF: the last line
    frames, current, quoted = _open_constructs(text)
    flow = [f for f in frames if f.flow]

    def at_stop() -> str:
        if "<stream end>" in problem or "end of stream" in problem:
            return f"parsing stopped at line {stop_line}, the end of the file"
        if "document separator" in problem:
            return f"parsing stopped at line {stop_line}, at '---'"
        found = re.search(r"but (?:got|found) (.+)$", problem)
        return f"parsing stopped at line {stop_line}" + (f", at {found.group(1)}" if found else "")

    if (isinstance(exc, yaml.scanner.ScannerError) and context and stop
            and "quoted scalar" in (exc.context or "") and problem in _UNTERMINATED):
        quote = text[context.index] if context.index < len(text) and text[context.index] in "\"'" else '"'
        return YamlSyntaxError(f"unterminated quote {quote}…{quote} opened on line {context.line + 1}; "
                               f"{at_stop()}", file=file, line=context.line + 1, where=current or None,
                               stopped_line=stop_line)
    if isinstance(exc, yaml.parser.ParserError) and _ran_on(quoted, stop_line):
        q = quoted.quote
        return YamlSyntaxError(f"the quote {q} opened on line {quoted.line} runs on to the next {q} on line "
                               f"{quoted.end_line} (is its closing quote missing?); {at_stop()}", file=file,
                               line=quoted.line, where=current or None, stopped_line=stop_line)
    if isinstance(exc, yaml.parser.ParserError) and flow and stop and (
            re.match(r"expected ',' or '[\]}]'", problem) or "<stream end>" in problem):
        frame = next((f for f in reversed(flow) if context and f.index == context.index), flow[-1])
        bracket = text[frame.index] if text[frame.index:frame.index + 1] in _BRACKETS else "[{"[frame.is_mapping]
        return YamlSyntaxError(f"unclosed '{bracket}' opened on line {frame.line}; {at_stop()}",
                               file=file, line=frame.line, where=frame.path or None, stopped_line=stop_line)
    message = f"invalid YAML: {problem}"
    if flow and stop and flow[-1].line != stop_line:
        inner = flow[-1]
        message += f", inside the '{text[inner.index:inner.index + 1]}' opened on line {inner.line}"
    elif context and stop and exc.context and exc.context.startswith("while parsing a block") \
            and context.line != stop.line:
        message += f", in the {exc.context.removeprefix('while parsing a ')} that starts on line {context.line + 1}"
    return YamlSyntaxError(message, file=file, line=stop_line or (context.line + 1 if context else None))
