"""The dev7 capture sessions: what is said, and the labels. See generate.py and README.md.

Written blind (from project descriptions only, before anything was scored). Step shapes are
dev3's builder's: ("env",), ("user", text), ("user_blocks", [texts]), ("say", text),
("think", text), ("tool", name, input, output[, is_error])."""

WRENFIELD_WAITS = {
    "cwd": "/home/ffion/work/wrenfield", "branch": "fix/four-hour-breach-bst",
    "start": "2026-11-03T09:12:40",
    "steps": [
        ("env",),
        ("user", "morning! so wrenfield is the shiny app the performance team uses for A&E waiting "
                 "times across the trust's three sites, built with golem so it's an R package "
                 "really. quick context before you dive in: we're on R 4.3.3 pinned through renv, "
                 "and please run renv::snapshot() after every package change, the Posit Connect "
                 "deploy reads renv.lock and nothing else. I was in a meeting all morning about the "
                 "winter plan so I'm a bit behind, sorry if this is scattered. the bug: the "
                 "four-hour breach chart is off by an hour for the last week of October, Dr Okafor "
                 "flagged it. oh and one thing people trip over - all the patient-level data stays "
                 "in the warehouse, the app only ever pulls aggregated counts through the wf_agg "
                 "views, never row-level. anyway, can you have a look at R/mod_breaches.R?"),
        ("say", "I'll read the breaches module first."),
        ("tool", "Read", {"file_path": "/home/ffion/work/wrenfield/R/mod_breaches.R"},
         "mod_breaches_server <- function(id, con) {\n  moduleServer(id, function(input, output, "
         "session) {\n    # TODO(ffion): thresholds should live in golem-config.yml\n    df <- "
         "DBI::dbGetQuery(con, \"select * from wf_agg_arrivals\")\n    df$arrival_ts <- "
         "lubridate::ymd_hms(df$arrival_ts)\n    breaches <- df |>\n      dplyr::mutate(hour = "
         "lubridate::floor_date(arrival_ts, \"hour\")) |>\n      dplyr::count(site, hour)\n  })\n}"),
        ("say", "arrival_ts is parsed with ymd_hms() and no time zone, then floored to the hour. "
                "Which time zone does the warehouse use?"),
        ("user", "fwiw the warehouse stores everything in UTC, that's a hard rule from the data "
                 "team, and the dashboard must show Europe/London local time."),
        ("tool", "Bash", {"command": "Rscript -e 'devtools::test(filter = \"breaches\")'",
                          "description": "Run the breaches tests"},
         "ℹ Testing wrenfield\n✔ | F W  S  OK | Context\n✖ | 1        3 | breaches\n"
         "Failure (test-breaches.R:41:3): breaches are binned by local hour\n"
         "`got` not equal to `expected`.\n[ FAIL 1 | WARN 0 | SKIP 0 | PASS 3 ]", True),
        ("say", "Found it. ymd_hms() parses arrival_ts as UTC and the chart then bins by the UTC "
                "hour, so after the clocks went back on 27 October every arrival was drawn an hour "
                "early. The fix is to convert with with_tz(arrival_ts, \"Europe/London\") before "
                "floor_date() in mod_breaches.R. The breach test passes now."),
        ("user", "brilliant. for tests we use testthat 3e and shinytest2 for the module UI, and "
                 "snapshot files get reviewed in the PR, never just accepted blindly. can you also "
                 "add a note in NEWS.md? just for today skip the shinytest2 run, chrome on this "
                 "laptop is broken"),
        ("tool", "Edit", {"file_path": "/home/ffion/work/wrenfield/NEWS.md",
                          "old_string": "# wrenfield (development version)\n",
                          "new_string": "# wrenfield (development version)\n\n* Breach chart "
                                        "bins arrivals by Europe/London hour.\n"},
         "The file has been updated."),
        ("user", "oh and styling: we use the tidyverse style guide with styler, and the native "
                 "pipe |> not magrittr's %>% in new code."),
        ("user", "maybe we should move the whole thing to Quarto dashboards one day? not deciding "
                 "anything, just wondering what you think"),
        ("say", "Quarto dashboards would cover the static views, but the drill-downs rely on "
                "Shiny modules, so it would be a partial move at best."),
        ("user", "ok fair. one more: the ED sites are coded RWH, SMH and KGH in every table, don't "
                 "invent other site codes."),
        ("user", "can you check how many rows the wf_agg_hourly view returns for yesterday?"),
        ("tool", "Bash", {"command": "Rscript -e 'nrow(DBI::dbGetQuery(wrenfield::db(), "
                                     "\"select * from wf_agg_hourly where day = current_date - 1\"))'"},
         "[1] 72"),
        ("say", "72 rows, 24 hours for each of the three sites."),
    ],
    "must_capture": [
        "r 4.3.3 pinned through renv",
        "shiny app the performance team uses for a&e waiting times",
        "renv::snapshot() after every package change",
        "deploy reads renv.lock and nothing else",
        "patient-level data stays in the warehouse",
        "only ever pulls aggregated counts through the wf_agg views",
        "warehouse stores everything in utc",
        "dashboard must show europe/london local time",
        "bins by the utc hour, so after the clocks went back",
        "convert with with_tz(arrival_ts, \"europe/london\") before floor_date()",
        "testthat 3e and shinytest2 for the module ui",
        "snapshot files get reviewed in the pr",
        "tidyverse style guide with styler",
        "native pipe |> not magrittr's %>% in new code",
        "coded rwh, smh and kgh in every table",
    ],
    "must_not_capture": [
        "in a meeting all morning about the winter plan",
        "dr okafor flagged it",
        "thresholds should live in golem-config.yml",
        "just for today skip the shinytest2 run",
        "chrome on this laptop is broken",
        "move the whole thing to quarto dashboards",
        "how many rows the wf_agg_hourly view returns for yesterday",
        "72 rows, 24 hours",
    ],
}

