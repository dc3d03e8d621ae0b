"""`mlgov-sim ops` lists the canvas: console actions apart, with the IAM action each stands for.

Must-show 4 of issue 7.
"""

from __future__ import annotations

import json

from click.testing import CliRunner

from mlgov_sim.cli.main import cli

CONSOLE = {
    "canvas:ShareModel": "sagemaker:CreateSharedModel",
    "canvas:ListSharedModels": "sagemaker:ListSharedModels",
    "canvas:DescribeSharedModel": "sagemaker:DescribeSharedModel",
    "canvas:UpdateSharedModel": "sagemaker:UpdateSharedModel",
    "canvas:ImportModel": "sagemaker:DescribeModelPackage",
    "canvas:RegisterModel": "sagemaker:CreateModelPackage",
    "canvas:ImportDataset": "sagemaker:CreatePresignedDomainUrl",
    "canvas:Predict": "sagemaker:CreatePresignedDomainUrl",
}


def ops(*args: str) -> str:
    result = CliRunner().invoke(cli, ["ops", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_text_lists_console_actions_last_after_a_blank_line() -> None:
    public, _, console = ops().partition("\n\n")
    assert "canvas:" not in public
    lines = console.strip().splitlines()
    assert lines and all(line.startswith("canvas:") for line in lines)
    for line in lines:
        name = line.split()[0]
        assert "(console action: no public AWS API; IAM action " in line
        if name in CONSOLE:
            assert line.endswith(f"IAM action {CONSOLE[name]})")


def test_markdown_has_a_console_actions_table_naming_iam_actions() -> None:
    text = ops("--format", "markdown")
    head, _, console = text.partition("| Console action | IAM action |")
    assert "[`canvas:" not in head.split("## ")[0]
    for name, action in CONSOLE.items():
        assert f"`{action}`" in console.split("\n## ")[0]
        assert f"\n## {name}\n" in text
        assert f"A console action: no public AWS API; authorised as `{action}`." in text


def test_json_marks_console_actions_and_their_iam_action() -> None:
    entries = {entry["operation"]: entry for entry in json.loads(ops("--format", "json"))}
    for name, action in CONSOLE.items():
        assert entries[name]["consoleOnly"] is True
        assert entries[name]["iamAction"] == action
    assert entries["sagemaker:CreateDomain"]["consoleOnly"] is False
    assert entries["sagemaker:CreateDomain"]["iamAction"] == "sagemaker:CreateDomain"
