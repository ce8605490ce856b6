"""The dev3 capture sessions: what is said, and the labels. See generate.py and README.md."""

KESTREL_STOP_TIMES = {
    "cwd": "/home/ines/kestrel", "branch": "fix/after-midnight", "start": "2026-10-05T08:14:02",
    "steps": [
        ("env",),
        ("user", "hi! quick context since this is a fresh session. kestrel is our GTFS feed "
                 "validator, a Rust CLI (workspace with kestrel-core and kestrel-cli). We're on "
                 "edition 2021 and the MSRV is 1.75, CI checks it with cargo-msrv. For errors we use "
                 "thiserror in kestrel-core and anyhow only in the binary crate, never anyhow in the "
                 "library. Today I need the stop_times parser to stop panicking on the Zurich feed, "
                 "can you look?"),
        ("say", "Let me run the failing test first."),
        ("tool", "Bash", {"command": "cargo test -p kestrel-core stop_times -- --nocapture",
                          "description": "Run stop_times tests"},
         "running 6 tests\ntest stop_times::parses_basic ... ok\ntest stop_times::zurich_sample ... "
         "FAILED\n\nthread 'stop_times::zurich_sample' panicked at kestrel-core/src/stop_times.rs:58:14:\n"
         "called `Result::unwrap()` on an `Err` value: ParseError(OutOfRange)\n  input: \"25:14:00\"\n\n"
         "test result: FAILED. 5 passed; 1 failed"),
        ("think", "The value is 25:14:00. NaiveTime tops out at 23:59:59. Maybe switch the whole crate "
                  "to the time crate? Or a custom type."),
        ("say", "The panic comes from `NaiveTime::parse_from_str` on `25:14:00`. One option is to "
                "switch the whole crate from chrono to `time`; the other is a small custom type."),
        ("user", "no, don't swap crates, that's way too big for this. btw times past midnight are legal "
                 "in GTFS: trips that run after midnight keep counting hours from the service day, so "
                 "25:14:00 is a valid departure."),
        ("tool", "Read", {"file_path": "/home/ines/kestrel/kestrel-core/src/stop_times.rs"},
         "use chrono::NaiveTime;\n\npub struct StopTime {\n    pub trip_id: TripId,\n    pub arrival: "
         "NaiveTime,\n    pub departure: NaiveTime,\n}\n"),
        ("tool", "Edit", {"file_path": "/home/ines/kestrel/kestrel-core/src/stop_times.rs",
                          "old_string": "pub arrival: NaiveTime,", "new_string": "pub arrival: GtfsTime,"},
         "The file has been updated."),
        ("tool", "Bash", {"command": "cargo test -p kestrel-core"},
         "running 48 tests\n........................................\ntest result: ok. 48 passed; 0 failed"),
        ("say", "Root cause: stop times were parsed into `chrono::NaiveTime`, which cannot represent "
                "hours of 24 or more, so every after-midnight trip panicked. Fix: they are now parsed "
                "into a `GtfsTime(u32)` holding seconds since the start of the service day."),
        ("say", "All 48 tests pass now."),
        ("user", "great. one more thing, for CLI output we always print errors as `file:line: message` "
                 "so editors can jump to them, keep that format for the new error too. also please run "
                 "clippy"),
        ("tool", "Bash", {"command": "cargo clippy --all-targets -- -D warnings"},
         "    Checking kestrel-core v0.8.3\n    Checking kestrel-cli v0.8.3\n    Finished dev profile"),
        ("say", "clippy is clean."),
        ("user", "perfect, commit it as `fix(core): accept stop times past 24:00`. we use conventional "
                 "commits with the crate name as scope btw"),
        ("tool", "Bash", {"command": "git commit -am 'fix(core): accept stop times past 24:00'"},
         "[fix/after-midnight 4e1c2a9] fix(core): accept stop times past 24:00\n 3 files changed"),
        ("say", "Committed as 4e1c2a9."),
        ("user", "thx, that's all for today"),
    ],
    "must_capture": [
        "gtfs feed validator",
        "msrv is 1.75",
        "anyhow only in the binary crate",
        "times past midnight are legal",
        "seconds since the start of the service day",
        "cannot represent hours of 24 or more",
        "`file:line: message`",
        "conventional commits with the crate name as scope",
    ],
    "must_not_capture": [
        "stop panicking on the zurich feed",
        "let me run the failing test",
        "switch the whole crate",
        "all 48 tests pass",
        "please run clippy",
        "clippy is clean",
        "accept stop times past 24:00",
        "that's all for today",
    ],
}

