"""What a line typed at a drill's prompt means: the drill's words, YAML steps, references."""

from __future__ import annotations

from datetime import timedelta

import pytest

import mlgov_sim.app  # noqa: F401  (registers the operations a line may name)
from mlgov_sim.scenario.prompt import (
    Advance,
    Call,
    CommandError,
    Enter,
    Show,
    Switch,
    Word,
    parse_command,
)

ARN = "arn:aws:sagemaker:us-east-1:111122223333:model-package/churn/2"
SCOPE = {"v2": {"ModelPackageArn": ARN, "ModelPackageVersion": 2}}


def parse(line: str):
    return parse_command(line, SCOPE)


class TestWords:
    def test_empty_line_is_enter(self) -> None:
        """An empty (or blank) line is Enter."""
        assert parse("   ") == Enter()

    @pytest.mark.parametrize("word", ["help", "hint", "solution", "skip", "quit"])
    def test_drill_words(self, word: str) -> None:
        """The drill's own words are recognised in any case."""
        assert parse(word.upper()) == Word(word)

    def test_exit_means_quit(self) -> None:
        """`exit` is quit, as in a shell."""
        assert parse("exit") == Word("quit")

    def test_as_alone_switches(self) -> None:
        """`as bob` switches the acting principal."""
        assert parse("as bob") == Switch("bob")

    def test_as_with_a_command_acts_once(self) -> None:
        """`as bob COMMAND` is one call as bob."""
        call = parse("as bob sagemaker describe-model-package --model-package-name churn/2")
        assert isinstance(call, Call)
        assert call.principal == "bob"
        assert call.params == {"ModelPackageName": "churn/2"}

    def test_advance_reads_durations(self) -> None:
        """`advance 1h30m` moves the clock by 90 minutes."""
        assert parse("advance 1h30m") == Advance(timedelta(minutes=90), "1h30m")

    def test_advance_without_unit_is_refused(self) -> None:
        """A bare number has no unit and is refused with the forms that work."""
        with pytest.raises(CommandError, match=r"expected e\.g\. 90s"):
            parse("advance 5")

    def test_show_version_takes_an_arn(self) -> None:
        """`show version ARN` names the version."""
        assert parse("show version churn/2") == Show("version", "churn/2")

    def test_show_typo_gets_did_you_mean(self) -> None:
        """A misspelt view is answered with the nearest one."""
        with pytest.raises(CommandError, match="did you mean 'registry'"):
            parse("show registy")

    def test_unknown_word_gets_did_you_mean(self) -> None:
        """A misspelt drill word is answered with the nearest one."""
        with pytest.raises(CommandError, match="did you mean 'solution'"):
            parse("soluton")

    @pytest.mark.parametrize("line", ["canvas share-model --domain-id d-1", "aws canvas predict"])
    def test_a_console_action_typed_the_cli_way_is_told_the_yaml_form(self, line: str) -> None:
        """Canvas actions have no AWS CLI command; the learner learns how to write them."""
        with pytest.raises(CommandError, match=r"console actions .*\{do: canvas:ShareModel"):
            parse_command(line, {})


class TestReferences:
    def test_cli_values_resolve_references(self) -> None:
        """`${v2.ModelPackageArn}` in a CLI value becomes the ARN."""
        call = parse("sagemaker describe-model-package --model-package-name ${v2.ModelPackageArn}")
        assert isinstance(call, Call)
        assert call.params == {"ModelPackageName": ARN}

    def test_unknown_reference_names_the_known_ones(self) -> None:
        """A reference to no step is refused, naming the steps that exist."""
        with pytest.raises(CommandError, match=r"no step named 'v3' \(known: v2\)"):
            parse("sagemaker describe-model-package --model-package-name ${v3.ModelPackageArn}")


class TestYamlStep:
    def test_one_line_step_with_reference_keeps_types(self) -> None:
        """A YAML step's whole-value reference keeps the value's type."""
        call = parse(
            '{do: ListModelPackages, with: {ModelPackageGroupName: churn, MaxResults: "${v2.'
            'ModelPackageVersion}"}, as: bob, name: listed}'
        )
        assert call == Call(
            "sagemaker:ListModelPackages",
            {"ModelPackageGroupName": "churn", "MaxResults": 2},
            "bob",
            "listed",
        )

    def test_unknown_field_gets_did_you_mean(self) -> None:
        """A misspelt input field is answered with the nearest one from botocore's shape."""
        with pytest.raises(CommandError, match="did you mean 'ModelPackageArn'"):
            parse("{do: UpdateModelPackage, with: {ModelPackageArm: x}}")

    def test_unknown_operation_gets_did_you_mean(self) -> None:
        """A misspelt operation is answered with the nearest supported one."""
        with pytest.raises(CommandError, match="did you mean sagemaker:UpdateModelPackage"):
            parse("{do: UpdateModelPackag}")

    def test_other_step_keys_are_refused(self) -> None:
        """Only do, with, as and name belong to a step typed at the prompt."""
        with pytest.raises(CommandError, match="did you mean 'with'"):
            parse("{do: ListModelPackages, wiht: {}}")

    def test_broken_yaml_is_refused(self) -> None:
        """A line that is not YAML is refused, not crashed on."""
        with pytest.raises(CommandError, match="not YAML"):
            parse("{do: ListModelPackages")

    def test_reserved_name_is_refused(self) -> None:
        """`name: world` would hide ${world...}, so it is refused."""
        with pytest.raises(CommandError, match="reserved"):
            parse("{do: ListModelPackages, name: world}")
