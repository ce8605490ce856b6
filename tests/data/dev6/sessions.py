"""The dev6 capture sessions: what is said, and the labels. See generate.py and README.md.

Written blind (from project descriptions only, before anything was scored)."""

COBALT_RELOGIN = {
    "cwd": "/Users/priya/src/cobalt-ios", "branch": "feature/biometric-relogin",
    "start": "2026-11-10T08:41:07",
    "steps": [
        ("env",),
        ("user", "hey. cobalt is the ios app for our credit union, SwiftUI with a thin UIKit shell "
                 "for the onboarding camera bits. min deployment target is iOS 16 and we're on Xcode "
                 "16.1. I'm working on biometric re-login today (after 5 min in background). the "
                 "team agreed that anything touching the keychain goes through KeychainStore in the "
                 "CobaltSecurity package, nobody calls SecItem APIs directly."),
        ("say", "I'll look at how the background timeout is handled at the moment."),
        ("tool", "Bash", {"command": "grep -rn \"backgroundTimestamp\" Sources/",
                          "description": "Find the background timestamp"},
         "Sources/CobaltApp/Session/SessionMonitor.swift:18:    UserDefaults.standard.set(Date(), "
         "forKey: \"backgroundTimestamp\")\nSources/CobaltApp/Session/SessionMonitor.swift:31:    "
         "let since = UserDefaults.standard.object(forKey: \"backgroundTimestamp\") as? Date"),
        ("say", "SessionMonitor stores the background timestamp in UserDefaults and reads it back "
                "on foreground."),
        ("user", "ugh yes that's old code. pls dont put anything session related in UserDefaults, it "
                 "gets backed up to iCloud. we tend to keep state like that in memory only, in the "
                 "SessionStore actor. also fyi the 5 minute value comes from compliance (it's in the "
                 "risk sign-off doc) so don't make it configurable in the settings screen"),
        ("think", "Move the timestamp into SessionStore, keep the 5 minute constant fixed."),
        ("tool", "Edit", {"file_path": "/Users/priya/src/cobalt-ios/Sources/CobaltApp/Session/"
                                       "SessionStore.swift",
                          "old_string": "actor SessionStore {", "new_string":
                          "actor SessionStore {\n    private var backgroundedAt: Date?"},
         "The file has been updated."),
        ("user", "while you're at it, run only the CobaltSecurityTests scheme, not the whole test "
                 "plan. the full plan with the snapshot tests takes like 25 minutes on my m1"),
        ("tool", "Bash", {"command": "xcodebuild test -scheme CobaltSecurityTests -destination "
                                     "'platform=iOS Simulator,name=iPhone 15,OS=17.5' | xcpretty"},
         "Test Suite 'BiometricGateTests' started\n✗ testSecondPromptAsksAgain, XCTAssertEqual "
         "failed: (\"1\") is not equal to (\"2\")\n✗ testRelockAfterTimeout\nExecuted 48 tests, with "
         "2 failures (0 unexpected) in 6.214 seconds", True),
        ("say", "48 tests ran, 2 failed, both in BiometricGateTests. Looking at BiometricGate now."),
        ("tool", "Read", {"file_path": "/Users/priya/src/cobalt-ios/Packages/CobaltSecurity/Sources/"
                                       "CobaltSecurity/BiometricGate.swift"},
         "final class BiometricGate {\n    private let context = LAContext()\n    func unlock() async "
         "throws -> Bool {\n        try await context.evaluatePolicy(.deviceOwnerAuthentication"
         "WithBiometrics, localizedReason: reason)\n    }\n}"),
        ("say", "Found it. The failures came from one LAContext being reused across evaluations: "
                "once a context has been evaluated it keeps the previous result, so the second "
                "prompt was skipped. The fix is to create a fresh LAContext for every authentication "
                "attempt in BiometricGate; both tests pass now."),
        ("user", "nice. for snapshot tests we use swift-snapshot-testing and record on iPhone 15 "
                 "simulator only, ios 17.5 runtime. oh and commit messages: house style is "
                 "conventional commits with the jira key in the scope, like feat(COB-412): ..."),
        ("user", "can you check whether the danish localisation has the new strings? i think Mads "
                 "added them last week"),
        ("tool", "Bash", {"command": "grep -c '\"da\"' Resources/Localizable.xcstrings"}, "212"),
        ("say", "The da strings for relogin.title and relogin.reason are missing; everything else "
                "is translated."),
        ("user", "ok leave them. just for this PR we'll ship english fallbacks. the release train is "
                 "every other thursday, cut from main at noon CET, so this has to be merged by "
                 "wednesday"),
        ("user", "hmm what if we moved to passkeys for the whole login at some point? dont do "
                 "anything, just thinking out loud"),
        ("say", "Noted, no changes for that. The re-login branch is ready for review."),
    ],
    "must_capture": [
        "deployment target is ios 16",
        "keychain goes through keychainstore",
        "anything session related in userdefaults",
        "in memory only, in the sessionstore actor",
        "5 minute value comes from compliance",
        "run only the cobaltsecuritytests scheme",
        "keeps the previous result, so the second prompt was skipped",
        "fresh lacontext for every authentication attempt",
        "record on iphone 15 simulator only",
        "conventional commits with the jira key in the scope",
        "release train is every other thursday",
    ],
    "must_not_capture": [
        "working on biometric re-login today",
        "48 tests ran, 2 failed",
        "executed 48 tests, with 2 failures",
        "check whether the danish localisation has the new strings",
        "da strings for relogin.title",
        "just for this pr we'll ship english fallbacks",
        "has to be merged by wednesday",
        "moved to passkeys for the whole login",
    ],
}