KESTREL_RELEASE = {
    "cwd": "/home/ines/kestrel", "branch": "main", "start": "2026-10-12T15:40:11",
    "steps": [
        ("user", "releas time. v0.9.0 of the cli"),
        ("say", "Sure. What's the release process? I don't see a RELEASE.md in the repo."),
        ("user", "we use cargo-release, config is in release.toml. tag format is kestrel-v{{version}}. "
                 "publishing to crates.io happens from CI not locally, never run cargo publish by hand"),
        ("tool", "Bash", {"command": "cargo release 0.9.0 -p kestrel-cli --dry-run"},
         "[2026-10-12T15:41:02Z WARN] aborting release due to dry run; re-run with `--execute`\n"
         "  Upgrading kestrel-cli from 0.8.3 to 0.9.0\n  Upgrading kestrel-core from 0.8.3 to 0.9.0"),
        ("say", "The dry run looks good otherwise, but it bumps kestrel-core as well."),
        ("user", "hmm wait, it shouldnt bump core. they're versioned seperately, core follows its own "
                 "semver and only moves when its API changes"),
        ("tool", "Edit", {"file_path": "/home/ines/kestrel/release.toml", "old_string": "shared-version = true",
                          "new_string": "shared-version = false"}, "The file has been updated."),
        ("user", "also the notes. minimum supported rust is 1.75, mention it in the notes"),
        ("user", "and the changelog: we keep CHANGELOG.md in keep-a-changelog format, one section per crate"),
        ("say", "Should I also publish a Homebrew formula for the CLI while we're at it?"),
        ("user", "no homebrew for now"),
        ("user", "actually no, scratch what I said about rust 1.75 — the MSRV is 1.79 now, Tom bumped "
                 "it last week for let-else chains in kestrel-core. put 1.79 in the notes"),
        ("say", "Updated the notes to say the MSRV is 1.79."),
        ("user", "btw releases are always cut from main, we don't do release branches"),
        ("user", "k tag it"),
        ("tool", "Bash", {"command": "cargo release 0.9.0 -p kestrel-cli --execute --no-confirm"},
         "  Commit  chore: release kestrel-cli v0.9.0\n  Tagging kestrel-v0.9.0\n  Pushing main, kestrel-v0.9.0"),
        ("say", "Tagged kestrel-v0.9.0 and pushed; CI is publishing to crates.io now."),
    ],
    "must_capture": [
        "cargo-release",
        "kestrel-v{{version}}",
        "never run cargo publish by hand",
        "core follows its own semver",
        "keep-a-changelog format",
        "msrv is 1.79",
        "we don't do release branches",
    ],
    "must_not_capture": [
        "releas time",
        "i don't see a release.md",
        "dry run looks good",
        "minimum supported rust is 1.75",
        "homebrew formula",
        "k tag it",
        "ci is publishing",
    ],
}

