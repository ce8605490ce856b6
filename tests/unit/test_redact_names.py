"""Credential names run together, a password's trailing punctuation, prose
credentials, and the name a redaction is reported by (trial4 F2, F3, F11)."""

from __future__ import annotations

import re

import pytest

from aegis.redact import MARKER_TEXT, redact
from tests.secret_corpus import load

VALUE = "Kettle-Brass-Lamp-42"


@pytest.mark.parametrize("name", [
    "PGPASSWORD", "DBPASSWORD", "ADMINPASSWORD", "ROOTPASS", "DBPASS", "REDIS_AUTH", "GITHUB_PAT",
    "POSTGRES_PASSWORD", "MYSQL_PWD", "pgpassword", "APPSECRET", "ADMINTOKEN", "OPENAIAPIKEY",
    "GCPCREDENTIALS", "basicAuth", "SMTP_AUTH", "DBPWD",
])
def test_an_assignment_to_a_run_together_credential_name_is_redacted(name):
    result = redact(f"{name}={VALUE}")
    assert result.text == f"{name}=[REDACTED:secret]" and result.rules == ("secret",)


@pytest.mark.parametrize("text, secret", [
    ("export PGPASSWORD='S3cr3t#Pass$99'", "S3cr3t#Pass$99"),
    ("For local dev we always connect with PGPASSWORD=Kettle-Brass-Lamp-42 psql -h localhost app.",
     "Kettle"),
    ("Convention: the CI database login is ci_user with DBPASSWORD=Velvet-Acorn-Tide-19.", "Velvet"),
    ('{"dbpassword": "toor"}', "toor"),
    ("ROOTPASS=toor", "toor"),
    ("ROOTPASS: hunter22", "hunter22"),
    ("self.dbpassword = 'plain'", "plain"),
])
def test_run_together_names_in_commands_code_and_config(text, secret):
    out = redact(text).text
    assert secret not in out and "[REDACTED:secret]" in out


@pytest.mark.parametrize("text", [
    "PASSTHROUGH=1", "COMPASS_URL=https://compass.example.com", "COMPASS=north", "BYPASS=yes",
    "AUTHOR=Jane Doe", "OAUTH_CALLBACK_URL=https://app.example.com/cb", "TOKENIZER=bert",
    "OLDPWD=/home/me/src", "MAX_TOKENS=4096", "NUMTOKEN=512", "ENABLE_AUTH=true", "AUTH=oauth2",
    "REDIS_AUTH=password", "FILE_PAT=test_*.py", "GLOB_PAT=*.md", "GITHUB_PAT=${GITHUB_PAT}",
    "DBPASS=$DBPASS", "PGPASSWORD_FILE=/run/secrets/pg", "NEXTAUTH_URL=http://localhost:3000",
    "echo ${DBPASS:-unset}", "if DBPASS == x: pass", "SURPASS=2", "ROOTPASS=",
    "the dbpassword: see the runbook", "SSO_AUTH=saml",
])
def test_names_and_values_that_are_not_credentials_are_kept(text):
    assert redact(text).text == text


@pytest.mark.parametrize("text, expected", [
    ("db password=Sup3rS3cretPw!", "db password=[REDACTED:secret]"),
    ("the password is hunter2!!", "the password is [REDACTED:secret]"),
    ("DB_PASSWORD=Pa55?!", "DB_PASSWORD=[REDACTED:secret]"),
    ("the password is Tr0ub4dor-77x.", "the password is [REDACTED:secret]."),
    ("(the password is Tr0ub4dor-77x!) then", "(the password is [REDACTED:secret]) then"),
    ("PGPASSWORD=Kettle-Brass-Lamp-42! psql", "PGPASSWORD=[REDACTED:secret] psql"),
])
def test_a_passwords_trailing_punctuation_is_inside_the_marker(text, expected):
    assert redact(text).text == expected


@pytest.mark.parametrize("text, expected", [
    ("for staging log in as deploy with password deploy123",
     "for staging log in as deploy with password [REDACTED:secret]"),
    ("the basic auth for the grafana box is admin:GrafanaRocks!",
     "the basic auth for the grafana box is admin:[REDACTED:secret]"),
    ("the root pw is toor", "the root pw is [REDACTED:secret]"),
    ("the admin password is purplemonkey", "the admin password is [REDACTED:secret]"),
    ("the wifi password is correcthorsebatterystaple.", "the wifi password is [REDACTED:secret]."),
    ("the admin password is purplemonkey and the user is admin",
     "the admin password is [REDACTED:secret] and the user is admin"),
    ("Password: sunshine", "Password: [REDACTED:secret]"),
    ("connect using password s3cret99 from the jump host",
     "connect using password [REDACTED:secret] from the jump host"),
])
def test_prose_credentials_are_redacted(text, expected):
    assert redact(text).text == expected


@pytest.mark.parametrize("text", [
    "the password is stored in Vault", "the password is required", "the password is required.",
    "the password is wrong", "the password is expired", "the password is set", "the password is reset",
    "the password is empty", "the password is rotated", "the password is in 1password",
    "the password is in vault", "the password is hashed with bcrypt", "the password is too short",
    "the password is the same as staging", "Password: required", "the password is incorrect",
    "the password is configurable", "the password is missing", "the pw is changing next week",
    "we use password authentication", "with password hashing enabled", "with password reset links",
    "the auth server is auth.internal:8443", "the auth for the api is oauth2 via okta",
    "the pass is closed", "pass is 3", "the password is case-sensitive", "the password is mandatory",
    "the password is what the login form checks", "the password is encrypted at rest",
    "the password is unique", "the password is plain text", "the password is hashed with argon2",
    "the password is whatever you set in .env", "the auth entry point is auth.py:login",
    "the auth handler is app.views:LoginView",
])
def test_prose_about_passwords_stays_readable(text):
    assert redact(text).text == text


def test_the_reported_rule_names_are_the_names_in_the_markers():
    cases, _ = load()
    texts = [case.text for case in cases] + [
        "PGPASSWORD=Kettle-Brass-Lamp-42", "postgres://app:Hunter2x@db/app", "mysql -uroot -pSecr3t",
        "Authorization: Bearer abcdefghijklmnop1234", "curl -u admin:Secr3t! https://x",
        "https://ghp_" + "a1B2" * 9 + "@github.com/x.git", "the root pw is toor"]
    for text in texts:
        result = redact(text)
        markers = [re.match(r"\[REDACTED:([a-z0-9-]+)\]", m).group(1)
                   for m in MARKER_TEXT.findall(result.text)]
        assert sorted(result.rules) == sorted(markers), text


@pytest.mark.parametrize("text", [
    "PGPASSWORD=Kettle-Brass-Lamp-42", "the root pw is toor", "db password=Sup3rS3cretPw!",
    "the basic auth for the grafana box is admin:GrafanaRocks!",
])
def test_the_new_redactions_are_idempotent(text):
    once = redact(text).text
    assert redact(once).text == once and not redact(once).rules


@pytest.mark.parametrize("text, expected", [
    ("password=Sup3rS3cretPw!:", "password=[REDACTED:secret]:"),
    ("if token == unk3x:", "if token == [REDACTED:secret]:"),
    ("the password is Tr0ub4dor-77x...", "the password is [REDACTED:secret]..."),
])
def test_a_final_full_stop_or_colon_stays_outside_the_marker(text, expected):
    assert redact(text).text == expected
