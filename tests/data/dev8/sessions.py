"""The dev8 capture sessions: what is said, and the labels. See generate.py and README.md.

Written blind (from the project descriptions in README.md only, before anything was scored).
Step shapes are dev3's builder's: ("env",), ("user", text), ("user_blocks", [texts]),
("say", text), ("think", text), ("tool", name, input, output[, is_error])."""

QUILLMATE_OBAN = {
    "cwd": "/home/priya/src/quillmate", "branch": "fix/oban-duplicate-invoices",
    "start": "2026-11-16T13:02:19",
    "steps": [
        ("env",),
        ("user", "hey. bit of context first: quillmate is the Phoenix LiveView app our court "
                 "reporting agency runs on - reporters upload their steno files, scopists edit "
                 "them, and the law firm gets the certified transcript plus an invoice. Elixir "
                 "1.16 on OTP 26, Postgres through Ecto. I've got the school run at 3:15 so I'll "
                 "be in and out. Problem: a couple of law firms got two invoices for the same "
                 "deposition yesterday, and one of them was not amused. Background jobs are all "
                 "Oban here, we don't use Task.async for anything that has to survive a deploy. "
                 "The invoice job is lib/quillmate/billing/invoice_worker.ex"),
        ("say", "I'll read the worker first."),
        ("tool", "Read", {"file_path": "/home/priya/src/quillmate/lib/quillmate/billing/invoice_worker.ex"},
         "defmodule Quillmate.Billing.InvoiceWorker do\n  # NOTE: retry forever, finance wants "
         "every invoice out\n  use Oban.Worker, queue: :billing, max_attempts: 20\n\n  "
         "@impl Oban.Worker\n  def perform(%Oban.Job{args: %{\"deposition_id\" => id}}) do\n    "
         "dep = Depositions.get!(id)\n    {:ok, invoice} = Billing.create_invoice(dep)\n    "
         "Mailer.deliver_invoice(invoice)\n  end\nend"),
        ("tool", "Grep", {"pattern": "InvoiceWorker.new", "path": "lib"},
         "lib/quillmate/depositions.ex:88:    %{deposition_id: dep.id} |> InvoiceWorker.new() |> "
         "Oban.insert()\nlib/quillmate_web/live/certify_live.ex:41:    %{deposition_id: dep.id} "
         "|> InvoiceWorker.new() |> Oban.insert()"),
        ("say", "There are two places that insert the invoice job. Before I change anything: is "
                "there a house style for job arguments and retries?"),
        ("user", "ugh, two. ok so how we do it: job args are plain ids, never whole structs, and "
                 "every worker that sends something to a client has to be idempotent, either "
                 "Oban's unique option or a check in the db, whatever fits better"),
        ("tool", "Bash", {"command": "mix test test/quillmate/billing", "description": "Run the billing tests"},
         "Running ExUnit with seed: 40211, max_cases: 16\n\n  1) test certifying a deposition "
         "sends exactly one invoice (Quillmate.BillingTest)\n     test/quillmate/billing_test.exs:57"
         "\n     Assertion with == failed\n     left:  2\n     right: 1\n\nFinished in 1.8 "
         "seconds (0.4s async, 1.4s sync)\n14 tests, 1 failure", True),
        ("say", "The duplicates came from the job being inserted twice: certify_live.ex enqueues "
                "InvoiceWorker itself and then calls Depositions.certify/1, which enqueues it "
                "again, so every deposition certified from the LiveView got two jobs and two "
                "emails. I removed the insert from CertifyLive and added unique: [keys: "
                "[:deposition_id], period: :infinity] to the worker, so a second insert is a "
                "no-op. The billing tests pass now."),
        ("user", "nice one. before you commit: we run mix format, credo --strict and dialyzer in "
                 "CI, and the credo part is not negotiable, people have tried. commit messages "
                 "in conventional commits (fix:, feat:, chore:) because release-please builds the "
                 "changelog from them"),
        ("user", "for this one don't bother with a changelog entry, I'll squash it into the "
                 "release PR myself"),
        ("user", "oh and FYI the max_attempts on billing is 20 because of the mailer flakiness "
                 "we had with the old SMTP relay, but that was before we moved to Postmark. from "
                 "now on billing workers use max_attempts: 5, Postmark retries on its own and 20 "
                 "attempts just means 20 angry emails"),
        ("say", "I'll set max_attempts: 5 on the invoice worker and remove the stale comment."),
        ("user", "should we also move the invoice pdf generation to its own queue? dunno. think "
                 "about it but don't do it today"),
        ("say", "PDF rendering takes about 300 ms per invoice, so it doesn't block the billing "
                "queue yet. I'll leave it where it is."),
        ("tool", "Bash", {"command": "mix format && mix credo --strict && git commit -am \"fix: "
                                     "enqueue invoice job once per deposition\""},
         "Checking 212 source files ...\n\nAnalysis took 2.1 seconds\n1104 mods/funs, found no "
         "issues.\n[fix/oban-duplicate-invoices 3c1e9a2] fix: enqueue invoice job once per "
         "deposition\n 2 files changed, 4 insertions(+), 3 deletions(-)"),
        ("user", "ta. last thing, deposition ids are UUIDv7 so they sort by time already, no need "
                 "to add inserted_at to an order_by just for them"),
        ("user", "right, school run, back at 4ish"),
    ],
    "must_capture": [
        "quillmate is the phoenix liveview app our court reporting agency runs on",
        "elixir 1.16 on otp 26",
        "background jobs are all oban here",
        "we don't use task.async for anything that has to survive a deploy",
        "job args are plain ids, never whole structs",
        "every worker that sends something to a client has to be idempotent",
        "certify_live.ex enqueues invoiceworker itself and then calls depositions.certify/1",
        "added unique: [keys: [:deposition_id], period: :infinity] to the worker",
        "credo --strict and dialyzer in ci",
        "commit messages in conventional commits",
        "release-please builds the changelog from them",
        "from now on billing workers use max_attempts: 5",
        "deposition ids are uuidv7 so they sort by time already",
    ],
    "must_not_capture": [
        "school run at 3:15",
        "two invoices for the same deposition yesterday",
        "retry forever, finance wants every invoice out",
        "14 tests, 1 failure",
        "don't bother with a changelog entry",
        "max_attempts on billing is 20 because of the mailer flakiness",
        "move the invoice pdf generation to its own queue",
        "2 files changed, 4 insertions",
        "school run, back at 4ish",
        "1104 mods/funs, found no issues",
    ],
}

