"""Writes the blind2 capture sessions (*.jsonl) and their labels (*.labels.json).

The transcript shape is exactly blind's (tests/data/blind/capture/make_sessions.py,
whose Session class and tool helpers this imports rather than copies): Claude Code
2.1.332 lines, one assistant line per content block, tool results as user lines
with toolUseResult. Ids and timestamps derive from the session name, so re-running
this reproduces the files byte for byte.

The pasted secrets are assembled here at generation time from a seeded generator,
so no committed file holds a string that looks like a real token; that is also
why the generated files are not committed (see ../README.md): run this first.

Labels: ``must_capture`` phrases are lower-case substrings of statements a
teammate would want remembered next week; ``must_not_capture`` phrases come from
chatter, plans, questions, status, thinking asides, rules replaced later in the
same session, and raw secrets (which must never be stored).

Usage: python3 tests/data/blind2/capture/make_sessions.py
"""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location(
    "blind_make_sessions", HERE.parents[1] / "blind" / "capture" / "make_sessions.py")
_base = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_base)

bash, read, grep, edit, write_file = _base.bash, _base.read, _base.grep, _base.edit, _base.write_file
UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
HEX = "0123456789abcdef"


def fake_secret(seed: str, prefix_parts: tuple[str, ...], alphabet: str, n: int) -> str:
    """A deterministic fake credential of a provider's shape; the prefix is given in
    parts so this file never spells out a token prefix followed by its body."""
    rng = random.Random("aegis-blind2/" + seed)
    return "".join(prefix_parts) + "".join(rng.choice(alphabet) for _ in range(n))


class Session(_base.Session):
    """blind's Session, writing into this module's HERE (read at write time, so a check
    can point it at a scratch folder)."""

    def write(self, must: list[str], must_not: list[str]) -> None:
        _base.HERE = HERE
        super().write(must, must_not)


# -- stockroom: a Go gRPC inventory service (Postgres, buf, flagd) -----------------------

def inv_reserve_deadlock() -> None:
    s = Session("inv_reserve_deadlock", "/home/devi/code/stockroom", "fix/reserve-timeouts",
                "2026-11-17T08:41:22.305")
    s.user("ReserveItems is timing out under load in staging, p99 went from 80ms to 4s after "
           "yesterday's deploy. can you look? handler is in internal/reserve/service.go")
    s.assistant(("text", "Let me pull up the handler and what changed in that package yesterday."),
                read("/home/devi/code/stockroom/internal/reserve/service.go",
                     "func (s *Service) ReserveItems(ctx context.Context, req *pb.ReserveItemsRequest) "
                     "(*pb.ReserveItemsResponse, error) {\n\ttx, err := s.db.Begin(ctx)\n"
                     "\tif err != nil {\n\t\treturn nil, err\n\t}\n\tdefer tx.Rollback(ctx)\n"
                     "\tfor _, line := range req.GetLines() {\n"
                     "\t\tif err := s.q.WithTx(tx).LockStock(ctx, line.GetSku()); err != nil {\n"
                     "\t\t\treturn nil, err\n\t\t}\n\t}\n\t..."),
                bash("git log --since=2.days --oneline -- internal/reserve",
                     "Recent commits touching reserve",
                     "9c41e0a reserve: lock each line's stock row instead of the whole warehouse\n"
                     "1f0b7d2 reserve: add request validation"))
    s.assistant(("thinking", "Per-row locks taken in request order. Two carts with the same SKUs in "
                             "a different order would deadlock; that matches the lock timeouts."),
                bash("kubectl -n inventory-staging logs deploy/stockroom --since=2h | grep -c 40P01",
                     "Count deadlock errors in staging logs", "317"),
                edit("/home/devi/code/stockroom/internal/reserve/service.go",
                     "\tfor _, line := range req.GetLines() {",
                     "\tlines := slices.SortedFunc(slices.Values(req.GetLines()), bySku)\n"
                     "\tfor _, line := range lines {"),
                bash("go test -race ./internal/reserve/...", "Run reserve tests with the race detector",
                     "ok  \tgithub.com/larkspur/stockroom/internal/reserve\t1.842s"),
                ("text", "Found it. The root cause is the change in 9c41e0a: ReserveItems now locks "
                         "one stock row per line, in whatever order the SKUs arrive in the request, "
                         "so two reservations containing the same SKUs in opposite order deadlock "
                         "in Postgres (317 SQLSTATE 40P01 errors in the last two hours), and the "
                         "loser waits out the lock timeout first. I fixed it by sorting the lines by "
                         "SKU before the SELECT ... FOR UPDATE loop, so every transaction takes its "
                         "row locks in the same order.\n\nThe race tests pass with the change."))
    s.user("nice one. btw heads up, we never return raw postgres errors over grpc — everything is "
           "mapped to a status code in internal/grpcerr, and a lock timeout or deadlock should come "
           "back as codes.Aborted so the clients retry it. can you check that's what happens now?")
    s.assistant(("text", "Checking how internal/grpcerr maps errors now."),
                read("/home/devi/code/stockroom/internal/grpcerr/map.go",
                     "func FromPg(err error) error {\n\tvar pgErr *pgconn.PgError\n"
                     "\tif errors.As(err, &pgErr) {\n\t\tswitch pgErr.Code {\n"
                     "\t\tcase \"23505\":\n\t\t\treturn status.Error(codes.AlreadyExists, \"duplicate\")\n"
                     "\t\t}\n\t}\n\treturn status.Error(codes.Internal, \"internal error\")\n}"),
                edit("/home/devi/code/stockroom/internal/grpcerr/map.go",
                     "\t\tcase \"23505\":",
                     "\t\tcase \"40P01\", \"55P03\":\n"
                     "\t\t\treturn status.Error(codes.Aborted, \"contention, retry\")\n"
                     "\t\tcase \"23505\":"),
                ("text", "They were falling through to codes.Internal. I mapped 40P01 (deadlock) and "
                         "55P03 (lock not available) to codes.Aborted. Want me to add a test for the "
                         "mapping as well?"))
    s.user("yes please. we write table-driven tests with testify's require, not assert — assert "
           "carries on after a failure and the output gets confusing")
    s.assistant(write_file("/home/devi/code/stockroom/internal/grpcerr/map_test.go",
                           "func TestFromPg(t *testing.T) {\n\tcases := []struct {\n\t\tname string\n"
                           "\t\tcode string\n\t\twant codes.Code\n\t}{\n"
                           "\t\t{\"deadlock\", \"40P01\", codes.Aborted},\n"
                           "\t\t{\"lock not available\", \"55P03\", codes.Aborted},\n"
                           "\t\t{\"unique\", \"23505\", codes.AlreadyExists},\n"
                           "\t\t{\"other\", \"42P01\", codes.Internal},\n\t}\n"
                           "\tfor _, c := range cases {\n\t\tt.Run(c.name, func(t *testing.T) {\n"
                           "\t\t\terr := FromPg(&pgconn.PgError{Code: c.code})\n"
                           "\t\t\trequire.Equal(t, c.want, status.Code(err))\n\t\t})\n\t}\n}"),
                bash("go test ./internal/grpcerr/...", "Run the grpcerr tests",
                     "ok  \tgithub.com/larkspur/stockroom/internal/grpcerr\t0.011s"),
                ("text", "Added TestFromPg with four cases, passing."))
    s.user("ship it. PR titles here are `[STOCK-<ticket>] summary` so the Jira bot links them; this "
           "one is STOCK-412")
    s.assistant(bash("gh pr create --title \"[STOCK-412] Lock stock rows in SKU order; map contention "
                     "to Aborted\" --fill", "Open the pull request",
                     "https://github.com/larkspur/stockroom/pull/588"),
                ("text", "Opened the PR as #588. Let me know if you want anything else in it."))
    s.write(must=["every transaction takes its row locks in the same order",
                  "never return raw postgres errors over grpc",
                  "should come back as codes.aborted",
                  "table-driven tests with testify's require",
                  "pr titles here are `[stock-<ticket>] summary`"],
            must_not=["let me pull up the handler",
                      "that matches the lock timeouts",
                      "the race tests pass with the change",
                      "checking how internal/grpcerr maps errors now",
                      "want me to add a test for the mapping",
                      "added testfrompg with four cases",
                      "opened the pr as #588"])


