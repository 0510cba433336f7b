"""The results file every benchmark appends to, and the machine it ran on."""

from __future__ import annotations

import os
import platform
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.md"
HEADER = (
    "# Benchmark results\n\n"
    "Appended by `make bench` (bench/run.py, bench/dedup.py) and `python bench/neardup.py`.\n\n"
    "| date | benchmark | input | throughput | per item | machine |\n"
    "| --- | --- | --- | --- | --- | --- |\n"
)


def machine() -> str:
    """CPU model, core count and Python version: the context a number needs."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def record(line: str, out: Path = RESULTS) -> None:
    """Print a results row and append it to ``out`` (created with its header)."""
    print(line)
    if not out.exists():
        out.write_text(HEADER)
    with out.open("a") as fh:
        fh.write(line + "\n")
