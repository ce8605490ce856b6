"""The dev9 capture sessions: what is said, and the labels. See generate.py and README.md.

Written blind (from the project descriptions in README.md only, before anything was scored).
Step shapes are dev3's builder's: ("env",), ("user", text), ("user_blocks", [texts]),
("say", text), ("think", text), ("tool", name, input, output[, is_error])."""

TAMARIND_LOTS = {
    "cwd": "/home/ines/work/tamarind", "branch": "fix/fefo-expired-batch",
    "start": "2026-11-23T08:47:11",
    "steps": [
        ("env",),
        ("user", "Good morning. Right, so I'll give you the full picture because this one has a "
                 "bit of history. Tamarind is our order and stock backend for the wholesaler - "
                 "pharmacies all over Portugal order from us and the two warehouses, Porto and "
                 "Lisbon, pick the orders by batch. It's Spring Boot 3.3 on Java 21, and yes we "
                 "use virtual threads, don't be surprised by that. What happened: on Friday a "
                 "pharmacy in Braga received a box of amoxicillin whose batch had expired two days "
                 "earlier, which is exactly the kind of thing INFARMED fines us for. Batch "
                 "allocation always goes first-expired-first-out, FEFO, never FIFO by arrival "
                 "date, and anything that expires within 30 days of the delivery date must not be "
                 "allocated at all. The allocation code is in the picking module, "
                 "BatchAllocator.java. I had two coffees and I still don't see it."),
        ("say", "I'll read BatchAllocator first."),
        ("tool", "Read", {"file_path": "/home/ines/work/tamarind/picking/src/main/java/pt/tamarind/picking/BatchAllocator.java"},
         "public class BatchAllocator {\n    // TODO: always allocate from the oldest batch first\n"
         "    List<Allocation> allocate(OrderLine line, LocalDate today) {\n        return batches"
         ".findAvailable(line.sku()).stream()\n            .filter(b -> b.expiry().isAfter(today"
         ".plusDays(30)))\n            .sorted(comparing(Batch::expiry))\n            .map(b -> "
         "take(b, line))\n            .toList();\n    }\n}"),
        ("say", "The filter compares expiry to today plus 30 days, not to the delivery date. "
                "Before I touch it, are there conventions for this module I should follow?"),
        ("user", "Yes, a few, and put them somewhere in your head because they apply everywhere:\n"
                 "- all SQL goes through jOOQ, we never write JPA entities or use Hibernate in this codebase\n"
                 "- schema changes are Flyway migrations, one per PR, and we never edit a migration that has been merged\n"
                 "- money is BigDecimal with scale 2 in the domain and integer cents in Kafka messages\n"
                 "- every date that means a calendar day is a LocalDate in Europe/Lisbon, never an Instant\n"
                 "Oh and for this fix leave the Kafka producer alone, someone else is refactoring it this week."),
        ("tool", "Bash", {"command": "./gradlew :picking:test --tests '*BatchAllocator*'"},
         "> Task :picking:test\n\nBatchAllocatorTest > skipsBatchExpiringBeforeDelivery() FAILED\n"
         "    org.opentest4j.AssertionFailedError: expected: <L2291> but was: <L2287>\n\n"
         "6 tests completed, 1 failed\n\nBUILD FAILED in 41s", True),
        ("say", "The expired box came from the 30-day window being measured from today instead of "
                "from the order's delivery date: an order placed on the 1st for delivery on the "
                "20th could get a batch that expires on the 25th. I changed allocate() to take "
                "the order's deliveryDate and filter on expiry after deliveryDate.plusDays(30), "
                "and the test now uses a delivery date in the future. The picking tests pass now. "
                "I also assume cold-chain lines go through the same path?"),
        ("user", "Yes, same path, but cold-chain items (the fridge SKUs, flag cold_chain = true "
                 "on the product) are only ever allocated from the warehouse that ships the "
                 "order, we never transfer a fridge item between Porto and Lisbon. That's the "
                 "rule from our pharmacist in charge, it's in the GDP audit. Wait, let me paste "
                 "the table from the wiki, it's easier:\n\n"
                 "| rule | why |\n|---|---|\n"
                 "| integration tests use Testcontainers Postgres 16, no H2 | H2 hid a jOOQ dialect bug once |\n"
                 "| module boundaries are enforced with ArchUnit | picking must not import billing |\n"
                 "| formatting is Spotless with palantir-java-format | CI fails on a diff |\n\n"
                 "Anyway. Should we maybe also log every allocation to an audit table? Not sure, "
                 "let's not decide that now."),
        ("say", "Understood. I'll add a test that a cold-chain line in Lisbon never gets a Porto "
                "batch and leave the audit table idea alone."),
        ("tool", "Bash", {"command": "./gradlew spotlessApply :picking:test"},
         "> Task :spotlessApply\n> Task :picking:test\n\nBUILD SUCCESSFUL in 58s\n9 actionable "
         "tasks: 4 executed, 5 up-to-date"),
        ("user", "Lovely. Commit it, and the branch name style is fine. PRs need one approval "
                 "from the picking team and one from QA because anything touching allocation is "
                 "GDP-relevant. I'm going to grab lunch, my sister is in town."),
    ],
    "must_capture": [
        "tamarind is our order and stock backend for the wholesaler",
        "spring boot 3.3 on java 21",
        "we use virtual threads",
        "batch allocation always goes first-expired-first-out, fefo, never fifo by arrival date",
        "anything that expires within 30 days of the delivery date must not be allocated at all",
        "all sql goes through jooq, we never write jpa entities or use hibernate in this codebase",
        "schema changes are flyway migrations, one per pr",
        "we never edit a migration that has been merged",
        "money is bigdecimal with scale 2 in the domain and integer cents in kafka messages",
        "every date that means a calendar day is a localdate in europe/lisbon, never an instant",
        "30-day window being measured from today instead of from the order's delivery date",
        "filter on expiry after deliverydate.plusdays(30)",
        "only ever allocated from the warehouse that ships the order",
        "we never transfer a fridge item between porto and lisbon",
        "integration tests use testcontainers postgres 16, no h2",
        "module boundaries are enforced with archunit",
        "formatting is spotless with palantir-java-format",
        "prs need one approval from the picking team and one from qa",
    ],
    "must_not_capture": [
        "i had two coffees and i still don't see it",
        "always allocate from the oldest batch first",
        "for this fix leave the kafka producer alone",
        "6 tests completed, 1 failed",
        "should we maybe also log every allocation to an audit table",
        "build successful in 58s",
        "i'm going to grab lunch, my sister is in town",
        "i'll add a test that a cold-chain line in lisbon never gets a porto batch",
        "are there conventions for this module i should follow",
        "a pharmacy in braga received a box of amoxicillin",
    ],
}

