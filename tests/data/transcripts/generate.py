"""Generator for the labelled transcript fixtures, in Claude Code 2.1.332's JSONL shape.

Run it to rewrite the ``*.jsonl`` / ``*.labels.json`` pairs (except
``real_cli_2_1_332``, a trimmed transcript the real CLI wrote in an e2e run).
Labels: ``must_capture`` phrases must appear in some stored memory,
``must_not_capture`` phrases in none. Fixtures 4-7 were written after the
extraction rules, to measure them on conversations they were not tuned on.
"""
import json, uuid, itertools
from pathlib import Path

OUT = Path(__file__).resolve().parent
VERSION = "2.1.332"
clock = itertools.count(0)

class T:
    def __init__(self, session, cwd="/home/dev/shop"):
        self.session, self.cwd, self.lines, self.parent = session, cwd, [], None
        self.rng = uuid.UUID(session)
        self.n = 0
    def uid(self):
        self.n += 1
        return str(uuid.uuid5(self.rng, str(self.n)))
    def ts(self):
        s = next(clock)
        return f"2026-03-02T10:{(s // 60) % 60:02d}:{s % 60:02d}.{s % 1000:03d}Z"
    def base(self, kind, sidechain=False, **extra):
        u = self.uid()
        rec = {"parentUuid": self.parent, "isSidechain": sidechain, "userType": "external",
               "cwd": self.cwd, "sessionId": self.session, "version": VERSION,
               "gitBranch": "main", "type": kind, "uuid": u, "timestamp": self.ts()}
        rec.update(extra)
        if not sidechain:
            self.parent = u
        return rec
    def user(self, content, **extra):
        rec = self.base("user", message={"role": "user", "content": content}, **extra)
        self.lines.append(rec); return rec
    def assistant(self, blocks, sidechain=False, **extra):
        mid = "msg_01" + self.uid().replace("-", "")[:22]
        for block in blocks:
            if isinstance(block, str):
                block = {"type": "text", "text": block}
            rec = self.base("assistant", sidechain=sidechain, requestId="req_011" + mid[6:20],
                            message={"id": mid, "type": "message", "role": "assistant",
                                     "model": "claude-sonnet-4-5-20250929", "content": [block],
                                     "stop_reason": None, "stop_sequence": None,
                                     "usage": {"input_tokens": 12, "cache_creation_input_tokens": 0,
                                               "cache_read_input_tokens": 4210, "output_tokens": 48,
                                               "service_tier": "standard"}}, **extra)
            self.lines.append(rec)
    def tool(self, name, inp, output, is_error=False):
        tid = "toolu_01" + self.uid().replace("-", "")[:22]
        self.assistant([{"type": "tool_use", "id": tid, "name": name, "input": inp}])
        self.user([{"tool_use_id": tid, "type": "tool_result", "content": output, "is_error": is_error}],
                  toolUseResult={"stdout": output if isinstance(output, str) else "", "stderr": "",
                                 "interrupted": False, "isImage": False})
    def thinking(self, text):
        self.assistant([{"type": "thinking", "thinking": text, "signature": "EqQBCkYIBxgCKkBx"}])
    def raw(self, rec):
        self.lines.append(rec)
    def attachment(self, attachment):
        self.lines.append(self.base("attachment", attachment=attachment))
    def system(self, content, subtype="informational"):
        self.lines.append(self.base("system", subtype=subtype, content=content, isMeta=False, level="info"))
    def write(self, name, must, must_not):
        with open(OUT / f"{name}.jsonl", "w") as fh:
            for rec in self.lines:
                fh.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n")
        with open(OUT / f"{name}.labels.json", "w") as fh:
            json.dump({"must_capture": must, "must_not_capture": must_not}, fh, indent=2)
            fh.write("\n")

# ---------------------------------------------------------------- 1: decisions and fixes
t = T("5f0c1c1e-2b7a-4c43-9a55-0d1f7b3e0a11")
t.raw({"type": "summary", "summary": "Staging deploy failures and billing DB choice", "leafUuid": t.uid()})
t.raw({"type": "file-history-snapshot", "messageId": t.uid(), "snapshot": {"messageId": t.uid(), "trackedFileBackups": {}, "timestamp": "2026-03-02T10:00:00.000Z"}, "isSnapshotUpdate": False})
t.user("The deploy keeps failing on staging. Here's the log:\n```\n2026-03-02 10:00:01 ERROR deploy failed: timeout waiting for db\n```\n2026-03-02 10:00:02 WARN we always retry 3 times before giving up\nCan you look?")
t.thinking("The user wants me to investigate. We decided nothing yet; the root cause is unknown.")
t.assistant(["Let me check the deploy script."])
t.tool("Bash", {"command": "cat deploy.sh", "description": "Show deploy script"},
       "#!/bin/sh\n# we always run migrations first\nset -e\n./migrate.sh && ./start.sh\n")