MOSSGRAVE_LOADER = {
    "cwd": "/home/joao/dev/mossgrave", "branch": "feat/load-order",
    "start": "2026-11-05T21:03:11",
    "steps": [
        ("user", "oi. mossgrave is our modding toolkit for Ironhollow (the game from Tallow "
                 "Forge), is Lua 5.1 because the game embed LuaJIT 2.1, so please no goto and no "
                 "integer division operator, they dont exist there. i need help with the load "
                 "order resolver, mods with circular depends makes the loader hang forever"),
        ("say", "Let me look at the resolver."),
        ("tool", "Read", {"file_path": "/home/joao/dev/mossgrave/src/mossgrave/loadorder.lua"},
         "local M = {}\n\n-- HACK: always sort mods alphabetically first\nlocal function visit(mod, "
         "seen, out)\n  for _, dep in ipairs(mod.depends) do\n    visit(dep, seen, out)\n  end\n  "
         "seen[mod.id] = true\n  out[#out + 1] = mod\nend\n\nfunction M.resolve(mods)\n  local out, "
         "seen = {}, {}\n  for _, m in ipairs(mods) do\n    if not seen[m.id] then visit(m, seen, "
         "out) end\n  end\n  return out\nend\n\nreturn M"),
        ("user", "this is from our wiki, the contributor rules, so you know:\n\n"
                 "- every public function has a LDoc comment\n"
                 "- tests are in spec/ and run with busted\n"
                 "- luacheck must be clean, we dont merge with warnings\n"
                 "- format with StyLua, 2 spaces indent, column width 100\n"
                 "- never require modules of the game directly, always go by the `hollow` shim"),
        ("think", "visit() marks seen only after recursing; a cycle never terminates."),
        ("tool", "Bash", {"command": "timeout 20 busted spec/loadorder_spec.lua",
                          "description": "Run the load order spec"},
         "●●◼\n0 successes / 1 failure / 0 errors / 0 pending : 20.003 seconds\n\nFailure → "
         "spec/loadorder_spec.lua @ 31\nresolves a cycle with an error\nTimeout", True),
        ("say", "The hang comes from the depth-first visit in resolve(): it marks a mod as visited "
                "only after its dependencies return, so a cycle A → B → A recurses without end. "
                "The fix is a three-colour visit (unvisited, in progress, done) that raises a "
                "LoadOrderCycle error naming the mods in the cycle. The spec passes now."),
        ("user", "perfect!! the error message must be in english and portuguese both, the "
                 "community is half brasilian. and mod ids are allways lowercase with dashes, like "
                 "`iron-sky-pack`, the loader refuse others"),
        ("say", "I'll add the Portuguese text next to the English one in the cycle error."),
        ("user", "for the release... hmm, we publish on LuaRocks as mossgrave and also the zip on "
                 "Nexus. wait no, scratch that, we stoped with LuaRocks last month, only the zip on "
                 "Nexus Mods now, made by `make dist`"),
        ("user", "can you bump the version in rockspec? just for this branch, put 0.9.0-dev"),
        ("tool", "Edit", {"file_path": "/home/joao/dev/mossgrave/mossgrave-scm-1.rockspec",
                          "old_string": "version = \"0.8.2-1\"",
                          "new_string": "version = \"0.9.0-dev\""},
         "The file has been updated."),
        ("user", "also i think maybe in the future we could support Lua 5.4 for the other game, "
                 "but is only an idea, nobody decided"),
        ("say", "Understood, nothing changes for that now."),
        ("user", "tomorrow i will test with the big modpack from Rafa, 300 mods. obrigado!"),
    ],
    "must_capture": [
        "lua 5.1 because the game embed luajit 2.1",
        "no goto and no integer division operator",
        "every public function has a ldoc comment",
        "tests are in spec/ and run with busted",
        "luacheck must be clean",
        "format with stylua, 2 spaces indent",
        "always go by the `hollow` shim",
        "marks a mod as visited only after its dependencies return",
        "three-colour visit (unvisited, in progress, done)",
        "error message must be in english and portuguese both",
        "mod ids are allways lowercase with dashes",
        "only the zip on nexus mods now, made by `make dist`",
    ],
    "must_not_capture": [
        "makes the loader hang forever",
        "always sort mods alphabetically first",
        "0 successes / 1 failure",
        "we publish on luarocks as mossgrave",
        "just for this branch, put 0.9.0-dev",
        "support lua 5.4 for the other game",
        "test with the big modpack from rafa",
    ],
}