COBALT_TRANSFERS = {
    "cwd": "/Users/priya/src/cobalt-ios", "branch": "feature/transfers-v2",
    "start": "2026-11-17T13:05:44",
    "steps": [
        ("env",),
        ("user", "cobalt again. transfers screen, i'm halfway through the transfers screen. amounts "
                 "are Decimal everywhere, never Double, and we format with the MoneyFormatter in "
                 "CobaltKit not NumberFormatter directly"),
        ("say", "Got it. Should the per-transfer limit come from the backend or be hard-coded in "
                "the app?"),
        ("user", "backend. limits come from GET /v2/limits, never hardcode them. the client "
                 "caches them for 10 min."),
        ("tool", "Read", {"file_path": "/Users/priya/src/cobalt-ios/Packages/Transfers/Sources/"
                                       "Transfers/TransferFeature.swift"},
         "@Reducer\nstruct TransferFeature {\n  @ObservableState\n  struct State: Equatable {\n    "
         "var amount: Decimal = 0\n  }\n}"),
        ("user", "also context: we went with TCA for the new screens because the reducer tests caught "
                 "a ton of regressions in the cards module. plain MVVM was rejected since every team "
                 "did it differently"),
        ("user_blocks", ["review from Jonas on the last PR, pls apply to this one too:",
                         "> - please keep feature reducers under 300 lines, split into child "
                         "features\n> - accessibility identifiers are snake_case, e.g. "
                         "transfer_amount_field\n> - no force unwraps outside of tests"]),
        ("tool", "Bash", {"command": "xcodebuild build -scheme Cobalt | xcpretty"},
         "❌ Packages/Transfers/Sources/Transfers/TransferFeature.swift:41:18: ambiguous use of "
         "'init(amount:)'\n** BUILD FAILED **", True),
        ("say", "The build broke because CobaltKit and the Transfers module both declared an "
                "extension Decimal.init(amount:), so the compiler could not pick one. I removed the "
                "copy in Transfers and kept the one in CobaltKit; it builds again."),
        ("user", "actually scratch that about the cache: caching is 60 seconds now, ops shortened it "
                 "after the limit-change incident"),
        ("say", "Updated LimitsClient to a 60 second cache."),
        ("user", "ok. for today skip the ui tests, ci is down anyway"),
        ("user", "q: do we have a feature flag for the new transfer flow? check the RemoteConfig keys"),
        ("tool", "Bash", {"command": "grep -rn 'transfers_' Config/RemoteConfigDefaults.plist"},
         "Config/RemoteConfigDefaults.plist:44: <key>transfers_v2_enabled</key>"),
        ("say", "There is one: transfers_v2_enabled, currently false in production."),
        ("user", "right. i'll ask lena to flip it after the release. thanks"),
    ],
    "must_capture": [
        "amounts are decimal everywhere, never double",
        "moneyformatter in cobaltkit",
        "limits come from get /v2/limits",
        "caching is 60 seconds now",
        "went with tca for the new screens",
        "plain mvvm was rejected",
        "reducers under 300 lines",
        "accessibility identifiers are snake_case",
        "no force unwraps outside of tests",
        "both declared an extension decimal.init(amount:)",
        "removed the copy in transfers",
    ],
    "must_not_capture": [
        "halfway through the transfers screen",
        "caches them for 10 min",
        "ambiguous use of 'init(amount:)'",
        "for today skip the ui tests",
        "ci is down anyway",
        "do we have a feature flag for the new transfer flow",
        "currently false in production",
        "ask lena to flip it",
    ],
}