QUILLMATE_REDACTION = {
    "cwd": "/home/priya/src/quillmate", "branch": "feat/redact-exhibits",
    "start": "2026-11-19T10:41:03",
    "steps": [
        ("user", "exhibits list page. add a redact toggle per exhibit"),
        ("say", "I'll look at the exhibits LiveView."),
        ("tool", "Read", {"file_path": "/home/priya/src/quillmate/lib/quillmate_web/live/exhibit_live/index.ex"},
         "defmodule QuillmateWeb.ExhibitLive.Index do\n  use QuillmateWeb, :live_view\n  # TODO: "
         "make every row a LiveComponent?\n\n  def mount(%{\"deposition_id\" => id}, _session, "
         "socket) do\n    {:ok, assign(socket, exhibits: Exhibits.list_for(id))}\n  end\nend"),
        ("user", "function components, not live components, unless the thing really needs its "
                 "own state"),
        ("user", "and heex only. no ~E, no eex partials"),
        ("say", "Should a redacted exhibit still be visible to the court reporter who uploaded "
                "it?"),
        ("user", "yes. reporters see everything they uploaded. firms see the redacted version "
                 "only"),
        ("user", "also never log transcript text or exhibit content anywhere. logger metadata "
                 "gets ids only. we got burned by a support ticket with a whole deposition "
                 "pasted in papertrail"),
        ("tool", "Bash", {"command": "mix test test/quillmate_web/live/exhibit_live_test.exs"},
         "  1) test redact toggle hides the exhibit from the firm (QuillmateWeb.ExhibitLiveTest)\n"
         "     ** (KeyError) key :redacted not found in: %Quillmate.Exhibits.Exhibit{__meta__: "
         "#Ecto.Schema.Metadata<:loaded, \"exhibits\">, id: \"0193...\", title: \"Exhibit 4\"}\n\n"
         "9 tests, 1 failure", True),
        ("say", "The KeyError comes from the Exhibit schema: the migration added a redacted "
                "column but the schema never declared the field, so Ecto doesn't load it. I added "
                "field :redacted, :boolean, default: false to Quillmate.Exhibits.Exhibit. The "
                "LiveView tests pass now."),
        ("user", "tests: storage is behind the Quillmate.Storage behaviour and we use Mox for it, "
                 "never hit s3 in tests. real bucket is quillmate-exhibits-prod, don't even "
                 "reference it in test config"),
        ("user", "run only this file for now, the full suite takes 9 min on my laptop"),
        ("user", "whats the generator for a new context again, phx.gen.context?"),
        ("say", "Yes: mix phx.gen.context Exhibits Redaction redactions exhibit_id:references:exhibits."),
        ("user", "k. don't push, I'll push tonight after the standup with Marek"),
        ("user", "staging is the quillmate-staging app on gigalixir, prod deploys only from "
                 "tags, never from a branch"),
        ("say", "Committed on feat/redact-exhibits; not pushed."),
    ],
    "must_capture": [
        "function components, not live components, unless the thing really needs its own state",
        "heex only. no ~e, no eex partials",
        "reporters see everything they uploaded",
        "firms see the redacted version only",
        "never log transcript text or exhibit content anywhere",
        "logger metadata gets ids only",
        "the migration added a redacted column but the schema never declared the field",
        "added field :redacted, :boolean, default: false",
        "we use mox for it, never hit s3 in tests",
        "real bucket is quillmate-exhibits-prod",
        "quillmate-staging app on gigalixir",
        "prod deploys only from tags, never from a branch",
    ],
    "must_not_capture": [
        "add a redact toggle per exhibit",
        "make every row a livecomponent?",
        "9 tests, 1 failure",
        "run only this file for now",
        "whats the generator for a new context again",
        "i'll push tonight after the standup with marek",
        "committed on feat/redact-exhibits; not pushed",
        "should a redacted exhibit still be visible",
    ],
}