TAMARIND_RECALLS = {
    "cwd": "/home/ines/work/tamarind", "branch": "feat/infarmed-recall-import",
    "start": "2026-11-26T14:12:40",
    "steps": [
        ("user", "Afternoon. New feature: INFARMED publishes recall notices for batches and we "
                 "need to import them and block the affected stock. The notices come as a CSV "
                 "over SFTP every hour. I've been thinking about it on the train. The import runs "
                 "as a Spring @Scheduled job in the recalls module, and the blocking itself "
                 "should be an event, because picking and billing both need to know. Events "
                 "between modules go over Kafka with Avro schemas in the schema registry, we "
                 "don't share database tables between modules - each module owns its schema and "
                 "nobody else reads it. Can you sketch the consumer side in picking?"),
        ("say", "I'll look at how picking consumes events today."),
        ("tool", "Grep", {"pattern": "@KafkaListener", "path": "picking/src/main"},
         "picking/src/main/java/pt/tamarind/picking/OrderEventsListener.java:22:    "
         "@KafkaListener(topics = \"orders.v1\", groupId = \"picking\")"),
        ("say", "Picking has one listener on orders.v1 with the group id picking. I'd add a "
                "listener on a new recalls.v1 topic, keyed by batch number so all notices for "
                "one batch land on the same partition. Topic names are <domain>.v<major> "
                "and the consumer group is the module name, is that your convention?"),
        ("user", "yes, that's our rule, topic names are domain dot v major and the group id is "
                 "the module. And keyed by batch number, good. One thing I told you on Monday "
                 "is already out of date: integration tests no longer use Testcontainers "
                 "Postgres 16, we moved the whole suite to Postgres 17 yesterday because "
                 "production went to 17 at the weekend. So from now on Testcontainers Postgres "
                 "17 for everything."),
        ("user", "Also, when a recalled batch is already picked but not shipped, we don't "
                 "silently swap it - the order goes on hold and a human in the warehouse "
                 "decides. Never auto-substitute a recalled batch, that came from legal."),
        ("tool", "Bash", {"command": "./gradlew :picking:test --tests '*RecallListener*'"},
         "RecallListenerTest > blocksAllocatedStock() FAILED\n    org.apache.kafka.common.errors."
         "SerializationException: Error deserializing Avro message for id 41\n\n3 tests "
         "completed, 1 failed", True),
        ("say", "The listener failed because the test registered the Avro schema under the "
                "topic name but the producer config uses the record name strategy, so the "
                "consumer looked up subject pt.tamarind.RecallNotice and found nothing. I set "
                "value.subject.name.strategy to TopicRecordNameStrategy in both the test and "
                "application.yml so the subjects match. The three recall tests pass now."),
        ("user", "Hmm, is TopicRecordNameStrategy what the other modules use? Don't change the "
                 "others today, just check."),
        ("tool", "Grep", {"pattern": "subject.name.strategy", "path": "."},
         "billing/src/main/resources/application.yml:31:      value.subject.name.strategy: io."
         "confluent.kafka.serializers.subject.TopicRecordNameStrategy"),
        ("say", "Billing uses TopicRecordNameStrategy too, so picking now matches it."),
        ("user", "Good. Then that's the standard: every module uses TopicRecordNameStrategy. "
                 "And could the recall CSV parser handle the old format from 2019 too? "
                 "Probably not needed, ignore that. I've got a dentist appointment at 4."),
    ],
    "must_capture": [
        "the notices come as a csv over sftp every hour",
        "the blocking itself should be an event, because picking and billing both need to know",
        "the import runs as a spring @scheduled job in the recalls module",
        "events between modules go over kafka with avro schemas in the schema registry",
        "we don't share database tables between modules - each module owns its schema",
        "topic names are domain dot v major and the group id is the module",
        "from now on testcontainers postgres 17 for everything",
        "the order goes on hold and a human in the warehouse decides",
        "never auto-substitute a recalled batch",
        "test registered the avro schema under the topic name but the producer config uses the record name strategy",
        "set value.subject.name.strategy to topicrecordnamestrategy in both the test and application.yml",
        "every module uses topicrecordnamestrategy",
        "keyed by batch number so all notices for one batch land on the same partition",
    ],
    "must_not_capture": [
        "i've been thinking about it on the train",
        "integration tests no longer use testcontainers postgres 16",
        "3 tests completed, 1 failed",
        "don't change the others today, just check",
        "could the recall csv parser handle the old format from 2019",
        "i've got a dentist appointment at 4",
        "can you sketch the consumer side in picking",
    ],
}

