"""Secret redaction, applied on every write path before anything is stored.

A match is replaced by ``[REDACTED:<rule>]``; assignments keep their key and URLs
their scheme, user and host, so the memory still reads sensibly. Callers learn
which rules fired, never what matched: a secret must not reach a log or an error.

The rules run in order, most specific first, so a PEM block is one marker, not a
dozen, and a later rule never sees what an earlier one replaced:

1. ``<private>`` spans, private-key blocks (PEM, OpenSSH, PGP, PuTTY), JWTs;
2. provider tokens with a distinctive prefix or shape (``aegis.redact_rules``,
   derived from gitleaks' and trufflehog's published rules);
3. credentials in URLs (``scheme://user:pw@host``, ``scheme://:pw@host``, a
   token as the user) and ``Authorization`` headers, CLI password flags;
4. secrets in context: a value after a key/secret/token/password/credential word
   — ``.env`` lines, YAML/JSON/TOML keys, connection-string fields
   (``AccountKey=…;``), flags and prose ("the staging password is …"). How much
   the value must look like a secret depends on how explicit the context is:
   any literal after ``password=``, something password-shaped after "password
   is" (or a lone word ending the clause, unless it describes the password:
   "the root pw is toor", not "the password is stored in Vault"), a
   high-entropy string after a weaker word such as ``key``; names that run the
   word into another (``PGPASSWORD=``, ``REDIS_AUTH=``) count too.

The name a redaction is reported by is the name in its marker.
5. an entropy backstop for a random-looking token with no context at all, which
   leaves alone what is random but public: hex digests (git SHAs, checksums),
   UUIDs, integrity hashes (``sha512-…``), certificates and public keys,
   base64 that decodes to text or an image, identifiers made of words.

Only the standard library's ``re``; every pattern is linear (a literal or
bounded class per step, no nested quantifiers), so redaction time grows with
the text, whatever the text.
"""

from __future__ import annotations

import math
import re

from aegis.redact_rules import PROVIDERS

MARKER = "[REDACTED:{}]"
RULESET = "3"       # bump when a change to the rules is not visible in their patterns


def _marker(name: str) -> str:
    return MARKER.format(name)


class _Lazy:
    """A pattern compiled on first use. Compiling every rule costs a few
    milliseconds, which the Stop hook (it redacts the last assistant message)
    would pay on every turn; most texts never need most rules."""

    __slots__ = ("pattern", "flags", "_compiled")

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern, self.flags, self._compiled = pattern, flags, None

    def __getattr__(self, name: str):
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return getattr(self._compiled, name)


class Rule:
    """A named pattern and what replaces a match: ``substitute(match)`` returns
    ``(replacement, rule name)`` or None to keep the match as it is. ``needs``:
    literals the pattern cannot match without (any one of them; ``fold``: in any
    case), checked with ``in`` before the pattern is compiled or run."""

    __slots__ = ("name", "pattern", "substitute", "needs", "fold")

    def __init__(self, name: str, pattern, substitute=None, needs: tuple[str, ...] = (),
                 fold: bool = False):
        self.name = name
        self.pattern = pattern
        self.substitute = substitute or (lambda match: (_marker(name), name))
        self.needs, self.fold = needs, fold

    def applies(self, text: str) -> bool:
        if not self.needs:
            return True
        haystack = text.lower() if self.fold else text
        return any(literal in haystack for literal in self.needs)

    def apply(self, text: str, fired: list) -> str:
        if not self.applies(text):
            return text

        def replace(match: re.Match) -> str:
            outcome = self.substitute(match)
            if outcome is None:
                return match.group(0)
            fired.append(outcome[1])
            return outcome[0]
        return self.pattern.sub(replace, text)


# ---------------------------------------------------------------- value shapes