CAIRN_RESERVATIONS = {
    "cwd": "/home/olek/code/cairn", "branch": "fix/reservation-expiry",
    "start": "2026-11-10T08:15:44",
    "steps": [
        ("env",),
        ("user_blocks", [
            "cairn = the backend for our parcel locker network, about 1,400 lockers in Poland "
            "and Czechia. Go 1.22. Bug: reservations that should expire after 72h stay locked "
            "forever, couriers complain the compartments are \"occupied\" with nothing inside. "
            "Pasting the team rules so you don't have to guess:",
            "## Backend rules\n"
            "- SQL lives in queries/*.sql and goes through sqlc, no hand-written queries in Go "
            "code\n"
            "- migrations with goose, one file per change, never edit a migration that has been "
            "merged\n"
            "- errors wrapped with fmt.Errorf(\"...: %w\", err), no pkg/errors\n"
            "- router is chi; handlers take a narrow interface, not the whole *Store\n"
            "- golangci-lint config is the source of truth, don't add //nolint without a comment "
            "why",
        ]),
        ("say", "I'll start with the expiry sweeper."),
        ("tool", "Read", {"file_path": "/home/olek/code/cairn/internal/reservations/sweeper.go"},
         "// Sweep runs every minute from the scheduler.\nfunc (s *Sweeper) Sweep(ctx "
         "context.Context) error {\n\tcutoff := s.now().Add(-s.ttl)\n\t// FIXME: always use "
         "local time here\n\trows, err := s.q.ExpiredReservations(ctx, cutoff)\n\tif err != nil "
         "{\n\t\treturn fmt.Errorf(\"expired reservations: %w\", err)\n\t}\n\t..."),
        ("tool", "Read", {"file_path": "/home/olek/code/cairn/queries/reservations.sql"},
         "-- name: ExpiredReservations :many\nSELECT id, locker_id, compartment FROM "
         "reservations\nWHERE status = 'held' AND created_at < $1;"),
        ("say", "Is reservations.created_at a timestamptz column?"),
        ("user", "yes. all timestamps in the db are timestamptz, always, and the app passes UTC. "
                 "ignore that FIXME, it's from 2023"),
        ("tool", "Bash", {"command": "go test ./internal/reservations/... -run Sweep",
                          "description": "Run the sweeper tests"},
         "--- FAIL: TestSweepReleasesReopened (0.21s)\n    sweeper_test.go:58: expected 1 expired "
         "reservation, got 0\nFAIL\nFAIL\tgithub.com/skrytka/cairn/internal/reservations\t0.412s",
         True),
        ("say", "The sweeper looks only at status = 'held', but reservations that a courier "
                "opened and closed again move to 'reopened', so they never match "
                "ExpiredReservations and keep the compartment locked. I changed the query to "
                "status IN ('held', 'reopened') and regenerated with sqlc generate. The sweeper "
                "test passes now."),
        ("user", "good catch, that status came in with the courier app v3. heads up for later: "
                 "the lockers talk to us over MQTT through EMQX, topic lockers/{locker_id}/events, "
                 "and the firmware team owns the payload format, we never change it from our side"),
        ("user", "after EMQX the events go to NATS JetStream, stream is LOCKER_EVENTS. we used to "
                 "ack manually in every consumer but instead of that we now use the shared "
                 "consumer.Run helper in internal/bus, it acks and dead-letters for you"),
        ("user", "is the 72h configurable btw? for the demo on friday set it to 10 minutes on my "
                 "local env only"),
        ("say", "It's RESERVATION_TTL in internal/config/config.go, default 72h. I set "
                "RESERVATION_TTL=10m in your .env.local, which is gitignored."),
        ("user", "thx. tests need a real postgres: `make db-up` starts it in docker, don't use "
                 "sqlite or mocks for the store, we had a bug once that only postgres had"),
        ("tool", "Bash", {"command": "make db-up && go test ./...", "description": "Run all tests"},
         "ok  \tgithub.com/skrytka/cairn/internal/bus\t0.318s\nok  \tgithub.com/skrytka/cairn/"
         "internal/reservations\t1.204s\nok  \tgithub.com/skrytka/cairn/internal/http\t0.911s"),
        ("user", "lunch, back in 20"),
    ],
    "must_capture": [
        "backend for our parcel locker network",
        "sql lives in queries/*.sql and goes through sqlc",
        "migrations with goose, one file per change",
        "never edit a migration that has been merged",
        "no pkg/errors",
        "handlers take a narrow interface, not the whole *store",
        "don't add //nolint without a comment why",
        "all timestamps in the db are timestamptz",
        "reservations that a courier opened and closed again move to 'reopened'",
        "changed the query to status in ('held', 'reopened')",
        "lockers talk to us over mqtt through emqx, topic lockers/{locker_id}/events",
        "firmware team owns the payload format",
        "stream is locker_events",
        "instead of that we now use the shared consumer.run helper in internal/bus",
        "`make db-up` starts it in docker",
        "don't use sqlite or mocks for the store",
        "go 1.22",
    ],
    "must_not_capture": [
        "couriers complain the compartments are",
        "always use local time here",
        "expected 1 expired reservation, got 0",
        "we used to ack manually in every consumer",
        "for the demo on friday set it to 10 minutes",
        "i set reservation_ttl=10m in your .env.local",
        "lunch, back in 20",
        "ignore that fixme, it's from 2023",
    ],
}