SABLEFX_PRESET = {
    "cwd": "/home/jurgen/dev/sablefx", "branch": "fix/preset-crash", "start": "2026-11-12T16:20:00",
    "steps": [
        ("env",),
        ("user", "hi, so this is sablefx, our reverb plugin (VST3, AU and CLAP). JUCE 8, build with "
                 "cmake, we fetch deps with CPM. I have a crash in ableton when changing the preset "
                 "while playing. First a rule: in processBlock we never allocate, never lock, no "
                 "logging. this is most important rule of the project."),
        ("say", "Understood. I'll look at the preset loading path first."),
        ("tool", "Read", {"file_path": "/home/jurgen/dev/sablefx/Source/PresetManager.cpp"},
         "void PresetManager::loadPreset(const juce::File& f)\n{\n    auto xml = juce::parseXML(f);"
         "\n    apvts.replaceState(juce::ValueTree::fromXml(*xml));\n    engine.setImpulse(irFor("
         "*xml));\n}"),
        ("tool", "Read", {"file_path": "/home/jurgen/dev/sablefx/Source/dsp/ConvolutionEngine.cpp"},
         "void ConvolutionEngine::process(juce::AudioBuffer<float>& b)\n{\n    if (irDirty)\n        "
         "rebuildPartitions(); // std::vector resize\n    ...\n}"),
        ("user_blocks", ["btw here is the top of CONTRIBUTING so you know the house rules:",
                         "```\n// house rules:\n// 1. parameter IDs are lowerCamelCase and never "
                         "renamed after release, hosts store them in projects\n// 2. all DSP classes "
                         "live in Source/dsp and have no JUCE GUI includes\n// 3. format with "
                         "clang-format 17, the .clang-format in repo root\n```"]),
        ("say", "Root cause: the preset switch rebuilt the convolution engine's impulse response on "
                "the audio thread, which allocates a new buffer inside processBlock. Fix: the IR is "
                "now prepared on a background thread and handed to the audio thread through a "
                "lock-free FIFO (juce::AbstractFifo), swapped in at the start of the next block."),
        ("user", "good. pls dont run pluginval with strictness 10 locally, it take forever. use level "
                 "5 local, CI does the 10."),
        ("tool", "Bash", {"command": "pluginval --strictness-level 5 --validate build/SableFX_artefacts"
                                     "/Release/VST3/SableFX.vst3"},
         "Started validating: SableFX.vst3\n...\nCompleted tests in 00:02:41\nSUCCESS"),
        ("say", "pluginval passed at level 5 on this build."),
        ("tool", "Bash", {"command": "ctest --test-dir build -C Release"},
         "test cases:  19 |  19 passed\nassertions: 112 | 112 passed"),
        ("say", "All 19 test cases pass."),
        ("user", "can you check if the CPM cache is shared between the debug and release builds? i "
                 "think it downloads JUCE twice"),
        ("say", "It is not: CPM_SOURCE_CACHE is unset, so each build dir has its own copy."),
        ("user", "ok whatever. about formats: we decided to drop AAX support last year because avid's "
                 "signing process costs too much for a small shop like us, so dont add aax targets. "
                 "mac builds are universal binaries (arm64 + x86_64) notarized by the github action, "
                 "windows only x64. And the plugin version is in CMakeLists project(VERSION), nowhere "
                 "else, dont put it in a header."),
        ("user", "set oversampling to 4x just for testing this, we revert after"),
        ("user", "maybe we try the new juce 8 webview ui someday? no, not now. and today i push "
                 "directly to the release/1.4 branch because Marek is away, so no PR needed"),
        ("say", "Done; oversampling is at 4x in the test build and the fix is on release/1.4."),
    ],
    "must_capture": [
        "fetch deps with cpm",
        "in processblock we never allocate",
        "parameter ids are lowercamelcase and never renamed",
        "dsp classes live in source/dsp",
        "format with clang-format 17",
        "rebuilt the convolution engine's impulse response on the audio thread",
        "handed to the audio thread through a lock-free fifo",
        "use level 5 local, ci does the 10",
        "drop aax support",
        "universal binaries (arm64 + x86_64)",
        "windows only x64",
        "plugin version is in cmakelists",
    ],
    "must_not_capture": [
        "crash in ableton when changing the preset",
        "pluginval passed at level 5 on this build",
        "all 19 test cases pass",
        "check if the cpm cache is shared",
        "cpm_source_cache is unset",
        "oversampling to 4x just for testing",
        "try the new juce 8 webview ui someday",
        "today i push directly to the release/1.4 branch",
    ],
}