KILN_SNAPSHOTS = {
    "cwd": "/Users/dana/code/kiln", "branch": "dana/scd-customers",
    "start": "2026-11-12T14:20:05",
    "steps": [
        ("env",),
        ("user", "kiln is our analytics repo: dbt-core 1.8 on Snowflake, orchestrated by Airflow "
                 "(MWAA). I want to turn dim_customers into an SCD type 2. Ground rules first: "
                 "staging models are named stg_<source>__<table> and only ever select from "
                 "sources, never from other models. marts live in models/marts/<domain>/. oh and "
                 "we never use SELECT * in anything past staging."),
        ("say", "Should the history be a dbt snapshot, or an incremental model with a merge?"),
        ("user", "snapshot. timestamp strategy on updated_at, the source has a reliable one"),
        ("tool", "Write", {"file_path": "/Users/dana/code/kiln/snapshots/snap_customers.sql",
                           "content": "{% snapshot snap_customers %}\n..."},
         "File created successfully at: /Users/dana/code/kiln/snapshots/snap_customers.sql"),
        ("tool", "Bash", {"command": "sqlfluff lint models/marts/core/dim_customers.sql",
                          "description": "Lint the changed model"},
         "== [models/marts/core/dim_customers.sql] FAIL\nL:   3 | P:   1 | CP02 | Unquoted "
         "identifiers must be consistently lower case.\nL:  12 | P:   5 | AM04 | Query produces "
         "an unknown number of result columns.\nAll Finished!", True),
        ("say", "Two lint findings: an upper-case identifier and a select * left in the mart. "
                "Fixing both."),
        ("user", "sqlfluff config is in .sqlfluff at the root, dialect snowflake, jinja templater "
                 "- don't switch it to the dbt templater, it needs a live connection and CI has "
                 "none"),
        ("user", "for this PR only, run against the DEV_DANA schema, I don't want to touch the "
                 "shared dev one"),
        ("tool", "Bash", {"command": "dbt build --select snap_customers+ --target dev_dana"},
         "12:31:07  Finished running 1 snapshot, 3 table models, 10 data tests in 0 hours 1 "
         "minutes and 12.40 seconds (72.40s).\n12:31:07  Completed successfully\n12:31:07  "
         "Done. PASS=14 WARN=0 ERROR=0 SKIP=0 TOTAL=14"),
        ("user", "every model in marts needs unique + not_null tests on its key and a description "
                 "in the yml, CI's dbt-checkpoint fails without them. btw the Snowflake warehouse "
                 "for dbt is TRANSFORM_WH, X-Small, do not bump the size without asking Leon, it's "
                 "on the finance team's budget"),
        ("say", "dim_customers has both tests on customer_sk and a description now."),
        ("user", "we could maybe try dbt's new unit tests at some point, not sure they're worth "
                 "it yet"),
        ("user", "can you summarise what we settled on so I can paste it in the PR?"),
        ("say", "Summary of what we settled on:\n"
                "- The customer history is a dbt snapshot, snap_customers, with the timestamp "
                "strategy on updated_at and invalidate_hard_deletes on.\n"
                "- dim_customers reads from snap_customers and exposes valid_from / valid_to, "
                "with valid_to null for the current row.\n"
                "- Downstream models that need only current customers filter on is_current, not "
                "on valid_to is null.\n"
                "- For this PR the build ran against DEV_DANA."),
    ],
    "must_capture": [
        "dbt-core 1.8 on snowflake",
        "named stg_<source>__<table>",
        "only ever select from sources, never from other models",
        "marts live in models/marts/<domain>/",
        "never use select * in anything past staging",
        "timestamp strategy on updated_at",
        "dialect snowflake, jinja templater",
        "don't switch it to the dbt templater, it needs a live connection",
        "unique + not_null tests on its key",
        "warehouse for dbt is transform_wh",
        "do not bump the size without asking leon",
        "invalidate_hard_deletes on",
        "valid_to null for the current row",
        "filter on is_current, not on valid_to is null",
    ],
    "must_not_capture": [
        "i want to turn dim_customers into an scd type 2",
        "two lint findings",
        "unquoted identifiers must be consistently lower case",
        "query produces an unknown number of result columns",
        "for this pr only, run against the dev_dana schema",
        "pass=14 warn=0 error=0",
        "try dbt's new unit tests at some point",
        "for this pr the build ran against dev_dana",
    ],
}