PAWPRINT_REMINDERS = {
    "cwd": "/Users/gemma/work/pawprint", "branch": "feat/booster-sms",
    "start": "2026-11-11T11:30:00",
    "steps": [
        ("env",),
        ("user", "Hi Claude. Pawprint is the Rails 7.1 app behind our 23 veterinary clinics - "
                 "bookings, patient records (the patients are animals, the owners are the "
                 "customers), vaccine reminders. Ruby 3.3, Postgres, Hotwire for the front end; "
                 "we don't do React here and we're not going to. I'd like an SMS reminder going "
                 "out two weeks before a booster is due."),
        ("say", "Where do the existing reminders run?"),
        ("user", "Sidekiq, with sidekiq-cron for the schedules in config/schedule.yml. Anything "
                 "that talks to an outside service goes in a job, never in the request cycle."),
        ("tool", "Read", {"file_path": "/Users/gemma/work/pawprint/app/models/patient.rb"},
         "class Patient < ApplicationRecord\n  # TODO: species should be an enum\n  belongs_to "
         ":owner\n  has_many :vaccinations\n\n  def next_booster_due\n    vaccinations.last&."
         "given_on&.+(1.year)\n  end\nend"),
        ("user", "SMS provider is Twilio for now, but from next month it's MessageBird, "
                 "procurement signed last week. So write it against the SmsGateway adapter in "
                 "app/services, not against Twilio directly."),
        ("user", "Testing: RSpec with FactoryBot, request specs over controller specs, and the "
                 "system specs use cuprite, not selenium."),
        ("tool", "Bash", {"command": "bundle exec rspec spec/jobs/booster_reminder_job_spec.rb"},
         "F.\n\nFailures:\n\n  1) BoosterReminderJob reminds owners two weeks before the "
         "booster\n     Failure/Error: expect(gateway.sent.size).to eq(1)\n       expected: 1\n"
         "            got: 0\n\n2 examples, 1 failure", True),
        ("say", "The job picked the wrong vaccination: patient.vaccinations.last orders by id, "
                "and the records imported from the old VetPro system have higher ids than newer "
                "boosters, so for imported animals it read an old date and decided the booster "
                "was long overdue. I changed it to patient.vaccinations.order(:given_on).last and "
                "the spec passes now."),
        ("user", "Ah, the VetPro import, of course. Important: owners opt in to SMS per clinic, so "
                 "check owner.sms_opt_in? before anything is sent - that's a legal thing (PECR), "
                 "not a nice-to-have."),
        ("user", "for today just send to my number +44 7700 900123 so I can see it arrive"),
        ("user", "oh, standardrb not rubocop, and please don't argue with it ;)"),
        ("user", "hmm, should the reminder be per pet or per owner? I keep going back and forth "
                 "on that. leave it per pet for now"),
        ("say", "Running the whole suite before I commit."),
        ("tool", "Bash", {"command": "bundle exec rspec"},
         "Finished in 2 minutes 41 seconds (files took 3.2 seconds to load)\n1843 examples, 0 "
         "failures"),
        ("user", "lovely, thanks. I'm off to a clinic visit in Stroud this afternoon"),
    ],
    "must_capture": [
        "rails 7.1 app behind our 23 veterinary clinics",
        "ruby 3.3, postgres, hotwire for the front end",
        "we don't do react here",
        "sidekiq, with sidekiq-cron for the schedules",
        "anything that talks to an outside service goes in a job, never in the request cycle",
        "from next month it's messagebird",
        "write it against the smsgateway adapter in app/services",
        "rspec with factorybot",
        "request specs over controller specs",
        "system specs use cuprite, not selenium",
        "patient.vaccinations.last orders by id",
        "records imported from the old vetpro system have higher ids",
        "changed it to patient.vaccinations.order(:given_on).last",
        "check owner.sms_opt_in? before anything is sent",
        "standardrb not rubocop",
        "the patients are animals, the owners are the customers",
    ],
    "must_not_capture": [
        "two weeks before a booster is due",
        "species should be an enum",
        "sms provider is twilio for now",
        "2 examples, 1 failure",
        "for today just send to my number",
        "should the reminder be per pet or per owner",
        "1843 examples, 0 failures",
        "clinic visit in stroud this afternoon",
        "where do the existing reminders run",
        "running the whole suite before i commit",
    ],
}

