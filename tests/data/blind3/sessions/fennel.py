"""fennel: GHC type-checker plugin for units of measure (see ../README.md)."""

SOLVER_HS = '''{-# LANGUAGE RecordWildCards #-}
module Fennel.Solver
  ( solveWanted
  , normalise
  , Fuel (..)
  ) where

import Data.Map.Strict qualified as Map
import Fennel.Compat (mkNonCanonical, evByFiat)
import Fennel.Unit (Unit (..), Base, Exponent)

newtype Fuel = Fuel Int

-- | Merge equal bases, summing exponents.
normalise :: Unit -> Unit
normalise (Unit fs) = Unit (Map.fromListWith (+) fs)

solveWanted :: Fuel -> [Ct] -> TcPluginM TcPluginSolveResult
solveWanted (Fuel n) cts
  | n <= 0 = pure (TcPluginOk [] [])
  | otherwise = do
      let (solved, residual) = partitionEithers (map step cts)
      pure (TcPluginOk solved residual)'''

SESSION_1 = {
    "name": "fennel_solver_loop",
    "cwd": "/home/ines/src/fennel",
    "branch": "fix/zero-exponent-loop",
    "start": "2026-10-14T09:12:03.120Z",
    "turns": [
        ("user", "ghc hangs compiling test/golden/Derived/Speed.hs with the plugin on. pretty sure its the `Metre ^ 0` case. can you look? run `cabal test fennel-golden -p Derived` first"),
        ("think", "The user reports GHC hanging with the plugin. Start by reproducing with the golden suite filtered to Derived, then read the solver."),
        ("say", "I'll reproduce it with the golden suite first."),
        ("tool", "Bash", {"command": "cabal test fennel-golden --test-options='-p Derived --timeout=60s' 2>&1 | tail -n 12", "description": "Run the Derived golden tests"},
         "Build profile: -w ghc-9.8.2 -O1\nIn order, the following will be built (use -v for more details):\n - fennel-0.4.0 (test:fennel-golden) (first run)\nRunning 1 test suites...\nTest suite fennel-golden: RUNNING...\nfennel-golden\n  Derived\n    speed-per-second:   TIMEOUT (60.00s)\n    area-times-length:  OK (0.41s)\n\n1 out of 24 tests failed (60.12s)\nTest suite fennel-golden: FAIL"),
        ("say", "Reproduced: `speed-per-second` times out after 60 s, the other 23 pass. Let me read the solver."),
        ("tool", "Read", {"file_path": "/home/ines/src/fennel/src/Fennel/Solver.hs"}, SOLVER_HS),
        ("think", "normalise merges with fromListWith (+) but never filters exponent 0. Could also be GHC 9.8 re-flattening givens each round. Check the tc trace before guessing further."),
        ("say", "Two candidates: `normalise` never filters out zero exponents, or GHC 9.8 re-flattens the givens each round and hands us the same given again. I'll check the tc trace to tell them apart."),
        ("tool", "Bash", {"command": "cabal exec -- ghc -fplugin=Fennel -ddump-tc-trace -fforce-recomp test/golden/Derived/Speed.hs 2>&1 | grep -c 'fennel: emit'", "description": "Count constraints the plugin emits"},
         "4117"),
        ("tool", "Bash", {"command": "cabal exec -- ghc -fplugin=Fennel -ddump-tc-trace -fforce-recomp test/golden/Derived/Speed.hs 2>&1 | grep 'fennel: emit' | sort | uniq -c | sort -rn | head -3", "description": "Which constraint repeats"},
         "   4115 fennel: emit [W] Metre ^ 0 * Second ~ Second\n      1 fennel: emit [W] Metre * Second ^ -1 ~ Metre / Second\n      1 fennel: emit [G] Speed ~ Metre / Second"),
        ("say", "It is not the givens: the only given appears once. The same wanted, `Metre ^ 0 * Second ~ Second`, is emitted 4115 times.\n\nRoot cause: `normalise` merges exponents but keeps factors whose exponent is 0, so `Metre ^ 0 * Second` never compares equal to `Second`; the solver re-emits the wanted as if it were new and GHC calls the plugin again, forever.\n\nFix: `normalise` now drops zero-exponent factors after merging, and `solveWanted` gives up once its fuel runs out instead of trusting GHC to stop calling it. I set the fuel to 500 for now."),
        ("tool", "Edit", {"file_path": "/home/ines/src/fennel/src/Fennel/Solver.hs", "old_string": "normalise (Unit fs) = Unit (Map.fromListWith (+) fs)", "new_string": "normalise (Unit fs) = Unit (Map.filter (/= 0) (Map.fromListWith (+) fs))"},
         "The file /home/ines/src/fennel/src/Fennel/Solver.hs has been updated."),
        ("user", "good catch. hm, 500 is way too slow to fail on a genuine loop though. actually scratch that, fuel limit 64. the deepest real program in the suite needs 11 rounds.\nbtw we format with fourmolu, not ormolu, CI runs `fourmolu --mode check` so please run it before you show me the diff"),
        ("say", "Makes sense. I'll change it to 64 and run fourmolu."),
        ("tool", "Edit", {"file_path": "/home/ines/src/fennel/src/Fennel/Plugin.hs", "old_string": "defaultFuel = Fuel 500", "new_string": "defaultFuel = Fuel 64"},
         "The file /home/ines/src/fennel/src/Fennel/Plugin.hs has been updated."),
        ("tool", "Bash", {"command": "fourmolu --mode inplace src/Fennel/Solver.hs src/Fennel/Plugin.hs && git diff --stat", "description": "Format and show diff stat"},
         " src/Fennel/Plugin.hs |  2 +-\n src/Fennel/Solver.hs |  6 ++++--\n 2 files changed, 5 insertions(+), 3 deletions(-)"),
        ("say", "The solver fuel is now 64 rounds (`defaultFuel` in `Fennel.Plugin`). fourmolu reformatted one guard. 2 files changed, 5 insertions."),
        ("user", "ok. add a golden test for exactly this. golden files go in test/golden/<Module>/<case>.stderr and you regenerate them with `cabal test fennel-golden --test-options=--accept`, never edit them by hand (the GHC error text differs per version and we keep one per major)"),
        ("think", "Add test/golden/Derived/ZeroExponent.hs and accept its output for each GHC major. Check which GHCs are installed with ghcup."),
        ("tool", "Write", {"file_path": "/home/ines/src/fennel/test/golden/Derived/ZeroExponent.hs", "content": "{-# OPTIONS_GHC -fplugin=Fennel #-}\nmodule Derived.ZeroExponent where\n\nimport Fennel\n\ncancel :: Quantity (Metre ^ 0 * Second) -> Quantity Second\ncancel = id\n"},
         "File created successfully at: /home/ines/src/fennel/test/golden/Derived/ZeroExponent.hs"),
        ("tool", "Bash", {"command": "for v in 9.6.6 9.8.2 9.10.1; do cabal test fennel-golden -w ghc-$v --test-options='-p ZeroExponent --accept' 2>&1 | tail -n 2; done", "description": "Accept golden output per GHC major"},
         "Accepted 1 new golden file\nTest suite fennel-golden: PASS\nAccepted 1 new golden file\nTest suite fennel-golden: PASS\nAccepted 1 new golden file\nTest suite fennel-golden: PASS"),
        ("say", "Added `test/golden/Derived/ZeroExponent.hs` and accepted its output on 9.6, 9.8 and 9.10; it type-checks in well under a second on each. The full suite now passes: 25 of 25."),
        ("user", "nice. does the loop also happen on 9.6 without the fix? just curious, don't spend long on it"),
        ("tool", "Bash", {"command": "git stash && timeout 30 cabal test fennel-golden -w ghc-9.6.6 --test-options='-p speed-per-second' 2>&1 | tail -n 2; git stash pop", "description": "Check the old code on 9.6"},
         "    speed-per-second: TIMEOUT (30.00s)\nTest suite fennel-golden: FAIL\nDropped refs/stash@{0}"),
        ("say", "Yes, 9.6 loops the same way without the fix, so it was never a 9.8 change."),
        ("user", "ok good. now reply to Okwu on PR #41 for me, draft only. he asks why we don't just use ghc-tcplugins-extra instead of our own helpers. the answer: we decided against ghc-tcplugins-extra because it usually lags a new GHC release by a few months and we want to support each GHC the week it ships. the three helpers we need are vendored in Fennel.Compat. also tell him the CI matrix is the last three GHC majors, so his 9.4 workaround can go"),
        ("say", "Draft reply for PR #41:\n\n> Thanks Okwu! We decided against ghc-tcplugins-extra on purpose: it usually lags a new GHC release by a few months, and we want Fennel to work with each GHC the week it ships. The three helpers we need (`mkNonCanonical`, `evByFiat`, `lookupModule`) are vendored in `Fennel.Compat`, so please import them from there. Also, CI tests the last three GHC majors (9.6, 9.8, 9.10), so the 9.4 `#if` workaround in `Fennel/Unit.hs` can be dropped.\n\nShall I post it, or will you?"),
        ("user", "I'll post it myself after the meeting with the grant office at 4, leave it. push the branch pls"),
        ("tool", "Bash", {"command": "git add -A && git commit -qm 'Drop zero exponents in normalise; bound solver fuel at 64' && git push -u origin fix/zero-exponent-loop 2>&1 | tail -n 1", "description": "Commit and push"},
         "branch 'fix/zero-exponent-loop' set up to track 'origin/fix/zero-exponent-loop'."),
        ("say", "Committed and pushed `fix/zero-exponent-loop`."),
    ],
    "must_capture": [
        "factors whose exponent is 0",
        "drops zero-exponent factors",
        "fuel limit 64",
        "needs 11 rounds",
        "fourmolu",
        "test-options=--accept",
        "against ghc-tcplugins-extra",
        "fennel.compat",
        "last three ghc majors",
    ],
    "must_not_capture": [
        "1 out of 24 tests failed",
        "re-flattens the givens",
        "emitted 4115 times",
        "500 is way too slow",
        "set the fuel to 500",
        "accepted 1 new golden file",
        "25 of 25",
        "does the loop also happen on 9.6",
        "meeting with the grant office",
        "push the branch",
    ],
}

