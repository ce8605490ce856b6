"""Secret redaction, applied on every write path before anything is stored.

Each rule is a named regular expression; a match is replaced by
``[REDACTED:<rule>]`` (assignments keep their key, URLs keep scheme, user and
host) so the memory still reads sensibly. Rules are ordered from most to least
specific so a PEM block is one marker, not a dozen. Callers learn which rules
fired, never what matched: the secret must not reach a log or an error message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Match

MARKER = "[REDACTED:{}]"


def _marker(name: str) -> str:
    return MARKER.format(name)


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    replace: Callable[[Match[str]], str] | None = None   # None: the whole match becomes a marker


def _keep_group(group: str, name: str) -> Callable[[Match[str]], str]:
    return lambda m: m.group(group) + _marker(name)


_SECRET_WORDS = (r"(?:password|passwd|passphrase|secret|token|api[_-]?key|apikey|"
                 r"access[_-]?key|secret[_-]?key|private[_-]?key|auth[_-]?key|"
                 r"client[_-]?secret|credentials?)")
# A value that is a reference to a secret, not the secret itself, survives: a
# variable or template, an environment lookup, and (unquoted) an attribute lookup
# (settings.API_KEY), a call (getpass(), get_token(user)) or a literal (true, none).
_REFERENCE = (r"(?![\"']?(?:\$|%\(|\{\{|<|os\.environ|process\.env|getenv|\[REDACTED))"
              r"(?!(?:self|settings|config|env|secrets|vars|ENV)\.[A-Za-z_]"
              r"|[a-z_][A-Za-z_.]*\([A-Za-z_., ]*\)(?![^\s\"',;])"
              r"|(?:true|false|none|null|nil|undefined|required|optional)\b)")

RULES: tuple[Rule, ...] = (
    Rule("private", re.compile(r"<private>.*?(?:</private>|\Z)", re.I | re.S)),
    Rule("private-key", re.compile(
        r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----.*?"
        r"(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|\Z)", re.S)),
    Rule("jwt", re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")),
    Rule("anthropic-key", re.compile(r"\bsk-ant-[A-Za-z0-9_-]{20,}")),
    Rule("openai-key", re.compile(r"\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}")),
    Rule("stripe-key", re.compile(r"\b(?:sk|rk|pk|whsec)_(?:live|test)_[A-Za-z0-9]{16,}")),
    Rule("aws-access-key", re.compile(
        r"\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|AKPA|ANPA|ANVA|AROA|APKA|A3T[A-Z0-9])"
        r"[A-Z0-9]{16}\b")),
    Rule("github-token", re.compile(
        r"\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,})")),
    Rule("gitlab-token", re.compile(r"\bgl(?:pat|dt|rt|ptt|ft|cbt|imt|oas|soat)-[A-Za-z0-9_-]{20,}")),
    Rule("slack-token", re.compile(r"\bxox[abposre]-[A-Za-z0-9-]{10,}")),
    Rule("slack-webhook", re.compile(
        r"https://hooks\.slack\.com/(?:services|workflows)/[A-Za-z0-9/_-]{20,}")),
    Rule("google-api-key", re.compile(r"\bAIza[0-9A-Za-z_-]{35}")),
    Rule("npm-token", re.compile(r"\bnpm_[A-Za-z0-9]{36}\b")),
    Rule("pypi-token", re.compile(r"\bpypi-AgE[A-Za-z0-9_-]{50,}")),
    Rule("url-credentials", re.compile(
        r"(?P<keep>\b[a-z][a-z0-9+.-]*://[^\s/:@]+:)(?P<secret>[^\s/@]+)(?=@)", re.I),
        _keep_group("keep", "password")),
    Rule("bearer-token", re.compile(
        r"(?P<keep>\b(?:bearer|token|basic)\s+)(?=[A-Za-z0-9._~+/=-]*\d)[A-Za-z0-9._~+/=-]{16,}", re.I),
        _keep_group("keep", "token")),
    Rule("assignment", re.compile(
        r"(?P<keep>\b[A-Za-z0-9_.-]*" + _SECRET_WORDS + r"[\"']?\s*(?:=|:)\s*)" + _REFERENCE +
        r"(?P<secret>\"[^\"\n]+\"|'[^'\n]+'|[^\s\"',;&]{4,})", re.I),
        _keep_group("keep", "secret")),
)


@dataclass(frozen=True)
class Redaction:
    text: str
    rules: tuple[str, ...]          # names of the rules that fired, in order, with repeats

    @property
    def changed(self) -> bool:
        return bool(self.rules)


def redact(text: str) -> Redaction:
    fired: list[str] = []
    for rule in RULES:
        def substitute(match: Match[str], rule: Rule = rule) -> str:
            fired.append(rule.name)
            return rule.replace(match) if rule.replace else _marker(rule.name)
        text = rule.pattern.sub(substitute, text)
    return Redaction(text, tuple(fired))


def redact_text(text: str) -> str:
    return redact(text).text
