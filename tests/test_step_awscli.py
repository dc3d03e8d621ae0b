"""The AWS CLI form at a drill's prompt: names from botocore, values by shape, did-you-mean."""

from __future__ import annotations

from pathlib import Path

import pytest
from botocore import xform_name
from botocore.model import Shape

from mlgov_sim.app import supported_operations
from mlgov_sim.core.apimodel import service_model
from mlgov_sim.scenario.awscli import (
    CLI_SERVICES,
    CliError,
    cli_command_name,
    cli_parameter_names,
    parse_cli,
    split,
    usage,
)
from mlgov_sim.scenario.shorthand import ShorthandError, parse_shorthand

BOTOCORE_OPS = [op for op in supported_operations() if not op.console_only]
ARN = "arn:aws:sagemaker:us-east-1:111122223333:model-package/churn/2"


def parse(line: str) -> tuple[str, dict]:
    call = parse_cli(split(line))
    return call.operation, call.params


def _sample(shape: Shape) -> list[str]:
    """Words that give a member of this shape a value on the command line."""
    kind = shape.type_name
    if kind == "boolean":
        return []
    return {
        "integer": ["1"],
        "long": ["1"],
        "float": ["1.5"],
        "double": ["1.5"],
        "timestamp": ["2025-01-01T00:00:00Z"],
        "structure": ["{}"],
        "map": ["{}"],
        "list": ["[]"],
    }.get(kind, ["x"])


def _cli_service(service: str) -> str:
    return next(cli for cli, name in CLI_SERVICES.items() if name == service)


class TestNamesFromBotocore:
    @pytest.mark.parametrize("op", BOTOCORE_OPS, ids=lambda op: op.full_name)
    def test_parameter_names_follow_the_cli_kebab_rule(self, op) -> None:
        """Each input member of botocore's model is `--` + xform_name(member, '-'), and no other."""
        members = service_model(op.service).operation_model(op.name).input_shape.members
        expected = {"--" + xform_name(member, "-"): member for member in members}
        assert cli_parameter_names(op.full_name) == expected

    @pytest.mark.parametrize("op", BOTOCORE_OPS, ids=lambda op: op.full_name)
    def test_every_parameter_reads_back_to_its_member(self, op) -> None:
        """The command line built from every member's CLI name parses to exactly those members."""
        shape = op.input_shape
        words = [_cli_service(op.service), xform_name(op.name, "-")]
        for member, member_shape in shape.members.items():
            words += ["--" + xform_name(member, "-"), *_sample(member_shape)]
        call = parse_cli(words)
        assert call.operation == op.full_name
        assert set(call.params) == set(shape.members)

    def test_command_names_are_botocores(self) -> None:
        """Operation names are xform_name(Operation, '-'), e.g. update-model-package."""
        assert cli_command_name("UpdateModelPackage") == "update-model-package"
        assert cli_command_name("BatchDescribeModelPackage") == "batch-describe-model-package"

    def test_a_leading_aws_is_accepted(self) -> None:
        """`aws sagemaker ...` reads like `sagemaker ...`."""
        assert parse("aws sagemaker list-tags --resource-arn x")[0] == "sagemaker:ListTags"