t.assistant(["The root cause was the migration step running before the database container was healthy. I fixed it by adding a healthcheck wait in `deploy.sh` before `migrate.sh` runs."])
t.user("Great, thanks!")
t.user("Let's use Postgres 16 instead of MySQL for the new billing service, because we need row-level security.")
t.assistant(["Sounds good. I'll update the docker-compose file."])
t.tool("Edit", {"file_path": "/home/dev/shop/docker-compose.yml", "old_string": "mysql:8", "new_string": "postgres:16"},
       [{"type": "text", "text": "The file /home/dev/shop/docker-compose.yml has been updated. We decided to use postgres:16."}])
t.user("Also, we deploy with `make ship` from the release branch.")
t.user("Should we add Redis for caching?")
t.assistant(["We could maybe add Redis later if latency becomes a problem."])
t.user("No. We decided to keep caching in-process with `functools.lru_cache` for now.")
t.user("Remember that the staging database is reset every Sunday at 02:00 UTC.")
t.assistant(["Noted: the staging database is reset every Sunday at 02:00 UTC, so I won't rely on data there."])
t.tool("Bash", {"command": "pytest -q"}, "........\n142 passed in 3.2s\nRemember that tests are slow.\n")
t.assistant(["All 142 tests pass."])
t.user("<private>The admin password is hunter2 and we never share it.</private> Please never log request bodies in the API gateway.")
t.user("The bug was that `parse_date` in utils/dates.py treated naive timestamps as local time.")
t.assistant(["Here is the patch:\n\n```python\n# we always use UTC here\ndef parse_date(value):\n    return datetime.fromisoformat(value).replace(tzinfo=timezone.utc)\n```\n\nThat makes `parse_date` return aware datetimes in UTC."])
t.write("decisions_and_fixes",
        ["migration step running before the database container was healthy", "healthcheck wait",
         "Postgres 16", "make ship", "lru_cache", "reset every Sunday", "never log request bodies",
         "naive timestamps"],
        ["timeout waiting for db", "retry 3 times", "run migrations first", "Redis", "hunter2",
         "we always use UTC here", "tests are slow", "decided to use postgres:16", "142 tests",
         "root cause is unknown", "docker-compose file"])

# ---------------------------------------------------------------- 2: preferences and rules
t = T("9a7d2f33-61c4-4e0e-8c2b-7b1f6c2d9e22", cwd="/home/dev/webapp")
t.user("I prefer short commit messages in the imperative mood.")
t.assistant(["Got it."])
t.user("Please always run `ruff check` and `pytest -q` before you commit.")
t.user("hi there")
t.user([{"type": "text", "text": "Our convention is that every public function has a docstring that states the contract."}])
t.assistant(["Understood. I'll follow that convention from here on."])
t.user("We use pnpm, not npm, in the web/ folder.")
t.user("I'd rather you ask before deleting files.")
t.user("Can you rename the function?")
t.assistant(["Done. I've renamed `fetchUser` to `loadUser` across 4 files."])
t.user("Never commit the `.env` file; secrets live in 1Password.")
t.user("Keep in mind that the API rate limit is 100 requests per minute per token.")
t.user("Maybe we should switch to Vite at some point?")
t.user("ok")
t.assistant(["Note: the build cache lives in `.cache/build` and can be deleted safely."])
t.assistant(["I think the flaky test might be caused by the shared temp directory."])
t.user("It crashes with:\nTraceback (most recent call last):\n  File \"app.py\", line 10, in <module>\n    main()\nKeyError: 'user_id'\n")
t.user([{"type": "text", "text": "From now on, all new endpoints go under /api/v2, e.g. /api/v2/orders."},
        {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}}])
t.assistant(["I'll keep that in mind. Let me look at the router."])
t.write("preferences_and_rules",
        ["short commit messages", "ruff check", "docstring that states the contract", "pnpm",
         "ask before deleting files", ".env", "100 requests per minute", "build cache",
         "/api/v2"],
        ["hi there", "rename the function", "loadUser", "Vite", "flaky test", "KeyError",
         "Got it", "follow that convention", "look at the router"])

# ---------------------------------------------------------------- 3: Claude Code machinery
t = T("c3b9e1d4-0f5e-4a8a-b1d2-3e4f5a6b7c33", cwd="/home/dev/infra")
t.user("<command-name>/clear</command-name>\n            <command-message>clear</command-message>\n            <command-args></command-args>")
t.user("<local-command-stdout>We always use the blue-green strategy.</local-command-stdout>")
t.user("Caveat: The messages below were generated by the user while running local commands. DO NOT respond to these messages.", isMeta=True)
t.attachment({"type": "hook_additional_context", "hookName": "UserPromptSubmit",
              "content": ["Aegis memory (data, not instructions): We decided to deploy with Helm 2."]})
t.user("<system-reminder>Remember that the on-call rota is in PagerDuty.</system-reminder>\nWhy does terraform plan show drift on the VPC?")
t.assistant(["I'll delegate the search to a subagent."])
t.user("Search the repo for VPC definitions", isSidechain=True)
t.assistant(["We decided to use RabbitMQ for the job queue."], sidechain=True)
t.tool("Task", {"description": "find VPC", "prompt": "Search the repo for VPC definitions"},
       [{"type": "text", "text": "Found 2 files. The convention is to always tag resources with owner."}])
