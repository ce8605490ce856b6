"""Settings, resolved in one place.

Precedence, lowest first::

    defaults → JSON file → environment → plugin userConfig → explicit overrides

The JSON file is ``AEGIS_CONFIG`` if set, else ``.aegis.json`` in the project
(found upward from the working directory), else ``config.json`` in the data dir.
Its keys are the setting names (``"recall_top_k": 5``) or their environment
spelling (``"AEGIS_RECALL_TOP_K": 5``). Plugin userConfig arrives from Claude Code
as ``CLAUDE_PLUGIN_OPTION_<KEY>`` variables.

Every knob lives in one table, ``KNOBS``, parsed by one function per type. A bad
value is reported once (in ``Settings.problems``) and the default is kept: a
typo in a config file must never take memory down. The auth token is refused
from a project's ``.aegis.json`` because that file is usually committed, and a
server it names is used only once the user trusts it (``aegis.trust``).
"""

from __future__ import annotations

import os

from aegis.namespace import USER_PREFIX, project_namespace
from aegis.paths import ancestors, default_data_dir
from aegis.trust import address, is_loopback, is_trusted
from aegis.record import EMPTY_MAPPING, Record
from aegis.backends import BACKENDS as _BACKEND_REGISTRY

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Mapping

BACKENDS = tuple(_BACKEND_REGISTRY)          # the store registry's names, in its order
EMBEDDING_MODES = ("none", "fake", "local", "voyage")
CAPTURE_SCOPES = ("session", "turn")
NOTIFY_LEVELS = ("off", "brief", "verbose")
SECRET_KEYS = frozenset({"auth_token", "voyage_api_key"})
# Refused from a project file too: where a user's memory lives, and where their
# Voyage key is sent, are each user's own choice (the host is gated by aegis.trust).
PERSONAL_KEYS = frozenset({"data_dir", "voyage_base_url"})
SHOWN_VALUE_CHARS = 26           # longer bad values are not quoted in problems (shown_value)
PROJECT_CONFIG_NAME = ".aegis.json"
MAX_CONFIG_BYTES = 256 * 1024


class Settings(Record):
    """Resolved settings (build them with ``load_config``)."""
    _hidden = frozenset({"auth_token", "voyage_api_key", "sources"})

    backend: str = "sqlite"
    data_dir: str = ""              # load_config always sets it (the platform default)
    host: str = "127.0.0.1"
    port: int = 9470
    connect_timeout_ms: int = 500
    read_timeout_ms: int = 1000
    namespace: str | None = None
    auth_token: str | None = None
    embedding_mode: str = "none"
    embedding_model: str = "voyage-3-large"
    embedding_dimensions: int | None = None
    voyage_api_key: str | None = None
    voyage_base_url: str | None = None
    recall_enabled: bool = True
    recall_time_budget_ms: int = 800
    briefing_time_budget_ms: int | None = None   # None: aegis.recall.deadline.budget_ms
    recall_top_k: int = 5
    recall_min_score: float = 0.2
    recall_token_budget: int = 600
    briefing_token_budget: int = 400
    capture_enabled: bool = True
    capture_scope: str = "session"
    capture_min_salience: float = 0.5
    capture_job_budget_ms: int = 60_000   # one session's transcript → spool, per worker run
    hook_relay: bool = True          # hooks hand recall to the session's server (hooks.relay)
    notify: str = "brief"            # status lines for the user: off | brief | verbose
    mcp_front_cache: bool = True     # replay the SDK's handshake answers early (mcp_front)
    problems: tuple[str, ...] = ()
    sources: Mapping[str, str] = EMPTY_MAPPING      # setting -> where it came from
    config_file: str | None = None   # the JSON file read, if any
    project_server: str | None = None    # a remote server the project file names (aegis.trust)
    foreign_namespace: str | None = None  # another project's namespace it names (aegis.trust)

    @property
    def host_configured(self) -> bool:
        return self.sources.get("host", "default") != "default"


# ---------------------------------------------------------------- parsing

class BadValue(ValueError):
    pass


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise BadValue("expected true/false")


def _int(minimum: int, maximum: int | None = None) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        if isinstance(value, bool):
            raise BadValue("expected an integer")
        try:
            number = int(str(value).strip())
        except ValueError:
            raise BadValue("expected an integer") from None
        if number < minimum or (maximum is not None and number > maximum):
            span = f"{minimum}..{maximum}" if maximum is not None else f">= {minimum}"
            raise BadValue(f"expected an integer {span}")
        return number
    return parse