def inv_list_low_stock() -> None:
    s = Session("inv_list_low_stock", "/home/devi/code/stockroom", "feat/list-low-stock",
                "2026-11-19T13:05:47.660")
    s.user("I need a ListLowStock RPC that returns the SKUs under their reorder point for one "
           "warehouse. Before you start: new RPCs go behind a flag in config/flags.yaml until the "
           "warehouse team signs off.")
    s.assistant(("thinking", "The protos are probably not in this repo given the generated code "
                             "under gen/. Let me check main.go for how services register first."),
                ("text", "I'll look at how the server wires up its services first."),
                read("/home/devi/code/stockroom/cmd/stockroom/main.go",
                     "func main() {\n\tcfg := config.MustLoad()\n"
                     "\tgrpcLis, _ := net.Listen(\"tcp\", \":9090\")\n"
                     "\tsrv := grpc.NewServer(grpc.ChainUnaryInterceptor(otelgrpc..., authz.Unary()))\n"
                     "\tpb.RegisterReserveServiceServer(srv, reserve.New(db))\n"
                     "\tgo admin.Serve(\":8081\") // /healthz, /readyz, /metrics\n\tsrv.Serve(grpcLis)\n}"),
                ("text", "Worth knowing from main.go: the gRPC server listens on :9090, and there's "
                         "a separate admin HTTP server on :8081 that serves /healthz, /readyz and "
                         "/metrics, so the Kubernetes probes and Prometheus hit 8081, never the gRPC "
                         "port."))
    s.user("right. the reorder point is per warehouse per SKU, it lives in the reorder_points table, "
           "not on the sku row. and for pagination we follow AIP-158 — page_token/page_size, max "
           "page_size 500, anything bigger gets clamped not rejected. the protos are in the "
           "stockroom-protos repo btw, don't hand-edit anything under gen/")
    s.assistant(("text", "Got it. I'll draft the proto change in stockroom-protos first, then the "
                         "handler."),
                write_file("/home/devi/code/stockroom-protos/larkspur/stockroom/v1/low_stock.proto",
                           "message ListLowStockRequest {\n  string warehouse_id = 1;\n"
                           "  int32 page_size = 2;\n  string page_token = 3;\n}\n\n"
                           "message ListLowStockResponse {\n  repeated LowStockItem items = 1;\n"
                           "  string next_page_token = 2;\n}"),
                bash("cd ../stockroom-protos && buf lint && buf generate", "Lint and generate protos",
                     ""),
                ("text", "buf lint is clean and the Go code is regenerated. Moving on to the handler "
                         "now."))
    s.user("actually scrap the flags.yaml thing — from now on feature flags come from the flagd "
           "service, key `stockroom.<rpc-name>`; config/flags.yaml is being deleted next sprint")
    s.assistant(edit("/home/devi/code/stockroom/internal/lowstock/service.go",
                     "func (s *Service) ListLowStock(",
                     "// gated by flagd key stockroom.list-low-stock\nfunc (s *Service) ListLowStock("),
                bash("go test ./internal/lowstock/...", "Unit tests for the new handler",
                     "ok  \tgithub.com/larkspur/stockroom/internal/lowstock\t0.094s"),
                ("text", "The handler is in, gated by stockroom.list-low-stock in flagd, with tests "
                         "for clamping page_size and for an unknown warehouse (NOT_FOUND). I'm going "
                         "to run the integration suite next."),
                bash("make itest", "Run the integration tests",
                     "--- PASS: TestListLowStock_Integration (3.91s)\nPASS\nok  \t.../itest\t41.2s"),
                ("text", "Integration suite passed. Note that `make itest` starts Postgres through "
                         "testcontainers, so Docker has to be running locally or every test there "
                         "fails at setup with a confusing socket error."))
    s.user("cool. I'd rather keep PRs small, so split the proto change and the handler into two PRs. "
           "the protos one has to merge first anyway since stockroom pins the protos module by git "
           "tag, never by branch")
    s.assistant(("text", "Makes sense. Shall I tag the protos release as v0.14.0 once that PR is "
                         "merged, or do you cut the tags yourself?"))
    s.write(must=["grpc server listens on :9090",
                  "admin http server on :8081",
                  "reorder point is per warehouse per sku",
                  "max page_size 500",
                  "the protos are in the stockroom-protos repo",
                  "feature flags come from the flagd service",
                  "docker has to be running locally",
                  "i'd rather keep prs small",
                  "pins the protos module by git tag"],
            must_not=["new rpcs go behind a flag in config/flags.yaml",
                      "let me check main.go for how services register",
                      "i'll look at how the server wires up its services",
                      "i'll draft the proto change in stockroom-protos first",
                      "buf lint is clean",
                      "i'm going to run the integration suite next",
                      "integration suite passed",
                      "shall i tag the protos release"])