t.assistant(["The drift turned out to be caused by the AWS provider adding default tags that are not in the state file."])
t.system("Conversation compacted", subtype="compact_boundary")
t.user("This session is being continued from a previous conversation that ran out of context. Summary: we decided to use Kafka for events.", isCompactSummary=True, isVisibleInTranscriptOnly=True)
t.user("The fix was to pin `urllib3<2` because the vendored botocore breaks with 2.x.")
t.raw({"type": "progress", "data": {"type": "bash_progress", "output": "We always deploy on Fridays"}, "toolUseID": "toolu_01x", "parentToolUseID": "toolu_01x", "uuid": t.uid(), "timestamp": t.ts()})
t.user("We are going with GitHub Actions instead of CircleCI for CI.")
t.assistant([{"type": "redacted_thinking", "data": "abc"}, ])
t.assistant(["Okay, moving the pipeline now."])
t.write("claude_code_machinery",
        ["default tags", "urllib3<2", "GitHub Actions"],
        ["blue-green", "Helm 2", "PagerDuty", "RabbitMQ", "tag resources with owner", "Kafka",
         "deploy on Fridays", "delegate the search", "moving the pipeline"])

# ---------------------------------------------------------------- 4: a refactoring session (written after tuning)
t = T("e1f2a3b4-5c6d-4e7f-8a9b-0c1d2e3f4a44", cwd="/home/dev/clitool")
t.user("hey, can you help me refactor the config loader? it's a mess")
t.assistant(["Sure! Let me take a look at `config.py` first."])
t.tool("Read", {"file_path": "/home/dev/clitool/config.py"},
       "     1\t# NOTE: never read env vars here\n     2\timport os\n     3\tdef load():\n     4\t    ...\n")
t.assistant(["The loader currently merges three sources in an ad-hoc way. I'd suggest one precedence table: defaults, then the file, then env."])
t.user("yes, do that. and env should always win over the file.")
t.assistant(["Done. I've added a `PRECEDENCE` tuple and a single `resolve()` function."])
t.user("nice. btw I really don't like one-letter variable names, please avoid them")
t.user("oh and the tests live in tests/unit, integration tests need docker so they're marked with @pytest.mark.docker")
t.assistant(["Got it, I'll run only the unit tests: `pytest tests/unit`."])
t.tool("Bash", {"command": "pytest tests/unit -q"},
       "F.....\nFAILED tests/unit/test_config.py::test_env_wins - AssertionError\n1 failed, 5 passed\n", is_error=True)
t.assistant(["The test failed because `load_config` cached the parsed file in a module-level dict, so the env override from the previous test leaked. I removed the cache."])
t.user("hmm, the cache was there for a reason, startup time. don't remove it, make it keyed by the file's mtime instead.")
t.user("What's the difference between tomllib and tomli?")
t.assistant(["`tomllib` is the standard-library TOML parser since Python 3.11; `tomli` is the backport for older versions."])
t.user("ok we support 3.10 so we keep tomli as a fallback dependency")
t.assistant(["Makes sense. I'll add `tomli; python_version < \"3.11\"` to the requirements."])
t.user("here's my current config for reference:\n{\n  \"timeout\": 30,\n  \"retries\": 3,\n  \"always_verify\": true\n}")
t.user("Thanks! That's all for today.")
t.write("refactor_session",
        ["env should always win", "one-letter variable names", "@pytest.mark.docker",
         "cached the parsed file", "mtime", "tomli as a fallback"],
        ["Let me take a look", "never read env vars here", "PRECEDENCE", "backport",
         "That's all", "AssertionError", "suggest", "always_verify", "for reference"])

# ---------------------------------------------------------------- 5 and 6: written after tuning, measured before re-tuning
t = T("0b1c2d3e-4f5a-4b6c-9d7e-8f9a0b1c2d55", cwd="/home/dev/queue")
t.user("pytest is hanging on CI but not locally. any idea?")
t.assistant(["Good question. A few things could cause this:\n\n1. **Network access** \u2013 CI runners often block outbound traffic.\n2. **A fixture waiting on stdin** \u2013 if a test calls `input()`, it will hang forever without a TTY.\n3. **Deadlocks in threads**\n\nLet me check the conftest."])
t.tool("Grep", {"pattern": "Popen", "path": "tests"}, "tests/conftest.py:14:    proc = subprocess.Popen([\"redis-server\", \"--port\", \"6390\"])\n")
t.assistant(["Found it. `conftest.py` starts a local Redis via `subprocess.Popen` and never terminates it, so the CI job waits for the child process to exit."])
t.assistant(["## Fix\n\nI'll add a finalizer that calls `proc.terminate()` and `proc.wait(timeout=5)`."])
t.tool("Edit", {"file_path": "/home/dev/queue/tests/conftest.py", "old_string": "yield", "new_string": "yield\n    proc.terminate()"}, "The file /home/dev/queue/tests/conftest.py has been updated.")
t.assistant(["Fixed: the Redis fixture now terminates its process on teardown. CI should pass now."])
t.user("great. in general, every fixture that starts a process must clean it up, please add that to the contributing notes")
t.user("also the CI uses python 3.12 but we still need to support 3.9 for the lambda runtime")
t.assistant(["Understood \u2014 I'll avoid 3.10+ syntax such as `match` statements and `X | Y` unions."])
t.user("why did you pick 5 seconds for the timeout?")
t.assistant(["Five seconds is long enough for Redis to flush and exit cleanly on slow CI machines, and short enough that a stuck process fails the run quickly."])
t.user("ok makes sense. let's keep 5s.")
t.user("<private>my staging token is stg_8f7a6b5c4d3e2f1a</private> can you check the staging health endpoint?")
t.tool("Bash", {"command": "curl -s https://staging.example.com/health"}, "{\"status\": \"ok\", \"version\": \"2.4.1\"}")
t.assistant(["The staging health endpoint returns 200 and reports version 2.4.1."])
t.write("debugging_session",
        ["never terminates it", "terminates its process on teardown", "must clean it up",
         "support 3.9"],
        ["Network access", "waiting on stdin", "Let me check", "stg_", "returns 200",
         "any idea", "health endpoint"])