MARROW_REVIEW = {
    "cwd": "/srv/marrow", "branch": "feature/waitlist", "start": "2026-09-22T13:02:45",
    "steps": [
        ("user_blocks", [
            "Here's the review from Oksana on PR #212, can you address these?",
            "> **views/booking.py L40**: please don't query in templates, use select_related on the "
            "slot query. We always prefetch in the view, never rely on lazy loading in templates.\n"
            "> **models.py L88**: money fields: we use `MoneyField` from django-money everywhere, "
            "never a bare DecimalField.\n"
            "> **nit**: rename `tmp` to something meaningful.\n"
            "> **tests/test_waitlist.py**: our convention is factory_boy factories in "
            "`tests/factories.py`, no JSON fixtures.\n"
            "> **L120**: can you split this function? it's too long to review.\n"
            "> **General**: all user-facing strings must be wrapped in gettext, we ship German and Polish.",
            "(btw Oksana owns the bookings app, anything under marrow/bookings/ needs her approval)",
        ]),
        ("tool", "Read", {"file_path": "/srv/marrow/marrow/bookings/views/booking.py"},
         "def waitlist(request, slot_id):\n    slot = Slot.objects.get(pk=slot_id)\n    tmp = slot.entries.all()\n"
         "    return render(request, 'bookings/waitlist.html', {'slot': slot, 'entries': tmp})\n"),
        ("tool", "Edit", {"file_path": "/srv/marrow/marrow/bookings/views/booking.py",
                          "old_string": "Slot.objects.get(pk=slot_id)",
                          "new_string": "Slot.objects.select_related('gym').prefetch_related('entries__member').get(pk=slot_id)"},
         "The file has been updated."),
        ("say", "All five comments addressed: prefetching in the view, MoneyField on `WaitlistEntry.fee`, "
                "`tmp` renamed to `entries`, factories moved to `tests/factories.py`, and the strings "
                "wrapped in `gettext`."),
        ("user", "Thanks. Re the MoneyField: Oksana corrected herself further down the thread. prices are "
                 "stored as integer cents in `price_cents` fields; django-money was dropped last sprint "
                 "because of the migrations mess. so revert that part"),
        ("tool", "Bash", {"command": "pytest -q marrow/bookings"},
         "........................................................................ [ 64%]\n"
         "........................................                                 [100%]\n112 passed in 9.84s"),
        ("say", "Reverted to `fee_cents = models.PositiveIntegerField()`; 112 passed."),
        ("user", "ok. the booking slots are 90 minutes for bouldering sessions and 2h for lead climbing, "
                 "that lives in settings.SLOT_LENGTHS — don't hardcode those anywhere"),
        ("user", "push it pls"),
        ("tool", "Bash", {"command": "git push origin feature/waitlist"},
         "To github.com:marrow-climbing/marrow.git\n   8a1f0c3..b72de41  feature/waitlist -> feature/waitlist"),
    ],
    "must_capture": [
        "never rely on lazy loading in templates",
        "don't query in templates",
        "factory_boy factories",
        "wrapped in gettext",
        "needs her approval",
        "integer cents in `price_cents`",
        "settings.slot_lengths",
    ],
    "must_not_capture": [
        "can you address these",
        "rename `tmp` to something meaningful",
        "can you split this function",
        "`moneyfield` from django-money everywhere",
        "all five comments addressed",
        "so revert that part",
        "112 passed",
        "push it pls",
    ],
}

