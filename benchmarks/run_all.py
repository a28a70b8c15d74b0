"""Run every benchmark script in turn and print their figures (`make bench`)."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = [
    "bench_free_slots.py",
    "bench_calendar_sync.py",
    "bench_outbox.py",
    "bench_newsletter.py",
    "bench_http.py",
]


def main() -> int:
    failed = 0
    for name in SCRIPTS:
        print(f"== {name} ==", flush=True)
        failed += subprocess.run([sys.executable, str(HERE / name)]).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
