"""Scenarios and S3: world.buckets, inline bodies, `{file: PATH}` bodies, and readable reports."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from mlgov_sim.scenario.load import load_scenario, parse_scenario
from mlgov_sim.scenario.model import ScenarioError
from mlgov_sim.scenario.report import render_json, render_text
from mlgov_sim.scenario.runner import new_world, run_scenario

INLINE = """\
title: Inline data
world:
  buckets: [churn-data]
steps:
  - name: put
    do: s3:PutObject
    with:
      Bucket: churn-data
      Key: train/train.csv
      Body: "label,x\\n1,0.5\\n"
      ContentType: text/csv
    expect:
      ETag: '"ac3ba53dc8ecb3cc8fcffaf8e97905b3"'
  - do: s3:GetObject
    with: {Bucket: churn-data, Key: train/train.csv}
    expect:
      Body: "label,x\\n1,0.5\\n"
      ContentLength: 14
  - do: s3:ListObjectsV2
    with: {Bucket: churn-data, Prefix: train/}
    expect:
      KeyCount: 1
"""


def run(text: str, file: str = "s.yaml") -> tuple[str, dict]:
    scenario = parse_scenario(text, file)
    result = run_scenario(scenario, new_world(scenario))
    return click.unstyle(render_text(result)), render_json(result)


class TestWorldBuckets:
    def test_world_buckets_are_created_before_the_first_step(self) -> None:
        """`world.buckets` makes the buckets, so steps can put and read objects at once."""
        text, data = run(INLINE)
        assert data["passed"], text

    def test_buckets_outside_us_east_1_are_created_in_the_worlds_region(self) -> None:
        """The runner names the Region (LocationConstraint), as S3 requires outside us-east-1."""
        text, data = run(
            "title: EU\nworld:\n  region: eu-west-1\n  buckets: [eu-data]\n"
            "steps:\n  - do: s3:ListBuckets\n    expect:\n"
            "      Buckets: [{Name: eu-data, BucketRegion: eu-west-1}]\n"
        )
        assert data["passed"], text

    def test_a_bucket_name_taken_fails_the_run_before_its_steps(self) -> None:
        """A world.buckets entry S3 refuses fails the run at setup, and no step runs."""
        text, data = run("title: Bad\nworld:\n  buckets: [xn--bad]\nsteps:\n  - say: never\n")
        assert not data["passed"]
        assert "InvalidBucketName" in text
        assert data["steps"][-1]["status"] == "not run"


class TestReport:
    def test_inline_bodies_stay_on_one_line_and_bodies_read_back_are_sizes(self) -> None:
        """A multi-line Body is shown quoted on one line; a body read back shows its size."""
        text, _ = run(
            INLINE.replace(
                "    expect:\n      Body:", "    expect:\n      ContentType: text/csv\n      Body:"
            )
        )
        shown = 'Key=train/train.csv, Body="label,x\\n1,0.5\\n", ContentType=text/csv'
        assert f"with Bucket=churn-data, {shown}" in text
        assert "Body = <14 bytes>" in text
        assert "label,x\n1,0.5" not in text

    def test_json_report_holds_the_body_as_base64(self) -> None:
        """JSON has no bytes: the body read back is base64, as botocore's JSON tools show blobs."""
        _, data = run(INLINE)
        assert data["steps"][1]["action"]["response"]["Body"] == "bGFiZWwseAoxLDAuNQo="


class TestFileBodies:
    def write(self, tmp_path: Path, body: bytes, ref: str = "data/train.csv") -> Path:
        (tmp_path / "data").mkdir()
        (tmp_path / "data" / "train.csv").write_bytes(body)
        scenario = tmp_path / "scenario.yaml"
        scenario.write_text(
            "title: From a file\nworld:\n  buckets: [churn-data]\nsteps:\n"
            "  - do: s3:PutObject\n"
            f"    with: {{Bucket: churn-data, Key: train.csv, Body: {{file: {ref}}}}}\n"
            "  - do: s3:HeadObject\n    with: {Bucket: churn-data, Key: train.csv}\n"
            f"    expect: {{ContentLength: {len(body)}}}\n"
        )
        return scenario

    def test_a_body_is_read_from_a_file_next_to_the_scenario(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """`{file: data/train.csv}` is relative to the scenario's directory, not the shell's."""
        path = self.write(tmp_path, b"label,x\n1,0.5\n0,0.1\n")
        monkeypatch.chdir("/")
        scenario = load_scenario(path)
        assert scenario.steps[0].params["Body"] == b"label,x\n1,0.5\n0,0.1\n"
        result = run_scenario(scenario, new_world(scenario))
        assert result.passed

    def test_a_missing_file_is_an_error_at_its_line_before_anything_runs(
        self, tmp_path: Path
    ) -> None:
        """The loader names the file it looked for, at the position of the path."""
        path = self.write(tmp_path, b"x", ref="data/nope.csv")
        with pytest.raises(ScenarioError) as caught:
            load_scenario(path)
        assert str(caught.value).startswith(f"{path}:6:")
        assert "no file 'data/nope.csv' next to the scenario" in caught.value.message

    def test_a_mapping_other_than_file_is_refused(self) -> None:
        """A blob takes text or {file: PATH}; anything else is named as such."""
        with pytest.raises(ScenarioError) as caught:
            parse_scenario(
                "title: T\nsteps:\n  - do: s3:PutObject\n"
                "    with: {Bucket: b-1, Key: k, Body: {path: x.csv}}\n"
            )
        assert "must be text, or {file: PATH}" in caught.value.message

    def test_a_file_larger_than_an_object_may_be_is_refused(self, tmp_path: Path) -> None:
        """More than 5 MiB cannot be an object, so the loader refuses it at once."""
        path = self.write(tmp_path, b"0" * (5 * 1024 * 1024 + 1))
        with pytest.raises(ScenarioError) as caught:
            load_scenario(path)
        assert "holds 5242881 bytes; an object holds at most 5242880" in caught.value.message
