"""Words a developer uses interchangeably, for widening a search query.

People rarely ask with the words a memory was written in: "how do I ship to
prod?" for a memory about the release pipeline and production. Each line of
``GROUPS`` is one set of near-synonyms of software work (not topics: "cache" and
"redis" are related, but "redis" is not another word for "cache", so only words
a writer would really swap are grouped). A query word whose Porter stem matches a
word of a group also searches for the group's other words, at lower weight
(``aegis.text.RELATED_WEIGHT``), so an exact match still ranks first and a single
loose word cannot carry an off-topic prompt over recall's floor alone.

The groups are written from general software vocabulary, not from any labelled
prompt set; keep them that way (a word added to make one prompt pass is a fit,
not a fix). A word may sit in several groups. ``related(word)`` is cached.
"""

from __future__ import annotations

from functools import lru_cache

from aegis.stem import stem

GROUPS = """
deploy deployment release ship rollout publish
production prod
staging preprod
database db
postgres postgresql pg psql
credential credentials secret password passphrase token apikey
login signin logon authenticate authentication auth sso
logout signout
permission permissions authorization rbac privilege
test tests testing spec specs suite
ci pipeline pipelines
crash crashes segfault panic abort oom
failure fail failing broken breaks error errors
slow slowness latency sluggish lag laggy
fast quick speed speedy
performance perf throughput
memory ram heap
disk storage volume
cache caching cached memoize
queue broker
retry retries retried backoff
timeout timeouts deadline
ratelimit throttle throttling quota
log logs logging logger
monitoring metrics observability telemetry dashboard
trace traces tracing span spans
alert alerts alerting paging pager pagerduty
oncall rota rotation
incident outage downtime postmortem
backup backups snapshot snapshots restore dump
migration migrations migrate schema
config configuration settings setting configure
environment env envvar
dependency dependencies package packages library libraries lib
install installation setup
upgrade update bump
merge merging squash
review reviews reviewer reviewers approve approval approvals
pr mr
lint linter linting
format formatter formatting prettier
indent indentation tabs spaces whitespace
typescript ts
javascript js
python py
golang go
frontend ui client web console interface
backend server
endpoint endpoints route routes url
webhook webhooks callback callbacks
email emails mail
notification notifications notify
customer customers client clients tenant
user users account accounts
delete deletion remove removal purge drop
price pricing cost amount
money currency
payment payments pay billing invoice invoices charge checkout
timezone tz utc
timestamp timestamps datetime date dates
translate translation translations localise localize localisation localization i18n l10n
locale language languages
doc docs documentation readme
decision decisions decide decided chose chosen choose picked pick
reason rationale
convention conventions rule rules policy guideline guidelines standard
short brief concise terse succinct
answer answers reply replies response responses
docker container containers image
kubernetes k8s cluster pod pods helm
host machine node instance vm
flag flags toggle toggles
encrypt encryption encrypted tls ssl https
signature signatures sign signed signing hmac
verify verification validate validation
exception exceptions traceback stacktrace
debug debugging troubleshoot diagnose
fix fixes fixed patch workaround
refactor refactoring cleanup
deprecated legacy obsolete
retention retain expire expiry expiration ttl
schedule scheduled cron nightly
job jobs task tasks worker workers
upload uploads ingest ingestion import
download export
search lookup
location gps coordinates position positions geolocation
phone mobile device smartphone
offline connectivity signal reception
password pin passcode
lockout lock locked
maximum max limit cap ceiling
minimum min
repo repository codebase
directory folder dir
function method func
variable var
parameter param params argument arg args
column columns field fields
duplicate duplicates dedupe deduplicate
concurrency parallel parallelism
thread threads goroutine
async asynchronous background
sync synchronous blocking
secure security vulnerability
privacy pii personal gdpr
""".strip().splitlines()


@lru_cache(maxsize=1)
def _by_start() -> dict[str, list[tuple[str, int]]]:
    """First three letters -> (word, group number) of every grouped word.

    Cheap to build (no stemming): a hook pays for it on every prompt, and only
    the few words sharing a query word's start are ever stemmed.
    """
    index: dict[str, list[tuple[str, int]]] = {}
    for number, line in enumerate(GROUPS):
        for word in line.split():
            index.setdefault(word[:3], []).append((word, number))
    return index


@lru_cache(maxsize=512)
def related(word: str) -> tuple[str, ...]:
    """The words related to ``word`` (not those sharing its stem), sorted; () if none."""
    own = stem(word)
    # A stem keeps its word's first letters, so a grouped word of the same stem starts alike.
    groups = {number for grouped, number in _by_start().get(own[:3], ())
              if stem(grouped) == own}
    if not groups:
        return ()
    return tuple(sorted({w for number in groups for w in GROUPS[number].split()
                         if stem(w) != own}))