PAWPRINT_KAMAL = {
    "cwd": "/home/bartek/src/pawprint", "branch": "ops/kamal-assets",
    "start": "2026-11-20T16:05:12",
    "steps": [
        ("user", "deploy fails since yesterday on the assets step. we deploy with kamal 2 to two "
                 "ovh boxes, web1 and web2"),
        ("tool", "Bash", {"command": "kamal deploy -d production 2>&1 | tail -8"},
         "  INFO [6d1f2a0b] Running docker buildx build ... on localhost\n"
         " ERROR (SSHKit::Command::Failed): docker exit status: 1\n"
         "#14 4.112 Importmap::Map::MissingPinError: no pin found for \"clinic_map\"\n"
         "#14 ERROR: process \"/bin/sh -c SECRET_KEY_BASE_DUMMY=1 ./bin/rails assets:precompile\" "
         "did not complete successfully: exit code: 1", True),
        ("say", "Is the front end on importmap, or is there a JS bundler in the image?"),
        ("user", "importmap. there is no node in the image and we keep it that way"),
        ("say", "The precompile fails because app/javascript/controllers/clinic_map_controller.js "
                "imports \"clinic_map\", but config/importmap.rb never pins it, so the asset step "
                "can't resolve the module. I added pin \"clinic_map\", to: \"clinic_map.js\" in "
                "config/importmap.rb; assets:precompile passes locally now."),
        ("user", "ok. secrets come through .kamal/secrets from 1password (op read), never put them "
                 "in deploy.yml"),
        ("user", "rule: deploys only from main and only after CI is green. and no friday deploys "
                 "after 14:00, clinics are busiest saturday morning"),
        ("user", "this time i deploy from my branch, gemma approved it on slack"),
        ("tool", "Bash", {"command": "kamal deploy -d production"},
         "  INFO [a91c0e55] Finished in 38.214 seconds with exit status 0 (successful).\n"
         "Releasing the deploy lock...\n  Finished all in 212.4 seconds"),
        ("user", "is it normal the old container stays running few minutes?"),
        ("say", "Yes, kamal-proxy keeps the old container until in-flight requests drain and the "
                "new one passes its health check, then stops it."),
        ("user", "health check path is /up, dont change it, kamal-proxy and the uptime robot both "
                 "use it"),
        ("user", "backups: pg_dump nightly to the storage box, 30 days kept. no wait, we changed "
                 "it for the RCVS audit, 35 days kept now"),
        ("user", "thx, going home"),
    ],
    "must_capture": [
        "we deploy with kamal 2 to two ovh boxes",
        "there is no node in the image and we keep it that way",
        "config/importmap.rb never pins it",
        "added pin \"clinic_map\", to: \"clinic_map.js\" in config/importmap.rb",
        "secrets come through .kamal/secrets from 1password",
        "never put them in deploy.yml",
        "deploys only from main and only after ci is green",
        "no friday deploys after 14:00",
        "health check path is /up",
        "pg_dump nightly to the storage box",
        "35 days kept now",
    ],
    "must_not_capture": [
        "deploy fails since yesterday",
        "this time i deploy from my branch",
        "finished all in 212.4 seconds",
        "is it normal the old container stays running",
        "30 days kept",
        "thx, going home",
        "is the front end on importmap, or is there a js bundler",
    ],
}

CRUMB_PRINTERS = {
    "cwd": "/home/ines/crumb", "branch": "fix/hamburg-receipts",
    "start": "2026-11-13T07:48:30",
    "steps": [
        ("env",),
        ("user", "Hello! So crumb is our Ansible repo for the tills in the Brotzeit bakeries, 140 "
                 "shops, every till is a small Debian 12 box with a receipt printer on USB. I am "
                 "not so good in English, sorry for mistakes. Rule number one for us: nothing is "
                 "done by hand on a till, if it is not in a playbook it does not exist. The "
                 "problem of today: after the run of last night the receipt printers in the "
                 "Hamburg shops print only empty paper. The shops are open since 6 and they are "
                 "not happy."),
        ("say", "I'll look at the receipt printer role."),
        ("tool", "Read", {"file_path": "/home/ines/crumb/roles/receipt_printer/tasks/main.yml"},
         "- name: Install CUPS and the ESC/POS filter\n  ansible.builtin.apt:\n    name: [cups, "
         "printer-driver-escpos]\n\n- name: Render the PPD\n  ansible.builtin.template:\n    src: "
         "ppd_map.j2\n    dest: /etc/cups/ppd/receipt.ppd\n  # always restart cups at the end\n  "
         "notify: restart cups"),
        ("user", "Our conventions, so you know them: every role has a molecule scenario, and the "
                 "default driver is podman (not docker, the CI runner has no docker). The "
                 "variables of a role are prefixed with the role name, like "
                 "receipt_printer_model. And we use ansible-lint with the production profile."),
        ("tool", "Bash", {"command": "molecule test -s default", "description": "Run the role's scenario"},
         "TASK [receipt_printer : Check the test page width] ****\nfatal: [instance]: FAILED! => "
         "{\"changed\": false, \"msg\": \"page width 58mm, expected 80mm for tm-t20iii\"}\n\n"
         "PLAY RECAP ****\ninstance : ok=7 changed=3 unreachable=0 failed=1", True),
        ("say", "The blank receipts come from the paper width: group_vars/hamburg.yml sets "
                "receipt_printer_model to tm-t20iii, but the CUPS PPD template only knows the "
                "tm-t88 entries and falls back to a 58 mm page, which the new printers feed out "
                "empty. I added the tm-t20iii entry with 80 mm paper to templates/ppd_map.j2; the "
                "molecule scenario passes now."),
        ("user", "Super, thank you! The secrets are in ansible-vault, one vault id per "
                 "environment (prod, staging). Never commit a decrypted file - the pre-commit hook "
                 "checks it, but please also you."),
        ("user", "For this fix please run only on the Hamburg group first, --limit hamburg, and "
                 "tomorrow the rest of the shops."),
        ("user", "Also: we moved from AWX to Semaphore in October, AWX is gone now. The jobs are "
                 "started in Semaphore, not from a laptop, also not from mine."),
        ("user", "Maybe one day we go to Debian 13 but this is not decided, Jens wants to wait "
                 "for the first point release."),
        ("say", "Understood. Starting the Hamburg run from Semaphore's receipt-printer template."),
        ("tool", "Bash", {"command": "semaphore task run --template receipt-printer --limit hamburg --wait"},
         "PLAY RECAP *********\n... 14 hosts\ntotal: ok=412 changed=18 unreachable=0 failed=0"),
        ("user", "Ah and the tills are reachable only over the Tailscale, hostnames are till-<shop "
                 "number>-<n>, like till-0412-1. The old 10.20.x addresses are not valid any "
                 "more."),
        ("user", "Thanks, now I need a coffee"),
    ],
    "must_capture": [
        "ansible repo for the tills in the brotzeit bakeries",
        "every till is a small debian 12 box",
        "nothing is done by hand on a till",
        "if it is not in a playbook it does not exist",
        "every role has a molecule scenario",
        "default driver is podman",
        "variables of a role are prefixed with the role name",
        "ansible-lint with the production profile",
        "cups ppd template only knows the tm-t88 entries and falls back to a 58 mm page",
        "added the tm-t20iii entry with 80 mm paper to templates/ppd_map.j2",
        "one vault id per environment",
        "never commit a decrypted file",
        "we moved from awx to semaphore",
        "jobs are started in semaphore, not from a laptop",
        "reachable only over the tailscale",
        "hostnames are till-<shop number>-<n>",
        "the old 10.20.x addresses are not valid any more",
    ],
    "must_not_capture": [
        "print only empty paper",
        "always restart cups at the end",
        "page width 58mm, expected 80mm",
        "run only on the hamburg group first",
        "maybe one day we go to debian 13",
        "ok=412 changed=18",
        "now i need a coffee",
        "i am not so good in english",
        "the shops are open since 6",
        "starting the hamburg run from semaphore",
    ],
}

