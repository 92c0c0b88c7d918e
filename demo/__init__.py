"""The real bot driven against the sandbox: `neuvo demo`'s script and the e2e/bench harness.

`sandbox/` is a standalone Bot API simulator that imports nothing of ours; what starts the
real bot against it lives here, above both.
"""