t = T("1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e66", cwd="/home/dev/inventory")
t.user("Let's plan the migration from REST to gRPC for the inventory service. Constraints: we can't break the mobile app, which still talks REST, so the REST gateway stays until Q3. We'll generate the clients with buf, not protoc directly. And I don't want any hand-written stubs checked in.")
t.assistant(["## Plan\n\n- Define protos in `proto/inventory/v1`\n- Generate clients with `buf generate`\n- Keep the REST gateway (grpc-gateway) until Q3\n\nDoes this match what you had in mind?"])
t.user("yes. one correction: protos go in `api/proto`, not `proto/`.")
t.user("and we version packages as v1, v2, never in-place breaking changes")
t.assistant(["Got it. I'll update the plan."])
t.user("fwiw the last attempt failed because the load balancer didn't support HTTP/2 \u2014 that's fixed now, we moved to the envoy ingress.")
t.user("what do you think about using connect-go instead?")
t.assistant(["connect-go would let the same handlers serve gRPC, gRPC-Web and plain HTTP/JSON, which could simplify the gateway. It might be worth a spike."])
t.user("nah, stick with grpc-go for now.")
t.write("planning_session",
        ["REST gateway stays until Q3", "buf, not protoc", "hand-written stubs", "api/proto",
         "never in-place breaking changes", "load balancer didn't support HTTP/2", "grpc-go"],
        ["connect-go would", "worth a spike", "Does this match", "update the plan",
         "Define protos in `proto/inventory/v1`"])

t = T("2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f77", cwd="/home/dev/payments")
t.user("can you review my PR? it adds retry logic to the payment client")
t.assistant(["Sure. Let me read the diff."])
t.tool("Bash", {"command": "git diff main...HEAD"}, "diff --git a/client.py b/client.py\n+    for attempt in range(10):\n+        try:\n+            return self._post(url, body)\n+        except Exception:\n+            time.sleep(2 ** attempt)\n")
t.assistant(["A few comments:\n\n- `retry()` retries on every exception, including `ValueError` from bad input. Only transient errors like timeouts and 503s are worth retrying.\n- The backoff has no cap, so after 10 attempts it waits over 17 minutes.\n\nOtherwise looks good!"])
t.user("good catch. our payment API supports idempotency keys via the Idempotency-Key header, we always send one for POSTs")
t.user("cap the backoff at 30 seconds")
t.assistant(["Done \u2014 the backoff is now capped at 30 s and only `TimeoutError` and HTTP 503 are retried."])
t.user("the payments team owns this client, so any change to it needs a review from @payments-oncall")
t.user("how long do the integration tests take?")
t.tool("Bash", {"command": "pytest tests/integration -q"}, "................................................\n48 passed in 212.34s\n")
t.assistant(["About 3.5 minutes. Most of it is the sandbox payment provider, which is slow to spin up."])
t.user("ugh. ok, we run those nightly only, not on every PR")
t.assistant(["Python's `functools.cache` never evicts entries, so memory grows without bound \u2014 worth knowing since the client caches tokens with it."])
t.user("yeah switch the token cache to a TTL cache, tokens expire after 15 minutes")
t.user("thanks, merging")
t.write("review_session",
        ["Idempotency-Key", "30 seconds", "@payments-oncall", "nightly only", "TTL cache"],
        ["Let me read", "17 minutes", "3.5 minutes", "never evicts", "looks good", "merging",
         "review my PR"])

# ---------------------------------------------------------------- 8-12: development sessions for
# conventions said in passing, flagged facts, choices, the assistant's closing root cause and fix,
# and plain project facts (ports, paths, versions, owners, environments), amid chatter. Labels
# were written with the sessions, before any were scored.
t = T("3e4f5a6b-7c8d-4e9f-8a0b-1c2d3e4f5a88", cwd="/home/dev/harbor")
t.user("Hey! Quick context before we start on the invoice export. The app is a FastAPI service in `svc/`, "
       "and Postgres 15 runs in docker on port 5433 locally (not 5432, that one clashes with the system postgres). "
       "One of the conventions we follow is that every SQL migration gets a matching down migration in `migrations/down/`. "
       "Anyway, the task: add a CSV export endpoint for invoices. Can you start by looking at how the existing PDF export is wired?")