# -- Kelpie: a React Native + Expo tide and surf forecast app ----------------------------

def app_deeplink_crash() -> None:
    s = Session("app_deeplink_crash", "/Users/sam/dev/kelpie-app", "fix/cold-start-deeplink",
                "2026-11-18T17:22:09.014")
    sentry = fake_secret("sentry", ("sntr", "yu_"), HEX, 64)
    s.user("Android crashes if you open a spot link (kelpie://spot/412) while the app is killed. "
           "Warm start is fine. Sentry says `Error: MMKV native module not found`. any idea?")
    s.assistant(("text", "Let me find where MMKV gets used at import time."),
                grep("new MMKV", "/Users/sam/dev/kelpie-app/src",
                     ["src/lib/storage.ts", "src/lib/units.ts"]),
                read("/Users/sam/dev/kelpie-app/src/lib/units.ts",
                     "import { storage } from './storage';\n\n"
                     "export const preferredUnits = storage.getString('units') ?? 'metric';\n\n"
                     "export function useUnits() {\n  return preferredUnits;\n}"))
    s.assistant(("thinking", "Module-level read. On a cold start via deep link, expo-router "
                             "evaluates the spot route module early. Probably before the JSI "
                             "install. I could be wrong about the ordering, need to check."),
                edit("/Users/sam/dev/kelpie-app/src/lib/units.ts",
                     "export const preferredUnits = storage.getString('units') ?? 'metric';\n\n"
                     "export function useUnits() {\n  return preferredUnits;\n}",
                     "export function useUnits() {\n  return useMMKVString('units', storage)[0] "
                     "?? 'metric';\n}"),
                bash("npx jest src/lib --silent", "Run the lib tests",
                     "Tests:       14 passed, 14 total"),
                ("text", "That was it. The root cause: src/lib/units.ts read the units preference "
                         "from MMKV at module import time, and on an Android cold start from a deep "
                         "link the spot route is evaluated before the MMKV native module is "
                         "installed, so the top-level read threw. I moved the read into the useUnits "
                         "hook (useMMKVString), so it only runs after the app has mounted. Rule of "
                         "thumb for this codebase: no storage reads at module scope."))
    s.user("great. to test it on a device I need a dev build — we use EAS, the `preview` profile "
           "points at the staging API (api-staging.kelpie.surf). also Sentry sourcemap upload is "
           "failing in the build, here's the auth token so you can check: " + sentry)
    s.assistant(("text", "Thanks — I won't put that token in any file. Looking at eas.json and the "
                         "Sentry plugin config now."),
                read("/Users/sam/dev/kelpie-app/eas.json",
                     "{\n  \"build\": {\n    \"preview\": {\"distribution\": \"internal\", "
                     "\"env\": {\"EXPO_PUBLIC_API_URL\": \"https://api-staging.kelpie.surf\"}},\n"
                     "    \"production\": {\"autoIncrement\": true, \"channel\": \"production\"}\n"
                     "  }\n}"),
                bash("eas env:list --environment preview", "List EAS env vars for preview",
                     "EXPO_PUBLIC_API_URL=https://api-staging.kelpie.surf\n"),
                ("text", "The upload fails because SENTRY_AUTH_TOKEN isn't defined for the preview "
                         "environment, only for production. The token should be stored as an EAS "
                         "secret (`eas env:create --visibility secret`) rather than in eas.json or "
                         ".env, since both are committed. Do you want me to run the command, or will "
                         "you add it yourself?"))
    s.user("I'll add it. fwiw we picked MMKV over AsyncStorage because it's synchronous and way "
           "faster on the old Android phones a lot of our surfers use. and don't add new native "
           "deps without asking me first — every native dep means a new binary through store "
           "review instead of an OTA update.")
    s.assistant(("text", "Understood. This fix is JS-only, so it can go out as an OTA update."),
                bash("npx tsc --noEmit && npx expo lint", "Typecheck and lint", ""),
                ("text", "Typecheck and lint are clean. I'll leave the branch for you to push."))
    s.write(must=["no storage reads at module scope",
                  "read the units preference from mmkv at module import time",
                  "points at the staging api",
                  "should be stored as an eas secret",
                  "picked mmkv over asyncstorage because it's synchronous",
                  "don't add new native deps without asking me first"],
            must_not=["warm start is fine",
                      "let me find where mmkv gets used",
                      "i could be wrong about the ordering",
                      "looking at eas.json and the sentry plugin config now",
                      "do you want me to run the command",
                      "typecheck and lint are clean",
                      "i'll leave the branch for you to push",
                      sentry.lower()])


