"""Filling an uploaded template in a child process with limits on CPU time, memory and
output size, so a template that multiplies a string, nests loops or pads a value to a
billion characters ends in a refusal naming the template instead of a stalled page or a
`MemoryError` in the app's process.

The parent sends the template's path and the report's values (pickled: they go from
this process to its own child, never from a file) on standard input; the child sets
its limits (`resource.setrlimit`) after importing what it needs, renders in the same
Jinja2 sandbox as ever (exports.templates.fill) and writes the DOCX to a file the
parent names. What stopped the child is told by its exit code or signal."""

from __future__ import annotations

import io
import os
import pickle
import re
import signal
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from core.errors import ValidationError

CPU_SECONDS = 10
MEMORY_BYTES = 512 * 1024 * 1024  # room for the render, above what the renderer's code itself takes
OUTPUT_BYTES = 20 * 1024 * 1024  # the document's parts, uncompressed
WALL_SECONDS = 90  # a stalled child (the machine busy, not the template) is stopped too

EXIT_MEMORY, EXIT_OUTPUT, EXIT_TEMPLATE = 3, 4, 5
ROOT = Path(__file__).resolve().parent.parent


class LimitHit(ValidationError):
    """The render stopped at a limit; `limit` is "time", "memory" or "output"."""

    def __init__(self, name: str, limit: str):
        params = {"time": {"seconds": CPU_SECONDS}, "memory": {"mb": MEMORY_BYTES >> 20}, "output": {}}
        params["output"] = {"mb": OUTPUT_BYTES >> 20}
        super().__init__(f"exports.error.template_limit_{limit}", name=name, **params[limit])
        self.limit = limit


def render(path: Path, report, content, name: str) -> bytes:
    """The DOCX of `path` filled with the report's values, rendered in a limited child.
    Raises LimitHit (naming the template `name`) or the sandbox's ValidationError."""
    limits = (CPU_SECONDS, MEMORY_BYTES, OUTPUT_BYTES)
    payload = pickle.dumps((str(path), report, content, limits), protocol=pickle.HIGHEST_PROTOCOL)
    with tempfile.TemporaryDirectory(prefix="cchc-render-") as folder:
        out = Path(folder) / "out.docx"
        try:
            done = subprocess.run(  # noqa: S603 - this interpreter, this module, a path we made
                [sys.executable, "-m", "exports.confined", str(out)],
                input=payload,
                capture_output=True,
                timeout=WALL_SECONDS,
                cwd=ROOT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise LimitHit(name, "time") from None
        code, said = done.returncode, done.stderr.decode("utf-8", "replace").strip()
        if code == 0:
            return out.read_bytes()
        if code in (-signal.SIGXCPU, -signal.SIGKILL):
            raise LimitHit(name, "time")
        if code in (EXIT_OUTPUT, -signal.SIGXFSZ):
            raise LimitHit(name, "output")
        if code == EXIT_TEMPLATE:
            raise ValidationError("exports.error.template_render", message=said[-500:])
        if code == EXIT_MEMORY or re.search(r"MemoryError|[Mm]emory allocation failed|Cannot allocate", said):
            raise LimitHit(name, "memory")
        raise ValidationError("exports.error.template_render", message=said.splitlines()[-1][:500] if said else code)


def _vm_bytes() -> int:
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmSize:\s+(\d+)", status).group(1)) * 1024


def _limit(cpu: int, memory: int, output: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 2))
    resource.setrlimit(resource.RLIMIT_FSIZE, (output, output))
    room = _vm_bytes() + memory
    resource.setrlimit(resource.RLIMIT_AS, (room, room))


def _unpacked_size(data: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return sum(info.file_size for info in archive.infolist())


def _child(out: str) -> int:
    from exports import templates  # everything imported before the limits are set

    path, report, content, (cpu, memory, output) = pickle.loads(sys.stdin.buffer.read())  # noqa: S301 - our parent's
    _limit(cpu, memory, output)
    try:
        data = templates.fill(Path(path), report, content)
        if len(data) > output or _unpacked_size(data) > output:
            return EXIT_OUTPUT
    except MemoryError:
        return EXIT_MEMORY
    except ValidationError as exc:
        sys.stderr.write(str(exc.params.get("message", "")))
        return EXIT_TEMPLATE
    Path(out).write_bytes(data)
    return 0


if __name__ == "__main__":
    code = _child(sys.argv[1])
    sys.stderr.flush()
    os._exit(code)  # no clean-up that could allocate after a MemoryError
