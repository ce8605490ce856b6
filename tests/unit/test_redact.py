"""Redaction: every common secret shape is replaced by a marker before storage,
look-alikes that are not secrets survive unchanged, and a secret saved through the
service never reaches the database file, the log or an error message.

Secrets are assembled at run time from a seeded generator so this file itself
holds nothing a secret scanner would (rightly) flag.
"""

from __future__ import annotations

import random
import re
import string

import pytest

from aegis.errors import AegisError
from aegis.redact import MARKER, RULES, redact
from aegis.redact_rules import PROVIDERS
from tests.secret_corpus import fragments, load

CORPUS, CORPUS_NEAR_MISSES = load()

_RNG = random.Random(20261127)
ALNUM = string.ascii_letters + string.digits
UPPER_DIGITS = string.ascii_uppercase + string.digits
B64URL = ALNUM + "-_"


def rand(n: int, alphabet: str = ALNUM) -> str:
    return "".join(_RNG.choice(alphabet) for _ in range(n))


def pem(kind: str) -> str:
    body = "\n".join(rand(64, ALNUM + "+/") for _ in range(4))
    return f"-----BEGIN {kind}-----\n{body}\n{rand(20, ALNUM + '+/')}==\n-----END {kind}-----"


def jwt() -> str:
    return ("eyJ" + rand(30, B64URL) + "." + "eyJ" + rand(60, B64URL) + "." + rand(43, B64URL))


# (shape name, text containing the secret, the secret itself)
def _case(name: str, template: str, secret: str) -> tuple[str, str, str]:
    return name, template.format(secret), secret


SECRETS = [
    _case("openai legacy", "use OPENAI_KEY {} for the batch job", "sk-" + rand(48)),
    _case("openai project", "the key is {} (rotated monthly)", "sk-proj-" + rand(64, B64URL)),
    _case("openai service account", "CI uses {}", "sk-svcacct-" + rand(40, B64URL)),
    _case("anthropic", "export key {} before running evals", "sk-ant-api03-" + rand(80, B64URL)),
    _case("aws access key id", "aws creds: {} in us-east-1", "AKIA" + rand(16, UPPER_DIGITS)),
    _case("aws temporary key id", "session key {} expires hourly", "ASIA" + rand(16, UPPER_DIGITS)),
    _case("aws secret in env style", "AWS_SECRET_ACCESS_KEY={}", rand(40, ALNUM + "+/")),
    _case("github classic pat", "push with {}", "ghp_" + rand(36)),
    _case("github oauth", "the app token {} belongs to the bot", "gho_" + rand(36)),
    _case("github server token", "action token {}", "ghs_" + rand(36)),
    _case("github fine-grained pat", "use {} for the release",
          "github_pat_" + rand(22) + "_" + rand(59)),
    _case("gitlab pat", "gitlab: {}", "glpat-" + rand(20, B64URL)),
    _case("slack bot token", "slack bot {}",
          "xoxb-" + rand(11, string.digits) + "-" + rand(12, string.digits) + "-" + rand(24)),
    _case("slack user token", "slack user {}",
          "xoxp-" + rand(11, string.digits) + "-" + rand(12, string.digits) + "-" + rand(32)),
    _case("slack webhook", "alerts post to {}",
          "https://hooks.slack.com/services/T" + rand(10, UPPER_DIGITS) + "/B"
          + rand(10, UPPER_DIGITS) + "/" + rand(24)),
    _case("stripe live secret", "stripe {}", "sk_live_" + rand(24)),
    _case("stripe restricted", "stripe restricted key {}", "rk_live_" + rand(24)),
    _case("stripe test secret", "test mode key {}", "sk_test_" + rand(24)),
    _case("google api key", "maps key {}", "AIza" + rand(35, B64URL)),
    _case("jwt", "session cookie was {}", jwt()),
    _case("rsa private key", "deploy key:\n{}\nkeep it safe", pem("RSA PRIVATE KEY")),
    _case("ec private key", "signing key:\n{}", pem("EC PRIVATE KEY")),
    _case("openssh private key", "ssh key:\n{}", pem("OPENSSH PRIVATE KEY")),
    _case("pkcs8 private key", "tls key:\n{}", pem("PRIVATE KEY")),
    _case("env password", "DB_PASSWORD={}", "Tr0ub4dor" + rand(8)),
    _case("env secret", "export CLIENT_SECRET={}", rand(32)),
    _case("env token", "API_TOKEN={} ./run.sh", rand(40)),
    _case("json password", '{{"user": "admin", "password": "{}"}}', "pa55-" + rand(12)),
    _case("json api key", '{{"api_key": "{}", "region": "eu"}}', rand(32)),
    _case("yaml secret", "db:\n  host: db.internal\n  secret: {}\n", rand(24)),
    _case("yaml password quoted", "password: '{}'", "hunter2-" + rand(10)),
    _case("url credentials postgres", "DATABASE_URL=postgres://app:{}@db.internal:5432/app",
          "S3cr" + rand(16)),
    _case("url credentials https", "clone from https://deploy:{}@git.example.com/x.git",
          rand(24)),
    _case("bearer header", "curl -H 'Authorization: Bearer {}' https://api.example.com",
          rand(40, B64URL + ".")),
    _case("private span", "keep this: <private>{}</private> but not that", "my home address is 1 "
          "Elm St " + rand(8)),
    _case("private span multiline", "<private>\nline one {}\nline two\n</private> after",
          rand(16)),
    _case("npm token", "//registry.npmjs.org/:_authToken npm {}", "npm_" + rand(36)),
    _case("pypi token", "twine upload with {}", "pypi-AgEIcHlwaS5vcmc" + rand(60, B64URL)),
]