ORCHARD_PAGINATION = {
    "cwd": "/home/sam/work/orchard", "branch": "feat/harvest-pagination",
    "start": "2026-11-14T10:12:31",
    "steps": [
        ("env",),
        ("user", "ok so context, orchard is the yield-data api for the co-op, TS on lambda node 20 "
                 "with API gateway http api in front and a dynamodb single table design. the table "
                 "name is orchard-main-<stage>, hardcoded in src/lib/db.ts. infra is terraform in "
                 "infra/ with state in s3 + dynamo locking, one workspace per env (dev, staging, "
                 "prod). what I want today is to get the /harvests endpoint paginated because the "
                 "mobile team complained. one thing that's important: every handler is wrapped with "
                 "the withObservability middleware from src/lib, it sets up the powertools logger "
                 "and tracer, if you skip it we lose traces. oh and we bundle with esbuild, not tsc, "
                 "tsc is only for typechecking."),
        ("say", "Should the pagination be cursor-based on LastEvaluatedKey, or offset-based?"),
        ("user", "cursor. we never expose raw LastEvaluatedKey to clients, it's base64url encoded "
                 "json. page size default 50, max 200"),
        ("tool", "Read", {"file_path": "/home/sam/work/orchard/src/handlers/harvests.ts"},
         "export const handler = withObservability(async (event) => {\n  const items = await "
         "queryByFarm(event.pathParameters!.farmId);\n  return json(200, { items });\n});"),
        ("tool", "Bash", {"command": "npx vitest run src/handlers"},
         " ❯ src/handlers/harvests.test.ts (4 tests | 1 failed)\n Test Files  1 failed | 11 passed "
         "(12)\n      Tests  1 failed | 63 passed (64)", True),
        ("say", "One file fails: harvests.test.ts expects the old response without a cursor."),
        ("user", "ah that test is flaky anyway, ignore it for this PR, I'll fix it separately. "
                 "actually scratch that on the page size: default 50 and max 100, the mobile app "
                 "chokes above 100"),
        ("say", "Updated: default 50, max 100, cursor returned as nextToken."),
        ("user", "also from now on the table name comes from the TABLE_NAME env var that terraform "
                 "sets on the function, drop the hardcoded one"),
        ("tool", "Bash", {"command": "AWS_PROFILE=orchard-dev npm run deploy:dev && curl -s "
                                     "$DEV_URL/farms/f-17/harvests"},
         "{\"message\":\"User: arn:aws:sts::111122223333:assumed-role/orchard-dev-harvests/fn is not "
         "authorized to perform: dynamodb:Query on resource: arn:aws:dynamodb:eu-west-1:111122223333:"
         "table/orchard-main-dev/index/byFarm\"}", True),
        ("say", "The Query failed because the Lambda's IAM policy grants dynamodb:Query on the table "
                "ARN only, and queries on a GSI need the index ARN too. I added "
                "\"${aws_dynamodb_table.main.arn}/index/*\" to the policy resources in "
                "infra/modules/api/iam.tf, and dev answers now."),
        ("user", "perfect. btw never run terraform apply against prod from a laptop, prod applies "
                 "only happen in the github actions workflow with the manual approval. and explain "
                 "diffs briefly, I don't need an essay for every change"),
        ("user", "here's a token for the staging api if you need to curl it: "
                 "FAKE-ORCHARD-STAGING-7f3a9c21e0 (expires tonight)"),
        ("user", "if we ever switch to aurora we'd need to redo all of this, but that's not happening"),
        ("say", "Understood. Pagination is done and deployed to dev."),
    ],
    "must_capture": [
        "dynamodb single table design",
        "one workspace per env",
        "wrapped with the withobservability middleware",
        "bundle with esbuild, not tsc",
        "never expose raw lastevaluatedkey",
        "default 50 and max 100",
        "table name comes from the table_name env var",
        "queries on a gsi need the index arn too",
        "to the policy resources in infra/modules/api/iam.tf",
        "never run terraform apply against prod from a laptop",
        "explain diffs briefly",
    ],
    "must_not_capture": [
        "hardcoded in src/lib/db.ts",
        "get the /harvests endpoint paginated",
        "max 200",
        "one file fails: harvests.test.ts",
        "ignore it for this pr",
        "is not authorized to perform",
        "fake-orchard-staging-7f3a9c21e0",
        "if we ever switch to aurora",
    ],
}