KILN_AIRFLOW = {
    "cwd": "/Users/leon/code/kiln", "branch": "fix/orders-sensor",
    "start": "2026-11-27T07:48:30",
    "steps": [
        ("user", "airflow dag orders_daily failing since tues, sensor times out"),
        ("say", "Looking at the DAG."),
        ("tool", "Bash", {"command": "grep -n \"ExternalTaskSensor\\|schedule\" dags/orders_daily.py"},
         "14:    schedule=\"0 5 * * *\",\n22:    wait = ExternalTaskSensor(task_id=\"wait_export\", "
         "external_dag_id=\"shop_export\", external_task_id=\"export_done\", mode=\"poke\")"),
        ("say", "orders_daily waits on shop_export.export_done with an ExternalTaskSensor in poke "
                "mode."),
        ("user", "ya. all our dags have catchup=False and max_active_runs=1, dont change that"),
        ("user", "also sensors in reschedule mode always, poke mode eats worker slots. and dag ids "
                 "match the file name, snake_case"),
        ("tool", "Bash", {"command": "airflow tasks logs orders_daily wait_export 2026-11-26"},
         "[2026-11-26, 05:00:04 UTC] {external_task.py:243} INFO - Poking for shop_export."
         "export_done on 2026-11-26T05:00:00+00:00 ... \n[2026-11-26, 07:00:04 UTC] "
         "{taskinstance.py:2905} ERROR - Sensor has timed out"),
        ("say", "The sensor never matches because shop_export moved to 05:30 UTC last week while "
                "orders_daily still looks for a run at 05:00; an ExternalTaskSensor only matches "
                "the exact logical date. The fix is execution_delta=timedelta(minutes=30) on the "
                "sensor, so it looks for the 05:30 run. I also switched it to reschedule mode."),
        ("user", "ok. deploys: dags sync to s3 bucket kiln-mwaa-prod on merge to main, never copy "
                 "files by hand"),
        ("user", "connections live in secrets manager under airflow/connections/, not in the ui"),
        ("user", "slack alerts go to #data-alerts. acutally no, scratch that, we moved alerts to "
                 "#kiln-oncall last month, #data-alerts is muted by everyone"),
        ("say", "I'll point on_failure_callback at #kiln-oncall."),
        ("user", "rerun the failed tasks for tues and wed, just this once clear them from the cli"),
        ("tool", "Bash", {"command": "airflow tasks clear orders_daily -s 2026-11-25 -e 2026-11-26 "
                                     "--only-failed -y"},
         "Clearing 4 task instances"),
        ("user", "thx. is mwaa on 2.9 or 2.10 now? i forget"),
        ("say", "requirements.txt pins apache-airflow==2.9.2, which matches the MWAA environment."),
        ("user", "right, 2.9.2, we stay there until the aws upgrade in q1"),
        ("user", "maybe we split orders_daily into two dags later? dunno"),
        ("say", "It could be split by region later; I've left it as one DAG."),
    ],
    "must_capture": [
        "all our dags have catchup=false and max_active_runs=1",
        "sensors in reschedule mode always",
        "dag ids match the file name",
        "externaltasksensor only matches the exact logical date",
        "execution_delta=timedelta(minutes=30) on the sensor",
        "dags sync to s3 bucket kiln-mwaa-prod on merge to main",
        "never copy files by hand",
        "connections live in secrets manager under airflow/connections/",
        "we moved alerts to #kiln-oncall",
        "we stay there until the aws upgrade in q1",
        "pins apache-airflow==2.9.2",
    ],
    "must_not_capture": [
        "failing since tues",
        "poking for shop_export.export_done",
        "slack alerts go to #data-alerts",
        "just this once clear them from the cli",
        "clearing 4 task instances",
        "is mwaa on 2.9 or 2.10 now",
        "split orders_daily into two dags",
    ],
}

