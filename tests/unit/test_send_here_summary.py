"""What ``aegis spool --send-here`` says: still-waiting captures only when there are any."""

from __future__ import annotations

from aegis.capture.send_here import Sent
from aegis.capture.worker import Report


def test_the_summary_names_what_still_waits_only_when_something_does():
    moved = {"from aegisdb 10.0.0.5:9470 to aegisdb 10.0.0.5:9471": 2}
    assert Sent(moved, Report(added=2)).summary() == [
        "sent 2 memories from aegisdb 10.0.0.5:9470 to aegisdb 10.0.0.5:9471",
        "2 added, 0 strengthened, 0 already there"]
    assert Sent(moved, Report(added=1, spooled=1)).summary()[1] == (
        "1 added, 0 strengthened, 0 already there, 1 still waiting (their store is unavailable)")
    assert Sent({}, Report()).summary() == [
        "no memories wait for a store other than the one configured for them"]
    # trial9: nothing moved, but the replay stored what was waiting for its own store
    assert Sent({}, Report(added=1)).summary() == [
        "no memories wait for a store other than the one configured for them",
        "1 added, 0 strengthened, 0 already there"]