BASKET_WEBHOOK = {
    "cwd": "/var/www/basket", "branch": "fix/pending-orders", "start": "2026-11-18T11:30:12",
    "steps": [
        ("env",),
        ("user", "basket checkout bug. orders stuck in pending after stripe payment"),
        ("say", "I'll start with the Stripe webhook controller."),
        ("tool", "Read", {"file_path": "/var/www/basket/app/Http/Controllers/StripeWebhookController.php"},
         "public function __invoke(Request $request)\n{\n    $event = $request->json()->all();\n    "
         "FulfilOrder::dispatchSync($event['data']['object']['metadata']['order_id']);\n    return "
         "response()->noContent();\n}"),
        ("say", "The handler runs FulfilOrder synchronously inside the request. Do you want it queued?"),
        ("user", "yes always queue anything that talks to stripe or the warehouse api. queue is redis "
                 "via horizon, 'payments' queue for stripe stuff"),
        ("user", "and money is integer cents + currency column, we use brick/money for math. dont use "
                 "floats. ever."),
        ("tool", "Bash", {"command": "php artisan test --filter=Checkout"},
         "   FAIL  Tests\\Feature\\CheckoutWebhookTest\n  ⨯ it marks the order paid   0.21s\n  ⨯ it "
         "queues fulfilment\n  Tests:    2 failed, 14 passed (41 assertions)", True),
        ("tool", "Bash", {"command": "tail -n 3 storage/logs/laravel.log"},
         "[2026-11-18 11:02:41] production.INFO: POST /stripe/webhook 419 CSRF token mismatch."),
        ("say", "Orders stayed pending because the webhook route was behind the VerifyCsrfToken "
                "middleware, so Stripe's POSTs got a 419 and were retried until Stripe gave up. I "
                "excluded stripe/webhook from CSRF in bootstrap/app.php, and the handler now verifies "
                "the Stripe signature instead."),
        ("user", "nice catch. fyi prices shown incl. VAT, we're in the netherlands: 21% standard, 9% "
                 "for books"),
        ("user", "tests: pest only, no phpunit-style classes for new tests. and use the factories, "
                 "never insert rows by hand in tests"),
        ("user", "deploys: forge deploys main automatically on push. so dont push to main this "
                 "afternoon, we have a sale running till 18:00"),
        ("user", "can you see if horizon has failed jobs on staging? just check, dont retry"),
        ("tool", "Bash", {"command": "ssh forge@staging.basket.nl 'cd basket && php artisan "
                                     "horizon:failed --count'"}, "3"),
        ("say", "Horizon on staging has 3 failed jobs, all FulfilOrder timeouts from yesterday."),
        ("user", "ok ignore those this once"),
    ],
    "must_capture": [
        "always queue anything that talks to stripe",
        "'payments' queue for stripe stuff",
        "integer cents + currency column",
        "brick/money for math",
        "webhook route was behind the verifycsrftoken middleware",
        "excluded stripe/webhook from csrf",
        "prices shown incl. vat",
        "21% standard, 9% for books",
        "pest only, no phpunit-style classes",
        "never insert rows by hand in tests",
        "forge deploys main automatically on push",
    ],
    "must_not_capture": [
        "orders stuck in pending",
        "do you want it queued",
        "2 failed, 14 passed",
        "dont push to main this afternoon",
        "sale running till 18:00",
        "see if horizon has failed jobs on staging",
        "3 failed jobs, all fulfilorder timeouts",
        "ignore those this once",
    ],
}

BASKET_IMAGES = {
    "cwd": "/var/www/basket", "branch": "feat/product-images", "start": "2026-11-20T09:58:03",
    "steps": [
        ("env",),
        ("user", "hello, today i work on the product image upload, i have 20 minutes before standup. "
                 "images go to s3 bucket basket-media in eu-central-1 and we serve them trough "
                 "imgproxy, never the raw s3 url in the blade templates"),
        ("user", "for the thumbnails we make 3 sizes: 320, 640 and 1280 px wide"),
        ("user", "generally we put business logic in action classes in app/Actions, controllers "
                 "stay thin, only validation via form requests"),
        ("say", "Should I add a migration for an image_variants table?"),
        ("user", "yes. migrations must be reversible, always write down(), the team agreed on it "
                 "after the rollback disaster in march"),
        ("tool", "Write", {"file_path": "/var/www/basket/database/migrations/"
                                        "2026_11_20_101500_create_image_variants_table.php",
                           "content": "..."}, "File created successfully."),
        ("user", "make sure the migration runs on your local db before you continue"),
        ("tool", "Bash", {"command": "php artisan migrate"},
         "   INFO  Running migrations.\n  2026_11_20_101500_create_image_variants_table ... 38ms DONE"),
        ("user", "ah sorry i forgot, from now on we also need 1920 for the hero banners, so four "
                 "sizes: 320, 640, 1280 and 1920"),
        ("say", "Added 1920 to the variant list in GenerateImageVariants."),
        ("user", "we tried spatie/laravel-medialibrary last year but it was rejected since it keeps "
                 "everything in one media table and our catalog has 400k images, the queries got "
                 "slow. so own tables."),
        ("user", "larastan level 6 must be green before merge, and the phpstan baseline is not "
                 "allowed to grow"),
        ("tool", "Bash", {"command": "vendor/bin/phpstan analyse --memory-limit=1G"},
         " ------ ----------------------------------------\n  Line   app/Actions/StoreProductImage.php"
         "\n ------ ----------------------------------------\n  27     Parameter #1 $file expects "
         "UploadedFile, mixed given.\n [ERROR] Found 2 errors", True),
        ("say", "Fixed both: typed the request input and added a return type."),
        ("user", "maybe later we can move images to cloudflare r2, is cheaper. but not decided."),
        ("user", "please write the commit message in english even if i write in dutch sometimes"),
        ("say", "Will do. Committed as \"Add product image variants\"."),
    ],
    "must_capture": [
        "s3 bucket basket-media in eu-central-1",
        "serve them trough imgproxy",
        "never the raw s3 url",
        "four sizes: 320, 640, 1280 and 1920",
        "business logic in action classes in app/actions",
        "validation via form requests",
        "migrations must be reversible, always write down()",
        "medialibrary last year but it was rejected",
        "larastan level 6 must be green before merge",
        "phpstan baseline is not allowed to grow",
        "commit message in english",
    ],
    "must_not_capture": [
        "today i work on the product image upload",
        "20 minutes before standup",
        "3 sizes: 320, 640 and 1280",
        "add a migration for an image_variants table",
        "make sure the migration runs on your local db",
        "found 2 errors",
        "move images to cloudflare r2",
        "fixed both: typed the request input",
    ],
}