GAMBIT_TRF = {
    "cwd": "/home/tomasz/code/gambit", "branch": "trf16-byes",
    "start": "2026-11-20T21:30:02",
    "steps": [
        ("env",),
        ("user", "ok so gambit is the ratings service for the federation it takes tournament "
                 "results as trf files from the arbiters and every month spits out the national "
                 "rating list its ocaml 5.1 built with dune and we pin deps with opam lock files "
                 "so never opam install something without updating gambit.opam.locked "
                 "the bug is that a half point bye in round 3 counts as a played game and the "
                 "guy got a rating change for a game he never played"),
        ("say", "I'll look at the TRF parser for bye handling."),
        ("tool", "Read", {"file_path": "/home/tomasz/code/gambit/lib/trf/parse.ml"},
         "(* byes are rare, treat H like a draw *)\nlet result_of_char = function\n  | '1' -> "
         "Win | '0' -> Loss | '=' -> Draw\n  | 'H' -> Draw\n  | 'F' | '+' -> Forfeit_win\n  | c -> "
         "failwith (Printf.sprintf \"bad result %c\" c)"),
        ("user", "also we dont use exceptions for parse errors the parser returns result and the "
                 "error type is in lib/trf/error.ml failwith is left over from the prototype"),
        ("say", "So the parser should return (result, Trf_error.t) result instead of raising. "
                "Should byes and forfeits be excluded from rating calculation entirely?"),
        ("user", "yes both unplayed games never go into the rating calc only into the tournament "
                 "score thats a fide rule not ours"),
        ("tool", "Bash", {"command": "dune test"},
         "Testing `trf'.\n  [FAIL]        byes          0   half point bye is unrated.\n"
         "Test Successful in 0.004s. 11 tests run.\n1 failure! in 0.006s. 12 tests run.", True),
        ("say", "The phantom rating change came from result_of_char mapping the H code (half "
                "point bye) to Draw, so the rating calculation treated it as a played draw "
                "against a nonexistent opponent. I added Half_bye and Full_bye constructors that "
                "are excluded from the rated games list and only count toward the score, and "
                "made the function return a result instead of calling failwith. dune test passes "
                "now."),
        ("user", "nice formatting is ocamlformat with the profile in .ocamlformat dont fight it "
                 "and tests are alcotest one test file per lib module"),
        ("user", "for tonight just push to my branch dont open a pr yet i want to check it with "
                 "the october files first"),
        ("user", "btw the k factor for juniors under 18 is 40 we had it at 20 for a while but "
                 "thats the fide number now"),
        ("user", "hmm maybe we should port the whole parser to angstrom some day not now"),
        ("user", "and the db is postgres through caqti all queries live in lib/db/queries.ml "
                 "never build sql with string concat"),
        ("user", "ok its late here my kid has a tournament tomorrow at 9"),
    ],
    "must_capture": [
        "gambit is the ratings service for the federation",
        "every month spits out the national rating list",
        "ocaml 5.1 built with dune",
        "we pin deps with opam lock files",
        "never opam install something without updating gambit.opam.locked",
        "we dont use exceptions for parse errors the parser returns result",
        "the error type is in lib/trf/error.ml",
        "unplayed games never go into the rating calc only into the tournament score",
        "result_of_char mapping the h code (half point bye) to draw",
        "added half_bye and full_bye constructors that are excluded from the rated games list",
        "formatting is ocamlformat with the profile in .ocamlformat",
        "tests are alcotest one test file per lib module",
        "the k factor for juniors under 18 is 40",
        "the db is postgres through caqti",
        "all queries live in lib/db/queries.ml",
        "never build sql with string concat",
    ],
    "must_not_capture": [
        "byes are rare, treat h like a draw",
        "1 failure! in 0.006s",
        "for tonight just push to my branch",
        "we had it at 20 for a while",
        "maybe we should port the whole parser to angstrom some day",
        "my kid has a tournament tomorrow at 9",
        "the guy got a rating change for a game he never played",
    ],
}