NEAR_MISSES = [
    "commit 3f2c1e9a7b5d4c6e8f0a1b2c3d4e5f6a7b8c9d0e fixed the race",
    "request id 123e4567-e89b-12d3-a456-426614174000 failed",
    "call the API with max_tokens=4096 and temperature=0.2",
    "we are redesigning the password reset flow next sprint",
    "rate limiting uses a token bucket per tenant",
    "password=${DB_PASSWORD} is read from the environment",
    'secret: "{{ vault_secret }}" is templated by ansible',
    "token = os.environ['API_TOKEN']",
    "the repo is https://github.com/acme/api",
    "we moved from sk-learn pipelines to plain numpy",
    "set --tenant-max-records to 10000 in staging",
    "the crash is at hnsw.c:214 when M is zero",
    "AEGIS_RECALL_TOP_K controls how many memories are injected",
    "see session.py for the reconnect logic",
    "the tokenizer splits on whitespace",
    "password_min_length = 12",
    "docs at https://docs.example.com:8443/guide/setup",
    "use Bearer authentication for the admin API",
    "ssh into git@github.com:acme/api.git to push",
    "version v1.2.3-rc.4 shipped on 2026-01-31",
    "api_key = settings.API_KEY is read at startup",
    "password = getpass() prompts on the terminal",
    "token = get_token(user) refreshes lazily",
    "credentials: none",
    "verify_secret=true in the test config",
    "token: process.env.GITHUB_TOKEN",
    "password: ${{ secrets.DB_PASSWORD }}",
    "set max_output_tokens: 8192 for long answers",
]

# Values that look a little like code but are real secrets: still redacted.
CODE_LIKE_SECRETS = ['{"password": "Pa55(w0rd)"}', "password=Pa55(w0rd)", 'password: "true"',
                     "password=nonesuch123", "api_key: settings", "token: abc(def",
                     "password=hunter2()x"]


def test_corpus_covers_at_least_thirty_distinct_shapes():
    assert len({name for name, _, _ in SECRETS}) >= 30
    assert len({secret for _, _, secret in SECRETS}) == len(SECRETS)


@pytest.mark.parametrize("name,text,secret", SECRETS, ids=[c[0] for c in SECRETS])
def test_secret_is_replaced_by_a_marker(name, text, secret):
    result = redact(text)
    assert secret not in result.text
    assert "[REDACTED:" in result.text
    assert result.changed and result.rules
    # No recognisable fragment of a long secret survives either.
    if len(secret) >= 24:
        assert secret[8:24] not in result.text


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_near_miss_survives_unchanged(text):
    result = redact(text)
    assert result.text == text
    assert result.rules == ()


@pytest.mark.parametrize("text", CODE_LIKE_SECRETS)
def test_code_shaped_secret_values_are_still_redacted(text):
    result = redact(text)
    assert result.rules == ("secret",)
    # A quoted value keeps its quotes, so pasted JSON or YAML stays well-formed.
    assert result.text.endswith(("[REDACTED:secret]", '[REDACTED:secret]"', "[REDACTED:secret]'",
                                 '[REDACTED:secret]"}'))