FOLIO_FINES = {
    "cwd": "/home/aino/proj/folio", "branch": "fines-weekends",
    "start": "2026-11-17T14:55:09",
    "steps": [
        ("user", "folio: interlibrary loan system for the university libraries consortium, "
                 "clojure backend + re-frame ui. overdue fines are wrong around weekends, a "
                 "student got charged for sunday"),
        ("say", "I'll look at the fines namespace."),
        ("tool", "Read", {"file_path": "/home/aino/proj/folio/src/folio/fines.clj"},
         "(ns folio.fines\n  (:import (java.time.temporal ChronoUnit)))\n\n;; fine per day in "
         "cents\n(def daily-fine 50)\n\n(defn days-overdue [due returned]\n  (max 0 (.between "
         "ChronoUnit/DAYS due returned)))\n\n(defn fine [loan]\n  (min max-fine (* daily-fine "
         "(days-overdue (:due loan) (:returned loan)))))"),
        ("user", "deps.edn only, no leiningen. system wiring is integrant, config in "
                 "resources/config.edn with aero"),
        ("user", "db is xtdb 2. all time values are java.time, never java.util.Date, never inst "
                 "literals parsed from strings in code"),
        ("tool", "Bash", {"command": "clojure -M:test --focus folio.fines-test"},
         "--- unit (clojure.test) ---------------------------\nfolio.fines-test\n  weekend-days-"
         "free FAIL\n\nFAIL in folio.fines-test/weekend-days-free (fines_test.clj:22)\nexpected: "
         "100\n  actual: 200\n7 tests, 12 assertions, 1 failures.", True),
        ("say", "Weekends were charged because days-overdue counts calendar days with .between "
                "ChronoUnit/DAYS and never consults the closing calendar, so a loan due on Friday "
                "and returned on Monday was fined for Saturday and Sunday. I changed days-overdue "
                "to count only open days from folio.calendar/open-days; the focused tests pass "
                "now."),
        ("user", "right. fines are euro cents as long, no bigdecimal, no doubles. max fine is 5 "
                 "euro per loan"),
        ("user", "lint clj-kondo, format cljfmt, ci runs both and fails on either"),
        ("user", "just for now hardcode the 2026 holidays, the api of the libraries calendar is "
                 "down again"),
        ("user", "hm what does `comp` return with zero args"),
        ("say", "identity."),
        ("user", "ah no, i mixed it up about the fine. the board changed it in august: max fine "
                 "is 8 euro per loan now"),
        ("say", "I'll set max-fine to 800 cents."),
        ("user", "the ui talks only to the /api/v2 routes. v1 is for the old koha bridge, don't "
                 "touch v1"),
        ("user", "kiitos, going to sauna"),
    ],
    "must_capture": [
        "interlibrary loan system for the university libraries consortium",
        "deps.edn only, no leiningen",
        "system wiring is integrant",
        "config in resources/config.edn with aero",
        "db is xtdb 2",
        "all time values are java.time, never java.util.date",
        "days-overdue counts calendar days",
        "never consults the closing calendar",
        "changed days-overdue to count only open days from folio.calendar/open-days",
        "fines are euro cents as long, no bigdecimal, no doubles",
        "lint clj-kondo, format cljfmt",
        "max fine is 8 euro per loan now",
        "the ui talks only to the /api/v2 routes",
        "v1 is for the old koha bridge, don't touch v1",
    ],
    "must_not_capture": [
        "a student got charged for sunday",
        "7 tests, 12 assertions, 1 failures",
        "max fine is 5 euro per loan",
        "just for now hardcode the 2026 holidays",
        "what does `comp` return with zero args",
        "going to sauna",
        ";; fine per day in cents",
    ],
}