FADER_ICECAST = {
    "cwd": "/home/rhi/fader", "branch": "main",
    "start": "2026-11-21T17:05:44",
    "steps": [
        ("env",),
        ("user", "hiya. fader is the flake that runs the whole station - studio PCs, the "
                 "playout box and the two Icecast stream servers. The evening show dropped off "
                 "the stream three times last night, listeners got silence for about 20 seconds "
                 "each time. I suspect the playout box but who knows. I'm at the studio, the "
                 "breakfast crew left a mess again."),
        ("say", "I'll look at the Liquidsoap config on the playout host."),
        ("tool", "Read", {"file_path": "/home/rhi/fader/hosts/playout/liquidsoap.liq"},
         "# always restart liquidsoap on any error\nlive = input.harbor(\"live\", port=8005, "
         "password=env(\"HARBOR_PASS\"))\nradio = fallback(track_sensitive=false, [live, "
         "playlist(\"/srv/music\")])\noutput.icecast(%mp3(bitrate=128), host=\"stream1\", "
         "mount=\"/live\", radio)"),
        ("say", "Looking at the repo layout, every host is a folder under hosts/ with its own "
                "configuration.nix, and secrets come in through agenix rather than env files in "
                "the store. Is that the rule, and should I keep secrets out of the Nix store?"),
        ("user", "yes, that's our rule. One folder per host under hosts/, and secrets only "
                 "through agenix, never a plain string in a .nix file because everything in the "
                 "store is world-readable."),
        ("say", "And deploys go through colmena from the flake, not nixos-rebuild on the hosts?"),
        ("user", "correct, colmena apply from the repo root, nobody runs nixos-rebuild on a "
                 "box by hand. We pin nixpkgs to the stable channel, nixos-24.11, and only bump "
                 "it in its own PR."),
        ("tool", "Bash", {"command": "ssh playout journalctl -u liquidsoap --since yesterday | grep -i harbor | tail -5"},
         "Nov 20 21:14:02 playout liquidsoap[912]: [harbor:3] Client timed out after 10.00s\n"
         "Nov 20 21:14:02 playout liquidsoap[912]: [live:3] Source failed (no more tracks)!\n"
         "Nov 20 21:14:22 playout liquidsoap[912]: [harbor:3] New client connected"),
        ("say", "The drop-outs came from the live harbor input timing out after 10 seconds when "
                "the studio encoder stalled, and the fallback had no blank-detection, so "
                "Liquidsoap waited for the live source to come back instead of switching to the "
                "playlist straight away. I raised the harbor timeout to 30 seconds and wrapped "
                "the live input in blank.strip with a 5 second threshold so the fallback moves "
                "to the playlist on silence. The VM test passes now."),
        ("user", "brill. I'd rather we keep 128 kbps mp3 for the main mount, a lot of our "
                 "listeners are on old internet radios that don't do aac. So we never switch "
                 "the main mount to aac or opus."),
        ("user", "Just for tonight can you disable the second stream server in colmena so I "
                 "can watch the first one on its own?"),
        ("say", "Done: stream2 is tagged off in the colmena hive for this deploy only."),
        ("user", "and for the record: every change to hosts/playout needs the VM test in "
                 "tests/playout.nix to pass, that box is on air 24/7. Should we move to "
                 "Owncast one day? probably not. I'm off to the pub quiz"),
    ],
    "must_capture": [
        "fader is the flake that runs the whole station",
        "every host is a folder under hosts/ with its own configuration.nix",
        "secrets come in through agenix rather than env files in the store",
        "never a plain string in a .nix file because everything in the store is world-readable",
        "deploys go through colmena from the flake, not nixos-rebuild on the hosts",
        "we pin nixpkgs to the stable channel, nixos-24.11, and only bump it in its own pr",
        "live harbor input timing out after 10 seconds when the studio encoder stalled",
        "raised the harbor timeout to 30 seconds and wrapped the live input in blank.strip",
        "i'd rather we keep 128 kbps mp3 for the main mount",
        "we never switch the main mount to aac or opus",
        "every change to hosts/playout needs the vm test in tests/playout.nix to pass",
    ],
    "must_not_capture": [
        "the breakfast crew left a mess again",
        "always restart liquidsoap on any error",
        "client timed out after 10.00s",
        "just for tonight can you disable the second stream server",
        "should we move to owncast one day",
        "i'm off to the pub quiz",
        "the evening show dropped off the stream three times last night",
        "i suspect the playout box but who knows",
        "stream2 is tagged off in the colmena hive for this deploy only",
    ],
}

SKERRY_TIDES = {
    "cwd": "/Users/morag/dev/skerry", "branch": "fix/tide-sailings",
    "start": "2026-11-24T07:58:31",
    "steps": [
        ("env",),
        ("user", "Morning! Weather's wild here, the 07:30 to Graemsay is already off. So, "
                 "skerry: it's the booking site for the ferry company, Deno 2 and Fresh, with "
                 "Preact islands for the interactive bits and everything else rendered on the "
                 "server. The problem today is that the Hoy sailing on Thursday shows as "
                 "bookable at 14:10 but the harbour at Moaness can't take the boat below half "
                 "tide, and on Thursday low water is at 14:02. Tide-dependent sailings are "
                 "supposed to be checked against the tide table, which we load from a JSON "
                 "file per month in data/tides/, and a sailing within 90 minutes either side "
                 "of low water at a tidal pier is never offered for booking. That 90 minutes is "
                 "from the skipper, not from me, so don't make it configurable."),
        ("say", "I'll find where sailings are filtered."),
        ("tool", "Grep", {"pattern": "lowWater", "path": "lib"},
         "lib/sailings/availability.ts:44:  const lw = tides.lowWater(date);\n"
         "lib/sailings/availability.ts:45:  // FIXME: always compare in UTC"),
        ("tool", "Read", {"file_path": "/Users/morag/dev/skerry/lib/sailings/availability.ts"},
         "export function isBookable(s: Sailing, tides: TideTable): boolean {\n  const lw = "
         "tides.lowWater(s.date);\n  // FIXME: always compare in UTC\n  return Math.abs(s.departs"
         ".getTime() - lw.getTime()) > 90 * 60_000;\n}"),
        ("say", "lowWater returns one time per day, but there are usually two low waters a day."),
        ("user", "Oh. Yes, two a day, roughly. And while you're in there, a few things that "
                 "always apply in this repo: we don't use npm packages through an import map "
                 "unless there's no jsr version, jsr first. Formatting and linting are deno fmt "
                 "and deno lint with the defaults, no prettier, no eslint. Times are stored in "
                 "UTC in Deno KV and shown in Europe/London, and the timetable pages must never "
                 "show a time without saying whether it's BST or GMT, the older passengers got "
                 "confused in March."),
        ("tool", "Bash", {"command": "deno test lib/sailings"},
         "running 5 tests from ./lib/sailings/availability_test.ts\nhoy thursday afternoon ... "
         "FAILED (3ms)\n\nFAILED | 4 passed | 1 failed (41ms)\n\nerror: Test failed", True),
        ("say", "Thursday's sailing was bookable because TideTable.lowWater returned only the "
                "first low water of the day (01:47), so the 14:10 departure was compared with "
                "a low water twelve hours earlier. I replaced it with lowWaters(date), which "
                "returns every low water that day, and isBookable now rejects a tidal-pier "
                "departure within 90 minutes of any of them. The sailings tests pass now."),
        ("user", "Brilliant, thank you. Can you check whether the Flotta sailing has the same "
                 "issue? Actually no, Flotta isn't tidal, forget it. One more: bookings are "
                 "written with a Deno KV atomic check on the sailing's capacity key, so two "
                 "people can't buy the last car space - please never replace that with a read "
                 "then a write. Also Stripe checkout is the only payment path, we don't store "
                 "card details at all. Deploys are Deno Deploy from main, previews from every "
                 "PR branch."),
        ("user", "Oh, and for this fix don't bother updating the March tide file, I'll redo "
                 "all of 2027 next week when the admiralty data comes out."),
        ("user", "Right, I need to ring the harbour master. Ta!"),
    ],
    "must_capture": [
        "skerry: it's the booking site for the ferry company, deno 2 and fresh",
        "preact islands for the interactive bits and everything else rendered on the server",
        "load from a json file per month in data/tides/",
        "a sailing within 90 minutes either side of low water at a tidal pier is never offered for booking",
        "the harbour at moaness can't take the boat below half tide",
        "don't make it configurable",
        "jsr first",
        "deno fmt and deno lint with the defaults, no prettier, no eslint",
        "times are stored in utc in deno kv and shown in europe/london",
        "never show a time without saying whether it's bst or gmt",
        "tidetable.lowwater returned only the first low water of the day",
        "replaced it with lowwaters(date), which returns every low water that day",
        "deno kv atomic check on the sailing's capacity key",
        "never replace that with a read then a write",
        "stripe checkout is the only payment path, we don't store card details at all",
        "deploys are deno deploy from main, previews from every pr branch",
    ],
    "must_not_capture": [
        "the 07:30 to graemsay is already off",
        "always compare in utc",
        "4 passed | 1 failed",
        "can you check whether the flotta sailing has the same issue",
        "for this fix don't bother updating the march tide file",
        "i need to ring the harbour master",
        "i'll find where sailings are filtered",
        "the hoy sailing on thursday shows as bookable at 14:10",
    ],
}

