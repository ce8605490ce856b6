"""The dev4 capture sessions: what is said, and the labels. See generate.py and README.md."""

LEDGERLY_REFUNDS = {
    "cwd": "/home/amara/ledgerly", "branch": "feat/refunds", "start": "2026-11-03T09:02:11",
    "steps": [
        ("env",),
        ("user", "morning! ledgerly is our payments service, a Phoenix 1.7 app on Elixir 1.16 with "
                 "Ecto and Postgres. I need to add a refund endpoint today. Heads up: amounts are "
                 "stored as integer minor units in a bigint column, never floats or Decimal in the "
                 "schema."),
        ("say", "Let me run the test suite first to see where things stand."),
        ("tool", "Bash", {"command": "mix test", "description": "Run the test suite"},
         "Compiling 3 files (.ex)\n.............................F\n\n  1) test refund twice "
         "(Ledgerly.BillingTest)\n     Assertion with == failed\n     left:  2\n     right: 1\n\n"
         "Finished in 2.1 seconds\n30 tests, 1 failure"),
        ("say", "30 tests, 1 failure: a refund is being created twice."),
        ("user", "yeah that's the bug QA found. one thing while you're in there: controllers never "
                 "call Repo directly, everything goes through the context module (Billing, "
                 "Accounts and so on)."),
        ("tool", "Read", {"file_path": "/home/amara/ledgerly/lib/ledgerly/workers/refund_worker.ex"},
         "defmodule Ledgerly.Workers.RefundWorker do\n  use Oban.Worker, queue: :refunds\n\n"
         "  def perform(%Oban.Job{args: %{\"refund_id\" => id}}), do: Billing.issue_refund(id)\nend\n"),
        ("think", "No uniqueness on the job. A retry of the controller action enqueues another job."),
        ("tool", "Edit", {"file_path": "/home/amara/ledgerly/lib/ledgerly/workers/refund_worker.ex",
                          "old_string": "use Oban.Worker, queue: :refunds",
                          "new_string": "use Oban.Worker, queue: :refunds, unique: [period: 300, keys: [:refund_id]]"},
         "The file has been updated."),
        ("tool", "Bash", {"command": "mix test"}, "..............................\n30 tests, 0 failures"),
        ("say", "Root cause: the refund worker had no uniqueness constraint, so a retried request "
                "enqueued a second Oban job and issued the refund twice. Fix: the worker now declares "
                "`unique: [period: 300, keys: [:refund_id]]`, so a duplicate job within five minutes "
                "is discarded."),
        ("user", "nice. we run Credo in strict mode and mix format is checked in CI, so run both "
                 "before you commit. also can you check why CI was so slow today?"),
        ("tool", "Bash", {"command": "mix format --check-formatted && mix credo --strict"},
         "Checking 214 source files ...\n\nAnalysis took 1.9 seconds\n1204 mods/funs, found no issues."),
        ("say", "Both pass. The last CI run took 14 minutes; most of it was the Dialyzer step "
                "rebuilding its PLT from a cold cache."),
        ("user", "ugh. ok, we decided to drop Dialyzer from the PR pipeline and run it nightly, because "
                 "the PLT rebuild costs ten minutes on every run. Also I like one describe block per "
                 "public function in ExUnit tests, keep to that in the new test file."),
        ("say", "Understood. I'll add the refund endpoint tests with one describe per function."),
        ("user", "looks good, push it. I'm grabbing lunch"),
        ("tool", "Bash", {"command": "git push -u origin feat/refunds"},
         "To github.com:ledgerly/ledgerly.git\n * [new branch]      feat/refunds -> feat/refunds"),
    ],
    "must_capture": [
        "phoenix 1.7 app on elixir 1.16",
        "integer minor units",
        "controllers never call repo directly",
        "had no uniqueness constraint",
        "unique: [period: 300, keys: [:refund_id]]",
        "credo in strict mode",
        "drop dialyzer from the pr pipeline",
        "one describe block per public function",
    ],
    "must_not_capture": [
        "add a refund endpoint today",
        "let me run the test suite",
        "30 tests, 1 failure",
        "that's the bug qa found",
        "why ci was so slow today",
        "took 14 minutes",
        "both pass",
        "i'm grabbing lunch",
    ],
}