def app_settings_screen() -> None:
    s = Session("app_settings_screen", "/Users/sam/dev/kelpie-app", "feat/settings-units",
                "2026-11-21T10:14:55.871")
    s.command("model", "", "Set model to sonnet (claude-sonnet-4-5)")
    s.user("add a settings screen where people pick metric/imperial and whether tides show as "
           "height or as a chart. put the entry point in the profile tab. write a snapshot test for "
           "it like the other screens have.")
    s.assistant(("text", "I'll check how the existing screens and tabs are laid out."),
                bash("ls app app/(tabs)", "List the route files",
                     "app:\n(tabs)\n_layout.tsx\nspot\n\napp/(tabs):\n_layout.tsx\nindex.tsx\n"
                     "map.tsx\nprofile.tsx"),
                read("/Users/sam/dev/kelpie-app/app/(tabs)/profile.tsx",
                     "import { Text, View } from 'react-native';\nimport { useTranslation } from "
                     "'react-i18next';\n\nexport default function Profile() {\n"
                     "  const { t } = useTranslation();\n  return (\n"
                     "    <View className=\"flex-1 gap-4 p-4\">\n"
                     "      <Text className=\"text-lg font-semibold\">{t('profile.title')}</Text>\n"
                     "    </View>\n  );\n}"),
                ("text", "Screens are expo-router files under app/, and this one uses NativeWind "
                         "className strings and react-i18next. Here's the plan: a `settings.tsx` "
                         "route, two segmented controls, strings in locales/en.json, and a link "
                         "from the profile tab."))
    s.user("yep. for the record: all styling is NativeWind classes, no StyleSheet.create in new "
           "code, and every user-facing string goes through t() with the key added to "
           "locales/en.json — the translators pull from that file every Monday.")
    s.assistant(write_file("/Users/sam/dev/kelpie-app/app/settings.tsx",
                           "export default function Settings() {\n  const { t } = useTranslation();\n"
                           "  const [units, setUnits] = useUnitsSetting();\n  ...\n}"),
                edit("/Users/sam/dev/kelpie-app/locales/en.json",
                     "  \"profile.title\": \"Profile\",",
                     "  \"profile.title\": \"Profile\",\n  \"settings.units\": \"Units\",\n"
                     "  \"settings.tideView\": \"Show tides as\","),
                ("text", "Screen and strings are in. Writing the snapshot test next."))
    s.user("hm, actually instead of snapshot tests let's use react-native-testing-library queries "
           "from now on — the snapshots break on every NativeWind bump and nobody reads the diffs. "
           "and move the entry point: put it behind the gear icon in the header, not in the "
           "profile tab.")
    s.assistant(write_file("/Users/sam/dev/kelpie-app/app/__tests__/settings.test.tsx",
                           "test('switching to imperial persists', async () => {\n"
                           "  render(<Settings />);\n"
                           "  await user.press(screen.getByRole('button', { name: 'Imperial' }));\n"
                           "  expect(storage.getString('units')).toBe('imperial');\n});"),
                edit("/Users/sam/dev/kelpie-app/app/_layout.tsx",
                     "headerRight: undefined,",
                     "headerRight: () => <GearLink href=\"/settings\" />,"),
                bash("npx jest app/__tests__/settings.test.tsx --silent", "Run the new test",
                     "Tests:       3 passed, 3 total"),
                ("text", "Three tests pass. The gear icon now opens /settings from every tab."))
    s.user("nice. one thing I keep forgetting to tell people: the min iOS version is 15.1 and min "
           "Android SDK 24, so check before you use any newer platform API. also the app's bundle "
           "id is surf.kelpie.app on both stores.")
    s.assistant(("text", "Good to know. Nothing in this screen goes near a platform API, it's all "
                         "JS. Should I also add the screen to the Maestro smoke flow, or leave that "
                         "for the QA pass?"))
    s.write(must=["no stylesheet.create in new code",
                  "every user-facing string goes through t()",
                  "translators pull from that file every monday",
                  "use react-native-testing-library queries from now on",
                  "put it behind the gear icon in the header",
                  "min ios version is 15.1",
                  "min android sdk 24",
                  "bundle id is surf.kelpie.app"],
            must_not=["write a snapshot test for it like the other screens have",
                      "put the entry point in the profile tab",
                      "i'll check how the existing screens and tabs are laid out",
                      "here's the plan",
                      "writing the snapshot test next",
                      "three tests pass",
                      "should i also add the screen to the maestro smoke flow"])