HOLT_GIFTAID = {
    "cwd": "/home/dev/holt-sfdx", "branch": "feature/giftaid-declarations",
    "start": "2026-11-18T11:20:09",
    "steps": [
        ("env",),
        ("user_blocks", [
            "We're adding Gift Aid declarations to donations in the Holt org. Context: Holt is "
            "the Salesforce org for the otter and wetlands charity, donors, direct debits, Gift "
            "Aid claims, volunteer shifts. Before you write any Apex, here is our dev standards "
            "page, it's short:",
            "## Holt Salesforce standards\n\n"
            "| area | rule |\n|---|---|\n"
            "| triggers | one trigger per object, all logic in a handler class (e.g. DonationTriggerHandler) |\n"
            "| queries | no SOQL or DML inside loops, ever |\n"
            "| tests | every class at 85% coverage or more, the platform's 75% is not enough for us |\n"
            "| test data | built with the TestDataFactory class, never SeeAllData=true |\n"
            "| UI | Lightning Web Components only, no new Aura or Visualforce |\n"
            "| static analysis | PMD with the ruleset in config/pmd.xml runs on every PR |\n",
        ]),
        ("say", "Thanks. I'll look at the Donation object and its trigger first."),
        ("tool", "Read", {"file_path": "/home/dev/holt-sfdx/force-app/main/default/classes/DonationTriggerHandler.cls"},
         "public with sharing class DonationTriggerHandler {\n  // NOTE: claim gift aid on every "
         "donation by default\n  public void afterInsert(List<Donation__c> rows) {\n    for "
         "(Donation__c d : rows) {\n      Contact c = [SELECT Gift_Aid_Declared__c FROM Contact "
         "WHERE Id = :d.Donor__c];\n      d.Gift_Aid_Eligible__c = c.Gift_Aid_Declared__c;\n    }\n  }\n}"),
        ("say", "There's a SOQL query inside the loop here, which breaks your standard and will "
                "hit the 100-query governor limit on bulk imports. Is the direct debit import "
                "run in batches of 200?"),
        ("user", "yes the Bacs import comes in through a batch job, 200 per chunk. that's where "
                 "it blew up this morning: Too many SOQL queries: 101. Gift Aid rules as "
                 "HMRC wants them, and these are not negotiable: a donation is only eligible "
                 "if the donor has a valid declaration on the date of the gift, the donor is a "
                 "UK taxpayer, and the donation isn't a payment for a ticket or a membership "
                 "with benefits. We never claim Gift Aid on event tickets."),
        ("tool", "Bash", {"command": "sf apex run test --class-names DonationTriggerHandlerTest --result-format human --target-org holt-scratch"},
         "=== Test Results\nTEST NAME                                   OUTCOME  MESSAGE\n"
         "DonationTriggerHandlerTest.bulkInsert200    Fail     System.LimitException: Too many "
         "SOQL queries: 101\n\nTests Ran 4  Pass Rate 75%", True),
        ("say", "The import failed because afterInsert ran one Contact query per donation, so "
                "a chunk of 200 Bacs donations issued 200 queries and hit the governor limit at "
                "101. I moved the lookup out of the loop: the handler now collects the donor ids "
                "into a Set, loads the declarations in one query into a Map, and checks the "
                "declaration's start and end dates against the gift date. The four tests pass "
                "now, 91% coverage on the handler."),
        ("user", "lovely. a couple more: scratch orgs are created from config/project-scratch-def.json "
                 "and live 7 days, nobody develops in the full sandbox. Deploys to production "
                 "go through the release pipeline on GitHub Actions with a validation run the "
                 "day before, never a change set. Can you also look at the volunteer shift "
                 "reminder flow? no wait, that's another ticket, leave it."),
        ("user", "Oh and the claim file to HMRC goes out monthly, on the first working day, "
                 "made by the GiftAidClaimBatch class. Don't run it in the scratch org, it "
                 "has no named credential. I have a volunteer induction at 2, back after."),
    ],
    "must_capture": [
        "holt is the salesforce org for the otter and wetlands charity",
        "one trigger per object, all logic in a handler class",
        "no soql or dml inside loops, ever",
        "every class at 85% coverage or more",
        "built with the testdatafactory class, never seealldata=true",
        "lightning web components only, no new aura or visualforce",
        "pmd with the ruleset in config/pmd.xml runs on every pr",
        "the bacs import comes in through a batch job, 200 per chunk",
        "only eligible if the donor has a valid declaration on the date of the gift",
        "the donor is a uk taxpayer",
        "the donation isn't a payment for a ticket or a membership with benefits",
        "we never claim gift aid on event tickets",
        "afterinsert ran one contact query per donation",
        "loads the declarations in one query into a map",
        "scratch orgs are created from config/project-scratch-def.json",
        "nobody develops in the full sandbox",
        "go through the release pipeline on github actions with a validation run the day before, never a change set",
        "the claim file to hmrc goes out monthly, on the first working day",
        "made by the giftaidclaimbatch class",
        "don't run it in the scratch org, it has no named credential",
    ],
    "must_not_capture": [
        "claim gift aid on every donation by default",
        "tests ran 4  pass rate 75%",
        "can you also look at the volunteer shift reminder flow",
        "i have a volunteer induction at 2",
        "is the direct debit import run in batches of 200",
        "that's where it blew up this morning",
    ],
}