DRIFTWOOD_CAMERA = {
    "cwd": "/Users/teo/dev/Driftwood", "branch": "fix/camera-jitter", "start": "2026-11-05T19:44:30",
    "steps": [
        ("user", "hey, the camera in Driftwood jitters whenever the boat turns, can you look? fyi "
                 "we're stuck on Unity 2022.3 LTS, we can't move to Unity 6 until the console SDKs "
                 "support it."),
        ("tool", "Read", {"file_path": "/Users/teo/dev/Driftwood/Assets/Scripts/Runtime/BoatController.cs"},
         "public class BoatController : MonoBehaviour {\n    Rigidbody body;\n    void Update() {\n"
         "        body.MovePosition(body.position + transform.forward * speed * Time.deltaTime);\n"
         "        var cam = FindObjectOfType<CameraRig>();\n    }\n}\n"),
        ("say", "I see two things in `BoatController.Update`: the Rigidbody is moved in `Update`, and "
                "it calls `FindObjectOfType<CameraRig>()` every frame."),
        ("user", "oh the FindObjectOfType has to go anyway. our rule is no FindObjectOfType at runtime, "
                 "cache references in Awake or inject them from the inspector."),
        ("think", "Physics step vs render step mismatch. Move to FixedUpdate, interpolate."),
        ("tool", "Edit", {"file_path": "/Users/teo/dev/Driftwood/Assets/Scripts/Runtime/BoatController.cs",
                          "old_string": "void Update() {", "new_string": "void FixedUpdate() {"},
         "The file has been updated."),
        ("say", "The jitter comes from moving the Rigidbody in Update while physics steps in "
                "FixedUpdate, so the camera samples the boat between physics steps. Fix: "
                "BoatController now moves the body in FixedUpdate and the Rigidbody has "
                "interpolation set to Interpolate."),
        ("user", "works, thanks!! also the speed 12.5 you left in the script: all tunable numbers live "
                 "in ScriptableObjects under Assets/Config, not hard-coded in MonoBehaviours."),
        ("tool", "Write", {"file_path": "/Users/teo/dev/Driftwood/Assets/Config/BoatTuning.asset",
                           "content": "speed: 12.5\nturnRate: 40\n"}, "File created."),
        ("user", "and put the new tuning class in namespace Driftwood.Gameplay... actually no, scratch "
                 "that, we split by assembly: Driftwood.Runtime for runtime code and Driftwood.Editor "
                 "for editor scripts."),
        ("say", "Moved `BoatTuning` into `Driftwood.Runtime`."),
        ("user", "for input I'd rather we use the new Input System package than the legacy Input "
                 "Manager, so don't add any Input.GetAxis calls."),
        ("tool", "Bash", {"command": "unity -batchmode -runTests -testPlatform PlayMode -projectPath ."},
         "Test run completed. 57 passed, 0 failed, 2 skipped. Duration 00:01:48"),
        ("say", "Play mode tests: 57 passed, 2 skipped."),
        ("user", "cool. I'll try it on the Steam Deck tonight. how big is the build now?"),
        ("say", "The last Linux build in Builds/ is 1.2 GB."),
    ],
    "must_capture": [
        "unity 2022.3 lts",
        "no findobjectoftype at runtime",
        "moving the rigidbody in update while physics steps in fixedupdate",
        "interpolation set to interpolate",
        "scriptableobjects under assets/config",
        "driftwood.runtime for runtime code",
        "new input system package",
    ],
    "must_not_capture": [
        "the camera in driftwood jitters",
        "i see two things",
        "namespace driftwood.gameplay",
        "moved `boattuning`",
        "57 passed",
        "steam deck tonight",
        "how big is the build",
        "1.2 gb",
    ],
}