# -- orrery platform-infra: Terraform + EKS + Helm ----------------------------------------

def infra_gpu_pool() -> None:
    s = Session("infra_gpu_pool", "/home/ines/work/platform-infra", "gpu-nodepool",
                "2026-11-16T11:30:02.447")
    key_id = fake_secret("aws-id", ("AK", "IA"), UPPER, 16)
    key_secret = fake_secret("aws-secret", (), ALNUM + "/+", 40)
    s.user("the ML team's training pods sit in Pending forever on the new GPU nodes in "
           "orrery-prod-euw1. can you figure out why? the node pool is in "
           "terraform/eks/nodepools.tf and they run from the ml-train namespace")
    s.assistant(("text", "Let me describe one of the pending pods to see what the scheduler says."),
                bash("kubectl -n ml-train describe pod trainer-7f9c-0 | tail -6",
                     "Describe a pending pod",
                     "Events:\n  Warning  FailedScheduling  0/14 nodes are available: 4 node(s) had "
                     "untolerated taint {nvidia.com/gpu: present}, 10 Insufficient nvidia.com/gpu."),
                read("/home/ines/work/platform-infra/charts/ml-trainer/values.yaml",
                     "resources:\n  limits:\n    nvidia.com/gpu: 1\nnodeSelector:\n"
                     "  orrery.io/pool: gpu-a10g\ntolerations: []"),
                ("text", "The scheduler output is clear: the GPU nodes carry the nvidia.com/gpu "
                         "taint and the trainer chart has no toleration for it. I'll add the "
                         "toleration to the chart values."),
                edit("/home/ines/work/platform-infra/charts/ml-trainer/values.yaml",
                     "tolerations: []",
                     "tolerations:\n  - key: nvidia.com/gpu\n    operator: Exists\n"
                     "    effect: NoSchedule"),
                bash("helmfile -e prod -l name=ml-trainer diff | tail -4", "Diff the release",
                     "+      tolerations:\n+        - effect: NoSchedule\n+          key: nvidia.com/gpu\n"
                     "+          operator: Exists"))
    s.assistant(("text", "Root cause: every GPU node pool is created with the taint "
                         "nvidia.com/gpu=present:NoSchedule so ordinary workloads stay off the "
                         "expensive nodes, but the ml-trainer chart had no matching toleration, so "
                         "the scheduler could place its pods nowhere. The fix adds a toleration for "
                         "nvidia.com/gpu to charts/ml-trainer/values.yaml; any chart that needs GPUs "
                         "has to carry the same toleration plus the orrery.io/pool nodeSelector."))
    s.user("makes sense. can you apply it? oh and I need a sandbox pool to test Karpenter "
           "consolidation, use these creds for the sandbox account: " + key_id + " / " + key_secret
           + " — the sandbox account gets nuked every Friday night so don't leave anything "
           "important in it")
    s.assistant(("text", "I'm not going to apply to prod from here: the repo's README says prod "
                         "changes go through Atlantis on the PR, and I don't want those keys in my "
                         "shell history either. I'd suggest putting them in an AWS profile "
                         "(`aws configure --profile sandbox`) instead."),
                read("/home/ines/work/platform-infra/README.md",
                     "## Applying\nNever run `terraform apply` against prod from a laptop. Open a PR; "
                     "Atlantis plans it, a second platform engineer approves, then comment "
                     "`atlantis apply`.\n\n## State\nRemote state: s3://orrery-tfstate, locks in the "
                     "DynamoDB table tf-locks."))
    s.user("right, forgot. yes atlantis. FYI we picked Karpenter over cluster-autoscaler because "
           "it provisions mixed instance types per pod and scales up in under a minute instead of "
           "going through ASGs. the sandbox pool can go in terraform/sandbox/")
    s.assistant(write_file("/home/ines/work/platform-infra/terraform/sandbox/karpenter_pool.tf",
                           "resource \"kubectl_manifest\" \"sandbox_pool\" {\n  yaml_body = "
                           "templatefile(\"${path.module}/nodepool.yaml.tftpl\", {\n"
                           "    consolidation = \"WhenEmptyOrUnderutilized\"\n  })\n}"),
                bash("cd terraform/sandbox && terraform fmt -check && terraform validate",
                     "Validate the sandbox module", "Success! The configuration is valid."),
                ("text", "terraform validate passes. I'll open the PR so Atlantis can plan it; the "
                         "chart fix goes in the same PR unless you want them separate."))
    s.write(must=["every gpu node pool is created with the taint",
                  "has to carry the same toleration plus the orrery.io/pool nodeselector",
                  "sandbox account gets nuked every friday night",
                  "prod changes go through atlantis on the pr",
                  "picked karpenter over cluster-autoscaler because"],
            must_not=["let me describe one of the pending pods",
                      "i'll add the toleration to the chart values",
                      "can you apply it?",
                      "terraform validate passes",
                      "i'll open the pr so atlantis can plan it",
                      key_id.lower(),
                      key_secret.lower()])


