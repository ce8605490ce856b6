"""Vocabulary for synthetic memories shared by the benchmarks (deterministic with a seeded RNG)."""

TOPICS = ("deploy pipeline", "database migration", "cache invalidation", "auth middleware",
          "rate limiter", "search index", "billing export", "feature flag", "retry policy",
          "logging format", "connection pool", "background worker", "api gateway",
          "test fixtures", "release process", "schema registry", "vector store", "queue consumer")
VERBS = ("uses", "needs", "breaks without", "was replaced by", "depends on", "is configured by",
         "must never touch", "is documented in", "times out after", "is owned by")
OBJECTS = ("postgres 16", "redis", "the staging cluster", "make ship", "terraform", "kafka",
           "a nightly cron", "the on-call rotation", "gunicorn workers", "S3 lifecycle rules",
           "the tenant quota", "protobuf schemas", "pytest markers", "the feature store")
