"""The dev5 capture sessions: what is said, and the labels. See ../dev4/generate.py and README.md."""

FERNWEH_OFFLINE = {
    "cwd": "/Users/lena/code/fernweh", "branch": "feat/offline-trips", "start": "2026-11-21T08:12:40",
    "steps": [
        ("env",),
        ("user", "good morning :) fernweh is the Flutter travel planner, state management is Riverpod "
                 "2 with code generation, backend is Firebase. I want trips to be viewable offline, "
                 "can you start on that?"),
        ("say", "Sure. I'll start by looking at how trips are loaded today."),
        ("tool", "Read", {"file_path": "/Users/lena/code/fernweh/lib/trips/trip_repository.dart"},
         "class TripRepository {\n  Future<List<Trip>> all() => _firestore.collection('trips').get()...\n}\n"),
        ("user", "just so you know, we keep every widget under 150 lines, if it grows split it into "
                 "private widgets in the same file."),
        ("user", "for local storage we went with Isar rather than Hive, Hive's maintainer stopped "
                 "updating it and Isar has proper queries."),
        ("tool", "Bash", {"command": "flutter test"},
         "00:14 +86: All tests passed!"),
        ("say", "86 tests pass on the current branch."),
        ("user", "nice. oh and generated files (*.g.dart, *.freezed.dart) are committed, CI doesn't "
                 "run build_runner."),
        ("tool", "Bash", {"command": "flutter test integration_test/offline_test.dart"},
         "00:31 +3 -1: offline trip opens [E]\n  Bad state: Isar instance has already been opened"),
        ("think", "Tests open Isar in setUp without closing it."),
        ("say", "The integration test failed because each test opened a second Isar instance on "
                "the same directory without closing the first one. I changed the test setup to "
                "call `Isar.close()` in tearDown and to use a temp directory per test."),
        ("user", "good catch. I'd rather have the repository expose streams than futures, the UI "
                 "should rebuild when the cache changes."),
        ("say", "I'll switch `TripRepository.all()` to return a `Stream<List<Trip>>`."),
        ("user", "perfect. I'm off to a call, back in an hour"),
    ],
    "must_capture": [
        "flutter travel planner",
        "every widget under 150 lines",
        "isar rather than hive",
        "generated files (*.g.dart, *.freezed.dart) are committed",
        "opened a second isar instance",
        "`isar.close()` in teardown",
        "repository expose streams than futures",
    ],
    "must_not_capture": [
        "can you start on that",
        "i'll start by looking",
        "86 tests pass",
        "all tests passed",
        "good catch",
        "i'll switch `triprepository.all()`",
        "back in an hour",
    ],
}

QUARRY_CHECKOUT = {
    "cwd": "/var/www/quarry", "branch": "fix/checkout-tax", "start": "2026-11-22T13:40:02",
    "steps": [
        ("user", "hey, customers in Austria get charged German VAT at checkout. quarry is our Laravel "
                 "11 shop, Livewire for the checkout pages, tests in Pest."),
        ("say", "Let me find where the tax rate is chosen."),
        ("tool", "Bash", {"command": "grep -rn \"tax_rate\" app/ | head"},
         "app/Services/TaxService.php:22:        return config('shop.tax_rate');"),
        ("say", "It turned out the TaxService read one global rate from config/shop.php instead of "
                "looking up the rate for the shipping country. I replaced it with a lookup in the "
                "`tax_rates` table keyed by the shipping address's country code."),
        ("user", "ok. the rule in this codebase is that money is handled with brick/money, never "
                 "plain floats, so make sure the new code does that too."),
        ("user", "also business logic stays out of Livewire components; components call an action "
                 "class in app/Actions."),
        ("tool", "Bash", {"command": "./vendor/bin/pest --filter=Tax"},
         "   PASS  Tests\\Feature\\TaxTest\n  ✓ austrian customers pay austrian vat\n\n  Tests:  7 passed"),
        ("say", "Tax tests: 7 passed."),
        ("user", "heads up, prices in the admin are entered gross, including VAT, the shop computes net "
                 "from that."),
        ("user", "Should the tax_rates table be seeded in production too? I'm not sure"),
        ("say", "Yes, I'd add it to the production seeder, otherwise the lookup returns nothing."),
        ("user", "hmm, let's not touch the seeders today. we deploy with Envoyer and migrations run "
                 "automatically on deploy, so a migration that inserts the rows is better."),
        ("user", "ok push it and open the PR against develop"),
    ],
    "must_capture": [
        "laravel 11 shop",
        "global rate from config/shop.php",
        "keyed by the shipping address's country code",
        "money is handled with brick/money",
        "business logic stays out of livewire components",
        "prices in the admin are entered gross",
        "deploy with envoyer",
    ],
    "must_not_capture": [
        "customers in austria get charged german vat",
        "let me find where",
        "7 passed",
        "seeded in production too",
        "add it to the production seeder",
        "touch the seeders today",
        "open the pr against develop",
    ],
}