def infra_cert_renewal() -> None:
    s = Session("infra_cert_renewal", "/home/ines/work/platform-infra", "fix/cert-renewal",
                "2026-11-23T07:58:40.120")
    s.user("status page is showing cert expiry warnings for grafana.orrery.io, expires in 6 days. "
           "cert-manager should have renewed it 3 weeks ago. please investigate")
    s.assistant(("text", "I'll start from the Certificate and the pending Challenge objects."),
                bash("kubectl -n observability-prod get certificate,challenge",
                     "Certificates and challenges",
                     "NAME                                  READY   SECRET        AGE\n"
                     "certificate/grafana-tls               False   grafana-tls   214d\n\n"
                     "NAME                                        STATE     DOMAIN\n"
                     "challenge/grafana-tls-1-2231-0               pending   grafana.orrery.io"),
                bash("kubectl get clusterissuer letsencrypt-prod -o yaml | grep -A3 http01",
                     "Issuer solver config",
                     "    - http01:\n        ingress:\n          ingressClassName: nginx"),
                bash("kubectl get ingressclass", "List ingress classes",
                     "NAME       CONTROLLER             AGE\npublic     k8s.io/ingress-nginx   23d\n"
                     "internal   k8s.io/ingress-nginx   23d"))
    s.assistant(("thinking", "No class called nginx anymore; the solver ingress is never served. "
                             "23 days ago lines up with the ingress-nginx upgrade."),
                ("text", "Found the problem. The letsencrypt-prod ClusterIssuer still solves HTTP-01 "
                         "challenges through an ingress class named `nginx`, but the ingress-nginx "
                         "upgrade 23 days ago renamed the classes to `public` and `internal`, so the "
                         "solver ingress has had no controller and every renewal since then is stuck "
                         "pending. Grafana sits behind the internal class, which Let's Encrypt can't "
                         "reach anyway, so I'd switch the issuer to DNS-01 through Route53 rather "
                         "than just renaming the class. Should I go ahead with DNS-01?"))
    s.user("yes DNS-01, the zone is orrery.io in the shared-dns account and cert-manager already has "
           "an IRSA role for it (cert-manager-route53). and make the same change for "
           "letsencrypt-staging. when you add the new manifests, tag every AWS resource with "
           "owner=platform like the rest.")
    s.assistant(edit("/home/ines/work/platform-infra/charts/cert-manager-issuers/templates/"
                     "clusterissuers.yaml",
                     "    - http01:\n        ingress:\n          ingressClassName: nginx",
                     "    - dns01:\n        route53:\n          region: eu-west-1\n"
                     "          role: arn:aws:iam::{{ .Values.dnsAccount }}:role/cert-manager-route53"),
                ("text", "Both issuers now use DNS-01. Syncing the release to staging first."),
                bash("helmfile -e staging -l name=cert-manager-issuers sync | tail -2",
                     "Sync issuers on staging",
                     "UPDATED RELEASES:\nNAME                   NAMESPACE      CHART\n"),
                bash("kubectl --context staging -n observability-staging get certificate",
                     "Check staging certs",
                     "NAME          READY   SECRET        AGE\ngrafana-tls   True    grafana-tls   180d"))
    s.user("good. change of plan on tags btw: from now on the tag is team=<owning team> instead of "
           "owner=platform — finance's cost reports group by team now. I'll fix the old ones later.")
    s.assistant(("text", "Will do; the IAM policy attachment I added gets team=platform."),
                edit("/home/ines/work/platform-infra/terraform/iam/cert_manager.tf",
                     "  tags = { owner = \"platform\" }",
                     "  tags = { team = \"platform\" }"),
                ("text", "Staging certificate went Ready within two minutes. Heads up for the "
                         "future: staging certs come from letsencrypt-staging, whose certificates "
                         "browsers don't trust, so a browser warning on *.staging.orrery.io is "
                         "expected; only prod uses letsencrypt-prod, which has a rate limit of 50 "
                         "certs per domain a week, so don't loop on prod issuance when testing."))
    s.user("👍 also namespaces are always <team>-<env>, e.g. observability-prod, and gatekeeper "
           "rejects any Deployment without cpu/memory requests and a memory limit — saw you adding "
           "a debug pod earlier, that's why it bounced.")
    s.assistant(("text", "That explains the denial I saw. I'll open the PR now; do you want the "
                         "prod sync in the same PR or after staging has run for a day?"))
    s.write(must=["renamed the classes to `public` and `internal`",
                  "switch the issuer to dns-01 through route53",
                  "irsa role for it (cert-manager-route53)",
                  "the tag is team=<owning team> instead of owner=platform",
                  "staging certs come from letsencrypt-staging",
                  "rate limit of 50 certs per domain a week",
                  "namespaces are always <team>-<env>",
                  "gatekeeper rejects any deployment without cpu/memory requests"],
            must_not=["please investigate",
                      "i'll start from the certificate and the pending challenge objects",
                      "23 days ago lines up with the ingress-nginx upgrade",
                      "should i go ahead with dns-01",
                      "tag every aws resource with owner=platform",
                      "syncing the release to staging first",
                      "staging certificate went ready within two minutes",
                      "i'll open the pr now"])