t.thinking("The user wants a CSV export. I should look at the PDF export first and always check the router before adding a route.")
t.assistant(["Let me look at how the PDF export is wired first."])
t.tool("Grep", {"pattern": "PdfExporter", "path": "svc"},
       "svc/exports/pdf.py:12:class PdfExporter:\nsvc/routes.py:40:    router.add_api_route(\"/invoices/pdf\", PdfExporter().handle)\n")
t.assistant(["The PDF export is a `PdfExporter` class registered in `svc/routes.py`. I'll mirror that for CSV with a `CsvExporter` next to it."])
t.user("sounds good. make sure to stream the rows with a generator though, some customers have 200k invoices and we've OOM'd the pod before. "
       "also never use pandas in request handlers, it adds 300ms to cold start")
t.assistant(["Understood. I'll write `CsvExporter.handle` to return a `StreamingResponse` over a generator."])
t.tool("Write", {"file_path": "/home/dev/harbor/svc/exports/csv.py", "content": "class CsvExporter: ..."},
       "File created successfully at: /home/dev/harbor/svc/exports/csv.py")
t.assistant(["Running the test suite now."])
t.tool("Bash", {"command": "make test"}, "........................................................\n57 passed in 4.81s\n")
t.assistant(["All 57 tests pass, including the two new ones for the CSV endpoint."])
t.user("nice. heads up, the `invoices` table is partitioned by month, so any query without a date filter scans every partition.")
t.user("FYI Dana owns the billing exports, so loop her in on the review.")
t.assistant(["I'll request a review from Dana once the PR is open."])
t.user("why are the amounts coming out as 1234.5 instead of 1234.50?")
t.thinking("Probably a float conversion somewhere. Let me read format_amount.")
t.tool("Read", {"file_path": "/home/dev/harbor/svc/exports/format.py"},
       "     1\tdef format_amount(value):\n     2\t    return str(float(value))\n")
t.assistant(["The problem was that `Decimal` values were passed through `float()` in `format_amount`, which drops trailing zeros. "
             "I fixed it by formatting with `quantize(Decimal('0.01'))` instead, so amounts always have two decimals."])
t.user("perfect, thanks. let's call it a day")
t.write("harbor_export_session",
        ["FastAPI service in `svc/`", "port 5433", "matching down migration", "stream the rows with a generator",
         "never use pandas in request handlers", "partitioned by month", "Dana owns the billing exports",
         "passed through `float()`", "quantize"],
        ["CSV export endpoint", "how the existing PDF export", "always check the router", "mirror that for CSV",
         "StreamingResponse", "Running the test suite", "57 tests pass", "request a review from Dana",
         "coming out as 1234.5", "call it a day", "float conversion somewhere"])

t = T("4f5a6b7c-8d9e-4f0a-9b1c-2d3e4f5a6b99", cwd="/home/dev/kettle")
t.user("I need to add a consumer for the `orders.created` subject. Some background: we picked NATS JetStream over Kafka "
       "because we didn't want to run ZooKeeper for a three-person team. The consumers live in `cmd/consumers/`, one binary each.")
t.assistant(["Got it. Let me look at an existing consumer to copy the pattern."])
t.tool("Bash", {"command": "ls cmd/consumers"}, "payments\nrefunds\nshipping\n")
t.thinking("payments is the closest. I'll propose a plan and we will use a durable consumer.")
t.assistant(["I'll base it on `cmd/consumers/payments`. Plan:\n\n1. Create `cmd/consumers/orders/main.go`\n"
             "2. Subscribe with a durable consumer named `orders-created`\n3. Add it to the Helm chart\n\nShall I go ahead?"])
t.user("yes. for logging we went with zerolog, not the std log package, and every log line needs a `trace_id` field. "
       "the Helm chart is in deploy/charts/kettle and prod runs in the eu-west-1 cluster.")
t.tool("Write", {"file_path": "/home/dev/kettle/cmd/consumers/orders/main.go", "content": "package main"},
       "File created successfully at: /home/dev/kettle/cmd/consumers/orders/main.go")
t.tool("Bash", {"command": "go build ./... && go test ./..."}, "ok  \tkettle/cmd/consumers/orders\t0.412s\nok  \tkettle/internal/bus\t0.208s\n")
t.assistant(["Build succeeded and the tests pass. The consumer is ready."])
t.user("hmm, when I run it locally it exits right away with 'nats: no responders available'")
t.assistant(["Let me check the connection setup."])
t.tool("Bash", {"command": "docker compose -f docker-compose.dev.yml ps"},
       "NAME        IMAGE          COMMAND\nnats        nats:2.10      \"nats-server\"\n")
t.assistant(["Found it. The local NATS container was started without the `-js` flag, so JetStream wasn't enabled and the stream lookup got no responders. "
             "The fix is to start it with `nats-server -js` in `docker-compose.dev.yml`; I've updated the compose file and the consumer now connects."])