ORRERY_IDLE = {
    "cwd": "/home/sam/orrery", "branch": "idle-reset",
    "start": "2026-11-25T15:44:18",
    "steps": [
        ("env",),
        ("user", "hey so orrery is the solar system exhibit at the museum godot 4.3 gdscript "
                 "the kiosks run the linux export on little nuc boxes with intel graphics "
                 "problem is the idle reset doesnt fire if a kid leaves a finger on the screen "
                 "edge the glass picks it up as a touch forever"),
        ("say", "I'll look at the idle timer script."),
        ("tool", "Read", {"file_path": "/home/sam/orrery/scripts/idle_reset.gd"},
         "extends Node\n# never reset while a planet is selected\nconst IDLE_SECONDS := 90.0\nvar "
         "_since_input := 0.0\n\nfunc _input(event):\n\tif event is InputEventScreenTouch or event "
         "is InputEventScreenDrag:\n\t\t_since_input = 0.0\n\nfunc _process(delta):\n\t_since_input "
         "+= delta\n\tif _since_input > IDLE_SECONDS:\n\t\tget_tree().change_scene_to_file(\"res://"
         "scenes/attract.tscn\")"),
        ("user", "rules for this repo since youre new here\n"
                 "- static typing everywhere in gdscript no untyped vars\n"
                 "- one scene per planet under scenes/planets and no planet logic in the main scene\n"
                 "- signals up calls down never get_parent() from a child\n"
                 "- every label goes through tr() because of the urdu translation\n"
                 "the idle reset is 90 seconds thats what the museum asked for"),
        ("tool", "Bash", {"command": "godot --headless -s addons/gut/gut_cmdln.gd -gdir=res://test/unit -gexit"},
         "res://test/unit/test_idle_reset.gd\n* test_stuck_touch_still_resets\n    [Failed]: "
         "expected scene attract.tscn, got main.tscn\n\nTotals\nTests 7\nPassing 6\nFailing 1", True),
        ("say", "The stuck finger kept the kiosk awake because every InputEventScreenDrag "
                "resets the timer, and a resting finger on the bezel sends tiny drag events "
                "every frame. I changed _input to reset the timer only on a touch press or a "
                "drag of more than 12 pixels from where the touch began, so a resting finger no "
                "longer counts as use. The GUT tests pass now."),
        ("user", "ok good and we never use the mouse input events on the kiosks they dont "
                 "have a mouse so dont add any mouse fallback"),
        ("user", "i think we should maybe make the idle time a setting in the admin menu not "
                 "sure ask me again next month"),
        ("user", "also lint is gdlint and gdformat from gdtoolkit 4 ci runs both and the 60 fps "
                 "floor on the nuc is a hard requirement anything new has to be profiled on the "
                 "kiosk not on your laptop"),
        ("user", "oh wait the idle thing one correction its 120 seconds now not 90 the museum "
                 "changed it last week because of the school groups"),
        ("say", "I'll set IDLE_SECONDS to 120.0."),
        ("user", "for this one just build the linux export locally dont push to the kiosk "
                 "update channel the museum is open"),
        ("user", "cool im going for a run"),
    ],
    "must_capture": [
        "orrery is the solar system exhibit at the museum godot 4.3 gdscript",
        "the kiosks run the linux export on little nuc boxes with intel graphics",
        "static typing everywhere in gdscript no untyped vars",
        "one scene per planet under scenes/planets and no planet logic in the main scene",
        "signals up calls down never get_parent() from a child",
        "every label goes through tr() because of the urdu translation",
        "every inputeventscreendrag resets the timer",
        "reset the timer only on a touch press or a drag of more than 12 pixels",
        "we never use the mouse input events on the kiosks",
        "lint is gdlint and gdformat from gdtoolkit 4 ci runs both",
        "the 60 fps floor on the nuc is a hard requirement",
        "anything new has to be profiled on the kiosk not on your laptop",
        "its 120 seconds now not 90",
    ],
    "must_not_capture": [
        "the idle reset is 90 seconds thats what the museum asked for",
        "never reset while a planet is selected",
        "failing 1",
        "maybe make the idle time a setting in the admin menu",
        "for this one just build the linux export locally",
        "im going for a run",
        "a kid leaves a finger on the screen edge",
    ],
}