# -- heron-train: a PyTorch training repo for a support-ticket classifier ----------------

def ml_nan_loss() -> None:
    s = Session("ml_nan_loss", "/home/kofi/src/heron-train", "bf16-nan",
                "2026-11-20T15:44:18.733")
    hf = fake_secret("hf", ("h", "f_"), ALNUM, 34)
    s.user("since I switched the run to bf16 the loss goes to nan around step 1200. fp32 is fine. "
           "config is conf/experiment/ticket_cls_v3.yaml")
    s.assistant(("text", "Let me look at the loss and the experiment config."),
                read("/home/kofi/src/heron-train/heron/losses.py",
                     "def focal_loss(logits, target, gamma=2.0):\n"
                     "    probs = logits.softmax(dim=-1)\n"
                     "    pt = probs.gather(1, target[:, None]).squeeze(1)\n"
                     "    return (-(1 - pt) ** gamma * torch.log(pt)).mean()"),
                read("/home/kofi/src/heron-train/conf/experiment/ticket_cls_v3.yaml",
                     "defaults:\n  - /model: deberta_base\n  - /data: tickets_v7\n"
                     "trainer:\n  precision: bf16-mixed\n  max_steps: 20000\n"
                     "loss:\n  name: focal\n  gamma: 2.0"))
    s.assistant(("thinking", "softmax then log in bf16: pt underflows to 0 for confident wrong "
                             "predictions, log(0) = -inf. Might also be the LR warmup, but check "
                             "the loss first."),
                edit("/home/kofi/src/heron-train/heron/losses.py",
                     "    probs = logits.softmax(dim=-1)\n"
                     "    pt = probs.gather(1, target[:, None]).squeeze(1)\n"
                     "    return (-(1 - pt) ** gamma * torch.log(pt)).mean()",
                     "    logp = F.log_softmax(logits.float(), dim=-1)\n"
                     "    logpt = logp.gather(1, target[:, None]).squeeze(1)\n"
                     "    return (-(1 - logpt.exp()) ** gamma * logpt).mean()"),
                bash("uv run python -m heron.train +experiment=ticket_cls_v3 trainer.max_steps=2500 "
                     "logger=none", "Short bf16 run past step 1200",
                     "step 1200 | loss 0.412\nstep 1800 | loss 0.377\nstep 2500 | loss 0.351"),
                ("text", "Fixed: the loss is finite through step 2500 now. The cause was that "
                         "focal_loss took softmax() and then torch.log() of the probability "
                         "separately; in bf16 the probability of the true class underflows to 0 "
                         "for confident wrong predictions, so log gave -inf and the gradients went "
                         "NaN. It now computes log_softmax in float32 and exponentiates from that, "
                         "which is stable. Any new loss should work from log-probabilities, never "
                         "take log() of a softmax."))
    s.user("brilliant. while you're here, I want to push the tokenizer to the hub so the serving "
           "team can pull it, my token is " + hf + " — the org is heron-ml and the model repos "
           "there are private, keep it that way.")
    s.assistant(("text", "I'll use the token only through the environment for this one command "
                         "and not write it anywhere."),
                bash("HF_TOKEN=*** uv run python scripts/push_tokenizer.py --repo heron-ml/"
                     "ticket-cls-tokenizer --private", "Push the tokenizer to the Hub",
                     "Uploaded tokenizer.json, tokenizer_config.json, special_tokens_map.json to "
                     "heron-ml/ticket-cls-tokenizer (private)"),
                ("text", "Uploaded to heron-ml/ticket-cls-tokenizer as a private repo."))
    s.user("cool. for next time, hyperparameters only ever live in the hydra configs under conf/, "
           "never hardcoded in python, and every run has to call heron.utils.seed_everything "
           "before building the dataloaders or the numbers aren't comparable.")
    s.assistant(("text", "Noted. Checking whether the train entrypoint already does that."),
                grep("seed_everything", "/home/kofi/src/heron-train/heron",
                     ["heron/train.py", "heron/utils.py"]),
                ("text", "heron/train.py already calls it first thing. Do you want me to kick off "
                         "the full 20k-step bf16 run on the cluster?"))
    s.user("no, thrush is busy until tonight. it's our only box with 4 A100s, ask in #ml-infra "
           "before you take more than two of them. we use uv for everything, don't pip install "
           "into the env.")
    s.assistant(("text", "Okay, I'll leave the full run for later."))
    s.write(must=["focal_loss took softmax() and then torch.log()",
                  "never take log() of a softmax",
                  "the model repos there are private",
                  "hyperparameters only ever live in the hydra configs under conf/",
                  "heron.utils.seed_everything before building the dataloaders",
                  "ask in #ml-infra before you take more than two of them",
                  "don't pip install into the env"],
            must_not=["let me look at the loss and the experiment config",
                      "might also be the lr warmup",
                      "the loss is finite through step 2500 now",
                      "checking whether the train entrypoint already does that",
                      "do you want me to kick off the full 20k-step bf16 run",
                      "i'll leave the full run for later",
                      hf.lower()])