CABAL = '''cabal-version: 3.4
name:          fennel
version:       0.4.0
synopsis:      Units of measure as a GHC type-checker plugin
tested-with:   GHC == 9.6.6 || == 9.8.2 || == 9.10.1

common warnings
  ghc-options: -Wall -Wcompat -Wunused-packages

library
  import:           warnings
  exposed-modules:  Fennel Fennel.Plugin Fennel.Solver Fennel.Unit Fennel.Compat
  build-depends:    base >=4.18 && <4.21, ghc >=9.6 && <9.11, containers ^>=0.6
  default-language: GHC2021'''

SESSION_2 = {
    "name": "fennel_release_prep",
    "cwd": "/home/ines/src/fennel",
    "branch": "main",
    "start": "2026-10-21T14:40:51.004Z",
    "turns": [
        ("user_blocks", ["prep the 0.5.0 release candidate. today I only want the candidate on hackage, not the final release.",
                         "context for you: we follow the PVP strictly, any change to an exported type or class is a major bump. 0.4 -> 0.5 is right because Unit got a new constructor."]),
        ("think", "Release candidate upload. Need to check the cabal file, changelog, haddocks. PVP: major is A.B, so 0.5.0 is the major bump."),
        ("tool", "Read", {"file_path": "/home/ines/src/fennel/fennel.cabal"}, CABAL),
        ("tool", "Bash", {"command": "head -n 20 CHANGELOG.md", "description": "Look at the changelog"},
         "# Changelog\n\n## Unreleased\n\n- Drop zero exponents during normalisation (fixes a solver loop).\n- New `Unit` constructor `Dimensionless`.\n\n## 0.4.0 — 2026-08-02\n\n- Support GHC 9.10."),
        ("say", "The cabal file still says 0.4.0 and the changelog has an `## Unreleased` section with two entries. I'll bump the version to 0.5.0, rename the section, and build the sdist."),
        ("user", "yes. convention: entries go under `## Unreleased` while developing, and the section is renamed to the version + date only in the release commit. every entry ends with the PR number in parens. fix the two entries"),
        ("tool", "Edit", {"file_path": "/home/ines/src/fennel/CHANGELOG.md", "old_string": "## Unreleased\n\n- Drop zero exponents during normalisation (fixes a solver loop).\n- New `Unit` constructor `Dimensionless`.", "new_string": "## 0.5.0 — 2026-10-21\n\n- Drop zero exponents during normalisation (fixes a solver loop) (#43).\n- New `Unit` constructor `Dimensionless` (#39)."},
         "The file /home/ines/src/fennel/CHANGELOG.md has been updated."),
        ("tool", "Bash", {"command": "sed -i 's/^version:       0.4.0/version:       0.5.0/' fennel.cabal && cabal sdist 2>&1 | tail -n 1", "description": "Bump version and build sdist"},
         "Wrote tarball sdist to /home/ines/src/fennel/dist-newstyle/sdist/fennel-0.5.0.tar.gz"),
        ("say", "Version bumped, changelog entries now carry (#43) and (#39), and `fennel-0.5.0.tar.gz` is built. Next the haddocks for the candidate."),
        ("tool_err", "Bash", {"command": "cabal haddock --haddock-for-hackage --enable-documentation 2>&1 | tail -n 4", "description": "Build docs for hackage"},
         "src/Fennel/Unit.hs:41:1: error:\n    Could not find module 'GHC.TypeLits.Compat'\n    It is not a module in the current program, or in any known package.\ncabal: Failed to build documentation for fennel-0.5.0."),
        ("think", "Haddock fails because of GHC.TypeLits.Compat import under CPP for 9.4. Okwu's workaround. Since CI only covers the last three majors, that CPP branch can go. Maybe haddock runs with a different GHC? Check which ghc is on PATH."),
        ("tool", "Bash", {"command": "ghc --numeric-version; grep -n 'TypeLits.Compat' -r src", "description": "Which GHC, and who imports the module"},
         "9.4.8\nsrc/Fennel/Unit.hs:41:import GHC.TypeLits.Compat (natVal')"),
        ("say", "The `ghc` on PATH is 9.4.8 (ghcup's default was never switched), so haddock took the old `#if` branch that imports `GHC.TypeLits.Compat`. Since 9.4 isn't supported, I'll delete that branch rather than switch compilers."),
        ("user", "yes delete it. and set ghcup default to 9.8.2, thats what I develop on. oh and one more: I prefer explicit import lists for everything outside base, so while you're in Unit.hs fix the `import Data.Map.Strict` that has none"),
        ("tool", "Edit", {"file_path": "/home/ines/src/fennel/src/Fennel/Unit.hs", "old_string": "#if __GLASGOW_HASKELL__ < 906\nimport GHC.TypeLits.Compat (natVal')\n#endif\nimport Data.Map.Strict qualified as Map", "new_string": "import Data.Map.Strict qualified as Map (Map, filter, fromListWith, toList)"},
         "The file /home/ines/src/fennel/src/Fennel/Unit.hs has been updated."),
        ("tool", "Bash", {"command": "ghcup set ghc 9.8.2 >/dev/null && cabal haddock --haddock-for-hackage --enable-documentation 2>&1 | tail -n 1", "description": "Switch GHC and rebuild docs"},
         "Documentation tarball created: dist-newstyle/fennel-0.5.0-docs.tar.gz"),
        ("say", "ghcup now defaults to 9.8.2, the 9.4 branch is gone, `Data.Map.Strict` has an explicit import list, and the docs tarball is built. Uploading the package and docs as a candidate:"),
        ("tool_err", "Bash", {"command": "cabal upload dist-newstyle/sdist/fennel-0.5.0.tar.gz 2>&1 | tail -n 2", "description": "Upload candidate"},
         "Uploading dist-newstyle/sdist/fennel-0.5.0.tar.gz...\nError uploading dist-newstyle/sdist/fennel-0.5.0.tar.gz: http code 503"),
        ("say", "Hackage returned 503 (it looks overloaded). I'll retry once in a minute."),
        ("tool", "Bash", {"command": "sleep 60; cabal upload dist-newstyle/sdist/fennel-0.5.0.tar.gz 2>&1 | tail -n 1 && cabal upload -d dist-newstyle/fennel-0.5.0-docs.tar.gz 2>&1 | tail -n 1", "description": "Retry upload"},
         "Package successfully uploaded as candidate. You can now preview the result at 'https://hackage.haskell.org/package/fennel-0.5.0/candidate'.\nDocumentation successfully uploaded for package candidate."),
        ("say", "Done: fennel-0.5.0 and its docs are on Hackage as a candidate (not published). When you publish for real, it's `cabal upload --publish` for both tarballs."),
        ("user", "thx. last thing, write down for the future: releases are tagged `fennel-0.5.0` style (package name prefix, no v), and the tag is only pushed after `cabal upload --publish` succeeded. I'll do the real one on friday if Okwu doesn't find anything"),
        ("say", "Got it: tags look like `fennel-0.5.0`, with the package name and no `v`, and a tag is pushed only after `cabal upload --publish` has succeeded. I haven't tagged anything yet. For Friday: publish, then `git tag fennel-0.5.0 && git push origin fennel-0.5.0`."),
    ],
    "must_capture": [
        "pvp",
        "only in the release commit",
        "ends with the pr number",
        "explicit import lists",
        "package name prefix, no v",
        "upload --publish",
        "ghcup default to 9.8.2",
    ],
    "must_not_capture": [
        "only want the candidate on hackage",
        "http code 503",
        "hackage returned 503",
        "on hackage as a candidate",
        "retry once in a minute",
        "9.4.8",
        "successfully uploaded as candidate",
        "on friday if okwu",
        "documentation tarball created",
    ],
}

SESSIONS = [SESSION_1, SESSION_2]