MARROW_DST = {
    "cwd": "/srv/marrow", "branch": "main", "start": "2026-03-31T07:55:30",
    "steps": [
        ("user", "bookings for sunday 30 march show up an hour off in the member app. only that day. ideas?"),
        ("think", "An hour off on one day. Could be the cache serving stale slots, or DST."),
        ("tool", "Bash", {"command": "grep -rn 'make_aware' marrow/ | head"},
         "marrow/bookings/slots.py:31:    return make_aware(start + timedelta(minutes=length))\n"
         "marrow/members/api.py:77:        created = make_aware(datetime.now())"),
        ("say", "Could it be the Redis cache serving stale slots? I can flush it and see."),
        ("user", "no, cache is fine, I checked that already. it's probably the DST change, that's the "
                 "night the clocks go forward here. all our gyms are in Europe/Warsaw btw"),
        ("tool", "Read", {"file_path": "/srv/marrow/marrow/bookings/slots.py"},
         "def build_slots(day, opening, length):\n    start = datetime.combine(day, opening)\n"
         "    while start.time() < CLOSING:\n        yield make_aware(start)\n        start += timedelta(minutes=length)\n"),
        ("say", "`build_slots` adds the slot length to naive local datetimes and only then calls "
                "`make_aware`."),
        ("user", "that one was written before we moved to zoneinfo. is it used anywhere else?"),
        ("tool", "Bash", {"command": "grep -rn 'build_slots' marrow/"},
         "marrow/bookings/generator.py:12:from .slots import build_slots\n"
         "marrow/admin_tools/preview.py:8:from marrow.bookings.slots import build_slots"),
        ("say", "It's only used by `SlotGenerator` and the admin preview."),
        ("user", "ok fix it properly. and from now on any date arithmetic happens in UTC and we convert to "
                 "the gym's zone only for display"),
        ("tool", "Edit", {"file_path": "/srv/marrow/marrow/bookings/slots.py",
                          "old_string": "start = datetime.combine(day, opening)",
                          "new_string": "start = datetime.combine(day, opening, tzinfo=zone).astimezone(UTC)"},
         "The file has been updated."),
        ("user", "fyi the no-double-booking rule is an exclusion constraint in postgres (btree_gist), not "
                 "app code, so don't add python checks for it"),
        ("tool", "Bash", {"command": "pytest -q marrow/bookings/tests/test_slots.py"}, "........\n8 passed in 1.02s"),
        ("say", "Root cause: `build_slots` did arithmetic on naive local datetimes and localised them "
                "afterwards, so slots crossing the 2 a.m. DST jump on 30 March shifted by an hour. Fix: "
                "slots are built as aware UTC datetimes and converted with `ZoneInfo(gym.timezone)` only "
                "when rendering; there is a regression test for 2025-03-30."),
        ("user", "nice. we use freezegun for anything time-dependent in tests. make the new test use it too"),
        ("tool", "Edit", {"file_path": "/srv/marrow/marrow/bookings/tests/test_slots.py",
                          "old_string": "def test_dst_spring_forward():",
                          "new_string": "@freeze_time('2025-03-29 12:00')\ndef test_dst_spring_forward():"},
         "The file has been updated."),
        ("say", "Updated; 9 passed."),
        ("user", "deploys are `fly deploy` from main only. I'll do it myself later"),
    ],
    "must_capture": [
        "gyms are in europe/warsaw",
        "date arithmetic happens in utc",
        "exclusion constraint",
        "did arithmetic on naive local datetimes",
        "converted with `zoneinfo(gym.timezone)`",
        "freezegun for anything time-dependent",
        "`fly deploy` from main only",
    ],
    "must_not_capture": [
        "show up an hour off",
        "serving stale slots",
        "i checked that already",
        "is it used anywhere else",
        "only used by `slotgenerator`",
        "make the new test use it",
        "9 passed",
        "i'll do it myself later",
    ],
}

SLUICE_TEMPERATURE = {
    "cwd": "/home/matthieu/sluice", "branch": "main", "start": "2026-06-03T09:20:00",
    "steps": [
        ("env",),
        ("user", "Hello, so I explain the project shortly because you don't know it. Sluice is taking the "
                 "readings of the river gauges (around 400 stations) from the federal API each 15 minutes "
                 "and writes them in parquet on S3, partitioned by station and by day. We are using "
                 "Dagster for the orchestration and Polars, not pandas — we have decided for polars "
                 "because pandas was taking too much memory on the big backfills, the worker has only "
                 "4 GB. For the tests we are using pytest with the small sample in "
                 "tests/fixtures/gauges_sample.parquet. Today I want that you add the water temperature "
                 "field, the API has now `wt` in the payload."),
        ("tool", "Read", {"file_path": "/home/matthieu/sluice/sluice/assets/readings.py"},
         "SCHEMA = {\n    'station_id': pl.Utf8,\n    'ts': pl.Datetime('us', 'UTC'),\n    'level_m': pl.Float32,\n"
         "    'flow_m3s': pl.Float32,\n}\n"),
        ("say", "I'll add `water_temp_c` as Float32 next to `level_m`."),
        ("user", "Yes but careful with the units. The API gives the temperature in tenth of degree, so 123 "
                 "is 12.3 °C. All the measures in our tables are in SI units with the unit in the column "
                 "name, like `level_m`, `flow_m3s`."),
        ("tool", "Edit", {"file_path": "/home/matthieu/sluice/sluice/assets/readings.py",
                          "old_string": "    'flow_m3s': pl.Float32,",
                          "new_string": "    'flow_m3s': pl.Float32,\n    'water_temp_c': pl.Float32,"},
         "The file has been updated."),
        ("tool", "Bash", {"command": "pytest -q"}, "..............\n14 passed in 3.41s"),
        ("say", "14 passed. Maybe we should also backfill the last year of temperatures?"),
        ("user", "No no, not now, the backfill is for another day. Ah and one important thing: never call "
                 "the federal API without the rate limiter in sluice/http.py, they have blocked us once "
                 "last year (max 5 requests per second)."),
        ("user", "Also can you tell me what is the size of the sample file?"),
        ("tool", "Bash", {"command": "ls -lh tests/fixtures/gauges_sample.parquet"},
         "-rw-r--r-- 1 matthieu matthieu 2.1M Jun  1 17:02 tests/fixtures/gauges_sample.parquet"),
        ("say", "It's 2.1 MB."),
        ("user", "ok. For the commit, we are writing the messages in english and in imperative, like "
                 "'Add water temperature'. Make it."),
        ("tool", "Bash", {"command": "git commit -am 'Add water temperature to gauge readings'"},
         "[main 1d9e3b7] Add water temperature to gauge readings\n 2 files changed, 9 insertions(+)"),
        ("say", "Committed `Add water temperature to gauge readings`."),
    ],
    "must_capture": [
        "each 15 minutes",
        "pandas was taking too much memory",
        "gauges_sample.parquet",
        "tenth of degree",
        "unit in the column name",
        "rate limiter in sluice/http.py",
        "in english and in imperative",
    ],
    "must_not_capture": [
        "add the water temperature field",
        "i'll add `water_temp_c`",
        "14 passed",
        "backfill the last year of temperatures",
        "size of the sample file",
        "it's 2.1 mb",
        "committed `add water temperature",
    ],
}

