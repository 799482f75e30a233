"""Waiting for a stage's tasks, with a progress line on a terminal."""

import sys
import time

from distributed import as_completed


def wait_for(client, futures, stage, timings=None, gather=True):
    """The results of `futures`, in their order (None with gather=False: they
    stay on the workers). On a terminal, stderr shows the stage, the share of
    its tasks done and the time left at that pace.
    `timings` (a dict) gets the stage's seconds: from the previous stage's end
    (tasks are submitted ahead, so a stage starts when its inputs are done)."""
    show = sys.stderr.isatty()
    start = time.monotonic()
    done = 0
    for _ in as_completed(futures):
        done += 1
        if show:
            elapsed = time.monotonic() - start
            left = elapsed / done * (len(futures) - done)
            sys.stderr.write(f"\r{stage}: {100 * done // len(futures)}% ({done}/{len(futures)} tasks), "
                             f"about {left:.0f} s left   ")
            sys.stderr.flush()
    if show:
        sys.stderr.write(f"\r{stage}: done in {time.monotonic() - start:.1f} s" + " " * 30 + "\n")
    results = client.gather(futures) if gather else None
    if timings is not None:
        now = time.monotonic()
        timings[stage] = round(now - timings.get("_last", start), 2)
        timings["_last"] = now
    return results