t.user("ah right. we also bumped Go to 1.23 last week, so go.mod should say 1.23")
t.assistant(["`go.mod` already says `go 1.23`."])
t.user("cool, ship it")
t.write("kettle_consumer_session",
        ["NATS JetStream over Kafka", "one binary each", "zerolog", "`trace_id` field", "deploy/charts/kettle",
         "eu-west-1", "without the `-js` flag", "nats-server -js", "go.mod should say 1.23"],
        ["copy the pattern", "Shall I go ahead", "Create `cmd/consumers/orders/main.go`", "Build succeeded",
         "no responders available", "Let me check", "already says", "ship it", "we will use a durable consumer"])

t = T("5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7caa", cwd="/home/dev/dashboard")
t.user("Can you fix the flicker on the dashboard when filters change? We've been chasing it for a while. "
       "The frontend is in `web/`, it's Next.js 14 with the app router. We always colocate component tests next to the "
       "component as `*.test.tsx`, and we use Vitest, not Jest.")
t.thinking("Flicker on filter change usually means a Suspense boundary re-suspending. Let me check the page.")
t.assistant(["Let me look at the dashboard page and the filter component."])
t.tool("Read", {"file_path": "/home/dev/dashboard/web/app/dashboard/page.tsx"},
       "     1\t'use client'\n     2\timport { useSearchParams } from 'next/navigation'\n")
t.assistant(["I think the flicker might come from the `useSearchParams` hook triggering a Suspense fallback. Let me try wrapping the filter state in `useTransition`."])
t.tool("Edit", {"file_path": "/home/dev/dashboard/web/app/dashboard/filters.tsx", "old_string": "setFilter(v)",
                "new_string": "startTransition(() => setFilter(v))"},
       "The file /home/dev/dashboard/web/app/dashboard/filters.tsx has been updated.")
t.tool("Bash", {"command": "pnpm vitest run"}, " Test Files  38 passed (38)\n      Tests  212 passed (212)\n")
t.assistant(["All 212 tests pass and the flicker is gone in the dev server."])
t.user("great. one more thing, please don't add new dependencies without asking me first, the bundle is already 1.2MB")
t.user("also what's the difference between useTransition and useDeferredValue?")
t.assistant(["`useTransition` marks a state update as non-urgent, while `useDeferredValue` defers re-rendering with a value you already have."])
t.user("ok. keep in mind that the design system tokens come from `@acme/tokens` and must never be hardcoded as hex values.")
t.assistant(["Understood."])
t.assistant(["To summarize: the flicker was caused by `useSearchParams` re-suspending the whole page on every filter change; "
             "wrapping the filter updates in `startTransition` keeps the old UI on screen while the new data loads."])
t.write("dashboard_flicker_session",
        ["Next.js 14", "colocate component tests", "Vitest, not Jest", "new dependencies without asking",
         "never be hardcoded as hex", "re-suspending the whole page"],
        ["chasing it for a while", "might come from", "Let me try", "212 tests pass", "marks a state update",
         "Understood", "Suspense boundary re-suspending", "Let me look at the dashboard"])

t = T("6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8dbb", cwd="/home/dev/ops")
t.user("the metrics exporter stopped showing up in Grafana after yesterday's deploy")
t.assistant(["Let me check the exporter's status."])
t.tool("Bash", {"command": "ssh mon-01 systemctl status exporter"},
       "\u25cf exporter.service - metrics exporter\n   Active: active (running) since Mon 2026-11-30 17:02:11 UTC\n")
t.user("it's on the `mon-01` box. Prometheus scrapes it on port 9108, and the config is at /etc/prometheus/prometheus.yml")
t.tool("Bash", {"command": "ssh mon-01 ss -ltnp | grep exporter"}, "LISTEN 0 4096 *:9100 *:* users:((\"exporter\",pid=812))\n")
t.assistant(["The exporter is running but listening on 9100 instead of 9108."])
t.tool("Read", {"file_path": "/home/dev/ops/ansible/roles/exporter/templates/exporter.service.j2"},
       "ExecStart=/usr/local/bin/exporter\n")
t.assistant(["The root cause is that yesterday's deploy replaced the unit file and dropped the `--web.listen-address=:9108` flag, "
             "so the exporter fell back to its default port 9100. I restored the flag in "
             "`ansible/roles/exporter/templates/exporter.service.j2` and restarted the service; Grafana shows data again."])
t.user("thanks. the ansible repo is owned by the platform team (#platform on slack), so open the PR there against the `stable` branch")
t.user("staging is on Ubuntu 22.04 and prod is still on 20.04, we're migrating in Q1")
t.assistant(["I'll open the PR against `stable` now."])
t.tool("Bash", {"command": "gh pr create --base stable --fill"}, "https://github.example.com/platform/ansible/pull/482\n")
t.assistant(["PR #482 is open."])
t.user("we run node_exporter 1.8.1 everywhere, don't upgrade it until the platform team tests 1.9")
t.user("ok that's it for now")
t.write("ops_exporter_session",
        ["port 9108", "/etc/prometheus/prometheus.yml", "dropped the `--web.listen-address=:9108` flag",
         "owned by the platform team", "prod is still on 20.04", "node_exporter 1.8.1"],
        ["stopped showing up", "Let me check", "listening on 9100 instead", "open the PR against `stable` now",
         "PR #482", "that's it for now", "active (running)"])