SLUICE_PARTITIONS = {
    "cwd": "/home/matthieu/sluice", "branch": "partitions", "start": "2026-06-17T14:05:12",
    "steps": [
        ("user", "the daily partitions make too many small files and Athena queries are slow. lets change: "
                 "we partition by station and month from now."),
        ("say", "Understood. Before I change the IO manager: what target file size do you want?"),
        ("user", "around 128 MB per file is our target, that's what we agreed with the data team. and the "
                 "compaction job runs at 02:00 UTC every night"),
        ("say", "Should we consider moving to Apache Iceberg tables instead of hand-rolled partitions?"),
        ("user", "too big a change, forget it for now"),
        ("user", "actually no, Karin says month is too coarse for the alerting queries — we partition by "
                 "station and ISO week. that's final."),
        ("tool", "Edit", {"file_path": "/home/matthieu/sluice/sluice/io/parquet.py",
                          "old_string": "partition_by=['station_id', 'day']",
                          "new_string": "partition_by=['station_id', 'iso_week']"},
         "The file has been updated."),
        ("user", "and move the compaction to 03:30 UTC, the S3 backup window is at 2 and they fight"),
        ("tool", "Bash", {"command": "dagster asset materialize -m sluice --select compacted_readings"},
         "2026-06-17 14:12:40 +0000 - dagster - INFO - Launching run 7c1e\n"
         "2026-06-17 14:13:55 +0000 - dagster - ERROR - Worker exited: OOMKilled (4096 MiB)"),
        ("user", "the one from yesterday was also this, the one that OOMed at night. use that as test case"),
        ("tool", "Read", {"file_path": "/home/matthieu/sluice/sluice/assets/compaction.py"},
         "def compacted_readings(context, partition):\n    df = pl.read_parquet(partition.files)\n"
         "    df.write_parquet(partition.target)\n"),
        ("say", "Root cause: compaction loaded a whole partition into memory with `pl.read_parquet`, and an "
                "ISO-week partition of the big stations is larger than the 4 GB worker. Fix: it now "
                "streams with `pl.scan_parquet(...).sink_parquet(...)`, so memory stays flat."),
        ("tool", "Bash", {"command": "dagster asset materialize -m sluice --select compacted_readings"},
         "2026-06-17 14:21:03 +0000 - dagster - INFO - Run 7c1f: 40% done (162 of 404 partitions)\n"
         "2026-06-17 14:24:47 +0000 - dagster - INFO - Run 7c1f succeeded"),
        ("user", "how long will that take for the whole history?"),
        ("say", "About 25 minutes at this rate."),
        ("user", "ok. btw Athena is only for the ad-hoc queries, the dashboards read from DuckDB files that "
                 "we build every night, so dont optimise for Athena too much"),
        ("user", "and naming: dagster asset names are snake_case nouns, no verbs. rename "
                 "`compact_readings_now` please"),
        ("user", "rerun the compaction for march after"),
    ],
    "must_capture": [
        "128 mb per file",
        "station and iso week",
        "03:30 utc",
        "scan_parquet",
        "loaded a whole partition into memory",
        "dashboards read from duckdb",
        "snake_case nouns",
    ],
    "must_not_capture": [
        "athena queries are slow",
        "partition by station and month",
        "runs at 02:00 utc",
        "moving to apache iceberg",
        "the one that oomed",
        "40% done",
        "how long will that take",
        "rerun the compaction for march",
    ],
}