HYDROCAST_LEAK = {
    "cwd": "/home/jo/hydrocast", "branch": "exp/lgbm-v3", "start": "2026-11-08T10:20:05",
    "steps": [
        ("env",),
        ("user", "hello. hydrocast is the repo with our inflow forecasting notebooks. the notebooks are "
                 "paired with jupytext, the .py percent file is the source of truth and we don't commit "
                 "the .ipynb outputs. today the validation score looks too good, i think something leaks"),
        ("tool", "Read", {"file_path": "/home/jo/hydrocast/notebooks/03_train.py"},
         "# %%\nscaler = StandardScaler().fit(X)\nX = scaler.transform(X)\nX_train, X_val, y_train, "
         "y_val = train_test_split(X, y, random_state=1337)\n"),
        ("say", "Found it, I think. Let me check the split."),
        ("user", "random seed is always 1337 for every experiment so the runs compare, good that it's "
                 "already there"),
        ("think", "Scaler fit on X before the split: the validation rows contribute to mean/std."),
        ("tool", "Edit", {"file_path": "/home/jo/hydrocast/notebooks/03_train.py",
                          "old_string": "scaler = StandardScaler().fit(X)",
                          "new_string": "model = make_pipeline(StandardScaler(), LGBMRegressor())"},
         "The file has been updated."),
        ("say", "The validation score was inflated because the scaler was fit on the full dataset "
                "before the split, which leaks the validation rows' statistics into training. Fix: "
                "the StandardScaler now sits inside the sklearn Pipeline, so it is fit on the training "
                "fold only."),
        ("tool", "Bash", {"command": "uv run jupytext --execute notebooks/03_train.py"},
         "[jupytext] Executing notebooks/03_train.py\nval_auc=0.842\n"),
        ("say", "Validation AUC went from 0.91 to 0.84 after the fix."),
        ("user", "makes sense. experiments are tracked in MLflow, the tracking server is "
                 "mlflow.internal:5000 and every run needs the tags dataset_version and git_sha. we "
                 "went with LightGBM over XGBoost because it trains about three times faster on our "
                 "40M rows."),
        ("user", "hmm, also the comment in 02_clean.py says 'always drop NaNs first' - is that really "
                 "our rule? i thought we impute"),
        ("say", "The README says missing gauge values are imputed with the per-station median; the "
                "comment in 02_clean.py looks stale."),
        ("user", "ok, then fix the comment. the per-station median imputation is the rule."),
        ("say", "Updated the comment in 02_clean.py."),
        ("user", "thanks, i'll show the new numbers at standup"),
    ],
    "must_capture": [
        "paired with jupytext",
        "don't commit the .ipynb outputs",
        "random seed is always 1337",
        "scaler was fit on the full dataset before the split",
        "fit on the training fold only",
        "mlflow.internal:5000",
        "dataset_version and git_sha",
        "lightgbm over xgboost",
        "per-station median",
    ],
    "must_not_capture": [
        "validation score looks too good",
        "let me check the split",
        "always drop nans first",
        "went from 0.91 to 0.84",
        "val_auc=0.842",
        "updated the comment",
        "show the new numbers at standup",
    ],
}