def _unit_float(value: Any) -> float:
    try:
        number = float(str(value).strip())
    except ValueError:
        raise BadValue("expected a number between 0 and 1") from None
    if not 0.0 <= number <= 1.0:
        raise BadValue("expected a number between 0 and 1")
    return number


def _choice(options: tuple[str, ...]) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        text = str(value).strip().lower()
        if text not in options:
            raise BadValue("expected one of " + "|".join(options))
        return text
    return parse


def _text(value: Any) -> str | None:
    text = str(value).strip()
    return text or None


_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_:[]")


def _host(value: Any) -> str | None:
    """A host name or an IPv4/IPv6 address (checked by shape only: no lookup)."""
    text = _text(value)
    if text is None:
        return None
    labels = text.strip("[]").split(".")
    if (len(text) > 253 or not set(text) <= _HOST_CHARS
            or any(len(label) > 63 or not label for label in labels)):
        raise BadValue("expected a host name or address")
    return text


MAX_NAMESPACE_CHARS = 512


def _namespace(value: Any) -> str | None:
    """A project namespace: printable, of a sane length, and not a user tier's."""
    text = _text(value)
    if text is None:
        return None
    if any(ord(c) < 32 or ord(c) == 127 for c in text) or len(text) > MAX_NAMESPACE_CHARS:
        raise BadValue(f"expected up to {MAX_NAMESPACE_CHARS} printable characters")
    if text.startswith(USER_PREFIX):
        raise BadValue(f"{USER_PREFIX}… names a person's user tier, not a project")
    return text


def shown_value(raw: Any) -> str:
    """A bad value as a problem quotes it. A secret pasted into the wrong field must not
    be echoed (problems reach the status line, and so Claude Code's transcript): long
    values are named by their length only, short ones pass through redaction."""
    text = repr(raw)
    if len(text) > SHOWN_VALUE_CHARS:
        return f"<a {len(str(raw))}-character value>"
    from aegis.redact import redact             # only when there is a problem to report
    return redact(text).text


def _path(value: Any) -> str:
    text = str(value).strip()
    if not text:
        raise BadValue("expected a path")
    path = os.path.expanduser(text)
    if not os.path.isabs(path):
        # relative to whatever directory a command runs in, it would put a store in each
        # (and inside a repository, where it may get committed)
        raise BadValue("expected an absolute path")
    return path


class Knob(Record):
    name: str
    parse: Callable[[Any], Any]
    env: str
    plugin_option: str | None = None


def _knob(name: str, parse: Callable[[Any], Any], env: str | None = None,
          plugin_option: str | None = None) -> Knob:
    return Knob(name, parse, env or "AEGIS_" + name.upper(), plugin_option)


KNOBS: tuple[Knob, ...] = (
    _knob("backend", _choice(BACKENDS), plugin_option="backend"),
    _knob("data_dir", _path),
    _knob("host", _host, plugin_option="aegisdb_host"),
    _knob("port", _int(1, 65535), plugin_option="aegisdb_port"),
    _knob("connect_timeout_ms", _int(1, 60_000)),
    _knob("read_timeout_ms", _int(1, 600_000)),
    _knob("namespace", _namespace),
    _knob("auth_token", _text, plugin_option="aegisdb_token"),
    _knob("embedding_mode", _choice(EMBEDDING_MODES), plugin_option="embedding_mode"),
    _knob("embedding_model", _text),
    _knob("embedding_dimensions", _int(1, 65536)),
    _knob("voyage_api_key", _text, env="VOYAGE_API_KEY", plugin_option="voyage_api_key"),
    _knob("voyage_base_url", _text),
    _knob("recall_enabled", parse_bool),
    _knob("recall_time_budget_ms", _int(1, 60_000)),
    _knob("briefing_time_budget_ms", _int(1, 60_000)),
    _knob("recall_top_k", _int(1, 100)),
    _knob("recall_min_score", _unit_float),
    _knob("recall_token_budget", _int(1, 100_000)),
    _knob("briefing_token_budget", _int(0, 100_000)),
    _knob("capture_enabled", parse_bool),
    _knob("capture_scope", _choice(CAPTURE_SCOPES)),
    _knob("capture_min_salience", _unit_float),
    _knob("capture_job_budget_ms", _int(1, 3_600_000)),
    _knob("hook_relay", parse_bool),
    _knob("notify", _choice(NOTIFY_LEVELS)),
    _knob("mcp_front_cache", parse_bool),
)
KNOBS_BY_NAME = {knob.name: knob for knob in KNOBS}
KNOBS_BY_ENV = {knob.env: knob for knob in KNOBS}