FATHOM_CFL = {
    "cwd": "/home/ingrid/fathom", "branch": "fix/upwelling-blowup", "start": "2026-11-19T07:45:50",
    "steps": [
        ("env",),
        ("user", "Morning. Fathom is our coastal ocean model, Julia 1.10, and we run it on the uni "
                 "cluster (Slurm, partition 'compute', 64 cores per node). I'm seeing the energy blow "
                 "up after ~3 simulated days in the upwelling test case, which is probably a CFL "
                 "thing but let's see. Some ground rules for the code:\n"
                 "1. no global mutable state; everything goes through the SimState struct\n"
                 "2. hot loops must be type-stable, check with @code_warntype or JET before merging\n"
                 "3. we use Float64 everywhere in the solver; Float32 only in the output writer\n"
                 "4. units are SI internally, conversion only at input/output"),
        ("say", "I'll start with the timestep code and a short run of the upwelling case."),
        ("tool", "Read", {"file_path": "/home/ingrid/fathom/src/timestep.jl"},
         "function compute_dt(s::SimState)\n    umax = maximum(abs, s.u)\n    return s.cfg.cfl * "
         "s.grid.dx / umax\nend"),
        ("tool", "Bash", {"command": "julia --project -e 'using Fathom; run_case(\"upwelling\"; days=4)'"},
         "┌ Warning: max CFL = 1.37 at step 51840\n└ @ Fathom.Diagnostics\nERROR: kinetic energy is "
         "NaN at t = 3.12 days", True),
        ("say", "The blow-up is caused by the adaptive timestep using the horizontal CFL only; the "
                "vertical velocity in the upwelling zone exceeds it, so the vertical advection "
                "becomes unstable. I changed compute_dt to take the minimum of the horizontal and "
                "vertical CFL limits, with the 0.8 safety factor from the config."),
        ("user", "great, that makes sense. regarding tests: please dont run the full test suite, it "
                 "needs 40 min and a GPU node; `julia --project test/runtests.jl quick` is enough "
                 "locally"),
        ("tool", "Bash", {"command": "julia --project test/runtests.jl quick"},
         "Test Summary: | Pass  Total  Time\nFathom quick  |  212    212  1m48.3s"),
        ("say", "The quick tests pass (212 passed)."),
        ("user", "For this run only, set the output interval to 1 hour so I can look at the blow-up "
                 "in detail, normally it's 6h. Outputs are NetCDF with CF-1.8 conventions, written to "
                 "/scratch/fathom/runs/<run-id>; /home has a quota of 20GB so never write output "
                 "there."),
        ("user", "Some history since you are new here: we moved from blocking MPI.jl halo exchange to "
                 "the non-blocking Isend/Irecv version in v0.9, because the blocking one deadlocked on "
                 "128+ ranks."),
        ("user", "can you also check whether Oceananigans has a similar CFL helper we could borrow? "
                 "just curious"),
        ("say", "It does (Oceananigans.Utils has a TimeStepWizard), but it's built around its own "
                "grid types, so borrowing it would not save much."),
        ("user", "ok. I'll present the results at group meeting on friday. thanks!"),
    ],
    "must_capture": [
        "julia 1.10",
        "partition 'compute', 64 cores per node",
        "no global mutable state",
        "hot loops must be type-stable",
        "float32 only in the output writer",
        "units are si internally",
        "adaptive timestep using the horizontal cfl only",
        "minimum of the horizontal and vertical cfl limits",
        "runtests.jl quick` is enough locally",
        "netcdf with cf-1.8 conventions",
        "/home has a quota of 20gb",
        "non-blocking isend/irecv",
        "deadlocked on 128+ ranks",
    ],
    "must_not_capture": [
        "energy blow up after ~3 simulated days",
        "probably a cfl thing",
        "max cfl = 1.37",
        "the quick tests pass (212 passed)",
        "for this run only, set the output interval to 1 hour",
        "whether oceananigans has a similar cfl helper",
        "timestepwizard",
        "present the results at group meeting",
    ],
}