TESSERA_SYNC = {
    "cwd": "/home/jonas/tessera-android", "branch": "fix/sync-banner", "start": "2026-08-11T10:31:00",
    "steps": [
        ("user", "Hey Claude. Some ground rules for the tessera app before we start:\n"
                 "- Compose only, no new XML layouts\n"
                 "- DI is Hilt; don't add Koin even if a library suggests it\n"
                 "- every Room migration needs a test in `MigrationTest`\n"
                 "- min SDK is 26, target 35\n\n"
                 "Today: the sync banner doesn't disappear after the upload finishes."),
        ("say", "Let me open `SyncBanner.kt` and the upload worker."),
        ("tool", "Read", {"file_path": "/home/jonas/tessera-android/app/src/main/java/eu/tessera/sync/SyncBanner.kt"},
         "@Composable\nfun SyncBanner(id: UUID) {\n    val info by WorkManager.getInstance(LocalContext.current)\n"
         "        .getWorkInfoByIdLiveData(id).observeAsState()\n    if (info?.state != WorkInfo.State.SUCCEEDED) Banner()\n}\n"),
        ("say", "My first guess is the StateFlow isn't collected with lifecycle, but let me check the worker too."),
        ("user", "FYI inspectors are offline most of the day up on the turbines, so everything has to work "
                 "without network and sync when they're back — WorkManager with a `CONNECTED` constraint, "
                 "no foreground service."),
        ("tool", "Bash", {"command": "./gradlew :app:testDebugUnitTest --tests '*Sync*'"},
         "> Task :app:testDebugUnitTest\n\nSyncBannerTest > bannerHidesAfterUpload FAILED\n"
         "    AssertionError at SyncBannerTest.kt:44\n\n3 tests completed, 1 failed"),
        ("say", "Root cause: the upload is enqueued as unique work that replaces itself on retry, so the id "
                "`SyncBanner` observed via `getWorkInfoByIdLiveData` was an old, cancelled request that never "
                "reached SUCCEEDED. Fix: the banner now observes "
                "`getWorkInfosForUniqueWorkFlow(\"upload\")` and hides when the latest one finished."),
        ("user", "ok that works. btw I prefer sealed interfaces over enums for UI state, and please keep "
                 "composables previewable, every screen gets a @Preview with fake data."),
        ("user", "can you also bump the compose bom? no wait, leave it. Ana does all dependency bumps in "
                 "her renovate PRs, we don't touch versions in feature branches"),
        ("user", "from now on: string resources only, no hardcoded text in composables. translators pull "
                 "strings.xml from the `l10n` branch"),
        ("tool", "Bash", {"command": "./gradlew testDebugUnitTest"},
         "> Task :app:testDebugUnitTest\n\nBUILD SUCCESSFUL in 1m 12s\n87 actionable tasks: 12 executed, 75 up-to-date"),
        ("say", "BUILD SUCCESSFUL in 1m 12s."),
        ("user", "cool, should you ship it to the internal track? no, actually I will do it from my laptop"),
    ],
    "must_capture": [
        "compose only, no new xml layouts",
        "di is hilt",
        "migrationtest",
        "min sdk is 26",
        "`connected` constraint",
        "getworkinfosforuniqueworkflow",
        "never reached succeeded",
        "sealed interfaces over enums",
        "@preview with fake data",
        "ana does all dependency bumps",
        "no hardcoded text in composables",
        "translators pull strings.xml",
    ],
    "must_not_capture": [
        "sync banner doesn't disappear",
        "let me open `syncbanner.kt`",
        "isn't collected with lifecycle",
        "ok that works",
        "bump the compose bom",
        "build successful in 1m 12s",
        "internal track",
    ],
}