def ml_eval_split() -> None:
    s = Session("ml_eval_split", "/home/kofi/src/heron-train", "eval-report",
                "2026-11-24T09:02:31.558")
    s.user("I need an eval script that reports per-class metrics for the v3 checkpoint. save a "
           "checkpoint every 500 steps in the next runs too so we can plot the curve.")
    s.assistant(("text", "Let me see what the data module exposes for the splits."),
                read("/home/kofi/src/heron-train/heron/data/tickets.py",
                     "SPLITS = {\n    \"train\": \"gs://heron-datasets/tickets/v7/train.parquet\",\n"
                     "    \"val\": \"gs://heron-datasets/tickets/v7/val_2026q3.parquet\",\n"
                     "    \"test\": \"gs://heron-datasets/tickets/v7/test_2026q3.parquet\",\n}"),
                ("text", "There are three splits under gs://heron-datasets/tickets/v7/. Which one "
                         "should the report use, val or test?"))
    s.user("val_2026q3 is what early stopping and every sweep looks at. test_2026q3 only gets "
           "touched for the final number that goes in the model card, once per model version — "
           "otherwise we're tuning on it. and the v7 snapshot is read-only, never re-split it or "
           "write next to it, new data means a v8.")
    s.assistant(("text", "Clear. I'll write it against val by default, with --split test "
                         "behind an explicit flag."),
                write_file("/home/kofi/src/heron-train/scripts/eval_report.py",
                           "\"\"\"Per-class precision/recall/F1 for a checkpoint on one split.\"\"\"\n"
                           "def main(ckpt: str, split: str = \"val\") -> None:\n"
                           "    preds, labels = predict(load(ckpt), SPLITS[split])\n"
                           "    print(classification_report(labels, preds, digits=3))"),
                bash("uv run python scripts/eval_report.py checkpoints/v3/last.ckpt",
                     "Run the report on val",
                     "              precision  recall  f1-score  support\n"
                     "     billing      0.912   0.934     0.923     4120\n"
                     "       fraud      0.611   0.482     0.539      212\n"
                     "   macro avg      0.803   0.771     0.784    11876\n"
                     "weighted avg      0.889   0.893     0.890    11876"),
                ("text", "Here are the numbers on val: macro F1 0.784, weighted 0.890. Fraud is the "
                         "weak class at 0.539."))
    s.user("yeah fraud is the one product cares about. macro-F1 is our headline metric, not "
           "accuracy or weighted F1, because the classes are wildly imbalanced and weighted hides "
           "exactly the fraud problem. also I prefer plots saved as PNGs under reports/<run-id>/ "
           "rather than shown inline, I review them in the PR.")
    s.assistant(("text", "Makes sense. I'll add a confusion-matrix plot saved to "
                         "reports/<run-id>/confusion.png."),
                edit("/home/kofi/src/heron-train/scripts/eval_report.py",
                     "    print(classification_report(labels, preds, digits=3))",
                     "    print(classification_report(labels, preds, digits=3))\n"
                     "    save_confusion(labels, preds, REPORTS / run_id / \"confusion.png\")"),
                ("text", "Added the plot. Next I'll update the checkpoint callback to every 500 "
                         "steps."))
    s.user("wait — instead of every 500 steps, save every 2000. the 500 setting filled the shared "
           "disk on thrush last month. and keep only the best 3 by val macro-F1 plus last.")
    s.assistant(edit("/home/kofi/src/heron-train/conf/trainer/default.yaml",
                     "checkpoint:\n  every_n_steps: 5000",
                     "checkpoint:\n  every_n_steps: 2000\n  save_top_k: 3\n"
                     "  monitor: val/macro_f1\n  mode: max\n  save_last: true"),
                bash("uv run pytest tests/test_config.py -q", "Config tests", "6 passed in 1.12s"),
                ("text", "The config tests pass. We're tracking runs in W&B, right? I didn't see a "
                         "logger config in this experiment."))
    s.user("yes, W&B project heron-train under the heron-ml entity. logger=wandb is the default, "
           "the experiment just inherits it.")
    s.assistant(("text", "Got it, nothing to add then. I'll push the branch when you're ready."))
    s.write(must=["val_2026q3 is what early stopping and every sweep looks at",
                  "test_2026q3 only gets touched for the final number",
                  "the v7 snapshot is read-only",
                  "macro-f1 is our headline metric",
                  "plots saved as pngs under reports/<run-id>/",
                  "instead of every 500 steps, save every 2000",
                  "keep only the best 3 by val macro-f1",
                  "w&b project heron-train under the heron-ml entity"],
            must_not=["save a checkpoint every 500 steps in the next runs",
                      "let me see what the data module exposes",
                      "which one should the report use",
                      "here are the numbers on val",
                      "added the plot",
                      "next i'll update the checkpoint callback",
                      "the config tests pass",
                      "i'll push the branch when you're ready"])


SESSIONS = (inv_reserve_deadlock, inv_list_low_stock, app_deeplink_crash, app_settings_screen,
            infra_gpu_pool, infra_cert_renewal, ml_nan_loss, ml_eval_split)

if __name__ == "__main__":
    for build in SESSIONS:
        build()