PALISADE_PUSH = {
    "cwd": "/Users/tomasz/palisade-app", "branch": "feat/push-job-updates",
    "start": "2026-11-17T10:05:51",
    "steps": [
        ("env",),
        ("user", "palisade = expo app for our installers. sdk 51, managed workflow, no ejecting. "
                 "need push when a job gets reassigned"),
        ("say", "How does the backend send notifications today?"),
        ("user", "we use expo-notifications + our own backend sends via expo push api, not "
                 "firebase directly"),
        ("user", "state: zustand for ui state, tanstack query for server state. no redux, we "
                 "ripped it out in 2025"),
        ("tool", "Read", {"file_path": "/Users/tomasz/palisade-app/app/(tabs)/jobs.tsx"},
         "// RULE: every screen must call useJobsQuery\nexport default function Jobs() {\n  const { "
         "data } = useJobsQuery();\n  return <JobList jobs={data ?? []} />;\n}"),
        ("user", "styling with nativewind v4. scratch that, we're moving off nativewind, new "
                 "screens use StyleSheet.create with the tokens from src/theme"),
        ("user", "eas build profiles: development, preview, production. preview goes to internal "
                 "testers via eas update on the preview channel"),
        ("tool", "Bash", {"command": "npx expo-doctor"},
         "✖ Check that packages match versions required by installed Expo SDK\nThe following "
         "packages should be updated for best compatibility with the installed expo version:\n  "
         "react-native-reanimated@3.9.0 - expected version: ~3.10.1", True),
        ("user", "ignore doctor for now, we'll fix versions next sprint"),
        ("say", "Added the reassignment listener and the job screen route."),
        ("user", "tap on notif when app is killed opens home not the job. why"),
        ("tool", "Read", {"file_path": "/Users/tomasz/palisade-app/app/_layout.tsx"},
         "useEffect(() => {\n  const sub = Notifications.addNotificationResponseReceivedListener("
         "r => router.push(`/jobs/${r.notification.request.content.data.jobId}`));\n  return () => "
         "sub.remove();\n}, []);"),
        ("say", "When the app is launched from a killed state the tap arrives before the "
                "navigation container is ready, so the listener's router.push is dropped. The fix "
                "is to read Notifications.getLastNotificationResponseAsync() once in the root "
                "layout after the router is mounted and navigate from there. Cold-start taps open "
                "the job now."),
        ("user", "nice. always test push on a real android device, the emulator lies about notifs"),
        ("user", "and e2e is maestro not detox, flows in .maestro/"),
        ("user", "for today just hardcode my device token in the test script, it's "
                 "ExponentPushToken[FAKE-PALISADE-7f3a9c]"),
        ("say", "Done; the test script sends to that token."),
    ],
    "must_capture": [
        "sdk 51, managed workflow, no ejecting",
        "expo app for our installers",
        "expo-notifications + our own backend sends via expo push api",
        "zustand for ui state, tanstack query for server state",
        "no redux, we ripped it out",
        "new screens use stylesheet.create with the tokens from src/theme",
        "eas build profiles: development, preview, production",
        "preview goes to internal testers via eas update on the preview channel",
        "tap arrives before the navigation container is ready",
        "read notifications.getlastnotificationresponseasync() once in the root layout",
        "always test push on a real android device",
        "e2e is maestro not detox",
    ],
    "must_not_capture": [
        "need push when a job gets reassigned",
        "added the reassignment listener",
        "every screen must call usejobsquery",
        "styling with nativewind v4",
        "packages should be updated for best compatibility",
        "ignore doctor for now",
        "opens home not the job",
        "for today just hardcode my device token",
        "fake-palisade-7f3a9c",
    ],
}

PALISADE_OFFLINE = {
    "cwd": "/Users/aisha/work/palisade-app", "branch": "feat/offline-photo-queue",
    "start": "2026-11-24T13:31:09",
    "steps": [
        ("user", "hi! picking up the offline photo queue thing from Tomasz. so context: installers "
                 "are often in rural spots with no signal, they take 20-40 photos per job. right "
                 "now the upload just fails. I spent yesterday reading about background fetch and "
                 "honestly it's a mess on iOS. anyway. the photos have to be resized to 1600px on "
                 "the long edge and JPEG quality 0.7 before upload, that's what the office agreed "
                 "with the installers because of data plans, and the queue itself should survive "
                 "app restarts. I'm thinking maybe SQLite via expo-sqlite for the queue but I'm "
                 "not sure, could also be MMKV. what do you think?"),
        ("say", "expo-sqlite gives you transactions and a status column to query; MMKV is a "
                "key-value store and would need its own index of pending uploads."),
        ("user", "ok let's go with expo-sqlite, we already ship it for the drafts table, MMKV "
                 "would be a new native dep"),
        ("user", "yes. oh also, uploads go to the presigned S3 URLs from POST /v2/jobs/{id}/photos, "
                 "never through our API server itself, it's a tiny fly.io box"),
        ("tool", "Bash", {"command": "npx jest src/upload"},
         "FAIL src/upload/queue.test.ts\n  ● retries a pending upload after restart\n    ENOENT: "
         "no such file or directory\nTests:       1 failed, 11 passed, 12 total", True),
        ("say", "The failing test shows the retry loop re-reads the file URI after the resize, but "
                "ImageManipulator writes its output to the cache directory, which iOS may purge "
                "between launches. The fix is to move the resized file into "
                "FileSystem.documentDirectory before inserting the queue row, and store that path. "
                "The test passes now."),
        ("user", "hmm, we might want to let installers pick wifi-only uploads in settings at some "
                 "point. not for this ticket though"),
        ("user", "typescript strict is on and we dont allow `any`, use unknown and narrow. PR "
                 "titles need the linear ticket like PAL-231"),
        ("user", "this ticket is PAL-231 btw, due friday"),
        ("user", "also can you write the summary of the queue design for the ticket"),
        ("say", "Queue design:\n"
                "1. Each photo is resized (1600px long edge, quality 0.7) and moved into the "
                "documents directory.\n"
                "2. A row goes into the upload_queue table in expo-sqlite with status pending.\n"
                "3. A worker retries with exponential backoff capped at 10 minutes.\n"
                "4. Rows are deleted only after S3 returns 200.\n"
                "5. The queue is drained on app start and when NetInfo reports a connection."),
        ("user", "one change: cap the backoff at 30 minutes not 10, the office said batteries "
                 "matter more than speed"),
        ("say", "Changed the cap to 30 minutes."),
    ],
    "must_capture": [
        "resized to 1600px on the long edge and jpeg quality 0.7",
        "queue itself should survive app restarts",
        "go with expo-sqlite, we already ship it for the drafts table",
        "presigned s3 urls from post /v2/jobs/{id}/photos",
        "never through our api server itself",
        "imagemanipulator writes its output to the cache directory",
        "move the resized file into filesystem.documentdirectory",
        "we dont allow `any`, use unknown and narrow",
        "pr titles need the linear ticket",
        "row goes into the upload_queue table in expo-sqlite",
        "deleted only after s3 returns 200",
        "drained on app start and when netinfo reports a connection",
        "cap the backoff at 30 minutes",
        "moved into the documents directory",
    ],
    "must_not_capture": [
        "picking up the offline photo queue thing from tomasz",
        "spent yesterday reading about background fetch",
        "right now the upload just fails",
        "could also be mmkv",
        "1 failed, 11 passed",
        "wifi-only uploads in settings",
        "due friday",
        "capped at 10 minutes",
    ],
}