GANTRY_NAMESPACE = {
    "cwd": "/home/lukas/gantry", "branch": "payments-ns", "start": "2026-11-03T16:47:19",
    "steps": [
        ("user", "We need a new namespace for the payments team on the prod cluster. Context: everything "
                 "goes through GitOps, no kubectl apply against prod, ever — ArgoCD syncs from the "
                 "`platform-config` repo. Infra is OpenTofu, not Terraform (we switched after the licence "
                 "change), and the state lives in the `tofu-state` bucket on Hetzner object storage."),
        ("tool", "Bash", {"command": "ls apps/"}, "billing\nidentity\nsearch\nwebshop\n"),
        ("say", "I'll create `apps/payments/namespace.yaml` following the `billing` layout."),
        ("user", "every team namespace gets a ResourceQuota and a default-deny NetworkPolicy, that's our "
                 "baseline. labels `team` and `cost-center` are mandatory on every namespace"),
        ("user", "here is the token for the registry so the pull secret works: FAKE-REGISTRY-TOKEN-0000-not-real"),
        ("say", "I'd rather not commit that in plain text; I'll reference a SealedSecret for the pull "
                "secret instead."),
        ("user", "right, secrets in git are always SealedSecrets, good catch"),
        ("tool", "Bash", {"command": "tofu -chdir=infra/prod plan"},
         "hcloud_network.payments: Refreshing state...\n\nPlan: 3 to add, 0 to change, 0 to destroy."),
        ("user", "also node pools: cx42 for workers. sorry, I mean cpx41 — the cx ones were too slow for "
                 "the build jobs"),
        ("user", "separate thing: argo keeps showing the payments-api app OutOfSync, it flips every few minutes"),
        ("tool", "Bash", {"command": "argocd app diff payments-api"},
         "===== apps/Deployment payments/payments-api ======\n13c13\n<   replicas: 2\n---\n>   replicas: 5"),
        ("say", "Root cause: the HPA scales `payments-api` and writes `spec.replicas`, while the Deployment "
                "in git also sets `replicas: 2`, so Argo sees drift after every scale event. Fix: removed "
                "`replicas` from the manifest and added `ignoreDifferences` on `/spec/replicas` for "
                "Deployments that have an HPA."),
        ("user", "good. we should probably also enable auto-prune? no — keep prune manual on prod, we lost "
                 "a PVC that way in May."),
        ("user", "ok open the PR and ping me"),
    ],
    "must_capture": [
        "no kubectl apply against prod",
        "opentofu, not terraform",
        "`tofu-state` bucket",
        "default-deny networkpolicy",
        "`cost-center` are mandatory",
        "always sealedsecrets",
        "cpx41",
        "ignoredifferences",
        "argo sees drift after every scale event",
        "keep prune manual on prod",
    ],
    "must_not_capture": [
        "new namespace for the payments team",
        "i'll create `apps/payments/namespace.yaml`",
        "token for the registry",
        "fake-registry-token",
        "3 to add",
        "cx42 for workers",
        "flips every few minutes",
        "probably also enable auto-prune",
        "open the pr and ping me",
    ],
}

SESSIONS = {
    "kestrel_stop_times_session": KESTREL_STOP_TIMES,
    "kestrel_release_session": KESTREL_RELEASE,
    "marrow_review_session": MARROW_REVIEW,
    "marrow_dst_session": MARROW_DST,
    "sluice_temperature_session": SLUICE_TEMPERATURE,
    "sluice_partitions_session": SLUICE_PARTITIONS,
    "tessera_sync_session": TESSERA_SYNC,
    "gantry_namespace_session": GANTRY_NAMESPACE,
}