_TOKEN_CHARS = "A-Za-z0-9_\\-"
_WORD_RUN = _Lazy(r"[A-Z]?[a-z]{3,}")
_CONSTANT = _Lazy(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")     # MAX_RETRY_COUNT
_HEX_ONLY = _Lazy(r"[0-9a-fA-F]+")
_UUID = _Lazy(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_NUMBER = _Lazy(r"[+-]?\d+(?:[.,:]\d+)*[a-zA-Z%]{0,3}")
# A value naming where a secret comes from, not the secret: variables and
# templates, environment lookups, attribute paths and calls in code.
_REFERENCE = _Lazy(
    r"(?:\$|%\(|%[A-Za-z_]+%|\{\{|\{%|<[^>\s]*>?|\[REDACTED|os\.environ|os\.getenv|process\.env"
    r"|getenv|ENV\[|env\(|secrets\.|vault:|op://|\*{3}|x{4}|X{4}|\.{3}|…)"
    r"|(?:[A-Za-z_][A-Za-z0-9_]*\.)+[A-Za-z_][A-Za-z0-9_]*(?:\(.*\)|\[.*\])?$"
    r"|[a-z_][A-Za-z_.]*\([A-Za-z_.,'\" ]*\)$")
_LITERALS = frozenset(
    "true false yes no on off none null nil undefined required optional empty unset "
    "redacted hidden masked secret password passwd token changeme example placeholder "
    "string str int bool bytes any value your-password yourpassword mypassword".split())


def shannon(text: str) -> float:
    """Bits per character."""
    counts: dict[str, int] = {}
    for char in text:
        counts[char] = counts.get(char, 0) + 1
    size = len(text)
    return -sum(n / size * math.log2(n / size) for n in counts.values())


def wordiness(text: str) -> float:
    """Share of ``text`` made of word-like runs (``getUserName``, ``CONFIG``):
    high for identifiers and paths, low for random strings."""
    return sum(len(run) for run in _WORD_RUN.findall(text)) / max(len(text), 1)


def _classes(text: str) -> int:
    return (any(c.islower() for c in text) + any(c.isupper() for c in text)
            + any(c.isdigit() for c in text) + any(not c.isalnum() for c in text))


def is_reference(value: str) -> bool:
    match = _REFERENCE.match(value)
    if match and match.group(0) != value[:1] and "." in value and "(" not in value:
        # an attribute path, unless a part of it is random (vault's ``s.<token>``)
        if any(looks_random(part, 12) for part in value.split(".")):
            return False
    return bool(match) or value.lower() in _LITERALS


def looks_random(token: str, min_length: int = 16) -> bool:
    """Long, several character classes, not made of words: a key, not an identifier."""
    if len(token) < min_length or _UUID.fullmatch(token):
        return False
    if _CONSTANT.fullmatch(token) and sum(c.isdigit() for c in token) <= 2:
        return False
    if _HEX_ONLY.fullmatch(token):
        return len(token) >= min_length and any(c.isdigit() for c in token) \
            and any(c.isalpha() for c in token)
    return (_classes(token) >= 3 or (_classes(token) == 2 and any(c.isdigit() for c in token)
                                     and len(token) >= 24)) \
        and wordiness(token) < 0.5 and shannon(token) >= 3.0


def password_shaped(value: str) -> bool:
    """After "password is": not a plain word of prose (``required``, ``stored``)."""
    if len(value) < 6 or is_reference(value) or _NUMBER.fullmatch(value) and len(value) < 8:
        return False
    if value.isalpha() and (value.islower() or value.istitle()):
        return False
    parts = value.split("-")
    if all(part.isalpha() and part.islower() for part in parts) and (
            len(parts) == 2 or min(map(len, parts)) <= 2):
        return False      # hyphenated prose (read-only, out-of-date), not a diceware phrase
    return any(c.isdigit() for c in value) or not value.isalnum() or _classes(value) >= 2


# ---------------------------------------------------------------- structural rules

_PRIVATE = Rule("private", _Lazy(r"<private>.*?(?:</private>|\Z)", re.I | re.S),
                needs=("<private>",), fold=True)

# A block runs to its END line; an unterminated one (pasted half) to the end of its
# base64 body. Sources: gitleaks private-key, trufflehog privatekey.
_PRIVATE_KEY = Rule("private-key", _Lazy(
    r"-----BEGIN[ A-Z0-9_-]{0,40}PRIVATE KEY(?: BLOCK)?-----"
    r"(?:(?:[^-]|-(?!----END))*?-----END[ A-Z0-9_-]{0,40}PRIVATE KEY(?: BLOCK)?-----"
    r"|[A-Za-z0-9+/=\s\\:,.-]*)"
    r"|PuTTY-User-Key-File-\d:.*?Private-Lines: *\d+[\r\n]+[A-Za-z0-9+/=\r\n]+"
    r"(?:Private-MAC: *[0-9a-f]+)?", re.S), needs=("PRIVATE KEY", "PuTTY-User-Key-File-"))

_JWT = Rule("jwt", _Lazy(
    r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*"),
            needs=("eyJ",))


def _first_chars(pattern: str) -> frozenset[str]:
    """The characters a provider pattern can start with, read from the table's own
    conventions: a literal, an escape, a simple class, or a group of alternatives."""
    head = pattern[0]
    if pattern.startswith("(?:"):
        depth, start, alternatives = 0, 3, []
        for index in range(3, len(pattern)):
            char = pattern[index]
            if char == "\\":
                continue
            if char in "([" and pattern[index - 1] != "\\":
                depth += 1
            elif char in ")]" and pattern[index - 1] != "\\":
                if depth == 0:
                    alternatives.append(pattern[start:index])
                    break
                depth -= 1
            elif char == "|" and depth == 0:
                alternatives.append(pattern[start:index])
                start = index + 1
        return frozenset().union(*(_first_chars(alt) for alt in alternatives))
    if head == "[":
        body = pattern[1:pattern.index("]")]
        chars = set()
        index = 0
        while index < len(body):
            if index + 2 < len(body) and body[index + 1] == "-":
                chars.update(chr(c) for c in range(ord(body[index]), ord(body[index + 2]) + 1))
                index += 3
            else:
                chars.add(body[index])
                index += 1
        return frozenset(chars)
    if head == "\\":
        return frozenset("0123456789") if pattern[1] == "d" else frozenset(pattern[1])
    return frozenset(head)


class _ProviderRule(Rule):
    """The provider table, dispatched by first character: at each place a long word
    starts, only the patterns that can start with its first character are tried,
    as one alternation compiled the first time that character is met. One scan of
    the text, not one per provider, and no start-up cost for providers never met."""

    __slots__ = ("_buckets", "_compiled")
    _START = _Lazy(r"(?<![A-Za-z0-9])[A-Za-z0-9](?=[^\s]{9})")

    def __init__(self):
        super().__init__("provider", self._START)
        self._buckets: dict[str, list[int]] = {}
        for index, (_name, pattern, _source) in enumerate(PROVIDERS):
            for char in _first_chars(pattern):
                self._buckets.setdefault(char, []).append(index)
        self._compiled: dict[str, re.Pattern] = {}

    def _pattern(self, char: str) -> re.Pattern | None:
        pattern = self._compiled.get(char)
        if pattern is None and char in self._buckets:
            branches = "|".join(f"(?P<p{i}>{PROVIDERS[i][1]})" for i in self._buckets[char])
            pattern = self._compiled[char] = re.compile(f"(?:{branches})[A-Za-z0-9_-]*={{0,2}}")
        return pattern

    def apply(self, text: str, fired: list) -> str:
        out, done = [], 0
        for start in self._START.finditer(text):
            position = start.start()
            if position < done:
                continue
            pattern = self._pattern(text[position])
            match = pattern.match(text, position) if pattern is not None else None
            if match is None or match.group(0).endswith("EXAMPLE"):   # AWS docs keys
                continue                                  # (gitleaks allowlist)
            name = PROVIDERS[int(match.lastgroup[1:])][0]
            fired.append(name)
            out += (text[done:position], _marker(name))
            done = match.end()
        if not out:
            return text
        out.append(text[done:])
        return "".join(out)

    def patterns(self) -> list[str]:
        return [entry[1] for entry in PROVIDERS]


_PROVIDER = _ProviderRule()

_URL_PASSWORD = Rule("password", _Lazy(
    r"(?P<keep>(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,30}://[^\s/:@'\"]{0,100}:)"
    r"(?P<secret>[^\s/'\"]{1,300})(?=@[^\s/@'\"]+(?:[/?#\s'\"]|$))"),
    # (a user that is a marker already, https://[REDACTED:github-token]@…, has no password)
    lambda m: None if is_reference(m.group("secret")) or m.group("secret").lower() in (
        "pass", "pw", "pwd") or m.group("keep").endswith("[REDACTED:")
    else (m.group("keep") + _marker("password"), "password"),
    needs=("://",))

_URL_TOKEN_USER = Rule("token", _Lazy(
    r"(?P<keep>(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,30}://)"
    r"(?P<secret>[A-Za-z0-9_.~%+-]{16,300})(?=@)"),
    lambda m: (m.group("keep") + _marker("token"), "token")
    if looks_random(m.group("secret")) else None, needs=("://",))

_AUTH_HEADER = Rule("token", _Lazy(
    r"(?P<keep>\b(?:Proxy-)?Authorization[\"']?\s*[:=]\s*[\"']?"
    r"(?:(?:Bearer|Basic|Token|Digest|Bot|ApiKey|SSWS|Negotiate|AWS4-HMAC-SHA256)\s+)?)"
    r"(?P<secret>[A-Za-z0-9._~+/=:%,-]{8,})"
    r"|(?P<keep2>\b(?:Bearer|Basic)\s+)(?P<secret2>[A-Za-z0-9._~+/=-]{20,})", re.I),
    lambda m: _auth(m), needs=("authorization", "bearer", "basic"), fold=True)


def _auth(match: re.Match):
    if match.group("keep") is not None:
        if is_reference(match.group("secret")):
            return None
        return match.group("keep") + _marker("token"), "token"
    value = match.group("secret2")
    if is_reference(value) or not looks_random(value, 16):
        return None
    return match.group("keep2") + _marker("token"), "token"


# mysql -pSECRET, curl -u user:SECRET, sshpass -p SECRET, docker login -p SECRET,
# redis-cli -a SECRET
_CLI_PASSWORD = Rule("password", _Lazy(
    r"(?P<keep>\b(?:mysql|mysqldump|mysqladmin|mariadb)\b[^\n]{0,200}?\s-p)(?P<secret>[^\s'\"]{3,})"
    r"|(?P<keep2>\b(?:curl|wget|http)\b[^\n]{0,200}?\s(?:-u|--user)[ =]+['\"]?[^\s:'\"]{1,100}:)"
    r"(?P<secret2>[^\s'\"]{3,})"
    r"|(?P<keep3>\bsshpass\s+-p\s*['\"]?)(?P<secret3>[^\s'\"]{3,})"
    r"|(?P<keep4>\b(?:docker|podman|helm)\s+(?:registry\s+)?login\b[^\n]{0,200}?\s"
    r"(?:-p|--password)[ =]+['\"]?)(?P<secret4>[^\s'\"]{3,})"
    r"|(?P<keep5>\bredis-cli\b[^\n]{0,200}?\s(?:-a|--pass)[ =]+['\"]?)(?P<secret5>[^\s'\"]{3,})"),
    lambda m: _keep_first(m, "password"),
    needs=("mysql", "mariadb", "curl", "wget", "http", "sshpass", "login", "redis-cli"))


# "DB creds are admin / S3cr3t!Pass", "login admin/Passw0rd!": a user, a slash or a
# colon, then a password-shaped value (not a path such as "login admin/settings")
def _login_pair(match: re.Match):
    value, user = match.group("secret"), match.group("user")
    if "/" in value or user.lower() in _ABOUT_PASSWORD or not _user_password(user, _trim(value)):
        return None                     # a path ("the login to /auth/v2"), not a password
    return match.group("keep") + _replace_value(value), "secret"


_LOGIN_PAIR = Rule("secret", _Lazy(
    r"(?P<keep>\b(?i:creds|credentials?|log(?:in|on)s?)(?:[ \t]+(?i:are|is|as)[ \t]*:?|:)?[ \t]+"
    r"(?P<user>[\w.@+-]{1,64})[ \t]*[/:][ \t]*)(?P<secret>[^\s'\"`,;]{3,100})"),
    _login_pair, needs=("cred", "log"), fold=True)


def _keep_first(match: re.Match, marker: str):
    for n in ("", "2", "3", "4", "5"):
        keep, secret = "keep" + n, "secret" + n
        if match.group(keep) is not None:
            if is_reference(match.group(secret)):
                return None
            return match.group(keep) + _marker(marker), marker
    return None


# ---------------------------------------------------------------- secrets in context

# <add key="ClearTextPassword" value="…"/> (gitleaks: nuget-config-password), and any
# XML key/value pair whose key names a secret.
_XML_PAIR = Rule("secret", _Lazy(
    r"(?P<keep>\bkey\s*=\s*\"[^\"\n]{0,60}(?i:password|passwd|secret|token|api[_-]?key|"
    r"connection[_-]?string|credential)[^\"\n]{0,30}\"\s+value\s*=\s*\")(?P<secret>[^\"\n]{3,})(?=\")"),
    lambda m: None if is_reference(m.group("secret")) else (
        m.group("keep") + _marker("secret"), "secret"), needs=("value",))

_SEP = r"[_.\s-]?"
# Strong words: whatever literal follows an explicit assignment is a secret.
_STRONG = (
    rf"private{_SEP}key{_SEP}id|secret{_SEP}key{_SEP}base|secret{_SEP}access{_SEP}key"
    rf"|shared{_SEP}access{_SEP}(?:key|signature)|client{_SEP}secret|app{_SEP}secret"
    rf"|api{_SEP}secret|consumer{_SEP}secret|webhook{_SEP}secret|signing{_SEP}secret"
    rf"|(?:api|access|secret|private|auth|account|master|signing|encryption|client|app"
    rf"|storage|service|license|deploy|admin|root|session|sas|bot|refresh|bearer|id)"
    rf"{_SEP}(?:key|token)"
    rf"|apikey|passphrase|passwords?|passwd|pass{_SEP}word|pwd|pass|pw"
    rf"|secret|token|credentials?|creds"
    rf"|cookie{_SEP}secret|otp{_SEP}secret|totp{_SEP}(?:secret|seed)"
    rf"|mfa{_SEP}secret|recovery{_SEP}codes?|private{_SEP}key|priv{_SEP}key|secret{_SEP}id")
_SHORT_WORDS = ("pass", "pw")        # strong after ``db_`` and the like; alone, see _context
# Weak words: only a random-looking value after them is a secret.
_WEAK = (r"key|salt|seed|hmac|nonce|cookie|sessionid|auth|_auth|dsn|sig|signature"
         rf"|connection{_SEP}string|conn{_SEP}str")

_CONTEXT = _Lazy(
    # the word: starts a word or a camelCase hump, and ends the key name
    r"(?:(?<![A-Za-z])|(?<=[a-z])(?=[A-Z]))"
    r"(?P<word>(?i:(?P<strong>" + _STRONG + r")|(?P<weak>" + _WEAK + r")))"
    r"(?![A-Za-z0-9_.-]*[A-Za-z0-9])(?:\[\d+\])?"
    r"(?P<sep>"
    r"[\"'\]]{0,2}[ \t]*(?P<assign>:=|=>|==|=|:|->)[ \t]*"
    r"|(?P<to>[ \t]+(?i:to)[ \t]+)"         # "changed the password to Blue-Falcon-77"
    r"|(?i:(?:[ \t]*\([^()\n]{1,40}\)|,[ \t]*[^,\n]{1,40},)?"
    r"(?:[ \t]+(?:for|of|on|in|to|at|from|used\s+by)[ \t]+"
    r"(?:(?:the|our|my|this|that|a|an|your|its)[ \t]+)?[\w.@/:-]{1,60}(?:[ \t]+[\w.@/:-]{1,60})?)?"
    r"(?:,?[ \t]+(?:and[ \t]+|so[ \t]+)?(?:it|which|this|that)(?:'s)?)?"
    r"(?:[ \t]+(?P<verb>(?:is|was|has\s+been)\s+(?:now|still|set\s+to|changed\s+to)"
    r"|is|was|are|were|equals|became|reads|says)[ \t]*:?|[ \t]*:)[ \t]+)"
    r"|(?P<direct>[ \t]+)"
    r")"
    r"(?P<value>\"[^\"\n]{1,400}\"|'[^'\n]{1,400}'|`[^`\n]{1,400}`"
    # unquoted: up to a space, quote or separator; an ``&`` ends it only where a shell
    # ``&&`` or a URL's next ``&name=`` parameter begins (``Tr0ub4dor&3`` is one password)
    r"|(?:[^\s\"'`,;&<>|]|&(?![&\s])(?![\w.\[\]-]*=)){1,500})")


# Alone after "password is" or "password:", a single word is the password itself
# ("the root pw is toor") unless it says something about the password: these
# words, and words with these endings ("the password is stored in Vault", "the
# password is hashed", "the password is required").
_ABOUT_PASSWORD = frozenset("""
a an the it its this that these those not no now still also only just always never too very so
in on at of for from to by with without under inside there here below above elsewhere somewhere
set unset reset empty blank weak strong short long secure insecure same different wrong
incorrect correct invalid valid known unknown hidden visible optional mandatory random
temporary temp secret private public sensitive fine ok okay good bad bogus plaintext cleartext
gone lost mine yours ours theirs his hers what which who where why how case default none null
nil true false yes no unchanged new old current previous next first last one two all any
vault 1password lastpass bitwarden keychain keepass dashlane keeper sops doppler
env environment file files config settings handled stale fixed unique plain simple complex
easy hard obvious trivial static dynamic ephemeral global local personal individual separate
identical similar unused right enough nothing something anything itself ready sufficient great
longer shorter stronger weaker safer better worse bcrypt argon scrypt pbkdf sha md5 hash
""".split())
_ABOUT_ENDINGS = ("ed", "ing", "able", "ible", "ly", "less", "ful", "ous", "ive", "ent", "ion")
_PASSWORD_WORDS = frozenset(("password", "passwd", "pw", "pwd", "passphrase"))
_WORD_SEPARATORS = _Lazy(r"[_.\s-]")
# what may follow a lone-word password: the end of the clause
_CLAUSE_END = _Lazy(r"[ \t]*(?:\Z|\r?\n|[)\]]|(?:and|but|so|or|then)\b|[-–—(])")
# "with password d3ploy99", "using password d3ploy99"
_WITH = _Lazy(r"(?:^|\s)(?:with|using|use|and|plus|via)[ \t]+(?:the[ \t]+|a[ \t]+)?\Z", re.I)
# "the basic auth is admin:Sn0wB0x!": a user, a colon, a password (not a port)
_USER_PASS = _Lazy(r"(?P<user>[\w.@+-]{1,64}):(?!\d+\Z)(?P<password>\S{3,400})")


def _lone_word(match: re.Match, word: str, inner: str, value: str) -> bool:
    """A single word after "password is" / "pw is" / "password:" that ends its clause."""
    if word not in _PASSWORD_WORDS or not inner.isalpha() or not 3 <= len(inner) <= 64:
        return False
    lowered = inner.lower()
    if lowered in _ABOUT_PASSWORD or lowered in _LITERALS or len(lowered) >= 5 and lowered.endswith(
            _ABOUT_ENDINGS):
        return False
    if any(c in ".!?;:" for c in value[len(inner):]):
        return True                       # a full stop or the like after it
    return bool(_CLAUSE_END.match(match.string, match.end()))


def _context(match: re.Match):
    value = match.group("value")
    quoted = value[0] in "\"'`"
    inner = value[1:-1] if quoted else _trim(value)
    # Quoted, a literal such as "true" is the secret itself; only a reference is not.
    if not inner or (_REFERENCE.match(inner) if quoted else is_reference(inner)) \
            or "[REDACTED:" in inner:           # redacted already (admin:[REDACTED:secret])
        return None
    strong = match.group("strong") is not None
    assign = match.group("assign")
    word = _WORD_SEPARATORS.sub("", match.group("word").lower())
    direct = match.group("direct") is not None
    keep = ""                             # a part of the value left in clear (a user name)
    if match.group("to") is not None:
        accepted = (word in _PASSWORD_WORDS and not quoted and _set_before(match)
                    and password_shaped(inner) and not inner.isalpha())
    elif word in _SHORT_WORDS and match.string[match.start() - 1:match.start()] not in ("_", ".", "-"):
        # "pass" and "pw" alone are also everyday words ("boarding pass: printed"):
        # only a password-shaped value after them is one, not an identifier ("PASS: test_x")
        accepted = (password_shaped(inner) and not inner.replace("_", "").isalpha()
                    or looks_random(inner, 12)
                    or not direct and not quoted and _lone_word(match, word, inner, value))
    elif direct:
        flag = match.string[max(match.start() - 2, 0):match.start()] == "--"
        accepted = (strong and (flag and len(inner) >= 3 or quoted and password_shaped(inner)
                                or looks_random(inner, 12)
                                or word in _PASSWORD_WORDS and _after_with(match)
                                and password_shaped(inner) and not inner.isdigit()
                                and any(c.isdigit() for c in inner)))
    elif not strong:
        accepted = looks_random(inner, 16) and not _UUID.fullmatch(inner)
        pair = _USER_PASS.fullmatch(inner) if not accepted and word == "auth" else None
        if pair is not None and _user_password(pair.group("user"), pair.group("password")):
            accepted, keep = True, pair.group("user") + ":"
    elif assign and (quoted or assign != ":" or not _in_prose(match)):
        accepted = quoted or not (_NUMBER.fullmatch(inner) and len(inner) < 6) and len(inner) >= 3
    else:
        accepted = (password_shaped(inner) or looks_random(inner, 12)
                    or not quoted and _lone_word(match, word, inner, value))
    if not accepted:
        return None
    head = match.group(0)[:match.start("value") - match.start()]
    return head + _replace_value(value, keep), "secret"


def _user_password(user: str, password: str) -> bool:
    """``admin:Sn0wB0x!``, not ``auth.py:login`` or ``app.views:LoginView``."""
    if is_reference(password) or not (password_shaped(password) or looks_random(password, 12)):
        return False
    return not (("." in user or "/" in user) and password.isidentifier())


# "changed the password to …": a verb that gives a password its value, before it
_SET_VERB = _Lazy(r"\b(?:set|setting|changed?|changing|rotated?|rotating|reset|resetting"
                  r"|updated?|updating|switched|switch)\b[^.!?\n]{0,30}\Z", re.I)


def _set_before(match: re.Match) -> bool:
    start = match.start()
    return bool(_SET_VERB.search(match.string[max(start - 40, 0):start]))


def _after_with(match: re.Match) -> bool:
    start = match.start()
    return bool(_WITH.search(match.string[max(start - 40, 0):start]))


def _replace_value(value: str, keep: str = "") -> str:
    """``value`` with its secret part replaced by the marker: a quoted value inside its
    quotes; an unquoted one all of it, trailing ``!`` and ``?`` included (a password
    may end in ``!``), except brackets closing around it with what follows them and
    final full stops and colons, read as the end of a sentence or of a line of code
    (``if token == unk:``). ``keep``: a leading part left as is."""
    marker = _marker("secret")
    if value[0] in "\"'`":
        return value[0] + keep + marker + value[-1]
    end = len(value)
    while True:
        head = value[:end].rstrip(".,:;!?")
        for opener, closer in ("()", "[]", "{}"):
            if head.endswith(closer) and head.count(closer) > head.count(opener):
                end = len(head) - 1
                break
        else:
            break
    end = len(value[:end].rstrip(".:")) or end
    return keep + marker + value[end:]


def _trim(value: str) -> str:
    """An unquoted value without the sentence punctuation or brackets closing around it."""
    value = value.rstrip(".,:;!?")
    for opener, closer in ("()", "[]", "{}"):
        while value.endswith(closer) and value.count(closer) > value.count(opener):
            value = value[:-1]
    return value.rstrip(".,:;!?")


def _in_prose(match: re.Match) -> bool:
    """``Note on the token: see the docs`` — the key is a word in a sentence (other
    words before it on the line), not a YAML/JSON/.env key."""
    start = match.string.rfind("\n", 0, match.start()) + 1
    before = match.string[start:match.start()].strip(" \t-*#>\"'{[,")
    return any(c.isspace() for c in before)


class _KeywordRule(Rule):
    """A rule anchored on a keyword: the pattern is tried only where one of ``stems``
    (lower case) occurs, found with ``str.find`` — far cheaper than letting a
    case-insensitive alternation of fifty words try every position of the text."""

    __slots__ = ("stems",)

    def __init__(self, name: str, pattern: re.Pattern, substitute, stems: tuple[str, ...]):
        super().__init__(name, pattern, substitute)
        self.stems = stems

    def apply(self, text: str, fired: list) -> str:
        lowered = text.lower()
        if len(lowered) != len(text):          # case folding changed lengths: scan it all
            return super().apply(text, fired)
        starts: set[int] = set()
        for stem in self.stems:
            at = lowered.find(stem)
            while at >= 0:
                starts.add(at)
                at = lowered.find(stem, at + 1)
        out, done = [], 0
        for position in sorted(starts):
            if position < done:
                continue
            match = self.pattern.match(text, position)
            outcome = self.substitute(match) if match is not None else None
            if outcome is None:
                continue
            fired.append(outcome[1])
            out += (text[done:position], outcome[0])
            done = match.end()
        if not out:
            return text
        out.append(text[done:])
        return "".join(out)




def _stems(alternatives: str) -> tuple[str, ...]:
    """Lower-case words the keys above can start with, none a prefix of another."""
    words = set(re.findall(r"[a-z_]{2,}", alternatives.replace("s?", "").replace(_SEP, " ")))
    return tuple(sorted(w for w in words if not any(w != o and w.startswith(o) for o in words)))


_STEMS = _stems(_STRONG + "|" + _WEAK)
_CONTEXT_RULE = _KeywordRule("secret", _CONTEXT, _context, _STEMS)


# Names that run a credential word into another (PGPASSWORD, DBPASS, ADMINTOKEN,
# OPENAIAPIKEY, basicAuth), and two short words that name a credential only as a
# name's last part (REDIS_AUTH, GITHUB_PAT): an assignment to one is a secret. The
# rule above has the word alone or after ``_``; this one the word ending a longer name.
_JOINED = _Lazy(
    r"(?<=[A-Za-z0-9_])(?P<word>(?i:passwords?|passwd|pass|pwd|secret|token|api_?key"
    r"|credentials?|auth|pat))(?![A-Za-z0-9_])[\"']?[ \t]*(?P<assign>==|:=|=|:)[ \t]*"
    r"(?P<value>\"[^\"\n]{1,400}\"|'[^'\n]{1,400}'"
    r"|(?:[^\s\"'`,;&<>|]|&(?![&\s])(?![\w.\[\]-]*=)){1,500})")
_JOINED_STEMS = ("pass", "pwd", "secret", "token", "apikey", "api_key", "credential", "auth", "pat")
# words, not credentials, that end in one of them
_NOT_CREDENTIAL_NAMES = frozenset(
    "compass bypass surpass trespass overpass underpass encompass multipass onepass twopass "
    "firstpass secondpass singlepass oauth".split())
_AUTH_SCHEMES = frozenset(
    "oauth oauth2 oidc saml ldap kerberos ntlm basic bearer digest jwt sso mtls tls apikey "
    "api_key token none disabled enabled local iam password".split())
_KEY_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def _joined(match: re.Match):
    text, start = match.string, match.start()
    word = match.group("word").lower()
    key_start = start
    while key_start > max(start - 64, 0) and text[key_start - 1] in _KEY_CHARS:
        key_start -= 1
    prefix = text[key_start:start]
    after_underscore = prefix.endswith("_")
    if after_underscore and word not in ("auth", "pat") or not after_underscore and word == "pat":
        return None                          # the rule above's, or too ambiguous run together
    if (prefix.rsplit("_", 1)[-1] + word).lower() in _NOT_CREDENTIAL_NAMES:
        return None
    if key_start and text[key_start - 1] in "$%{" or match.group("assign") == "==":
        return None                          # ${DBPASS}, a comparison
    value = match.group("value")
    quoted = value[0] in "\"'"
    line = text.rfind("\n", 0, key_start) + 1
    if match.group("assign") == ":" and not quoted and text[line:key_start].strip(" \t-*#>\"'{[,"):
        return None                          # a word in a sentence, not a YAML/JSON key
    inner = value[1:-1] if quoted else _trim(value)
    if not inner or (_REFERENCE.match(inner) if quoted else is_reference(inner)) \
            or "[REDACTED:" in inner:
        return None
    # a URL (credentials inside one are the URL rule's), a path, a small number
    if "://" in inner or inner[0] in "/~" or inner.startswith("./") or len(inner) < 3 \
            or _NUMBER.fullmatch(inner) and len(inner) < 6:
        return None
    if word in ("auth", "pat"):
        # short and also common words: only a password- or token-shaped value, not a
        # scheme (REDIS_AUTH=password) or a pattern (FILE_PAT=test_*.py)
        if inner.lower() in _AUTH_SCHEMES or any(c in "*?[]{}^$\\" for c in inner) or not (
                password_shaped(inner) or looks_random(inner, 12)):
            return None
    head = text[start:match.start("value")]
    return head + _replace_value(value), "secret"


_JOINED_RULE = _KeywordRule("secret", _JOINED, _joined, _JOINED_STEMS)


# ---------------------------------------------------------------- entropy backstop

# Random-looking but public, left alone: certificates and public keys, data
# URIs, integrity and digest strings, ssh public keys, base58 identifiers.
_PUBLIC = _Lazy(
    r"-----BEGIN (?:CERTIFICATE|PUBLIC KEY|RSA PUBLIC KEY|X509 CRL|CERTIFICATE REQUEST"
    r"|NEW CERTIFICATE REQUEST|PGP PUBLIC KEY BLOCK|PGP SIGNATURE|PGP MESSAGE|SSH2 PUBLIC KEY)-----"
    r"(?:[^-]|-(?!----END))*(?:-----END[ A-Z0-9]*-----)?"
    r"|data:[\w/+.-]{1,60}(?:;[\w=.-]{1,40})*;base64,[A-Za-z0-9+/=\s]+"
    r"|\b(?:sha(?:1|224|256|384|512)|md5|blake2b?|xxh64|h1)[-:=][A-Za-z0-9+/=_-]{16,}"
    r"|\b(?:ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-nistp\d+|sk-ssh-ed25519@openssh\.com)[ \t]+AAAA[A-Za-z0-9+/=]+"
    r"|\b(?:Qm[1-9A-HJ-NP-Za-km-z]{44}|bafy[a-z2-7]{50,}|bc1[02-9ac-hj-np-z]{20,}"
    r"|0x[0-9a-fA-F]{40})\b")
_CANDIDATE = _Lazy(r"(?<![A-Za-z0-9+/=_.~%-])[A-Za-z0-9+/_~-][A-Za-z0-9+/=_~-]{19,}")
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"PK\x03\x04", b"RIFF", b"\x1f\x8b",
                b"<svg", b"<?xml", b"BM")


def _decodes_to_public_data(token: str) -> bool:
    """Base64 of text or of a file (an image, an archive) rather than key material."""
    import base64
    import binascii
    body = token.rstrip("=")
    try:
        raw = base64.b64decode(body + "=" * (-len(body) % 4),
                               altchars=b"-_" if ("-" in body or "_" in body) else None,
                               validate=True)
    except (binascii.Error, ValueError):
        return False
    if raw.startswith(_IMAGE_MAGIC):
        return True
    if len(raw) < 12:
        return False
    printable = sum(32 <= b < 127 or b in (9, 10, 13) for b in raw)
    return printable / len(raw) > 0.95 and wordiness(raw.decode("latin-1")) > 0.3


def _backstop_token(token: str) -> bool:
    if len(token) > 512 or _HEX_ONLY.fullmatch(token) or _UUID.search(token):
        return False
    core = token.strip("-_/+=~")
    if len(core) < 20 or not (any(c.islower() for c in core) and any(c.isupper() for c in core)
                              and any(c.isdigit() for c in core)):
        return False
    if wordiness(core) >= 0.4 or shannon(core) < (3.7 if len(core) < 32 else 4.0):
        return False
    # paths and identifiers with separators: judge each part
    parts = [part for part in re.split(r"[/_~-]", core) if part]
    if len(parts) > 2 and max(len(part) for part in parts) < 16:
        return False
    return not _decodes_to_public_data(core)


class _Backstop(Rule):
    __slots__ = ()

    def __init__(self):
        super().__init__("high-entropy", _CANDIDATE)

    def apply(self, text: str, fired: list) -> str:
        if max(map(len, text.split()), default=0) < 20:     # no candidate can fit
            return text
        spans = [match.span() for match in _PUBLIC.finditer(text)]

        def replace(match: re.Match) -> str:
            start = match.start()
            if any(lo <= start < hi for lo, hi in spans) or not _backstop_token(match.group(0)):
                return match.group(0)
            fired.append(self.name)
            return _marker(self.name)
        return _CANDIDATE.sub(replace, text)


RULES: tuple[Rule, ...] = (_PRIVATE, _PRIVATE_KEY, _JWT, _PROVIDER, _URL_PASSWORD, _URL_TOKEN_USER,
                           _AUTH_HEADER, _CLI_PASSWORD, _LOGIN_PAIR, _XML_PAIR, _CONTEXT_RULE, _JOINED_RULE,
                           _Backstop())


class Redaction:
    __slots__ = ("text", "rules")

    def __init__(self, text: str, rules: tuple[str, ...]):
        self.text = text
        self.rules = rules          # names of the rules that fired, in order, with repeats

    @property
    def changed(self) -> bool:
        return bool(self.rules)


def redact(text: str) -> Redaction:
    fired: list[str] = []
    for rule in RULES:
        text = rule.apply(text, fired)
    return Redaction(text, tuple(fired))


def redact_text(text: str) -> str:
    return redact(text).text


def fingerprint() -> str:
    """Identifies the rule set: changes whenever a pattern or the ruleset version does,
    so a store redacted under older rules can be told apart (``aegis scrub``)."""
    import hashlib
    digest = hashlib.sha256(RULESET.encode())
    for rule in RULES:
        digest.update(b"\0" + rule.name.encode() + b"\0" + rule.pattern.pattern.encode())
    for entry in PROVIDERS:
        digest.update(b"\0" + "\x1f".join(entry[:2]).encode())
    digest.update(_PUBLIC.pattern.encode() + _REFERENCE.pattern.encode())
    return "r" + RULESET + "-" + digest.hexdigest()[:16]


# ---------------------------------------------------------------- tags

MARKER_TEXT = re.compile(r"\[REDACTED:[a-z0-9-]+\]")
MIN_FRAGMENT = 4     # shorter than this, a piece of a secret gives nothing away


def _occurrences(haystack: str, needle: str) -> int:
    count, at = 0, haystack.find(needle)
    while at >= 0:
        count, at = count + 1, haystack.find(needle, at + 1)
    return count


def removes(original: str, redacted: str, fragment: str) -> bool:
    """Whether redacting ``original`` into ``redacted`` took away an occurrence of
    ``fragment`` (in any case): the fragment is, or is part of, something a rule
    replaced. Answers without telling the caller what matched."""
    needle = fragment.lower()
    if len(needle) < MIN_FRAGMENT or not original:
        return False
    kept = MARKER_TEXT.sub("\0", redacted).lower()    # a marker adds no occurrence
    return _occurrences(original.lower(), needle) > _occurrences(kept, needle)


def screen_tags(tags, text: str = "", redacted: str | None = None) -> tuple[list, int]:
    """``tags`` without the ones that are secrets, and how many were dropped. A tag
    is a secret if the rules flag it as written or upper-cased (tags are stored lower
    case and provider prefixes such as ``AKIA`` are case-sensitive), or if it occurs
    inside a part of ``text`` (the memory's text before redaction) that redaction
    replaces — so a tag derived from the text cannot carry what the text lost,
    whatever the tag deriver did to it. Non-string items are passed through for
    the caller's validation. ``redacted``: ``redact(text).text``, when the caller has
    it already (a save redacts its text anyway)."""
    if redacted is None:
        redacted = redact(text).text if text else ""
    kept, dropped = [], 0
    for tag in tags:
        if isinstance(tag, str) and tag.strip() and (
                secret_tag(tag) or removes(text, redacted, tag.strip())):
            dropped += 1
        else:
            kept.append(tag)
    return kept, dropped


def secret_tag(tag: str) -> bool:
    """A stored tag (no text to compare with) that the rules flag, as written or upper-cased."""
    return bool(redact(tag).rules or redact(tag.upper()).rules)