LIMELIGHT_SEATMAP = {
    "cwd": "/Users/ciaran/dev/limelight", "branch": "fix/wheelchair-seats",
    "start": "2026-11-18T19:22:50",
    "steps": [
        ("env",),
        ("user", "Right so, limelight is the box office site for the Lyric Playhouse in Galway, "
                 "Nuxt 3 with Pinia, content comes from Storyblok, hosted on Netlify. I've had "
                 "about four coffees and a very long call with the venue manager so bear with me. "
                 "The seat map is broken for the wheelchair spaces again - they show as bookable "
                 "online and that's wrong, it's a policy thing: wheelchair and companion seats "
                 "are booked through the box office phone line, never online, because the staff "
                 "need to talk to the person about access. Can you have a look at "
                 "components/SeatMap.vue?"),
        ("tool", "Read", {"file_path": "/Users/ciaran/dev/limelight/components/SeatMap.vue"},
         "<template>\n  <!-- FIXME: always show all seats as available during presale -->\n  <g "
         "v-for=\"seat in seats\" :key=\"seat.id\">\n    <SeatDot :seat=\"seat\" :bookable=\"!seat."
         "accessible && seat.status === 'free'\" />\n  </g>\n</template>"),
        ("say", "Where does the seat's accessibility flag come from?"),
        ("user", "Seat data comes from the Spektrix API through our server routes in server/api - "
                 "the browser never calls Spektrix directly, the API key would leak. The flag "
                 "should be under seat.attributes somewhere."),
        ("tool", "Bash", {"command": "npx vitest run components/SeatMap"},
         " FAIL  components/SeatMap.spec.ts > wheelchair spaces are not bookable\nAssertionError: "
         "expected true to be false\n Test Files  1 failed (1)\n      Tests  1 failed | 5 passed "
         "(6)", True),
        ("say", "The wheelchair spaces are bookable because SeatMap.vue reads seat.accessible, but "
                "the server route maps Spektrix attributes into seat.attributes.accessible, so the "
                "check is always undefined and every free seat falls through to bookable. I "
                "changed the component to seat.attributes.accessible and made those seats render "
                "as phone-only with the box office number. The SeatMap tests pass now."),
        ("user", "Deadly. While you're in there: prices are shown in euro with the € sign after "
                 "the number - no, sorry, before the number, Irish style, €25.00 - and always "
                 "including the booking fee. We had a complaint to the CCPC about drip pricing "
                 "last year so no adding fees at checkout, ever."),
        ("user", "e2e is Cypress, not Playwright, the venue's QA contractor only knows Cypress. "
                 "component tests are vitest."),
        ("user", "Oh and for this branch please turn off the Storyblok preview bridge, it keeps "
                 "reloading the page while I'm testing"),
        ("user", "would it be mad to rewrite the seat map in canvas? probably. forget I said that"),
        ("say", "SVG is fine at this size, the main house has 412 seats."),
        ("user", "and any new copy on the site goes in both English and Irish (ga), the Arts "
                 "Council funding requires it. The Irish strings get checked by Áine before "
                 "release."),
        ("tool", "Bash", {"command": "git commit -am \"fix: wheelchair spaces are phone-only\""},
         "[fix/wheelchair-seats 8e21b47] fix: wheelchair spaces are phone-only\n 3 files changed, "
         "22 insertions(+), 6 deletions(-)"),
        ("user", "grand, I'm going to get food before I fall over"),
    ],
    "must_capture": [
        "box office site for the lyric playhouse in galway",
        "nuxt 3 with pinia",
        "content comes from storyblok, hosted on netlify",
        "wheelchair and companion seats are booked through the box office phone line, never online",
        "seat data comes from the spektrix api through our server routes in server/api",
        "the browser never calls spektrix directly",
        "seatmap.vue reads seat.accessible, but the server route maps spektrix attributes into "
        "seat.attributes.accessible",
        "changed the component to seat.attributes.accessible",
        "before the number, irish style",
        "always including the booking fee",
        "no adding fees at checkout",
        "e2e is cypress, not playwright",
        "component tests are vitest",
        "any new copy on the site goes in both english and irish (ga)",
        "irish strings get checked by áine before release",
    ],
    "must_not_capture": [
        "four coffees and a very long call with the venue manager",
        "always show all seats as available during presale",
        "1 failed | 5 passed",
        "the € sign after the number",
        "turn off the storyblok preview bridge",
        "rewrite the seat map in canvas",
        "3 files changed, 22 insertions",
        "get food before i fall over",
        "where does the seat's accessibility flag come from",
    ],
}