t = T("7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9ecc", cwd="/home/dev/tidewater")
t.user("I'm going to ask you to help with the 2.0 release of `tidewater` (our tide-prediction library). First, some decisions "
       "from the last meeting: we went with hatchling as the build backend instead of setuptools since it needs no setup.py, "
       "and we're dropping Python 3.8 support in 2.0. The docs are built with mkdocs-material and published from the `gh-pages` branch.")
t.thinking("Plan: update pyproject, remove setup.py, check the CI matrix. I should run the tests after every step.")
t.assistant(["Here's what I'll do:\n\n1. Switch `pyproject.toml` to hatchling\n2. Remove `setup.py` and `setup.cfg`\n"
             "3. Drop 3.8 from the CI matrix\n\nStarting with the pyproject."])
t.tool("Edit", {"file_path": "/home/dev/tidewater/pyproject.toml", "old_string": "setuptools", "new_string": "hatchling"},
       "The file /home/dev/tidewater/pyproject.toml has been updated.")
t.tool("Bash", {"command": "python -m build"}, "Successfully built tidewater-2.0.0.tar.gz and tidewater-2.0.0-py3-none-any.whl\n")
t.assistant(["The sdist and wheel build cleanly with hatchling."])
t.user("should we also switch to uv for the CI installs?")
t.assistant(["It could cut install time, but it's a separate change. Want me to do it in a follow-up?"])
t.user("not now. another thing: the changelog is generated by towncrier from fragments in `changes/`, so never edit CHANGELOG.md by hand")
t.tool("Bash", {"command": "pytest -q"}, "....F....\nFAILED tests/test_harmonics.py::test_phase - AssertionError\n1 failed, 8 passed\n", is_error=True)
t.assistant(["One failure in `test_phase`. Let me look."])
t.tool("Read", {"file_path": "/home/dev/tidewater/tests/test_harmonics.py"}, "    assert phase(a) == expected\n")
t.assistant(["The issue was that the test compared phase angles with `==` on floats, and the fresh build environment pulled in numpy 2.1, "
             "whose `arctan2` differs in the last bit. I changed the assertion to `pytest.approx` with `abs=1e-9`, and the suite passes."])
t.assistant(["Note that `conftest.py` sets `TZ=UTC` for every test, so local-time bugs won't show up in the suite."])
t.user("good to know. we're done for today, thanks!")
t.write("tidewater_release_session",
        ["hatchling as the build backend", "dropping Python 3.8", "mkdocs-material", "towncrier",
         "never edit CHANGELOG.md by hand", "compared phase angles with `==`", "pytest.approx",
         "sets `TZ=UTC` for every test"],
        ["help with the 2.0 release", "run the tests after every step", "Remove `setup.py`", "Starting with the pyproject",
         "build cleanly", "switch to uv", "follow-up", "One failure", "done for today"])

# ---------------------------------------------------------------- 13-15: a second development batch,
# written after the rules for 8-12 and labelled before scoring: rambling and terse users,
# markdown-heavy replies, other wordings of the same kinds.
t = T("8d9e0f1a-2b3c-4d4e-9f5a-6b7c8d9e0fdd", cwd="/home/dev/lumen")
t.user("ok so context dump before we touch anything: this is the lumen monolith, Rails 7.1 on Ruby 3.3. sidekiq handles "
       "background jobs and redis for it is at redis://cache.lumen.internal:6379/2. we tend to keep controllers thin, business "
       "logic goes into app/services as plain ruby objects. also rubocop runs in CI and it will fail the build on any offense "
       "so don't leave warnings around. the thing I want today is a job that expires stale carts.")
t.thinking("Need to look at the existing jobs first. Plan: create ExpireStaleCartsJob and we should always schedule it hourly.")
t.assistant(["I'll start by looking at the existing jobs in `app/jobs`."])
t.tool("Bash", {"command": "ls app/jobs"}, "application_job.rb\nsend_receipt_job.rb\nsync_inventory_job.rb\n")
t.assistant(["Here's my plan:\n\n- Add `ExpireStaleCartsJob` in `app/jobs`\n- Put the query in `Carts::ExpireStale` under `app/services`\n"
             "- Schedule it with sidekiq-cron every hour\n\nSound OK?"])
t.user("yep. carts count as stale after 72 hours btw, that's a product decision from marketing, don't change it without asking Priya")
t.tool("Bash", {"command": "bundle exec rspec"}, "..................................\n\nFinished in 6.2 seconds\n34 examples, 0 failures\n")
t.assistant(["All 34 specs pass."])
t.user("the cron schedule file is config/schedule.yml right?")
t.assistant(["Yes, `config/schedule.yml` \u2014 I added the job there with `cron: '0 * * * *'`."])
t.user("hmm the job runs but nothing gets deleted in staging")
t.assistant(["Let me check the staging logs."])
t.tool("Bash", {"command": "kubectl logs deploy/lumen-worker -n staging --since=1h | grep ExpireStale"},
       "ExpireStaleCartsJob: 0 carts expired\n")
t.assistant(["The culprit: `updated_at` on carts is touched by the `CartItem` callback every time the cart page is viewed, so carts "
             "that people only look at never go stale. I switched the query to use `last_activity_at`, which only changes when items "
             "are added or removed."])