MOLAR_CALIBRATION = {
    "cwd": "C:/src/molar", "branch": "bugfix/ruler-mm",
    "start": "2026-11-27T09:15:50",
    "steps": [
        ("env",),
        ("user", "Hi there. Quick orientation, then the bug. Molar is the X-ray viewer the "
                 "dentists use in all our clinics - Qt 6.7 with a QML front end and a C++20 "
                 "core, DICOM files read through DCMTK. The build is CMake presets plus Conan 2, "
                 "and we never vendor a library into the repo, if it isn't in the conanfile it "
                 "doesn't go in. The bug: Dr Byrne measured a root canal at 21 mm on a "
                 "periapical and the practice software said 18. The ruler tool takes the pixel "
                 "spacing from the DICOM header. I've a feeling it's the wrong tag but I'm "
                 "guessing. It's been a long week and it's only Friday morning."),
        ("say", "I'll read the measurement code."),
        ("tool", "Read", {"file_path": "C:/src/molar/core/src/measure/Ruler.cpp"},
         "double Ruler::lengthMm(const Image& img, QPointF a, QPointF b) {\n    // always trust "
         "PixelSpacing, the sensors are calibrated\n    auto sp = img.tag(DCM_PixelSpacing);\n    "
         "return std::hypot((b.x() - a.x()) * sp[1], (b.y() - a.y()) * sp[0]);\n}"),
        ("say", "It reads PixelSpacing (0028,0030). For intraoral sensors the calibrated value "
                "is often in Imager Pixel Spacing (0018,1164) instead, with PixelSpacing "
                "absent or copied from a default. Which one does your sensor vendor fill in?"),
        ("user", "Both, annoyingly, and they disagree. Imager Pixel Spacing is the right one "
                 "for our sensors, the vendor confirmed it in writing. So the rule is: Imager "
                 "Pixel Spacing first, then Pixel Spacing, and if neither is there the ruler "
                 "shows the length in pixels and says so, it never guesses millimetres. A wrong "
                 "millimetre number on a root canal is a clinical risk, a missing one is just "
                 "annoying."),
        ("tool", "Bash", {"command": "ctest --preset windows-debug -R Ruler --output-on-failure"},
         "Test project C:/src/molar/build/windows-debug\n    Start 12: RulerTest.UsesImagerPixel"
         "Spacing\n1/1 Test #12: RulerTest.UsesImagerPixelSpacing ...***Failed    0.02 sec\n"
         "Expected: 21.0 Actual: 18.1\n\n0% tests passed, 1 tests failed out of 1", True),
        ("say", "The 3 mm error came from Ruler::lengthMm using PixelSpacing (0028,0030), which "
                "this sensor fills with an uncalibrated default, instead of Imager Pixel "
                "Spacing (0018,1164). I added a pixelSpacingMm() helper that prefers Imager Pixel "
                "Spacing, falls back to Pixel Spacing, and returns std::nullopt when neither is "
                "present, in which case the ruler shows pixels with a 'not calibrated' badge. "
                "RulerTest passes now."),
        ("user", "Perfect. A few standing things while I think of them. Tests are GoogleTest "
                 "in core/tests, and the QML side has no logic worth testing because we keep "
                 "all logic in C++ and the QML only binds to properties - that's deliberate, "
                 "please don't put JavaScript functions in the QML files. clang-tidy runs in CI "
                 "with the checks in .clang-tidy and warnings are errors. Oh and we don't use "
                 "exceptions across the QML boundary, errors go back as a std::expected."),
        ("user", "And the big one: patient data never leaves the machine. No telemetry, no "
                 "crash uploads, no cloud anything. Crash dumps are written locally to "
                 "%LOCALAPPDATA%/Molar/dumps and the clinic IT collects them."),
        ("user", "About the installer: it's WiX 3 for now. Hmm, actually no, we moved to WiX 4 "
                 "in October, I keep forgetting. The installer is WiX 4 and targets Windows 11 "
                 "only."),
        ("user", "For this branch just build debug, the release preset takes ages on my "
                 "laptop. Do you think we should support macOS for the orthodontist in Cork? "
                 "Probably never. Right, tea."),
    ],
    "must_capture": [
        "molar is the x-ray viewer the dentists use in all our clinics",
        "qt 6.7 with a qml front end and a c++20 core",
        "dicom files read through dcmtk",
        "the build is cmake presets plus conan 2",
        "we never vendor a library into the repo",
        "imager pixel spacing first, then pixel spacing",
        "it never guesses millimetres",
        "ruler::lengthmm using pixelspacing (0028,0030), which this sensor fills with an uncalibrated default",
        "added a pixelspacingmm() helper that prefers imager pixel spacing",
        "tests are googletest in core/tests",
        "we keep all logic in c++ and the qml only binds to properties",
        "please don't put javascript functions in the qml files",
        "clang-tidy runs in ci with the checks in .clang-tidy and warnings are errors",
        "we don't use exceptions across the qml boundary, errors go back as a std::expected",
        "patient data never leaves the machine",
        "no telemetry, no crash uploads, no cloud anything",
        "crash dumps are written locally to %localappdata%/molar/dumps",
        "the installer is wix 4 and targets windows 11 only",
    ],
    "must_not_capture": [
        "it's been a long week and it's only friday morning",
        "always trust pixelspacing, the sensors are calibrated",
        "0% tests passed, 1 tests failed out of 1",
        "it's wix 3 for now",
        "for this branch just build debug",
        "do you think we should support macos for the orthodontist in cork",
        "right, tea",
        "dr byrne measured a root canal at 21 mm",
        "i've a feeling it's the wrong tag but i'm guessing",
        "which one does your sensor vendor fill in",
    ],
}