TALLYHO_LATEFEE = {
    "cwd": "/opt/tallyho", "branch": "latefee-2026", "start": "2026-11-21T14:02:19",
    "steps": [
        ("env",),
        ("user", "hi. tallyho is the billing system of the water utility, mostly perl scripts from "
                 "2009 plus a small Mojolicious admin app, talking to Oracle 19c via DBI. i need to "
                 "change the late-fee calculation. careful: the box still has perl 5.16 so no "
                 "signatures, no postfix deref, nothing newer than 5.16."),
        ("say", "Do you want me to add tests with Test::More, or is there an existing harness?"),
        ("user", "prove -lr t/ is the harness. and yes, always add a Test::More test for every "
                 "billing rule change, the auditors ask for it"),
        ("tool", "Read", {"file_path": "/opt/tallyho/lib/Tallyho/LateFee.pm"},
         "package Tallyho::LateFee;\nuse strict; use warnings;\nsub fee {\n    my ($balance) = @_;\n"
         "    my $f = $balance * 0.015;\n    return sprintf('%.2f', $f < 2 ? 2 : $f);\n}\n1;"),
        ("user", "the late fee is 1.5% per month of the overdue balance, min 2 EUR. wait, no, the "
                 "board changed it in october: 1.25% per month, min 2.50 EUR, starting with the "
                 "november cycle"),
        ("user", "rounding: always round half up to whole cents with Math::BigFloat, never sprintf. "
                 "sprintf rounds half to even on this box and finance noticed"),
        ("tool", "Bash", {"command": "prove -lr t/"},
         "t/invoice_dates.t .. 1/9\n#   Failed test 'due date printed'\n#          got: '21-NOV-26'\n"
         "#     expected: '2026-11-21'\nt/latefee.t ....... ok\nFiles=23, Tests=311,  4 wallclock secs"
         "\nResult: FAIL", True),
        ("say", "Root cause: the batch job reads the due date with TO_CHAR without a format mask, so "
                "the output depends on NLS_DATE_FORMAT, which is different on the cron host. Fix: "
                "every query now uses TO_CHAR(due_date, 'YYYY-MM-DD') explicitly, and Tallyho::DB "
                "sets NLS_DATE_FORMAT right after connect."),
        ("user", "yes that's the classic one. the nightly billing run is cron at 01:30 on billing01 "
                 "and must finish before 06:00 when the payment import starts"),
        ("user", "we decided against a big-bang rewrite in python, the auditors would have to "
                 "re-certify everything. instead we strangle it module by module behind the "
                 "Mojolicious admin"),
        ("user", "just this once, can you run the latefee script against the test schema TALLY_T2 "
                 "with --dry-run"),
        ("tool", "Bash", {"command": "perl -Ilib bin/latefee.pl --schema TALLY_T2 --dry-run"},
         "Would update 1,284 accounts (dry run, nothing written)"),
        ("say", "Dry run: it would update 1,284 accounts."),
        ("user", "do you know if DBD::Oracle supports array binding with 19c? no need to change "
                 "anything, just wondering"),
        ("user", "last thing, perltidy with the .perltidyrc in the repo. dont reformat whole files, "
                 "only the lines you touch, otherwise git blame is useless"),
        ("say", "Understood; only the changed lines are tidied."),
    ],
    "must_capture": [
        "oracle 19c via dbi",
        "box still has perl 5.16",
        "no signatures, no postfix deref",
        "prove -lr t/ is the harness",
        "test::more test for every billing rule change",
        "1.25% per month, min 2.50 eur",
        "round half up to whole cents with math::bigfloat",
        "to_char without a format mask",
        "to_char(due_date, 'yyyy-mm-dd') explicitly",
        "cron at 01:30 on billing01",
        "before 06:00 when the payment import starts",
        "against a big-bang rewrite in python",
        "strangle it module by module",
        "only the lines you touch",
    ],
    "must_not_capture": [
        "change the late-fee calculation",
        "1.5% per month of the overdue balance",
        "test schema tally_t2 with --dry-run",
        "would update 1,284 accounts",
        "files=23, tests=311",
        "supports array binding with 19c",
        "expected: '2026-11-21'",
    ],
}