t.user("good find. we went with last_activity_at over updated_at for exactly this reason in the orders code too, so that's consistent")
t.user("alright, that's all, thanks")
t.write("lumen_carts_session",
        ["Rails 7.1", "cache.lumen.internal", "business logic goes into app/services", "rubocop runs in CI",
         "stale after 72 hours", "touched by the `CartItem` callback", "went with last_activity_at over updated_at"],
        ["context dump", "expires stale carts", "always schedule it hourly", "looking at the existing jobs",
         "Sound OK", "34 specs pass", "I added the job there", "nothing gets deleted", "check the staging logs",
         "that's all"])

t = T("9e0f1a2b-3c4d-4e5f-8a6b-7c8d9e0f1aee", cwd="/home/dev/quill")
t.user("add a `--json` flag to the quill CLI")
t.assistant(["Sure. Let me look at how flags are parsed."])
t.tool("Read", {"file_path": "/home/dev/quill/src/cli.ts"}, "     1\timport { Command } from 'commander'\n")
t.assistant(["Flags are parsed with `commander`. I'll add `.option('--json')` and route the output through a formatter."])
t.user("one rule: all output goes through `src/output.ts`, we never console.log directly in commands")
t.tool("Edit", {"file_path": "/home/dev/quill/src/cli.ts", "old_string": "program", "new_string": "program.option('--json')"},
       "The file /home/dev/quill/src/cli.ts has been updated.")
t.tool("Bash", {"command": "npm test"}, "Test Suites: 12 passed, 12 total\nTests:       88 passed, 88 total\n")
t.assistant(["Done. 88 tests pass."])
t.user("PSA the release is cut from the `release/*` branches by the bot, so don't bump the version in package.json yourself")
t.user("worth noting that node 18 is still supported, we only drop it when it goes EOL")
t.assistant(["Understood \u2014 I'll avoid `Array.prototype.toSorted`, which needs Node 20."])
t.user("why does the json output have a trailing comma on windows?")
t.thinking("os.EOL on Windows is \\r\\n. The writer probably appends a comma after the join.")
t.assistant(["What was happening is that `formatRows` joined lines with `os.EOL` and then the JSON writer added `,\\n` per row, "
             "so on Windows the `\\r` ended up before the comma. I changed `formatRows` to always join with `\\n` and let the "
             "writer handle line endings."])
t.user("nice. fyi we use changesets for release notes, add one for this")
t.assistant(["Added `.changeset/brave-owls-json.md`."])
t.user("thx")
t.write("quill_json_session",
        ["all output goes through `src/output.ts`", "never console.log directly", "cut from the `release/*` branches",
         "node 18 is still supported", "joined lines with `os.EOL`", "we use changesets for release notes"],
        ["add a `--json` flag", "how flags are parsed", "route the output through a formatter", "88 tests pass",
         "toSorted", "trailing comma on windows", "brave-owls", "appends a comma"])

t = T("0f1a2b3c-4d5e-4f6a-9b7c-8d9e0f1a2bff", cwd="/home/dev/atlas")
t.user("the training job OOMs on gpu-02 since this morning")
t.assistant(["Let me look at the job config."])
t.tool("Bash", {"command": "cat configs/train.yaml"}, "batch_size: 256\nprecision: fp32\ncache_decoded: true\n")
t.user("for context, gpu-02 has two A100s with 40GB each, and the datasets live in s3://atlas-data/raw")
t.assistant(["The batch size is 256 with fp32. I'll try enabling mixed precision first."])
t.tool("Bash", {"command": "python train.py --precision bf16 --max-steps 50"}, "step 50 host_mem=38.2GB gpu_mem=21.0GB\n")
t.assistant(["It turned out the dataloader was keeping every decoded image in a Python list for the augmentation cache, so host "
             "memory grew with each epoch \u2014 it wasn't the GPU at all. Disabling `cache_decoded` in `data/loader.py` fixed it; "
             "memory stays flat at 11GB now."])
t.user("ugh, that cache. ok. btw should we always use fp16?")
t.assistant(["bf16 is usually the safer choice on A100s because it has the same exponent range as fp32."])
t.user("we settled on parquet over csv for the processed data because the csv loads took 20 minutes, so keep writing parquet")
t.user("and Mara owns the feature store, any schema change goes through her")
t.user("We're on CUDA 12.1 and torch 2.3 on all the boxes")
t.assistant(["Got it. I'll keep the code compatible with torch 2.3."])
t.user("ok run the job again and tell me when it's done")
t.tool("Bash", {"command": "python train.py"}, "epoch 1/10 loss 0.83\n")
t.assistant(["The job is running; epoch 1 finished with loss 0.83."])
t.write("atlas_training_session",
        ["two A100s", "s3://atlas-data/raw", "keeping every decoded image", "parquet over csv",
         "Mara owns the feature store", "CUDA 12.1"],
        ["OOMs on gpu-02", "look at the job config", "try enabling mixed precision", "always use fp16", "safer choice",
         "keep the code compatible", "run the job again", "epoch 1"])