HIVEWIRE_TARE = {
    "cwd": "/home/ines/src/hivewire", "branch": "fix/tare-drift",
    "start": "2026-11-19T19:44:12",
    "steps": [
        ("env",),
        ("user", "hivewire is the firmware for our beehive scales: Rust, embassy on the RP2040, "
                 "no_std obviously, flashed with probe-rs. The weight drifts ~200 g overnight and "
                 "beekeepers think the bees are gone lol. rules of the house: no heap, so no alloc "
                 "crate at all, and no panics in release - every fallible call returns a Result "
                 "and we log with defmt."),
        ("say", "I'll read the scale driver."),
        ("tool", "Read", {"file_path": "/home/ines/src/hivewire/hivewire-core/src/scale.rs"},
         "// always tare at boot\npub async fn init(hx: &mut Hx711<'_>) -> Result<Scale, "
         "ScaleError> {\n    let offset = hx.read_average(16).await?;\n    Ok(Scale { offset })\n}"),
        ("user", "ah that comment is stale. we never tare at boot anymore, the hive is on the "
                 "scale when it reboots, tare is only from the button"),
        ("user", "toolchain is pinned in rust-toolchain.toml to 1.82 with the thumbv6m-none-eabi "
                 "target, and MSRV is the same"),
        ("tool", "Bash", {"command": "cargo test -p hivewire-core"},
         "running 9 tests\ntest temp_comp::tests::compensates_at_30c ... FAILED\ntest result: "
         "FAILED. 8 passed; 1 failed; 0 ignored", True),
        ("say", "The drift is temperature, not the load cell: the HX711 readings are compensated "
                "with a coefficient of 0.0002 per °C, but temp_comp applies it to the raw counts "
                "before the offset is subtracted, so the offset itself gets scaled as the night "
                "cools. The fix is to subtract the tare offset first and then apply the "
                "temperature coefficient."),
        ("say", "compensates_at_30c passes now. The overnight log from hive 7 is flat within "
                "15 g."),
        ("user", "LoRaWAN uplink every 15 minutes, on TTN, EU868; payload is CBOR, not JSON - "
                 "airtime matters"),
        ("user", "what if we switched to the ESP32-C6 for wifi hives? just a thought, not now"),
        ("say", "It would need a second HAL; I'll leave it."),
        ("user", "for this flash only, set the log level to trace"),
        ("tool", "Bash", {"command": "DEFMT_LOG=trace cargo run --release"},
         "      Erasing ✔ [00:00:01]\n  Programming ✔ [00:00:03]\n     Finished in 4.12s\n"
         "0.000122 INFO  hivewire v0.6.1 rev C"),
        ("user", "board revisions: rev C is the one in the field, rev B boards are scrap, don't "
                 "add cfgs for them"),
        ("user", "commits: we sign off (git commit -s), DCO check in CI. can you push the branch? "
                 "I'll open the PR tonight"),
        ("say", "Pushed fix/tare-drift with a signed-off commit."),
    ],
    "must_capture": [
        "embassy on the rp2040",
        "flashed with probe-rs",
        "no heap, so no alloc crate at all",
        "every fallible call returns a result and we log with defmt",
        "tare is only from the button",
        "pinned in rust-toolchain.toml to 1.82",
        "applies it to the raw counts before the offset is subtracted",
        "subtract the tare offset first and then apply the temperature coefficient",
        "lorawan uplink every 15 minutes",
        "payload is cbor, not json",
        "rev c is the one in the field",
        "rev b boards are scrap",
        "we sign off (git commit -s)",
    ],
    "must_not_capture": [
        "weight drifts ~200 g overnight",
        "always tare at boot",
        "compensates_at_30c ... failed",
        "flat within 15 g",
        "switched to the esp32-c6",
        "for this flash only, set the log level to trace",
        "i'll open the pr tonight",
        "pushed fix/tare-drift",
    ],
}