BEACON_FAULT = {
    "cwd": "/home/rui/beacon-fw", "branch": "main", "start": "2026-11-10T14:05:40",
    "steps": [
        ("user", "context for you: beacon is our BLE tracker firmware, Zephyr 3.6 on the nRF52840, "
                 "built with west. the board hard-faults about a minute after boot, can you read the "
                 "fault log?"),
        ("tool", "Bash", {"command": "west build -b nrf52840dk_nrf52840 app && west flash",
                          "description": "Build and flash"},
         "[212/212] Linking C executable zephyr/zephyr.elf\nMemory region  Used Size  Region Size\n"
         "FLASH: 212 KB 1 MB\nRAM: 61 KB 256 KB\n-- runners.nrfjprog: Flashing file: zephyr.hex"),
        ("say", "Flashed. Build used 212 KB of flash. Reading the fault log over RTT now."),
        ("tool", "Bash", {"command": "JLinkRTTClient"},
         "***** MPU FAULT *****\n  Faulting instruction address (r15/pc): 0x0001a3f4\n"
         "  in accel_isr (src/sensors/accel.c:88)\n  k_mutex_lock called from ISR"),
        ("user", "ah. while you're at it: never allocate from the heap after init, all buffers are "
                 "static or come from a k_mem_slab. and never use k_sleep in interrupt handlers; use "
                 "a work queue item instead."),
        ("say", "The hard fault came from accel_isr calling printk, which takes a mutex, from "
                "interrupt context. Fix: CONFIG_LOG_MODE_DEFERRED=y is now set in prj.conf and the "
                "ISR logs with LOG_DBG, which only queues the message."),
        ("tool", "Bash", {"command": "west build && west flash && sleep 120"},
         "-- runners.nrfjprog: Board with serial number 683012345 flashed successfully."),
        ("say", "The board has been up for two minutes without a fault."),
        ("user", "great. From now on we use clang-format with the Zephyr style file instead of our old "
                 ".clang-format, please reformat src/sensors."),
        ("tool", "Bash", {"command": "clang-format -i --style=file:../zephyr/.clang-format src/sensors/*.c"},
         ""),
        ("user", "for the OTA step, the signing key password is Quill-Harbor-4417 - paste it into "
                 "the CI secret when you get to it."),
        ("say", "I won't store that; please put it in the CI secret store yourself."),
        ("user", "fair. I'll check the antenna question with the hardware team tomorrow."),
    ],
    "must_capture": [
        "zephyr 3.6 on the nrf52840",
        "never allocate from the heap after init",
        "never use k_sleep in interrupt handlers",
        "use a work queue item instead",
        "calling printk, which takes a mutex",
        "config_log_mode_deferred=y",
        "clang-format with the zephyr style file",
    ],
    "must_not_capture": [
        "can you read the fault log",
        "build used 212 kb",
        "reading the fault log over rtt",
        "up for two minutes",
        "signing key password",
        "quill-harbor-4417",
        "i won't store that",
        "hardware team tomorrow",
    ],
}

TERN_EXITCODES = {
    "cwd": "/home/sam/src/tern", "branch": "feat/validate", "start": "2026-11-12T08:31:19",
    "steps": [
        ("env",),
        ("user", "tern is a Go CLI that syncs DNS records from a YAML file to Cloudflare and Route53. "
                 "I want a `tern validate` subcommand today. We use cobra for commands, and viper is "
                 "banned here, config is parsed with plain encoding/json and yaml.v3."),
        ("say", "Let me look at how the existing subcommands are wired."),
        ("tool", "Bash", {"command": "ls cmd/ && go test ./..."},
         "apply.go\ndiff.go\nroot.go\nok  \tgithub.com/sam/tern/internal/sync\t0.412s\n"
         "ok  \tgithub.com/sam/tern/internal/provider\t0.198s"),
        ("user", "tests should be table-driven with t.Run subtests, that's how the rest of the repo "
                 "does it. errors get wrapped with fmt.Errorf and %w, never pkg/errors."),
        ("user", "validation failures should exit with code 2. wait, no, cobra already uses 2 for usage "
                 "errors, so validation failures exit with code 3."),
        ("tool", "Write", {"file_path": "/home/sam/src/tern/cmd/validate.go",
                           "content": "package cmd\n\nconst exitValidation = 3\n"}, "File created."),
        ("tool", "Bash", {"command": "go test -race ./..."},
         "==================\nWARNING: DATA RACE\nRead at 0x00c0001a4018 by goroutine 9:\n"
         "  github.com/sam/tern/internal/progress.(*Bar).render()\n==================\n"
         "FAIL\tgithub.com/sam/tern/internal/progress\t0.221s"),
        ("say", "The race detector flags `progress.Bar.render`."),
        ("think", "render reads b.done while the worker goroutines increment it."),
        ("tool", "Edit", {"file_path": "/home/sam/src/tern/internal/progress/bar.go",
                          "old_string": "done int64", "new_string": "done atomic.Int64"},
         "The file has been updated."),
        ("say", "The race came from the progress bar goroutine reading the done counter while the sync "
                "workers incremented it without a lock. Fix: the counter is now an atomic.Int64."),
        ("tool", "Bash", {"command": "go test -race ./..."}, "ok  \tgithub.com/sam/tern/internal/progress\t1.304s"),
        ("say", "go test -race passes on all packages now."),
        ("user", "lovely. lint is golangci-lint with the config in .golangci.yml, and releases go out "
                 "via goreleaser when a v* tag is pushed, so don't bump the version by hand. is it ok "
                 "to merge before lunch?"),
        ("say", "Lint is clean; it's ready to merge once CI is green."),
        ("user", "ok merging"),
    ],
    "must_capture": [
        "go cli that syncs dns records",
        "viper is banned",
        "table-driven with t.run subtests",
        "never pkg/errors",
        "validation failures exit with code 3",
        "reading the done counter while the sync workers incremented it",
        "atomic.int64",
        "golangci-lint with the config in .golangci.yml",
        "goreleaser when a v* tag is pushed",
    ],
    "must_not_capture": [
        "subcommand today",
        "let me look at how",
        "should exit with code 2",
        "race detector flags",
        "passes on all packages",
        "ok to merge before lunch",
        "ok merging",
    ],
}