HOIST_SHADERS = {
    "cwd": "/Users/sanne/Projects/hoist", "branch": "bugfix/yard-pink-materials",
    "start": "2026-11-24T09:37:26",
    "steps": [
        ("env",),
        ("user", "hoist is the VR training sim for harbour crane operators, Unity 2022.3 LTS on "
                 "Quest 3, URP, XR Interaction Toolkit. We stay on 2022.3 LTS, so don't accept the "
                 "Unity 6 upgrade prompt, the XRI version we need isn't validated there. Problem: "
                 "since the last build the container yard scene loads with pink materials on "
                 "the headset but looks fine in the editor."),
        ("say", "Is the yard scene loaded through Addressables?"),
        ("user", "yes, all scenes except Boot are addressables, the remote group is on our CDN "
                 "(Bunny). also big binaries are in git lfs, check .gitattributes before you add "
                 "a new file type"),
        ("tool", "Bash", {"command": "grep -n \"DETAIL_MULX2\\|stripped\" Logs/Build/android-player.log | head -5"},
         "1842: Compiling shader \"Universal Render Pipeline/Lit\" pass \"ForwardLit\" (fp)\n"
         "1843:     Full variant space:         4096\n1844:     After settings filtering:   512\n"
         "1845:     After built-in stripping:   96 (_DETAIL_MULX2 stripped)"),
        ("say", "The pink materials come from shader stripping: the yard materials use the URP/Lit "
                "variant with _DETAIL_MULX2, which no material in the Boot build references, so "
                "the player build stripped it and the Addressables bundle has no shader to fall "
                "back to. I added the yard materials to the ShaderVariantCollection in "
                "Assets/Settings/HoistVariants.shadervariants and rebuilt the Addressables "
                "content; the materials render on the Quest now."),
        ("user", "nice!! code rules while you're here: scripts go in Assets/_Hoist/Scripts with "
                 "assembly definitions per feature, no code in the default Assembly-CSharp. tests "
                 "in Unity Test Framework, edit mode for logic, play mode only for physics"),
        ("user", "frame budget: 72 fps on quest 3 is the floor, it's a motion sickness thing. "
                 "anything under that is a bug, not a nice-to-have"),
        ("user", "builds are GameCI on GitHub hosted runners. oh wait no, we switched in "
                 "september - builds run on the self-hosted mac mini runner now, GameCI "
                 "containers were too slow for the il2cpp android build"),
        ("user", "today don't touch the crane physics prefab, Luuk has it locked in lfs"),
        ("user", "what's the min android api level for quest again?"),
        ("say", "Quest builds target Android API level 32; the minimum in Player Settings is 29."),
        ("user", "input always goes through XRI input actions, no OVRInput calls. we want to stay "
                 "OpenXR-only so the Pico build keeps working too"),
        ("tool", "Bash", {"command": "git status --short"},
         " M Assets/Settings/HoistVariants.shadervariants\n M Assets/AddressableAssetsData/"
         "AssetGroups/Yard.asset"),
        ("say", "Two files changed; ready to commit when you are."),
        ("user", "commit it, I'll check on the headset after the 11:00 meeting"),
    ],
    "must_capture": [
        "vr training sim for harbour crane operators",
        "unity 2022.3 lts on quest 3, urp, xr interaction toolkit",
        "don't accept the unity 6 upgrade prompt",
        "all scenes except boot are addressables",
        "remote group is on our cdn (bunny)",
        "big binaries are in git lfs",
        "no material in the boot build references, so the player build stripped it",
        "added the yard materials to the shadervariantcollection",
        "assembly definitions per feature, no code in the default assembly-csharp",
        "edit mode for logic, play mode only for physics",
        "72 fps on quest 3 is the floor",
        "builds run on the self-hosted mac mini runner now",
        "input always goes through xri input actions, no ovrinput calls",
        "stay openxr-only so the pico build keeps working",
    ],
    "must_not_capture": [
        "loads with pink materials on the headset",
        "after built-in stripping:   96",
        "builds are gameci on github hosted runners",
        "today don't touch the crane physics prefab",
        "what's the min android api level for quest",
        "two files changed; ready to commit",
        "after the 11:00 meeting",
        "is the yard scene loaded through addressables",
    ],
}

SESSIONS = {
    "quillmate_oban_session": QUILLMATE_OBAN,
    "quillmate_redaction_session": QUILLMATE_REDACTION,
    "cairn_reservations_session": CAIRN_RESERVATIONS,
    "pawprint_reminders_session": PAWPRINT_REMINDERS,
    "pawprint_kamal_session": PAWPRINT_KAMAL,
    "crumb_printers_session": CRUMB_PRINTERS,
    "folio_fines_session": FOLIO_FINES,
    "limelight_seatmap_session": LIMELIGHT_SEATMAP,
    "hoist_shaders_session": HOIST_SHADERS,
}