SKERRY_FADER_MIXED = {
    "cwd": "/Users/morag/dev", "branch": "main",
    "start": "2026-11-28T19:02:07",
    "steps": [
        ("user", "evening. two things tonight because i volunteer at the radio station too and "
                 "rhi asked me to help. first skerry then fader. skerry first: the weather "
                 "cancellation banner. when a sailing is cancelled for weather we email and sms "
                 "everyone booked on it, and the refund is automatic and full, we never offer "
                 "a voucher instead of a refund for a weather cancellation. the banner comes "
                 "from deno kv key [\"cancellations\", date]"),
        ("say", "I'll look at the banner island in skerry."),
        ("tool", "Read", {"file_path": "/Users/morag/dev/skerry/islands/CancellationBanner.tsx"},
         "export default function CancellationBanner({ items }: Props) {\n  // TODO: hide the "
         "banner after 18:00\n  return items.length ? <div class=\"banner\">{items.map(i => "
         "<p>{i.route} {i.time}</p>)}</div> : null;\n}"),
        ("user", "the banner shows the time without the bst or gmt bit. same rule as the "
                 "timetable. and islands stay tiny, data loading is always in the route "
                 "handler never fetch inside an island"),
        ("say", "The banner showed bare times because CancellationBanner formatted i.time "
                "itself instead of using the shared formatSailingTime helper that appends "
                "BST or GMT. I switched it to formatSailingTime. deno test passes now."),
        ("user", "ta. ok now fader, different repo, ~/dev/fader. rhi wants the studio PCs to "
                 "get the new mixing desk driver. the studio pcs share one nix module, "
                 "modules/studio.nix, and each studio host just imports it, no per-studio "
                 "tweaks"),
        ("tool", "Bash", {"command": "cd ~/dev/fader && nix flake check 2>&1 | tail -4"},
         "error: builtins.getAttr: attribute 'xone-dkms' missing\n       at /nix/store/"
         "q8r2...-source/modules/studio.nix:17:5\n(use '--show-trace' to show detailed location "
         "information)", True),
        ("say", "The flake check failed because modules/studio.nix asked for the xone-dkms "
                "package, which doesn't exist on nixos-24.11; the driver is packaged as "
                "boot.extraModulePackages with config.boot.kernelPackages.xone. I changed the "
                "module to use the kernel package. nix flake check passes now."),
        ("user", "good. also fyi on fader we always run nix flake check before colmena apply, "
                 "rhi will shout otherwise. and the flake has to stay on nixos-24.11 until the "
                 "station manager signs off the 25.05 upgrade, dont bump it even if something "
                 "needs a newer package"),
        ("user", "should we put the desk driver in an overlay instead? no idea, leave it. "
                 "for tonight dont deploy, rhi deploys on sunday morning when nothing is live"),
        ("user", "ok that's me. the cat is demanding food"),
    ],
    "must_capture": [
        "when a sailing is cancelled for weather we email and sms everyone booked on it",
        "the refund is automatic and full",
        "we never offer a voucher instead of a refund for a weather cancellation",
        "the banner comes from deno kv key [\"cancellations\", date]",
        "data loading is always in the route handler never fetch inside an island",
        "cancellationbanner formatted i.time itself instead of using the shared formatsailingtime helper",
        "switched it to formatsailingtime",
        "the studio pcs share one nix module, modules/studio.nix",
        "each studio host just imports it, no per-studio tweaks",
        "xone-dkms package, which doesn't exist on nixos-24.11",
        "boot.extramodulepackages with config.boot.kernelpackages.xone",
        "we always run nix flake check before colmena apply",
        "the flake has to stay on nixos-24.11 until the station manager signs off the 25.05 upgrade",
        "rhi deploys on sunday morning when nothing is live",
    ],
    "must_not_capture": [
        "i volunteer at the radio station too",
        "hide the banner after 18:00",
        "attribute 'xone-dkms' missing",
        "should we put the desk driver in an overlay instead",
        "for tonight dont deploy",
        "the cat is demanding food",
        "rhi wants the studio pcs to get the new mixing desk driver",
    ],
}

SESSIONS = {
    "tamarind_lots_session": TAMARIND_LOTS,
    "tamarind_recalls_session": TAMARIND_RECALLS,
    "gambit_trf_session": GAMBIT_TRF,
    "fader_icecast_session": FADER_ICECAST,
    "skerry_tides_session": SKERRY_TIDES,
    "holt_giftaid_session": HOLT_GIFTAID,
    "orrery_idle_session": ORRERY_IDLE,
    "molar_calibration_session": MOLAR_CALIBRATION,
    "skerry_fader_mixed_session": SKERRY_FADER_MIXED,
}
