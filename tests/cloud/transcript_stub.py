#!/usr/bin/env python3
# Replays a recorded transcript (tests/fixtures/cloud/transcripts/*.json) in
# place of a real CLI: each run takes the next recorded call, checks that its
# argv (without argv[0]) is exactly the recorded one ("{KUBECONFIG}" stands for
# the child's $KUBECONFIG), writes the recorded stdout/stderr, optionally the
# recorded kubeconfig into $KUBECONFIG, and exits with the recorded code.
# A mismatch or an extra call exits 97 with the difference on stderr.
# One transcript may drive several tools: a call's "tool" (default: the
# transcript's) must be $STACKCTL_TRANSCRIPT_TOOL, which each installed
# wrapper sets. "{WORK}" stands for $STACKCTL_TRANSCRIPT_WORK. A call with
# "reads_stdin": true saves its stdin to $STACKCTL_TRANSCRIPT_STATE.stdin.N
# (N from 0) for the test to inspect.
import json
import os
import sys

transcript = json.load(open(os.environ["STACKCTL_TRANSCRIPT"]))
state = os.environ["STACKCTL_TRANSCRIPT_STATE"]
index = int(open(state).read() or "0") if os.path.exists(state) else 0
calls = transcript["calls"]
if index >= len(calls):
    sys.stderr.write("transcript stub: unexpected extra call %d: %s\n" % (index, sys.argv[1:]))
    sys.exit(97)
call = calls[index]
with open(state, "w") as f:
    f.write(str(index + 1))
kubeconfig = os.environ.get("KUBECONFIG", "")
work = os.environ.get("STACKCTL_TRANSCRIPT_WORK", "{WORK}")
tool = os.environ.get("STACKCTL_TRANSCRIPT_TOOL", transcript["tool"])
if call.get("tool", transcript["tool"]) != tool:
    sys.stderr.write("transcript stub: call %d is for %s, got %s %s\n"
                     % (index, call.get("tool", transcript["tool"]), tool, sys.argv[1:]))
    sys.exit(97)
expected = [word.replace("{KUBECONFIG}", kubeconfig).replace("{WORK}", work) for word in call["argv"]]
if sys.argv[1:] != expected:
    sys.stderr.write("transcript stub: call %d argv mismatch\n  expected: %s\n  got:      %s\n"
                     % (index, expected, sys.argv[1:]))
    sys.exit(97)
for name, value in call.get("env", {}).items():
    if os.environ.get(name) != value.replace("{KUBECONFIG}", kubeconfig):
        sys.stderr.write("transcript stub: call %d: %s is %r, expected %r\n" % (index, name, os.environ.get(name), value))
        sys.exit(97)
if call.get("reads_stdin"):
    with open("%s.stdin.%d" % (state, index), "wb") as f:
        f.write(sys.stdin.buffer.read())
if "writes_kubeconfig" in call:
    with open(kubeconfig, "w") as f:
        f.write(call["writes_kubeconfig"])
sys.stdout.write(call.get("stdout", ""))
sys.stderr.write(call.get("stderr", ""))
sys.exit(call.get("exit", 0))