TIDEPOOL_SKEW = {
    "cwd": "/home/omar/tidepool", "branch": "perf/skew", "start": "2026-11-23T17:02:11",
    "steps": [
        ("env",),
        ("user", "the nightly tidepool job took 4 hours yesterday instead of 40 minutes. it's a Scala "
                 "3 Spark batch on EMR, built with sbt. can you look at the stage metrics I pasted "
                 "into metrics.txt?"),
        ("tool", "Read", {"file_path": "/home/omar/tidepool/metrics.txt"},
         "Stage 14: 199 tasks median 12s, 1 task 3h41m (shuffle read 61 GB)\nkey: vessel_id = 0"),
        ("say", "One task in stage 14 read 61 GB of shuffle data; the key is `vessel_id = 0`."),
        ("user", "ah, vessel_id 0 is what the AIS feed sends for unknown vessels, it's not a real ship. "
                 "worth knowing for any join on that column."),
        ("tool", "Edit", {"file_path": "/home/omar/tidepool/src/main/scala/tidepool/Tracks.scala",
                          "old_string": ".join(vessels, \"vessel_id\")",
                          "new_string": ".filter($\"vessel_id\" =!= 0).join(vessels, \"vessel_id\")"},
         "The file has been updated."),
        ("say", "The slowdown came from skew: every position report with vessel_id 0 was hashed to "
                "the same shuffle partition, so one task did almost all the work. Unknown vessels "
                "are now filtered out before the join."),
        ("user", "thanks. our convention: every job reads its dates from the --run-date argument, "
                 "never from the current clock, so reruns are reproducible."),
        ("user", "and we don't use UDFs unless there's no built-in function for it, they block "
                 "Catalyst optimisations."),
        ("tool", "Bash", {"command": "sbt test"},
         "[info] Tests: succeeded 41, failed 0\n[success] Total time: 93 s"),
        ("say", "sbt test: 41 succeeded."),
        ("user", "great, I'll rerun last night's job after lunch and check the timing"),
    ],
    "must_capture": [
        "scala 3 spark batch on emr",
        "vessel_id 0 is what the ais feed sends for unknown vessels",
        "hashed to the same shuffle partition",
        "filtered out before the join",
        "reads its dates from the --run-date argument",
        "don't use udfs unless",
    ],
    "must_not_capture": [
        "took 4 hours yesterday",
        "stage metrics i pasted",
        "61 gb of shuffle data",
        "41 succeeded",
        "rerun last night's job",
    ],
}