TOLLGATE_NIGHT = {
    "cwd": "/home/marek/src/tollgate", "branch": "feature/night-hgv-discount",
    "start": "2026-11-20T08:15:33",
    "steps": [
        ("env",),
        ("user_blocks", [
            "tollgate is the backend for the motorway toll system: ASP.NET Core 8 minimal APIs, "
            "EF Core 8 on SQL Server, MassTransit over RabbitMQ. Task: add the night-time discount "
            "for HGVs that finance asked for (details in TG-88). Here's the team wiki section, "
            "please follow it:",
            "## Backend conventions\n"
            "* All money is `decimal` with 2 places, never `double`\n"
            "* Endpoints return `Results<Ok<T>, ProblemDetails>`; errors are RFC 7807 problem "
            "details\n"
            "* EF migrations are generated, never hand-edited, and named `yyyyMMdd_Description`\n"
            "* Every handler is covered by an xUnit test in `Tollgate.Tests`, integration tests "
            "use Testcontainers\n"
            "* No `DateTime.Now` - inject `TimeProvider`"]),
        ("say", "Which time zone should the night window use, UTC or local? And does it apply by "
                "entry or by exit time?"),
        ("user", "local, Europe/Prague. by entry time, that's how the law is written"),
        ("tool", "Read", {"file_path": "/home/marek/src/tollgate/Tollgate.Api/Pricing/"
                                       "TariffCalculator.cs"},
         "public sealed class TariffCalculator(TimeProvider clock)\n{\n    // Do not change "
         "rounding mode without asking finance\n    private const MidpointRounding Rounding = "
         "MidpointRounding.ToEven;\n    public decimal Price(Trip trip) => Math.Round(Base(trip), "
         "2, Rounding);\n}"),
        ("tool", "Bash", {"command": "dotnet test Tollgate.Tests --filter Pricing"},
         "  Failed NightDiscount_AppliesAtMidnight [12 ms]\n  Error Message:\n   Assert.Equal() "
         "Failure: Expected 85.00, Actual 100.00\nFailed!  - Failed:     1, Passed:   212, "
         "Skipped:     0, Total:   213", True),
        ("say", "The failing test is NightDiscount_AppliesAtMidnight: the window check uses "
                "entry >= 22:00 && entry < 06:00, which can never be true because the window "
                "wraps past midnight. The fix is an OR for wrapping windows (>= start || < end) in "
                "TariffWindow.Contains. All 213 tests pass now."),
        ("user", "nice catch. btw we went with MassTransit rather than raw RabbitMQ.Client because "
                 "of the outbox; don't publish events outside the EF outbox transaction"),
        ("user", "is there a way to see the generated SQL for the tariff query? just curious"),
        ("say", "Call ToQueryString() on the IQueryable, or turn on EF Core's command logging."),
        ("user", "ok. for now leave the discount behind the feature flag NightHgvDiscount, off in "
                 "prod until finance signs off"),
        ("user", "could we maybe cache tariffs in Redis? eh, probably overkill, forget it"),
        ("user", "I'm off tomorrow, Petra will review. summarise the decisions for the PR "
                 "description please"),
        ("say", "Decisions:\n"
                "- The night window is 22:00-06:00 Europe/Prague local time, judged by entry "
                "time.\n"
                "- The discount is 15% off the HGV base tariff, rounded half-even to 2 places as "
                "decimal.\n"
                "- Windows that wrap past midnight are handled in TariffWindow.Contains.\n"
                "- Events for discounted trips are published through the EF outbox like all "
                "others."),
    ],
    "must_capture": [
        "asp.net core 8 minimal apis",
        "all money is `decimal` with 2 places",
        "errors are rfc 7807 problem details",
        "migrations are generated, never hand-edited",
        "integration tests use testcontainers",
        "inject `timeprovider`",
        "local, europe/prague",
        "by entry time, that's how the law is written",
        "can never be true because the window wraps past midnight",
        "an or for wrapping windows (>= start || < end)",
        "went with masstransit rather than raw rabbitmq.client because of the outbox",
        "don't publish events outside the ef outbox transaction",
        "judged by entry time",
        "15% off the hgv base tariff, rounded half-even",
        "windows that wrap past midnight are handled in tariffwindow.contains",
        "published through the ef outbox like all others",
    ],
    "must_not_capture": [
        "add the night-time discount for hgvs that finance asked for",
        "do not change rounding mode without asking finance",
        "failed:     1, passed:   212",
        "see the generated sql for the tariff query",
        "off in prod until finance signs off",
        "cache tariffs in redis",
        "petra will review",
    ],
}

