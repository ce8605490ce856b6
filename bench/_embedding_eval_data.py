"""A small labelled set for the in-process hybrid-recall evaluation in bench/embeddings.py.

Memories are the kind Aegis stores (decisions, conventions, fixes, preferences).
Each paraphrase prompt targets one memory in other words (few or no shared
content words, so keyword search alone struggles); off-topic prompts target
nothing and must inject nothing.
"""

MEMORIES = {
    "pnpm": "Use pnpm instead of npm in this repository; the lockfile is pnpm-lock.yaml.",
    "tabs": "Indent with tabs, not spaces: the linter rejects mixed indentation.",
    "deploy": "Deploys go through the release pipeline: staging first, then the production cluster.",
    "migration": "The database migration fails on CI unless the test database is reset first.",
    "postgres": "We chose PostgreSQL over MySQL for its JSONB support and row-level security.",
    "auth": "Login sessions use signed JWT cookies that expire after 12 hours.",
    "retry": "HTTP calls to the billing provider retry three times with exponential backoff.",
    "tests": "Run the test suite with `make test`; integration tests need Docker running.",
    "concise": "The user prefers short, direct answers without emoji.",
    "python": "The backend targets Python 3.11 and uses type hints everywhere.",
    "logging": "Never log personal data; request ids are enough to trace a problem.",
    "cache": "Redis caches product pages for five minutes; invalidate on price changes.",
    "branch": "Feature branches are squash-merged into main after one approving review.",
    "timezone": "Store every timestamp in UTC and convert to local time only in the UI.",
    "frontend": "The web client is React with TypeScript, bundled by Vite.",
    "secrets": "API keys live in the vault; never commit them to the repository.",
    "oncall": "Pager alerts go to the on-call engineer, who rotates every Monday.",
    "perf": "The search endpoint must answer within 200 ms at the 95th percentile.",
    "i18n": "User-facing strings are translated through gettext catalogs; English is the source.",
    "backup": "Nightly snapshots of the database are kept for thirty days in cold storage.",
    "hnsw": "hnsw.c:214 segfaults when ef_construction is zero; validate it before building.",
    "docs": "Architecture decisions are written up as ADRs in docs/adr/.",
    "ratelimit": "The public API allows 100 requests per minute per token.",
    "commit": "Commit messages use the imperative mood and explain why, not what.",
}

PARAPHRASES = [
    ("which package manager should I use to install dependencies here?", "pnpm"),
    ("how should the code be indented?", "tabs"),
    ("how do we ship a new version to prod?", "deploy"),
    ("the schema change job keeps breaking in the build server", "migration"),
    ("why did we pick this relational database?", "postgres"),
    ("how long does a user stay signed in?", "auth"),
    ("what happens when the payment gateway request errors out?", "retry"),
    ("how do I run the checks locally?", "tests"),
    ("keep your replies brief please", "concise"),
    ("what interpreter version does the server side need?", "python"),
    ("can I write the customer's email address to the logs?", "logging"),
    ("how stale can the catalogue pages be?", "cache"),
    ("what is our policy for merging pull requests?", "branch"),
    ("which time zone should dates be saved in?", "timezone"),
    ("what UI framework does the site use?", "frontend"),
    ("where do the credentials go?", "secrets"),
    ("who gets woken up when production breaks?", "oncall"),
    ("how fast must queries come back?", "perf"),
    ("how do we localise the interface text?", "i18n"),
    ("how long do we retain db dumps?", "backup"),
    ("the vector index crashes during construction", "hnsw"),
    ("where do we record design choices?", "docs"),
    ("how many calls can a client make to the API?", "ratelimit"),
    ("how should I word my git messages?", "commit"),
]

OFF_TOPIC = [
    "what's the weather like in Paris tomorrow?",
    "write me a haiku about autumn leaves",
    "who won the football world cup in 1998?",
    "recommend a good pasta recipe for dinner",
    "how tall is Mount Everest?",
    "translate 'good morning' into Italian",
    "tell me a joke about cats",
    "what is the capital of Australia?",
    "explain the plot of Hamlet in two sentences",
    "how many legs does a spider have?",
    "suggest a name for my new puppy",
    "what year did the Berlin wall fall?",
    "ok thanks",
    "yes please continue",
    "sounds good, go ahead",
    "hmm interesting",
]
