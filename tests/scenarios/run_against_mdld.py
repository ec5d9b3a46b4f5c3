"""Starts mdld (tests/clients/mdld_harness.py) and runs the given scenarios against it."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "clients"))
from mdld_harness import Server, mdld_binary  # noqa: E402


def main():
    with Server(mdld_binary()) as s:
        runner = os.path.join(os.path.dirname(os.path.abspath(__file__)), "scenario_runner.py")
        return subprocess.call([sys.executable, runner, "--port", str(s.port), "--server", "mdld"] + sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