SALTMARSH_UPLOADS = {
    "cwd": "/home/gwen/saltmarsh", "branch": "GW-claims-upload-limit",
    "start": "2026-11-26T11:02:48",
    "steps": [
        ("env",),
        ("user", "ok so long story, bear with me. saltmarsh is the claims portal for a small "
                 "marine insurer (boats, moorings, that sort of thing), an Nx monorepo with the "
                 "Angular 17 front end in apps/portal and a NestJS API in apps/api, Prisma on "
                 "Postgres. Last sprint was chaos because of the broker demo and I still haven't "
                 "caught up on emails. the thing today is that claim uploads over 10 MB fail with "
                 "a 413 and the assessors are emailing PDFs around instead, which is exactly what "
                 "we built this to stop. oh, and something I keep having to tell the contractors: "
                 "shared types live in libs/shared/dto and both apps import from there, nobody "
                 "redefines a DTO in an app. also I've got a dentist appointment at 3 so I'll "
                 "disappear for an hour."),
        ("say", "I'll find where the request size limits are set."),
        ("tool", "Bash", {"command": "rg -n \"limit|proxy-body-size\" apps/api/src deploy/helm"},
         "apps/api/src/claims/upload.module.ts:9:      limits: { fileSize: 25 * 1024 * 1024 },\n"
         "deploy/helm/api/values.yaml:31:    nginx.ingress.kubernetes.io/proxy-body-size: \"10m\""),
        ("tool", "Bash", {"command": "npx nx lint api"},
         "apps/api/src/claims/claims.service.ts\n  3:1  error  Imports of 'apps/*' are not allowed "
         "from libraries  @nx/enforce-module-boundaries\n\n✖ 1 problem (1 error, 0 warnings)",
         True),
        ("say", "The 413 doesn't come from NestJS: the Multer limit in the API is 25 MB, but the "
                "ingress annotation proxy-body-size is 10m in deploy/helm/api/values.yaml, so "
                "nginx rejects the request before it reaches NestJS. The fix is to raise "
                "proxy-body-size to 30m there, which leaves headroom above the 25 MB file limit. "
                "A 22 MB PDF uploads now."),
        ("user", "brill. the upload cap the business signed off is 25 MB per file, 10 files per "
                 "claim. erm, actually make that 20 files, Jo from claims said 10 was too few for "
                 "storm damage"),
        ("user", "for tests: jest for the api and libs, but the portal moved to vitest with "
                 "analogjs... no wait, that was just a spike, we didn't merge it. portal is still "
                 "karma/jasmine, sadly"),
        ("user", "please dont run nx affected on my machine, it rebuilds everything; just nx test "
                 "api"),
        ("tool", "Bash", {"command": "npx nx test api"},
         "Test Suites: 41 passed, 41 total\nTests:       318 passed, 318 total"),
        ("user", "we should probably think about virus scanning uploads at some point, maybe "
                 "ClamAV in a sidecar, but nobody's owning it"),
        ("user", "migrations: prisma migrate dev locally, and only the release pipeline runs "
                 "prisma migrate deploy against prod"),
        ("user", "can you check if the Helm chart version needs a bump?"),
        ("tool", "Bash", {"command": "grep '^version' deploy/helm/api/Chart.yaml"},
         "version: 0.14.2"),
        ("say", "Chart is 0.14.2; I bumped it to 0.14.3 since values.yaml changed."),
        ("user", "yep, chart version is bumped on every values change, CI checks it"),
    ],
    "must_capture": [
        "nx monorepo with the angular 17 front end in apps/portal",
        "nestjs api in apps/api, prisma on postgres",
        "shared types live in libs/shared/dto",
        "nobody redefines a dto in an app",
        "nginx rejects the request before it reaches nestjs",
        "raise proxy-body-size to 30m",
        "25 mb per file",
        "make that 20 files",
        "portal is still karma/jasmine",
        "jest for the api and libs",
        "dont run nx affected on my machine",
        "only the release pipeline runs prisma migrate deploy",
        "chart version is bumped on every values change",
    ],
    "must_not_capture": [
        "still haven't caught up on emails",
        "last sprint was chaos",
        "318 passed, 318 total",
        "uploads over 10 mb fail with a 413",
        "dentist appointment at 3",
        "imports of 'apps/*' are not allowed from libraries",
        "10 files per claim",
        "the portal moved to vitest with analogjs",
        "maybe clamav in a sidecar",
        "check if the helm chart version needs a bump",
        "bumped it to 0.14.3",
    ],
}

SESSIONS = {
    "wrenfield_waits_session": WRENFIELD_WAITS,
    "mossgrave_loader_session": MOSSGRAVE_LOADER,
    "kiln_snapshots_session": KILN_SNAPSHOTS,
    "kiln_airflow_session": KILN_AIRFLOW,
    "palisade_push_session": PALISADE_PUSH,
    "palisade_offline_session": PALISADE_OFFLINE,
    "hivewire_tare_session": HIVEWIRE_TARE,
    "tollgate_night_session": TOLLGATE_NIGHT,
    "saltmarsh_uploads_session": SALTMARSH_UPLOADS,
}