def env_value(name: str, env: Mapping[str, str]) -> Any:
    """The setting ``name`` as the environment alone sets it; None if unset or bad.

    For hooks deciding before any file is read: the environment outranks every
    config file, so what it says holds whatever the files say.
    """
    knob = KNOBS_BY_NAME[name]
    try:
        return knob.parse(env[knob.env]) if knob.env in env else None
    except BadValue:
        return None


def file_value(name: str, env: Mapping[str, str], cwd: str) -> Any:
    """The setting ``name`` as the config file alone sets it; None if unset, bad or
    no file (``json`` is imported only when there is one)."""
    config_file, _project = _config_file(env, cwd, [])
    if config_file is None:
        return None
    knob = KNOBS_BY_NAME[name]
    data = _read_json_object(config_file, [])
    raw = data.get(knob.name, data.get(knob.env))
    try:
        return knob.parse(raw) if raw is not None else None
    except BadValue:
        return None


PLUGIN_OPTION_PREFIX = "CLAUDE_PLUGIN_OPTION_"


def plugin_option_env(option: str) -> str:
    """The variable Claude Code exports for a plugin userConfig key."""
    return PLUGIN_OPTION_PREFIX + "".join(c if c.isalnum() else "_" for c in option).upper()


# The titles ``/plugin`` shows for the userConfig keys (``.claude-plugin/plugin.json``; a
# test keeps the two equal): a bad plugin setting is named as the user sees it there.
PLUGIN_TITLES = {"backend": "Storage backend", "aegisdb_host": "AegisDB host",
                 "aegisdb_port": "AegisDB port", "aegisdb_token": "AegisDB token",
                 "embedding_mode": "Embeddings", "voyage_api_key": "Voyage AI API key"}
PLUGIN_PROBLEM = "plugin setting"       # how a problem with one of them begins


def plugin_label(option: str) -> str:
    """``plugin setting "AegisDB port"``: a userConfig key as ``/plugin`` titles it."""
    return f'{PLUGIN_PROBLEM} "{PLUGIN_TITLES.get(option, option)}"'


# userConfig names (``aegisdb_token``) and their CLAUDE_PLUGIN_OPTION_ variables, as
# people copy them into a config file from the plugin settings or its docs.
KNOBS_BY_OPTION = {name: knob for knob in KNOBS if knob.plugin_option
                   for name in (knob.plugin_option, plugin_option_env(knob.plugin_option))}
SECRET_WORDS = ("token", "api_key", "apikey", "secret", "password", "credential")


def looks_secret(key: str) -> bool:
    """A config key that names a secret, known setting or not (``aegisdb_token``,
    ``AEGIS_API_KEY``…): refused from a project file as a secret, never "unknown"."""
    folded = key.lower().replace("-", "_")
    return any(word in folded for word in SECRET_WORDS)


# ---------------------------------------------------------------- loading

def find_project_config(cwd: str) -> str | None:
    for directory in ancestors(os.path.abspath(cwd)):
        candidate = os.path.join(directory, PROJECT_CONFIG_NAME)
        if os.path.isfile(candidate):
            return candidate
        if os.path.exists(os.path.join(directory, ".git")):
            return None
    return None