class TestValues:
    def test_text_and_enum_values_are_passed_as_written(self) -> None:
        """Strings are kept as typed; enum values are left for the service to judge."""
        _, params = parse(
            f"sagemaker update-model-package --model-package-arn {ARN} "
            "--model-approval-status approved"
        )
        assert params == {"ModelPackageArn": ARN, "ModelApprovalStatus": "approved"}

    def test_integers_are_converted(self) -> None:
        """An integer member gets an int."""
        assert parse("sagemaker list-model-packages --max-results 3")[1] == {"MaxResults": 3}

    def test_a_non_number_for_an_integer_is_refused(self) -> None:
        """A word where a number is due is refused before any call."""
        with pytest.raises(CliError, match="whole number"):
            parse("sagemaker list-model-packages --max-results three")

    def test_boolean_flags_and_no_flags(self) -> None:
        """Booleans are flags: --certify-for-marketplace is true, --no-... false."""
        on = parse(
            "sagemaker create-model-package --model-package-group-name g --certify-for-marketplace"
        )[1]
        off = parse(
            "sagemaker create-model-package --model-package-group-name g "
            "--no-certify-for-marketplace"
        )[1]
        assert on["CertifyForMarketplace"] is True
        assert off["CertifyForMarketplace"] is False

    def test_json_for_a_structure(self) -> None:
        """A structure may be written as JSON."""
        _, params = parse(
            "sagemaker update-model-package --model-package-arn a "
            """--model-life-cycle '{"Stage": "QA", "StageStatus": "InProgress"}'"""
        )
        assert params["ModelLifeCycle"] == {"Stage": "QA", "StageStatus": "InProgress"}

    def test_shorthand_for_a_structure_keeps_quoted_spaces(self) -> None:
        """`Key=v,Key="a b"` is the CLI's shorthand for a structure."""
        _, params = parse(
            "sagemaker update-model-package --model-package-arn a --model-life-cycle "
            'Stage=Archived,StageStatus=Retired,StageDescription="Replaced by version 2"'
        )
        assert params["ModelLifeCycle"] == {
            "Stage": "Archived",
            "StageStatus": "Retired",
            "StageDescription": "Replaced by version 2",
        }

    def test_shorthand_for_a_map(self) -> None:
        """A map's shorthand is k=v,k=v with any keys."""
        _, params = parse(
            "sagemaker update-model-package --model-package-arn a "
            "--customer-metadata-properties approval-ticket=RISK-2291,team=risk"
        )
        assert params["CustomerMetadataProperties"] == {
            "approval-ticket": "RISK-2291",
            "team": "risk",
        }

    def test_list_items_are_separate_words(self) -> None:
        """A list takes every word up to the next --parameter."""
        _, params = parse(
            "sagemaker update-model-package --model-package-arn a "
            "--customer-metadata-properties-to-remove one two --approval-description x"
        )
        assert params["CustomerMetadataPropertiesToRemove"] == ["one", "two"]
        assert params["ApprovalDescription"] == "x"

    def test_list_of_structures_in_shorthand(self) -> None:
        """`--tags Key=a,Value=b Key=c,Value=d` gives two tags."""
        _, params = parse(
            "sagemaker create-model-package-group --model-package-group-name g "
            "--tags Key=a,Value=b Key=c,Value=d"
        )
        assert params["Tags"] == [{"Key": "a", "Value": "b"}, {"Key": "c", "Value": "d"}]

    def test_file_values_are_read(self, tmp_path: Path) -> None:
        """file://PATH reads the value from a file, as the AWS CLI does."""
        policy = tmp_path / "policy.json"
        policy.write_text('{"Version": "2012-10-17"}')
        _, params = parse(
            "sagemaker put-model-package-group-policy --model-package-group-name g "
            f"--resource-policy file://{policy}"
        )
        assert params["ResourcePolicy"] == '{"Version": "2012-10-17"}'

    def test_broken_json_names_the_parameter(self) -> None:
        """Invalid JSON is refused with the parameter it was given to."""
        with pytest.raises(CliError, match=r"--model-life-cycle.*invalid JSON"):
            parse("sagemaker update-model-package --model-package-arn a --model-life-cycle '{x'")


class TestRefusals:
    def test_operation_typo_gets_did_you_mean(self) -> None:
        """A misspelt operation is answered with the nearest simulated command."""
        with pytest.raises(CliError, match="did you mean 'update-model-package'"):
            parse("sagemaker update-model-packge --model-package-arn a")

    def test_parameter_typo_gets_did_you_mean(self) -> None:
        """A misspelt parameter is answered with the nearest parameter name."""
        with pytest.raises(CliError, match="did you mean '--model-approval-status'"):
            parse("sagemaker update-model-package --model-package-arn a --model-aproval-status x")

    def test_real_but_unsimulated_operation_says_so(self) -> None:
        """An operation AWS has but the simulator lacks is named as such."""
        with pytest.raises(CliError, match="real operation that mlgov-sim does not simulate"):
            parse("sagemaker describe-pipeline --pipeline-name p")

    def test_missing_required_parameter_is_named(self) -> None:
        """Like the AWS CLI, a missing required argument is refused before calling."""
        with pytest.raises(CliError, match="required: --model-package-arn"):
            parse("sagemaker update-model-package --model-approval-status Approved")

    def test_unknown_service_gets_did_you_mean(self) -> None:
        """A misspelt service is answered with the nearest one."""
        with pytest.raises(CliError, match="did you mean 'sagemaker'"):
            parse("sagemakr list-tags --resource-arn x")

    def test_unclosed_quote_is_refused(self) -> None:
        """A line the shell could not split is refused, not crashed on."""
        with pytest.raises(CliError, match="close the quote"):
            split("sagemaker list-tags --resource-arn 'x")


class TestHelp:
    def test_operation_help_lists_required_parameters_first(self) -> None:
        """`sagemaker update-model-package help` lists --model-package-arn first, as required."""
        call = parse_cli(split("sagemaker update-model-package help"))
        assert call.help
        lines = usage(call.operation).splitlines()
        assert lines[1].split()[:2] == ["--model-package-arn", "required"]


class TestShorthand:
    def test_nested_structures_and_lists(self) -> None:
        """Braces nest a structure, brackets make a list."""
        parsed = parse_shorthand("A={B=1,C=[x,y]},D=z")
        assert parsed == {"A": {"B": "1", "C": ["x", "y"]}, "D": "z"}

    def test_a_value_without_key_is_refused(self) -> None:
        """Text that is not Key=value is refused with its position."""
        with pytest.raises(ShorthandError, match="character 1"):
            parse_shorthand("justtext")