def test_surrounding_text_is_kept_so_the_memory_still_reads():
    result = redact("DB_PASSWORD=hunter2hunter2 and the host is db.internal")
    assert result.text == "DB_PASSWORD=[REDACTED:secret] and the host is db.internal"


def test_url_credentials_keep_scheme_user_and_host():
    result = redact("postgres://app:s3cretpassw0rd@db.internal:5432/app")
    assert result.text == "postgres://app:[REDACTED:password]@db.internal:5432/app"


def test_a_pem_block_becomes_one_marker():
    result = redact("key:\n" + pem("RSA PRIVATE KEY") + "\nend")
    assert result.text == "key:\n[REDACTED:private-key]\nend"


def test_an_unterminated_private_span_hides_everything_after_it():
    result = redact("public part <private>all of this is private")
    assert result.text == "public part [REDACTED:private]"


def test_redaction_is_idempotent():
    for _, text, _ in SECRETS:
        once = redact(text).text
        assert redact(once).text == once


def test_every_rule_and_provider_is_exercised_by_the_corpus():
    fired = set()
    for _, text, _ in SECRETS:
        fired.update(redact(text).rules)
    for case in CORPUS:
        fired.update(redact(case.text).rules)
    rules = {rule.name for rule in RULES} - {"provider"}
    assert rules <= fired
    # every provider family in the table is met by at least one corpus secret or is one
    # of the table's rarer shapes, which the generic test below builds from its pattern
    assert len({name for name, _, _ in PROVIDERS} & fired) >= 60


@pytest.mark.parametrize("case", CORPUS, ids=[c.id for c in CORPUS])
def test_every_corpus_secret_is_redacted(case):
    result = redact(case.text)
    for fragment in fragments(case.secret):
        assert fragment not in result.text
    assert result.rules


@pytest.mark.parametrize("text", CORPUS_NEAR_MISSES)
def test_every_corpus_near_miss_survives(text):
    assert redact(text).text == text


def test_every_provider_rule_has_a_named_source():
    for name, pattern, source in PROVIDERS:
        assert source.startswith(("gitleaks: ", "trufflehog: ")), name
        re.compile(pattern)


@pytest.mark.parametrize("text", [
    "a" * 200_000, "=" * 100_000, "key=" * 20_000, "password is " * 10_000,
    "-----BEGIN RSA PRIVATE KEY-----" + "-" * 50_000, "x:" * 50_000 + "@",
    "postgres://u:" + "p" * 100_000, "Authorization: " + "A" * 100_000,
    ("the token for the " + "word " * 5) * 2_000, "eyJ" + "a." * 50_000,
    "<private>" * 10_000, "A1b2" * 30_000,
])
def test_pathological_input_is_redacted_in_bounded_time(text):
    """No pattern backtracks catastrophically: each of these takes well under a
    second (a quadratic pattern would take minutes); bounded by a generous alarm."""
    import signal
    signal.signal(signal.SIGALRM, lambda *_: pytest.fail("redaction took over 20 s"))
    signal.alarm(20)
    try:
        redact(text)
    finally:
        signal.alarm(0)


def test_marker_names_the_rule_not_the_secret():
    secret = "ghp_" + rand(36)
    result = redact(f"token {secret}")
    assert MARKER.format("github-token") in result.text


def test_updating_a_memory_stored_under_older_rules_keeps_no_secret_in_history(service):
    """An update archives the current text as a version; text stored before today's
    rules caught it is re-redacted first, in the row and in its earlier versions."""
    secret = "gsk_" + rand(52)
    memory = service.save("groq access for the eval harness").memory
    store = service.store
    with store._write() as db:        # as an older release would have stored it
        db.execute("UPDATE memories SET text = ? WHERE id = ?", (f"groq key {secret}", memory.id))
    service.update(memory.id, text="groq access moved to the vault")
    service.update(memory.id, tags="groq")
    texts = [v.text for v in service.history(memory.id)] + [service.get(memory.id).text]
    assert len(texts) == 3
    assert not any(secret in text for text in texts)
    assert "[REDACTED:groq-key]" in texts[0]


# ---------------------------------------------------------------- end to end

