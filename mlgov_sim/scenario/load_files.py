"""`Body: {file: data/train.csv}`: a blob read from a file next to the scenario, at load time.

A blob member of an operation's input (PutObject's `Body`) takes text
written inline, or `{file: PATH}`: the bytes of the file at PATH, relative to
the directory of the scenario file. The file is read when the scenario
loads, so a missing or oversized file is an error at its line and column
before anything runs, and a run never depends on files changing meanwhile.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from botocore.model import Shape

from mlgov_sim.scenario.load_base import describe
from mlgov_sim.scenario.model import ScenarioError
from mlgov_sim.scenario.yamlsource import Map, Node, Scalar, Seq

# As large as the S3 stand-in keeps an object (storage.MAX_OBJECT_BYTES): larger cannot be put.
MAX_FILE_BYTES = 5 * 1024 * 1024
FILE_KEY = "file"


def file_path(node: Map, where: str) -> Path:
    """The file a `{file: PATH}` mapping names, checked: one key, text, an existing small file."""
    keys = [key.value for key, _ in node.pairs]
    if keys != [FILE_KEY]:
        raise ScenarioError(
            node.pos,
            f"{where} must be text, or {{file: PATH}} to read the bytes of a file next to the "
            f"scenario; got a mapping with {', '.join(map(str, keys)) or 'no keys'}",
        )
    value = node.pairs[0][1]
    if not isinstance(value, Scalar) or not isinstance(value.value, str) or not value.value:
        raise ScenarioError(value.pos, f"'file' must be a path as text, got {describe(value)}")
    path = Path(node.pos.file).parent / value.value
    if not path.is_file():
        raise ScenarioError(
            value.pos,
            f"no file {value.value!r} next to the scenario (looked for {path})",
        )
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ScenarioError(
            value.pos,
            f"{value.value!r} holds {size} bytes; an object holds at most {MAX_FILE_BYTES} "
            "(5 MiB) in mlgov-sim",
        )
    return path


def inline_files(node: Node | None, shape: Shape | None, value: Any) -> Any:
    """`value` (the input as plain Python) with each `{file: PATH}` blob replaced by its bytes."""
    if node is None or shape is None:
        return value
    kind = shape.type_name
    if kind == "blob" and isinstance(node, Map):
        return file_path(node, "a blob").read_bytes()
    if kind == "structure" and isinstance(node, Map) and isinstance(value, dict):
        for key, child in node.pairs:
            member = shape.members.get(key.value)
            if member is not None and key.value in value:
                value[key.value] = inline_files(child, member, value[key.value])
    elif kind == "map" and isinstance(node, Map) and isinstance(value, dict):
        for key, child in node.pairs:
            if key.value in value:
                value[key.value] = inline_files(child, shape.value, value[key.value])
    elif kind == "list" and isinstance(node, Seq) and isinstance(value, list):
        for index, child in enumerate(node.items):
            value[index] = inline_files(child, shape.member, value[index])
    return value
