"""REST-XML bodies to and from botocore's shapes, by the rules botocore's XML code follows.

A structure's members are child elements named by their `locationName`;
lists are wrapped (`<TagSet><Tag>...</Tag></TagSet>`) unless `flattened`;
maps are `entry`/`key`/`value` elements; `xmlAttribute` members are
attributes. Scalars are text: timestamps ISO 8601 unless the member says
otherwise, blobs base64, booleans `true`/`false`.
"""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree

from botocore.model import Shape

from mlgov_sim.server.values import read_text_scalar, write_text_scalar


def element_name(shape: Shape, default: str) -> str:
    """The element a value of `shape` is written as, where its parent calls it `default`."""
    if shape.type_name == "list" and shape.serialization.get("flattened"):
        named = shape.member.serialization.get("name")
        if named:
            return str(named)
    return str(shape.serialization.get("name") or default)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


# -- reading ------------------------------------------------------------------


def parse_document(shape: Shape, body: bytes) -> dict[str, Any]:
    """The structure an XML request body holds (its root element's name is not checked)."""
    return read_structure(shape, ElementTree.fromstring(body))


def read_structure(shape: Shape, node: ElementTree.Element) -> dict[str, Any]:
    children: dict[str, list[ElementTree.Element]] = {}
    for child in node:
        children.setdefault(_local(child.tag), []).append(child)
    attributes = {_local(key): value for key, value in node.attrib.items()}
    out: dict[str, Any] = {}
    for key, member in shape.members.items():
        name = element_name(member, key)
        if member.serialization.get("xmlAttribute"):
            local = name.rpartition(":")[2]
            if local in attributes:
                out[key] = read_text_scalar(member, attributes[local])
            continue
        found = children.get(name)
        if not found:
            continue
        if member.type_name in ("list", "map") and member.serialization.get("flattened"):
            out[key] = _read_flattened(member, found)
        else:
            out[key] = _read(member, found[0])
    return out


def _read(shape: Shape, node: ElementTree.Element) -> Any:
    kind = shape.type_name
    if kind == "structure":
        return read_structure(shape, node)
    if kind == "list":
        item = element_name(shape.member, "member")
        return [_read(shape.member, child) for child in node if _local(child.tag) == item]
    if kind == "map":
        return _read_entries(shape, [child for child in node if _local(child.tag) == "entry"])
    return read_text_scalar(shape, node.text or "")


def _read_flattened(shape: Shape, nodes: list[ElementTree.Element]) -> Any:
    if shape.type_name == "list":
        return [_read(shape.member, node) for node in nodes]
    return _read_entries(shape, nodes)


def _read_entries(shape: Shape, entries: list[ElementTree.Element]) -> dict[str, Any]:
    key_name = element_name(shape.key, "key")
    value_name = element_name(shape.value, "value")
    out = {}
    for entry in entries:
        key = next((c for c in entry if _local(c.tag) == key_name), None)
        value = next((c for c in entry if _local(c.tag) == value_name), None)
        if key is not None and value is not None:
            out[key.text or ""] = _read(shape.value, value)
    return out


# -- writing ------------------------------------------------------------------


def write_document(shape: Shape, value: dict[str, Any], root: str) -> bytes:
    """`value` as an XML document whose root element is `root`."""
    element = ElementTree.Element(root)
    _declare_namespace(shape, element)
    _write_members(shape, value, element)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(element)


def _write_members(shape: Shape, value: dict[str, Any], element: ElementTree.Element) -> None:
    for key, item in value.items():
        member = shape.members.get(key)
        if member is None or item is None:
            continue
        name = element_name(member, key)
        if member.serialization.get("xmlAttribute"):
            element.set(name, write_text_scalar(member, item, "iso8601"))
        elif member.type_name in ("list", "map") and member.serialization.get("flattened"):
            _write_flattened(member, item, name, element)
        else:
            _write(member, item, name, element)


def _write(shape: Shape, value: Any, name: str, parent: ElementTree.Element) -> None:
    element = ElementTree.SubElement(parent, name)
    kind = shape.type_name
    if kind == "structure":
        _declare_namespace(shape, element)
        _write_members(shape, value, element)
    elif kind == "list":
        item = element_name(shape.member, "member")
        for entry in value:
            _write(shape.member, entry, item, element)
    elif kind == "map":
        for key, entry in value.items():
            _write_entry(shape, key, entry, ElementTree.SubElement(element, "entry"))
    else:
        element.text = write_text_scalar(shape, value, "iso8601")


def _declare_namespace(shape: Shape, element: ElementTree.Element) -> None:
    """`xmlns` (or `xmlns:xsi` for S3's `xsi:type` grantee attribute) as the shape declares."""
    namespace = shape.serialization.get("xmlNamespace")
    if isinstance(namespace, dict) and namespace.get("uri"):
        prefix = namespace.get("prefix")
        element.set(f"xmlns:{prefix}" if prefix else "xmlns", namespace["uri"])


def _write_flattened(shape: Shape, value: Any, name: str, parent: ElementTree.Element) -> None:
    if shape.type_name == "list":
        for entry in value:
            _write(shape.member, entry, name, parent)
        return
    for key, entry in value.items():
        _write_entry(shape, key, entry, ElementTree.SubElement(parent, name))


def _write_entry(shape: Shape, key: str, value: Any, entry: ElementTree.Element) -> None:
    ElementTree.SubElement(entry, element_name(shape.key, "key")).text = str(key)
    _write(shape.value, value, element_name(shape.value, "value"), entry)