LUMENC_PARSER = {
    "cwd": "/home/ada/lumenc", "branch": "main", "start": "2026-11-24T10:55:30",
    "steps": [
        ("user", "lumenc is my Haskell compiler for a small teaching language. cabal project, GHC "
                 "9.6, tests with hspec. the parser error for a missing `end` points at the end of "
                 "the file instead of the opening `do`, can you fix that?"),
        ("tool", "Read", {"file_path": "/home/ada/lumenc/src/Lumen/Parser.hs"},
         "block :: Parser Block\nblock = do\n  _ <- keyword \"do\"\n  stmts <- many stmt\n  _ <- keyword \"end\"\n"),
        ("say", "The error position comes from megaparsec reporting where `keyword \"end\"` failed, "
                "which is EOF. The fix is to remember the offset of `do` and attach it to a custom "
                "`UnclosedBlock` error, so the message points at the opening keyword."),
        ("user", "makes sense. I prefer custom error types over fancyFailure strings, they're easier "
                 "to test."),
        ("user", "style thing: no partial functions like head or fromJust anywhere in src/, hlint "
                 "is configured to flag them."),
        ("tool", "Bash", {"command": "cabal test"},
         "Parser\n  reports unclosed do blocks at the do [✔]\n\nFinished in 0.0210 seconds\n112 examples, 0 failures"),
        ("say", "112 examples, 0 failures."),
        ("user", "we target GHC 9.4 too, the CI matrix runs both. actually no, wait, we dropped 9.4 "
                 "last month, only 9.6 and 9.8 are in the matrix now."),
        ("user", "is `LambdaCase` enabled globally or per module? I can never remember"),
        ("say", "It's enabled globally in lumenc.cabal under default-extensions."),
        ("user", "ok cool, thanks, that's enough for today"),
    ],
    "must_capture": [
        "haskell compiler for a small teaching language",
        "remember the offset of `do`",
        "custom error types over fancyfailure strings",
        "no partial functions like head or fromjust",
        "only 9.6 and 9.8 are in the matrix",
    ],
    "must_not_capture": [
        "can you fix that",
        "112 examples",
        "we target ghc 9.4 too",
        "enabled globally or per module",
        "that's enough for today",
    ],
}

ORBIT_FLAKY = {
    "cwd": "/home/jun/orbit-web", "branch": "ci/flaky-e2e", "start": "2026-11-25T15:20:48",
    "steps": [
        ("env",),
        ("user", "the playwright suite for orbit is flaky again, the login spec fails maybe one run "
                 "in five. context: SvelteKit app, pnpm workspace, Tailwind."),
        ("tool", "Bash", {"command": "pnpm exec playwright test login --repeat-each=10"},
         "  3 failed\n    [chromium] › login.spec.ts:14:1 › logs in › waiting for locator('text=Welcome')\n  7 passed (41.2s)"),
        ("say", "3 of 10 runs failed waiting for the Welcome text."),
        ("think", "The test navigates before hydration finishes; the click is lost."),
        ("say", "The flakiness was caused by clicking the submit button before SvelteKit finished "
                "hydrating the page, so the click went to the server-rendered form and was dropped. "
                "I made the spec wait for the `data-hydrated` attribute that the root layout sets "
                "after mount."),
        ("tool", "Bash", {"command": "pnpm exec playwright test login --repeat-each=20"},
         "  20 passed (1.3m)"),
        ("say", "20 of 20 pass now."),
        ("user", "yay. one of our rules is that e2e tests select elements by role or test id, not by "
                 "text, because the copy gets translated. could you change the Welcome locator?"),
        ("user", "also we pin pnpm with the packageManager field in the root package.json, so use "
                 "corepack, don't install pnpm globally."),
        ("user", "I was thinking maybe we should move to Vitest browser mode for the component tests "
                 "at some point, but not now."),
        ("say", "Changed the locator to `getByRole('heading', { name: /welcome/i })`."),
        ("user", "hmm wait, that still matches on text. use getByTestId('welcome-heading')"),
        ("say", "Switched to `getByTestId('welcome-heading')`."),
        ("user", "👍 merge when green"),
    ],
    "must_capture": [
        "sveltekit app, pnpm workspace",
        "before sveltekit finished hydrating the page",
        "`data-hydrated` attribute",
        "select elements by role or test id, not by text",
        "packagemanager field",
        "don't install pnpm globally",
    ],
    "must_not_capture": [
        "flaky again",
        "3 of 10 runs failed",
        "20 of 20 pass",
        "vitest browser mode",
        "changed the locator",
        "merge when green",
    ],
}

SESSIONS = {
    "fernweh_offline_session": FERNWEH_OFFLINE,
    "quarry_checkout_session": QUARRY_CHECKOUT,
    "tidepool_skew_session": TIDEPOOL_SKEW,
    "lumenc_parser_session": LUMENC_PARSER,
    "orbit_flaky_session": ORBIT_FLAKY,
}