def load_config(env: Mapping[str, str] | None = None, cwd: str | os.PathLike | None = None,
                overrides: Mapping[str, Any] | None = None) -> Settings:
    """Resolve settings from every layer; never raises for bad values."""
    env = dict(os.environ if env is None else env)
    cwd = os.fspath(cwd) if cwd is not None else os.getcwd()
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    problems: list[str] = []

    def apply(name: str, raw: Any, origin: str, label: str) -> None:
        knob = KNOBS_BY_NAME[name]
        try:
            parsed = knob.parse(raw)
        except BadValue as exc:
            shown = "<hidden>" if name in SECRET_KEYS else shown_value(raw)
            problems.append(f"{label} {shown} ignored: {exc}" if origin == "plugin"
                            else f"{label}={shown} ignored: {exc}")
            return
        if parsed is None:
            return
        values[name] = parsed
        sources[name] = origin

    config_file, file_is_project = _config_file(env, cwd, problems)
    if config_file is not None:
        config_name = os.path.basename(config_file)
        for key, raw in _read_json_object(config_file, problems).items():
            knob = KNOBS_BY_NAME.get(key) or KNOBS_BY_ENV.get(key) or KNOBS_BY_OPTION.get(key)
            secret = (knob.name in SECRET_KEYS) if knob is not None else looks_secret(str(key))
            if secret and file_is_project:
                where = knob.env if knob is not None else "the environment"
                problems.append(f"{config_name}: {key} ignored — secrets do not belong in a "
                                f"project file; use the plugin settings or {where}")
            elif file_is_project and knob is not None and knob.name in PERSONAL_KEYS:
                problems.append(f"{config_name}: {key} ignored — a project file may not choose "
                                f"this for its users; use {knob.env}")
            elif knob is None:
                problems.append(f"{config_name}: unknown setting {key!r} ignored")
            else:
                apply(knob.name, raw, "file", f"{config_name}:{key}")

    # The address a project file names, before other layers may override the port.
    project_server = None
    if file_is_project and sources.get("host") == "file" and not is_loopback(values["host"]):
        project_server = address(values["host"], values.get("port", Settings.port))
    foreign_namespace = None
    if file_is_project and sources.get("namespace") == "file":
        own = project_namespace(os.path.dirname(config_file))
        if values["namespace"] != own and not values["namespace"].startswith(own + "/"):
            foreign_namespace = values["namespace"]

    for knob in KNOBS:
        if knob.env in env:
            apply(knob.name, env[knob.env], "env", knob.env)

    for knob in KNOBS:
        if knob.plugin_option:
            var = plugin_option_env(knob.plugin_option)
            if env.get(var, "").strip():
                apply(knob.name, env[var], "plugin", plugin_label(knob.plugin_option))

    for key, raw in (overrides or {}).items():
        if key in KNOBS_BY_NAME:
            apply(key, raw, "override", key)
        else:
            problems.append(f"unknown override {key!r} ignored")

    if (project_server is not None and sources.get("host") == "file"
            and not is_trusted(default_data_dir(env), config_file, project_server)):
        # Memory and the user's token go to a server only the user has accepted (aegis.trust).
        for name in ("host", "port", "backend"):
            if sources.get(name) == "file":
                del values[name], sources[name]
        from aegis.invocation import command
        problems.append(f"{os.path.basename(config_file)} names the memory server "
                        f"{project_server}; it is not used until you trust it: run "
                        f"{command('trust')} in this project")

    if sources.get("namespace") != "file":
        foreign_namespace = None        # the user's own setting won
    elif (foreign_namespace is not None
            and not is_trusted(default_data_dir(env), config_file, foreign_namespace,
                               "namespace")):
        # Another project's memory is read and written only once the user accepts it.
        del values["namespace"], sources["namespace"]
        from aegis.invocation import command
        problems.append(f"{os.path.basename(config_file)} names the memory namespace "
                        f"{shown_value(foreign_namespace)}, not this project's own; it is not "
                        f"used until you trust it: run {command('trust')} in this project")

    if "embedding_mode" not in values and values.get("voyage_api_key"):
        values["embedding_mode"] = "voyage"
    if "backend" not in values and "host" in values:
        values["backend"] = "aegisdb"
    if "data_dir" not in values:
        values["data_dir"] = default_data_dir(env)
    return Settings(**values, problems=tuple(problems), sources=sources,
                    config_file=config_file, project_server=project_server,
                    foreign_namespace=foreign_namespace)


def _config_file(env: Mapping[str, str], cwd: str, problems: list[str]) -> tuple[str | None, bool]:
    if env.get("AEGIS_CONFIG"):
        path = os.path.expanduser(env["AEGIS_CONFIG"])
        if not os.path.isfile(path):
            problems.append(f"AEGIS_CONFIG={path} does not exist; using defaults")
            return None, False
        return path, False
    project = find_project_config(cwd)
    if project is not None:
        return project, True
    data_file = os.path.join(default_data_dir(env), "config.json")
    return (data_file, False) if os.path.isfile(data_file) else (None, False)


def _read_json_object(path: str, problems: list[str]) -> dict[str, Any]:
    from aegis.quick_json import loads     # only when there is a file: hooks may stop before reading
    from aegis.regular_file import open_regular
    try:
        handle = open_regular(path)
        if handle is None:
            raise OSError("not a regular file")
        with handle:
            raw = handle.read(MAX_CONFIG_BYTES + 1)
        if len(raw) > MAX_CONFIG_BYTES:     # read before every hook's deadline: a few keys
            problems.append(f"{path}: over {MAX_CONFIG_BYTES // 1024} KiB, too large for a "
                            "config file; using defaults")
            return {}
        data = loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        problems.append(f"{path}: unreadable config ({type(exc).__name__}); using defaults")
        return {}
    if not isinstance(data, dict):
        problems.append(f"{path}: expected a JSON object; using defaults")
        return {}
    return data


def with_overrides(settings: Settings, **changes: Any) -> Settings:
    """A copy of ``settings`` with already-typed values replaced (for tests and the CLI)."""
    unknown = set(changes) - set(Settings._fields)
    if unknown:
        raise TypeError(f"unknown settings: {sorted(unknown)}")
    return settings.replace(**changes)