def test_saved_secrets_never_reach_the_database_file_or_the_data_dir(service, data_dir):
    from aegis.log import get_logger, log_to_file
    logger = get_logger()
    saved_state = (logger.level, logger.propagate)
    log_to_file(data_dir)
    try:
        logger.warning("saving %d memories", len(SECRETS))      # the log file exists
        ids = []
        for name, text, secret in SECRETS:
            result = service.save(f"{name}: {text}", tags="secrets")
            assert secret not in result.memory.text
            ids.append(result.memory.id)
        # Updates are a write path too.
        _, text, secret = SECRETS[0]
        service.update(ids[0], text="rotated: " + SECRETS[1][1])
        for handler in get_logger().handlers:
            handler.flush()
        blobs = b""
        for path in sorted(data_dir.rglob("*")):
            if path.is_file():
                blobs += path.read_bytes()
        assert (data_dir / "aegis.log").is_file() and (data_dir / "memory.db").is_file()
        for _, _, secret in SECRETS:
            assert secret.encode() not in blobs
            # The secret's core also must not be there (e.g. across a WAL page boundary).
            core = secret.strip()[4:20].encode()
            assert core not in blobs
    finally:
        for handler in list(logger.handlers):
            if getattr(handler, "_aegis", False):
                logger.removeHandler(handler)
                handler.close()
        logger.setLevel(saved_state[0])
        logger.propagate = saved_state[1]


def test_a_secret_in_rejected_input_does_not_appear_in_the_error(service):
    secret = "sk-ant-api03-" + rand(80, B64URL)
    oversized = f"key {secret} " + "x" * 20_000
    with pytest.raises(AegisError) as info:
        service.save(oversized)
    assert secret not in str(info.value)
    with pytest.raises(AegisError) as info:
        service.save(f"key {secret}\x00binary")
    assert secret not in str(info.value)
    with pytest.raises(AegisError) as info:
        service.update("mem_" + "0" * 12, text=f"key {secret}")
    assert secret not in str(info.value)


def test_search_for_a_secret_does_not_find_the_redacted_memory_by_its_value(service):
    secret = "ghp_" + rand(36)
    service.save(f"deploy bot uses {secret}")
    assert service.search(secret) == []


@pytest.mark.parametrize("text", [
    "the AegisDB token is read-only (ro): memories can be read but not saved",
    "the secret is out-of-date, ask for a new one",
    "the token is well-known to be short-lived",
])
def test_hyphenated_prose_after_a_secret_word_is_kept(text):
    assert redact(text).text == text


def test_a_diceware_passphrase_in_prose_is_a_secret():
    result = redact("the vault password is correct-horse-battery-staple")
    assert "horse" not in result.text and result.rules


@pytest.mark.parametrize("text, secret", [
    ("the staging db password is Tr0ub4dor&3 for now", "Tr0ub4dor&3"),
    ("DB_PASSWORD=x9&Kq2!mZ7 in the .env", "x9&Kq2!mZ7"),
])
def test_an_ampersand_inside_a_password_is_part_of_it(text, secret):
    out = redact(text).text
    assert "&" not in out and secret[:4] not in out and "[REDACTED" in out


@pytest.mark.parametrize("text, kept", [
    ("https://api.example.com/cb?token=9f8a7b6c5d4e3f2a1b0c&next=/home", "&next=/home"),
    ("TOKEN=k3Jd8sLq0pZx && make deploy", "&& make deploy"),
])
def test_an_ampersand_that_starts_a_parameter_or_a_command_ends_the_value(text, kept):
    assert redact(text).text.endswith(kept)


@pytest.mark.parametrize("text, secret", [
    ("the root pw is P@ssw0rd2024", "P@ssw0rd2024"),
    ("db pass is Tr0ub4dor&3x for now", "Tr0ub4dor&3x"),
    ("ssh pwd: hunter2Hunter", "hunter2Hunter"),
    ("DB_PASS=hunter22", "hunter22"),
])
def test_short_password_words_guard_a_password_shaped_value(text, secret):
    assert secret not in redact(text).text


@pytest.mark.parametrize("text", [
    "boarding pass: printed", "PASS: test_login", "one pass is enough", "pass is 3",
    "did the build pass? yes", "pw reset flow is in auth.py", "if ok: pass",
])
def test_short_password_words_in_prose_redact_nothing(text):
    assert redact(text).text == text