PARCELHUB_SHIPMENTS = {
    "cwd": "/srv/parcelhub", "branch": "perf/shipments-index", "start": "2026-11-14T16:12:52",
    "steps": [
        ("user", "the shipments index page takes 6 seconds in production, can you find out why? fyi "
                 "parcelhub is a Rails 7.1 monolith on Ruby 3.3, background jobs run on Sidekiq."),
        ("say", "Let me look at the logs for that endpoint."),
        ("tool", "Bash", {"command": "grep 'ShipmentsController#index' log/production.log | tail -3"},
         "Completed 200 OK in 6012ms (Views: 402.1ms | ActiveRecord: 5488.7ms | Allocations: 981233)\n"
         "  Carrier Load (0.4ms)  SELECT \"carriers\".* FROM \"carriers\" WHERE \"carriers\".\"id\" = $1"),
        ("say", "The log shows one `Carrier Load` query per shipment row."),
        ("tool", "Edit", {"file_path": "/srv/parcelhub/app/controllers/shipments_controller.rb",
                          "old_string": "@shipments = Shipment.page(params[:page])",
                          "new_string": "@shipments = Shipment.includes(:carrier).page(params[:page])"},
         "The file has been updated."),
        ("say", "The slow page was an N+1: the serializer loaded each shipment's carrier lazily, one "
                "query per row. Fix: the index action now calls `includes(:carrier)`, so the carriers "
                "load in one query."),
        ("user", "great find. while you're there, one of the conventions we follow is that service "
                 "objects live in app/services and expose a single `call` method. and we don't use "
                 "model callbacks for side effects like emails or webhooks, those go in the service "
                 "object."),
        ("user", "also someone wrote 'never use scopes, always class methods' on the wiki. is that "
                 "really our rule? I don't think so"),
        ("say", "I don't see that anywhere in the style guide in docs/; the models use scopes "
                "throughout."),
        ("user", "right, ignore it then. From now on we use standardrb instead of rubocop, the "
                 "migration PR landed yesterday."),
        ("user", "and for search we picked Postgres full-text search over Elasticsearch because it's "
                 "one less service to run."),
        ("tool", "Bash", {"command": "bundle exec rspec"},
         "Finished in 3 minutes 12.4 seconds\n2314 examples, 0 failures"),
        ("say", "2314 examples, 0 failures."),
        ("user", "ship it. see you tomorrow"),
    ],
    "must_capture": [
        "rails 7.1 monolith on ruby 3.3",
        "loaded each shipment's carrier lazily",
        "`includes(:carrier)`",
        "service objects live in app/services",
        "don't use model callbacks for side effects",
        "standardrb instead of rubocop",
        "postgres full-text search over elasticsearch",
    ],
    "must_not_capture": [
        "takes 6 seconds in production",
        "let me look at the logs",
        "one `carrier load` query per shipment",
        "never use scopes",
        "2314 examples",
        "ship it",
        "see you tomorrow",
    ],
}

SESSIONS = {
    "ledgerly_refunds_session": LEDGERLY_REFUNDS,
    "driftwood_camera_session": DRIFTWOOD_CAMERA,
    "hydrocast_leak_session": HYDROCAST_LEAK,
    "beacon_fault_session": BEACON_FAULT,
    "tern_exitcodes_session": TERN_EXITCODES,
    "parcelhub_shipments_session": PARCELHUB_SHIPMENTS,
}