HARBOUR_SKEW = {
    "cwd": "/Users/kofi/code/harbour", "branch": "perf/dwell-skew", "start": "2026-11-24T15:33:08",
    "steps": [
        ("env",),
        ("user", "harbour job, the nightly dwell-time aggregation. it ran 3h yesterday instead of the "
                 "usual 40 min. quick background: it's Scala 2.13 on Spark 3.5, runs on a Databricks "
                 "job cluster at 02:00 UTC, and the output table harbour.dwell_daily is read by the "
                 "port's PowerBI so the schema is a contract, no column renames without telling the "
                 "BI team"),
        ("tool", "Bash", {"command": "databricks runs get-output --run-id 88213 | jq '.metadata.tasks[0]"
                                     ".state'"},
         "{\"life_cycle_state\": \"TERMINATED\", \"result_state\": \"SUCCESS\", \"duration\": 10812000}"),
        ("tool", "Read", {"file_path": "/Users/kofi/code/harbour/core/src/main/scala/harbour/"
                                       "DwellJob.scala"},
         "val joined = moves.join(terminals, Seq(\"terminal_id\"))\n  .groupBy($\"terminal_id\", "
         "$\"event_date\")"),
        ("say", "The slowdown came from a skewed join on terminal_id: one terminal holds about 40% of "
                "the rows, so a single task did most of the work. I enabled AQE skew join handling "
                "(spark.sql.adaptive.skewJoin.enabled) and salted the terminal_id key for the big "
                "terminal."),
        ("say", "Should I use typed Datasets with case classes for the new stage, or DataFrames?"),
        ("user", "typed Datasets with case classes for anything in core/, DataFrames are fine in the "
                 "one-off notebooks. and no UDFs unless there's really no built-in, they kill the "
                 "catalyst optimisation, that was a finding from the perf review"),
        ("user_blocks", ["pasting our PR template checklist so you follow it:",
                         "## Checklist\n- [ ] scalafmt ran (sbt scalafmtAll)\n- [ ] no collect() on "
                         "large datasets\n- [ ] new config goes in application.conf, not hardcoded"]),
        ("tool", "Bash", {"command": "sbt test"},
         "[info] Run completed in 41 seconds.\n[info] Tests: succeeded 58, failed 0, canceled 0\n"
         "[info] All tests passed."),
        ("say", "sbt test: 58 succeeded, 0 failed."),
        ("user", "heads up, we moved from parquet to delta tables in september, so use MERGE INTO "
                 "for upserts, no partition overwrites anymore"),
        ("user", "for this PR set shuffle partitions to 400, we'll tune it properly later"),
        ("say", "Set spark.sql.shuffle.partitions to 400 in the job config. Should I squash the "
                "commits before opening the PR?"),
        ("user", "yes, always squash"),
        ("user", "out of curiosity what would happen if we switched to spark 4, would the salting "
                 "still be needed?"),
        ("say", "Probably not for this join, since AQE handles most of it, but I'd measure first."),
        ("user", "ok, not now. i'm off tomorrow so merge it if CI is green"),
    ],
    "must_capture": [
        "scala 2.13 on spark 3.5",
        "databricks job cluster at 02:00 utc",
        "schema is a contract, no column renames",
        "skewed join on terminal_id",
        "aqe skew join handling",
        "typed datasets with case classes for anything in core/",
        "no udfs unless there's really no built-in",
        "sbt scalafmtall",
        "no collect() on large datasets",
        "new config goes in application.conf",
        "moved from parquet to delta tables",
        "merge into for upserts",
        "yes, always squash",
    ],
    "must_not_capture": [
        "ran 3h yesterday",
        "succeeded 58, failed 0",
        "58 succeeded, 0 failed",
        "shuffle partitions to 400",
        "if we switched to spark 4",
        "i'm off tomorrow",
        "merge it if ci is green",
    ],
}

SESSIONS = {
    "cobalt_relogin_session": COBALT_RELOGIN,
    "cobalt_transfers_session": COBALT_TRANSFERS,
    "sablefx_preset_session": SABLEFX_PRESET,
    "orchard_pagination_session": ORCHARD_PAGINATION,
    "basket_webhook_session": BASKET_WEBHOOK,
    "basket_images_session": BASKET_IMAGES,
    "fathom_cfl_session": FATHOM_CFL,
    "tallyho_latefee_session": TALLYHO_LATEFEE,
    "harbour_skew_session": HARBOUR_SKEW,
}
