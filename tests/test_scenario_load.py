"""The scenario loader: the contract of docs/scenario-format.md, checked with exact positions."""

from __future__ import annotations

import re
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mlgov_sim.scenario.load import load_scenario, parse_scenario
from mlgov_sim.scenario.load_refs import references
from mlgov_sim.scenario.model import (
    ActionStep,
    AdvanceStep,
    AskStep,
    Pos,
    SayStep,
    Scenario,
    ScenarioError,
    TaskStep,
)
from mlgov_sim.scenario.yamlsource import Map, parse_yaml, to_python

GOOD = Path(__file__).parent / "scenarios" / "good" / "every-construct.yaml"
LIST_STEP = "title: T\nsteps:\n  - do: ListModelPackageGroups\n"  # its `with` goes on line 4


def load_text(tmp_path: Path, text: str) -> Scenario:
    """Write `text` (dedented) to a scenario file and load it."""
    path = tmp_path / "s.yaml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return load_scenario(path)


def error_of(tmp_path: Path, text: str) -> ScenarioError:
    """The ScenarioError that loading `text` raises."""
    with pytest.raises(ScenarioError) as info:
        load_text(tmp_path, text)
    return info.value


def where(error: ScenarioError) -> tuple[int, int]:
    """The error's (line, column)."""
    assert error.pos is not None
    return error.pos.line, error.pos.column


def assert_says(error: ScenarioError, *words: str) -> None:
    """Every word appears in the error message."""
    for word in words:
        assert word in error.message, f"{word!r} not in {error.message!r}"


# --- YAML ------------------------------------------------------------------


class TestYaml:
    def test_syntax_error_has_pyyaml_mark_and_problem(self, tmp_path: Path) -> None:
        """A YAML syntax error reports PyYAML's mark and problem text."""
        error = error_of(tmp_path, "title: T\nsteps: [{say: hi}\n")
        assert where(error) == (3, 1)
        assert_says(error, "YAML syntax error", "expected ',' or ']'")

    def test_error_string_is_file_line_column(self, tmp_path: Path) -> None:
        """An error prints as FILE:LINE:COLUMN: message."""
        error = error_of(tmp_path, "title: T\nsteps: [{say: hi}\n")
        assert str(error).startswith(f"{tmp_path / 's.yaml'}:3:1: YAML syntax error")

    def test_tab_indentation_says_use_spaces(self, tmp_path: Path) -> None:
        """A tab in the indentation is explained, not just rejected."""
        error = error_of(tmp_path, "title: T\nsteps:\n\t- say: hi\n")
        assert where(error) == (3, 1)
        assert_says(error, "tabs")

    def test_unquoted_colon_in_text_says_quote_it(self, tmp_path: Path) -> None:
        """Text holding ': ' gets the hint to quote it."""
        error = error_of(tmp_path, "title: T\nsteps:\n  - say: Note: this breaks\n")
        assert where(error) == (3, 14)
        assert_says(error, "mapping values are not allowed", "must be quoted")

    def test_duplicate_mapping_key(self, tmp_path: Path) -> None:
        """A key given twice in one mapping is an error at the second one."""
        error = error_of(
            tmp_path,
            """
            title: T
            steps:
              - do: ListModelPackageGroups
                with: {MaxResults: 5}
                with: {MaxResults: 6}
            """,
        )
        assert where(error) == (5, 5)
        assert_says(error, "duplicate key 'with'", "line 4, column 5")

    def test_on_yes_no_off_stay_text(self) -> None:
        """`on`, `yes`, `no` and `off` are text, not booleans, as in YAML 1.2."""
        node = parse_yaml("on: [yes, no, off, true, False]\n", "f.yaml")
        assert to_python(node) == {"on": ["yes", "no", "off", True, False]}

    def test_numbers_follow_yaml_1_2(self) -> None:
        """Leading zeros are decimal, 0o and 0x are octal and hex, and 1e3 is a float."""
        node = parse_yaml("[012, 0o17, 0x1F, 1e3, .inf, ~]", "f.yaml")
        assert to_python(node) == [12, 15, 31, 1000.0, float("inf"), None]

    def test_date_times_become_utc_datetimes(self) -> None:
        """An ISO date-time becomes an aware UTC datetime; a date alone stays text."""
        node = parse_yaml("[2025-03-01T10:00:00+01:00, 2025-03-01]", "f.yaml")
        assert to_python(node) == [datetime(2025, 3, 1, 9, tzinfo=UTC), "2025-03-01"]

    def test_every_key_value_and_item_is_located(self) -> None:
        """Keys, values and list items carry their own 1-based positions."""
        node = parse_yaml("a:\n  - x\n  - {b: 1}\n", "f.yaml")
        assert isinstance(node, Map)
        items = node.get("a").items  # type: ignore[union-attr]
        assert node.key_node("a").pos == Pos("f.yaml", 1, 1)
        assert [item.pos for item in items] == [Pos("f.yaml", 2, 5), Pos("f.yaml", 3, 5)]
        assert items[1].key_node("b").pos == Pos("f.yaml", 3, 6)

    def test_recursive_alias_is_an_error(self) -> None:
        """An alias to the value that contains it is refused, not followed forever."""
        with pytest.raises(ScenarioError, match="refers to the value that contains it"):
            parse_yaml("a: &x [*x]\n", "f.yaml")

    def test_alias_bomb_is_an_error(self) -> None:
        """Aliases that expand to a huge document are refused."""
        lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 7)]
        with pytest.raises(ScenarioError, match="more than"):
            parse_yaml("\n".join(lines), "f.yaml")

    def test_unknown_tag_is_an_error(self) -> None:
        """A YAML tag the loader does not know is refused at the value."""
        with pytest.raises(ScenarioError, match="unsupported YAML tag !secret") as info:
            parse_yaml("a: !secret x\n", "f.yaml")
        assert info.value.pos == Pos("f.yaml", 1, 4)

    def test_merge_key_is_an_error(self) -> None:
        """`<<` merge keys are refused with a way around them."""
        with pytest.raises(ScenarioError, match="merge keys"):
            parse_yaml("a: &x {b: 1}\nc: {<<: *x}\n", "f.yaml")

    def test_second_document_is_an_error(self, tmp_path: Path) -> None:
        """A second YAML document in the file is refused where it starts."""
        error = error_of(tmp_path, "title: T\nsteps: [{say: hi}]\n---\ntitle: U\n")
        assert where(error) == (3, 1)
        assert_says(error, "second document")


# --- the file ---------------------------------------------------------------


class TestFile:
    def test_missing_file(self, tmp_path: Path) -> None:
        """A missing file is a ScenarioError naming it, without a position."""
        with pytest.raises(ScenarioError, match="no such file") as info:
            load_scenario(tmp_path / "nope.yaml")
        assert info.value.pos is None
        assert str(tmp_path / "nope.yaml") in str(info.value)

    def test_directory_is_not_a_scenario(self, tmp_path: Path) -> None:
        """A directory given as the file is a ScenarioError."""
        with pytest.raises(ScenarioError, match="is a directory"):
            load_scenario(tmp_path)

    def test_non_utf8_file(self, tmp_path: Path) -> None:
        """A file that is not UTF-8 text is a ScenarioError."""
        path = tmp_path / "s.yaml"
        path.write_bytes(b"title: caf\xe9\n")
        with pytest.raises(ScenarioError, match="not UTF-8"):
            load_scenario(path)

    def test_empty_file(self, tmp_path: Path) -> None:
        """An empty file says a scenario needs a title and steps."""
        error = error_of(tmp_path, "# nothing yet\n")
        assert_says(error, "empty", "title and steps")

    def test_top_level_must_be_a_mapping(self, tmp_path: Path) -> None:
        """A file holding a list is refused at line 1."""
        error = error_of(tmp_path, "- say: hi\n")
        assert where(error) == (1, 1)
        assert_says(error, "a scenario must be a mapping", "got a list")


# --- top level --------------------------------------------------------------


class TestTopLevel:
    def test_unknown_top_level_key(self, tmp_path: Path) -> None:
        """An unknown top-level key suggests the nearest one and lists the allowed ones."""
        error = error_of(tmp_path, "title: T\nstep:\n  - say: hi\n")
        assert where(error) == (2, 1)
        assert_says(
            error,
            "unknown key 'step' in a scenario; did you mean 'steps'?",
            "(allowed: title, summary, concepts, world, automations, steps)",
        )

    def test_title_is_required(self, tmp_path: Path) -> None:
        """A scenario without a title says so."""
        error = error_of(tmp_path, "steps: [{say: hi}]\n")
        assert where(error) == (1, 1)
        assert_says(error, "needs 'title'")

    def test_title_must_be_text(self, tmp_path: Path) -> None:
        """A title that is a list is a type error at the value."""
        error = error_of(tmp_path, "title: [a, b]\nsteps: [{say: hi}]\n")
        assert where(error) == (1, 8)
        assert_says(error, "'title' must be text, got a list")

    def test_steps_must_not_be_empty(self, tmp_path: Path) -> None:
        """A scenario needs at least one step."""
        error = error_of(tmp_path, "title: T\nsteps: []\n")
        assert where(error) == (2, 8)
        assert_says(error, "at least one")

    def test_unknown_concept(self, tmp_path: Path) -> None:
        """A concept tag outside the contract's list is refused, with a suggestion."""
        error = error_of(tmp_path, "title: T\nconcepts: [approval, rollbak]\nsteps: [{say: x}]\n")
        assert where(error) == (2, 22)
        assert_says(error, "unknown concept 'rollbak'; did you mean 'rollback'?", "model-cards")


# --- world ------------------------------------------------------------------


class TestWorld:
    def test_unquoted_account_says_quote_it(self, tmp_path: Path) -> None:
        """An unquoted account ID is refused with the quoted form to write."""
        error = error_of(tmp_path, "title: T\nworld:\n  account: 011122223333\nsteps: [{say: x}]\n")
        assert where(error) == (3, 12)
        assert_says(error, "must be quoted", 'account: "011122223333"', "leading zeros")

    def test_account_must_have_12_digits(self, tmp_path: Path) -> None:
        """A quoted account that is not 12 digits is refused."""
        error = error_of(tmp_path, 'title: T\nworld: {account: "1234"}\nsteps: [{say: x}]\n')
        assert where(error) == (2, 18)
        assert_says(error, "exactly 12 digits")

    def test_unknown_world_key(self, tmp_path: Path) -> None:
        """A typo in a world key is refused with a suggestion."""
        error = error_of(tmp_path, "title: T\nworld:\n  regoin: us-east-1\nsteps: [{say: x}]\n")
        assert where(error) == (3, 3)
        assert_says(error, "unknown key 'regoin' in 'world'; did you mean 'region'?")

    def test_clock_must_be_a_timestamp(self, tmp_path: Path) -> None:
        """A clock that is not a timestamp shows the expected form."""
        error = error_of(tmp_path, "title: T\nworld: {clock: tomorrow}\nsteps: [{say: x}]\n")
        assert where(error) == (2, 16)
        assert_says(error, "2025-03-01T09:00:00Z")

    def test_principal_naming_unknown_role(self, tmp_path: Path) -> None:
        """A principal whose role is not declared is refused at the role."""
        error = error_of(
            tmp_path,
            """
            title: T
            world:
              roles:
                DataScientist: {policies: []}
              principals:
                alice: {role: DataScientits}
            steps: [{say: x}]
            """,
        )
        assert where(error) == (6, 19)
        assert_says(error, "unknown role 'DataScientits'; did you mean 'DataScientist'?")

    def test_admin_cannot_be_redeclared(self, tmp_path: Path) -> None:
        """Declaring a principal named admin is refused."""
        error = error_of(
            tmp_path, "title: T\nworld:\n  principals:\n    admin: {}\nsteps: [{say: x}]\n"
        )
        assert where(error) == (4, 5)
        assert_says(error, "'admin' always exists")

    def test_policy_statement_needs_resource(self, tmp_path: Path) -> None:
        """A policy statement without Resource is refused, as IAM refuses it."""
        error = error_of(
            tmp_path,
            """
            title: T
            world:
              roles:
                R:
                  policies:
                    - {Effect: Allow, Action: "sagemaker:*"}
            steps: [{say: x}]
            """,
        )
        assert where(error) == (6, 11)
        assert_says(error, "exactly one of Resource or NotResource")

    def test_policy_statement_unknown_key(self, tmp_path: Path) -> None:
        """A typo in a policy statement is refused like any other key."""
        error = error_of(
            tmp_path,
            """
            title: T
            world:
              roles:
                R:
                  policies:
                    - {Efect: Allow, Action: "*", Resource: "*"}
            steps: [{say: x}]
            """,
        )
        assert where(error) == (6, 12)
        assert_says(error, "unknown key 'Efect' in a policy statement; did you mean 'Effect'?")


# --- steps ------------------------------------------------------------------


class TestSteps:
    def test_unknown_key_in_action_step(self, tmp_path: Path) -> None:
        """A typo in an action step's key is refused with the allowed keys."""
        error = error_of(
            tmp_path,
            """
            title: T
            steps:
              - do: ListModelPackageGroups
                expcet: {}
            """,
        )
        assert where(error) == (4, 5)
        assert_says(
            error,
            "unknown key 'expcet' in an action step; did you mean 'expect'?",
            "(allowed: name, say, as, do, with, expect, expect_error)",
        )

    def test_step_without_a_kind(self, tmp_path: Path) -> None:
        """A step whose only key is a typo of do suggests do."""
        error = error_of(tmp_path, "title: T\nsteps:\n  - d0: ListModelPackageGroups\n")
        assert where(error) == (3, 5)
        assert_says(error, "unknown key 'd0' in a step; did you mean 'do'?")

    def test_action_key_without_do(self, tmp_path: Path) -> None:
        """A step with `with` but no `do` says which key is missing."""
        error = error_of(tmp_path, "title: T\nsteps:\n  - say: Hi\n    with: {MaxResults: 5}\n")
        assert where(error) == (4, 5)
        assert_says(error, "'with' belongs to an action step", "no 'do'")

    def test_step_must_be_a_mapping(self, tmp_path: Path) -> None:
        """A step written as bare text is a type error."""
        error = error_of(tmp_path, "title: T\nsteps:\n  - hello\n")
        assert where(error) == (3, 5)
        assert_says(error, "must be a mapping, got text ('hello')")

    def test_step_with_two_kinds(self, tmp_path: Path) -> None:
        """A step holding both do and advance is refused at the second."""
        error = error_of(
            tmp_path, "title: T\nsteps:\n  - do: ListModelPackageGroups\n    advance: 2h\n"
        )
        assert where(error) == (4, 5)
        assert_says(error, "both 'do' and 'advance'")

    def test_unknown_operation(self, tmp_path: Path) -> None:
        """An unknown operation is refused at the do value with the table's suggestion."""
        error = error_of(tmp_path, "title: T\nsteps:\n  - do: CreateModelPackge\n")
        assert where(error) == (3, 9)
        assert_says(error, "CreateModelPackge", "did you mean sagemaker:CreateModelPackage")

    def test_operation_is_stored_canonical(self, tmp_path: Path) -> None:
        """`do: X` is stored as `sagemaker:X`."""
        scenario = load_text(tmp_path, "title: T\nsteps:\n  - do: ListModelPackageGroups\n")
        step = scenario.steps[0]
        assert isinstance(step, ActionStep)
        assert step.operation == "sagemaker:ListModelPackageGroups"

    def test_expect_and_expect_error_together(self, tmp_path: Path) -> None:
        """A step cannot both expect a response and expect an error."""
        error = error_of(
            tmp_path,
            """
            title: T
            steps:
              - do: ListModelPackageGroups
                expect: {}
                expect_error: {code: ValidationException}
            """,
        )
        assert where(error) == (5, 5)
        assert_says(error, "not both")

    def test_expect_error_needs_code(self, tmp_path: Path) -> None:
        """expect_error without code says code is required."""
        error = error_of(
            tmp_path,
            """
            title: T
            steps:
              - do: ListModelPackageGroups
                expect_error: {message_contains: nope}
            """,
        )
        assert where(error) == (4, 19)
        assert_says(error, "'expect_error' needs 'code'")

    def test_unknown_error_code(self, tmp_path: Path) -> None:
        """An error code no simulated service raises is refused with a suggestion."""
        error = error_of(
            tmp_path,
            """
            title: T
            steps:
              - do: ListModelPackageGroups
                expect_error: {code: ValidationExeption}
            """,
        )
        assert where(error) == (4, 26)
        assert_says(error, "unknown error code 'ValidationExeption'", "'ValidationException'")

    def test_unknown_principal(self, tmp_path: Path) -> None:
        """`as` naming an undeclared principal is refused at its value."""
        error = error_of(
            tmp_path,
            """
            title: T
            world:
              principals: {alice: {}}
            steps:
              - do: ListModelPackageGroups
                as: alcie
            """,
        )
        assert where(error) == (6, 9)
        assert_says(error, "unknown principal 'alcie'; did you mean 'alice'?", "'admin'")

    def test_duplicate_step_name(self, tmp_path: Path) -> None:
        """A step name used twice is refused at the second name."""
        error = error_of(
            tmp_path,
            """
            title: T
            steps:
              - name: groups
                do: ListModelPackageGroups
              - name: groups
                do: ListModelPackageGroups
            """,
        )
        assert where(error) == (5, 11)
        assert_says(error, "'groups' is already used by the step at line 3", "unique")

    def test_reserved_step_name(self, tmp_path: Path) -> None:
        """`world` cannot name a step, because ${world...} is taken."""
        error = error_of(
            tmp_path, "title: T\nsteps:\n  - {name: world, do: ListModelPackageGroups}\n"
        )
        assert where(error) == (3, 12)
        assert_says(error, "reserved")


# --- `with` -----------------------------------------------------------------


class TestWith:
    def test_unknown_member_nested_in_a_list(self, tmp_path: Path) -> None:
        """An unknown member inside a structure inside a list is refused with a suggestion."""
        error = error_of(
            tmp_path,
            """
            title: T
            steps:
              - do: CreateModelPackage
                with:
                  ModelPackageGroupName: churn
                  InferenceSpecification:
                    Containers:
                      - Imagee: xgboost:1
            """,
        )
        assert where(error) == (8, 13)
        assert_says(
            error,
            "unknown field 'Imagee' in InferenceSpecification.Containers[0]",
            "sagemaker:CreateModelPackage",
            "did you mean 'Image'?",
        )

    def test_unknown_top_level_member(self, tmp_path: Path) -> None:
        """An unknown top-level input member lists the operation's fields."""
        error = error_of(
            tmp_path,
            "title: T\nsteps:\n  - do: UpdateModelPackage\n    with: {ModelPackageArm: x}\n",
        )
        assert where(error) == (4, 12)
        assert_says(
            error, "'ModelPackageArm'", "did you mean 'ModelPackageArn'?", "ModelPackageArn"
        )

    def test_bad_enum_value(self, tmp_path: Path) -> None:
        """An enum value outside the shape's set is refused at the value."""
        error = error_of(
            tmp_path,
            """
            title: T
            steps:
              - do: UpdateModelPackage
                with:
                  ModelPackageArn: x
                  ModelApprovalStatus: approved
            """,
        )
        assert where(error) == (6, 28)
        assert_says(
            error,
            "ModelApprovalStatus in the input of sagemaker:UpdateModelPackage must be one of",
            "Approved, Rejected, PendingManualApproval",
            "did you mean 'Approved'?",
        )

    def test_number_where_text_is_expected(self, tmp_path: Path) -> None:
        """An unquoted number given for a string member says to quote it."""
        error = error_of(
            tmp_path,
            "title: T\nsteps:\n  - do: CreateModelPackageGroup\n"
            "    with: {ModelPackageGroupName: 2024}\n",
        )
        assert where(error) == (4, 35)
        assert_says(error, "must be text, got a number (2024)", 'quote it to make it text: "2024"')

    def test_quoted_number_where_a_number_is_expected(self, tmp_path: Path) -> None:
        """A quoted number given for an integer member says to remove the quotes."""
        error = error_of(
            tmp_path,
            "title: T\nsteps:\n  - do: ListModelPackageGroups\n    with: {MaxResults: '5'}\n",
        )
        assert where(error) == (4, 24)
        assert_says(error, "MaxResults", "must be a whole number", "remove the quotes")

    def test_text_that_is_no_timestamp(self, tmp_path: Path) -> None:
        """Text given for a timestamp member must read as one."""
        error = error_of(tmp_path, LIST_STEP + "    with: {CreationTimeAfter: yesterday}\n")
        assert where(error) == (4, 31)
        assert_says(error, "CreationTimeAfter", "must be a timestamp", "'yesterday'")

    def test_mapping_where_a_list_is_expected(self, tmp_path: Path) -> None:
        """A mapping given for a list member is a type error."""
        error = error_of(
            tmp_path,
            "title: T\nsteps:\n  - do: CreateModelPackageGroup\n"
            "    with: {ModelPackageGroupName: g, Tags: {Key: a, Value: b}}\n",
        )
        assert where(error) == (4, 44)
        assert_says(error, "Tags in the input of", "must be a list, got a mapping")

    def test_reference_is_not_type_checked(self, tmp_path: Path) -> None:
        """A string holding a reference may stand for a value of any type."""
        scenario = load_text(
            tmp_path,
            """
            title: T
            steps:
              - {name: g, do: ListModelPackageGroups}
              - do: ListModelPackageGroups
                with: {MaxResults: "${g.ModelPackageGroupSummaryList.0.ModelPackageGroupArn}"}
            """,
        )
        assert len(scenario.steps) == 2

    def test_validation_error_step_skips_the_static_check(self, tmp_path: Path) -> None:
        """A step expecting ValidationException may show bad input being refused."""
        scenario = load_text(
            tmp_path,
            """
            title: T
            steps:
              - do: UpdateModelPackage
                with: {ModelPackageArn: x, ModelApprovalStatus: approved}
                expect_error: {code: ValidationException}
            """,
        )
        step = scenario.steps[0]
        assert isinstance(step, ActionStep)
        assert step.params == {"ModelPackageArn": "x", "ModelApprovalStatus": "approved"}


# --- `expect` ---------------------------------------------------------------


class TestExpect:
    def test_unknown_response_field(self, tmp_path: Path) -> None:
        """A field the response can never hold is refused with a suggestion."""
        error = error_of(
            tmp_path,
            "title: T\nsteps:\n  - do: DescribeModelPackage\n    with: {ModelPackageName: x}\n"
            "    expect: {ModelApprovalStatuss: Approved}\n",
        )
        assert where(error) == (5, 14)
        assert_says(error, "'ModelApprovalStatuss'", "response of", "'ModelApprovalStatus'")

    def test_bad_regex_in_matches(self, tmp_path: Path) -> None:
        """An invalid regular expression in a matcher is refused at the pattern."""
        error = error_of(
            tmp_path,
            "title: T\nsteps:\n  - do: DescribeModelPackage\n    with: {ModelPackageName: x}\n"
            "    expect: {ModelPackageArn: {matches: '(('}}\n",
        )
        assert where(error) == (5, 41)
        assert_says(error, "matches:", "not a valid regular expression")

    def test_len_needs_a_whole_number(self, tmp_path: Path) -> None:
        """`len` needs a whole number."""
        error = error_of(
            tmp_path,
            "title: T\nsteps:\n  - do: ListModelPackageGroups\n"
            "    expect: {ModelPackageGroupSummaryList: {len: many}}\n",
        )
        assert where(error) == (4, 50)
        assert_says(error, "len:", "whole number")


# --- time steps -------------------------------------------------------------


class TestAdvance:
    def test_bad_duration_shows_accepted_forms(self, tmp_path: Path) -> None:
        """A duration that does not parse shows the forms that do."""
        error = error_of(tmp_path, "title: T\nsteps:\n  - advance: 2 hours\n")
        assert where(error) == (3, 14)
        assert_says(error, "'2 hours' is not a duration", "90s", "1h30m", "PT2H")

    def test_duration_needs_a_unit(self, tmp_path: Path) -> None:
        """A bare number is refused: it does not say which unit."""
        error = error_of(tmp_path, "title: T\nsteps:\n  - advance: 90\n")
        assert where(error) == (3, 14)
        assert_says(error, "give it a unit")

    def test_durations_parse(self, tmp_path: Path) -> None:
        """Short and ISO 8601 durations both load, keeping the text as written."""
        scenario = load_text(tmp_path, "title: T\nsteps:\n  - advance: 1h30m\n  - advance: PT2H\n")
        assert scenario.steps == [
            AdvanceStep(timedelta(minutes=90), "1h30m", Pos(str(tmp_path / "s.yaml"), 3, 5)),
            AdvanceStep(timedelta(hours=2), "PT2H", Pos(str(tmp_path / "s.yaml"), 4, 5)),
        ]


# --- tasks and questions ----------------------------------------------------


class TestTask:
    def test_write_operation_in_goal(self, tmp_path: Path) -> None:
        """A goal step that changes the world is refused at its operation."""
        error = error_of(
            tmp_path,
            """
            title: T
            steps:
              - task: Approve it.
                goal:
                  - do: UpdateModelPackage
                    with: {ModelPackageArn: x, ModelApprovalStatus: Approved}
                solution:
                  - say: done
            """,
        )
        assert where(error) == (5, 13)
        assert_says(error, "goal steps may only read", "sagemaker:UpdateModelPackage")

    def test_task_inside_a_solution(self, tmp_path: Path) -> None:
        """A solution cannot hold a task step."""
        error = error_of(
            tmp_path,
            """
            title: T
            steps:
              - task: Outer
                goal: [{do: ListModelPackageGroups}]
                solution:
                  - task: Inner
                    goal: [{do: ListModelPackageGroups}]
                    solution: [{say: x}]
            """,
        )
        assert where(error) == (6, 9)
        assert_says(error, "a task's solution cannot hold a task step")

    def test_goal_is_required(self, tmp_path: Path) -> None:
        """A task without a goal says what the goal is for."""
        error = error_of(tmp_path, "title: T\nsteps:\n  - task: Do it\n    solution: [{say: x}]\n")
        assert where(error) == (3, 5)
        assert_says(error, "needs 'goal'")

    def test_solution_names_count_for_later_steps(self, tmp_path: Path) -> None:
        """A step named in a task's solution can be read by a later step."""
        scenario = load_text(
            tmp_path,
            """
            title: T
            steps:
              - task: List the groups.
                goal: [{do: ListModelPackageGroups}]
                solution: [{name: listed, do: ListModelPackageGroups}]
              - do: ListModelPackageGroups
                with: {NextToken: "${listed.NextToken}"}
            """,
        )
        task = scenario.steps[0]
        assert isinstance(task, TaskStep)
        assert task.solution[0].name == "listed"  # type: ignore[union-attr]


class TestAsk:
    def test_answer_not_in_choices(self, tmp_path: Path) -> None:
        """An answer that is not one of the choices is refused at the answer."""
        error = error_of(
            tmp_path,
            """
            title: T
            steps:
              - ask: Which status?
                choices: [Approved, Rejected]
                answer: Aproved
            """,
        )
        assert where(error) == (5, 13)
        assert_says(error, "'Aproved' is not one of the choices", "did you mean 'Approved'?")

    def test_number_choices_are_their_text(self, tmp_path: Path) -> None:
        """Unquoted numbers in choices and answer count as the text written."""
        scenario = load_text(
            tmp_path, "title: T\nsteps:\n  - {ask: How many?, choices: [1, 2, 3], answer: 2}\n"
        )
        step = scenario.steps[0]
        assert isinstance(step, AskStep)
        assert (step.choices, step.answer) == (["1", "2", "3"], "2")


# --- references -------------------------------------------------------------


class TestReferences:
    def test_unknown_step_reference(self, tmp_path: Path) -> None:
        """A reference to a step name not defined before is refused, naming those that are."""
        error = error_of(
            tmp_path,
            """
            title: T
            steps:
              - {name: v1, do: ListModelPackageGroups}
              - do: DescribeModelPackage
                with: {ModelPackageName: "${v2.ModelPackageArn}"}
            """,
        )
        assert where(error) == (5, 30)
        assert_says(
            error, "unknown reference ${v2.ModelPackageArn}", "'v2'", "named steps so far: v1"
        )

    def test_reference_to_a_later_step(self, tmp_path: Path) -> None:
        """A step cannot read a step that runs after it."""
        error = error_of(
            tmp_path,
            """
            title: T
            steps:
              - do: ListModelPackageGroups
                with: {NextToken: "${later.NextToken}"}
              - {name: later, do: ListModelPackageGroups}
            """,
        )
        assert where(error) == (4, 23)
        assert_says(error, "no earlier step is named 'later'")

    def test_unknown_field_in_reference(self, tmp_path: Path) -> None:
        """A reference path the response cannot hold is refused with a suggestion."""
        error = error_of(
            tmp_path,
            """
            title: T
            steps:
              - {name: g, do: ListModelPackageGroups}
              - do: ListModelPackageGroups
                with: {NextToken: "${g.NextTokn}"}
            """,
        )
        assert where(error) == (5, 23)
        assert_says(error, "unknown field 'NextTokn' in ${g.NextTokn}", "'NextToken'")

    def test_malformed_references(self, tmp_path: Path) -> None:
        """An empty or unclosed reference is refused."""
        for broken, words in (("${}", "is empty"), ("${g.NextToken", "not closed")):
            error = error_of(tmp_path, LIST_STEP + f'    with: {{NextToken: "{broken}"}}\n')
            assert where(error) == (4, 23)
            assert_says(error, words)

    def test_escaped_reference_is_text(self, tmp_path: Path) -> None:
        """`$${` is a literal `${`, kept for the runner to unescape."""
        scenario = load_text(
            tmp_path,
            "title: T\nsteps:\n  - do: ListModelPackageGroups\n"
            '    with: {NextToken: "$${nothing.here}"}\n',
        )
        step = scenario.steps[0]
        assert isinstance(step, ActionStep)
        assert step.params == {"NextToken": "$${nothing.here}"}

    def test_world_field_must_exist(self, tmp_path: Path) -> None:
        """`${world.acount}` names the world fields there are."""
        error = error_of(
            tmp_path,
            LIST_STEP + '    with: {NextToken: "${world.acount}"}\n',
        )
        assert where(error) == (4, 23)
        assert_says(error, "${world.account}", "${world.region}")

    def test_event_outside_automation(self, tmp_path: Path) -> None:
        """`${event...}` is refused outside an automation."""
        error = error_of(
            tmp_path,
            LIST_STEP + '    with: {NextToken: "${event.id}"}\n',
        )
        assert where(error) == (4, 23)
        assert_says(error, "only exists in an automation's do")

    def test_references_scanner(self) -> None:
        """The scanner finds references and skips escaped ones."""
        found = references("a ${v2.Arn} b $${x} c ${world.account}")
        assert [(r.name, r.path) for r in found] == [("v2", ("Arn",)), ("world", ("account",))]


# --- automations ------------------------------------------------------------


class TestAutomations:
    def test_on_stays_a_text_key(self, tmp_path: Path) -> None:
        """An automation's `on:` is read as the key 'on', not as true."""
        scenario = load_text(
            tmp_path,
            """
            title: T
            automations:
              - name: a
                on: {source: [aws.sagemaker]}
                do: [{do: ListModelPackageGroups}]
            steps: [{say: x}]
            """,
        )
        assert scenario.automations[0].on == {"source": ["aws.sagemaker"]}

    def test_duplicate_automation_name(self, tmp_path: Path) -> None:
        """Two automations with one name are refused."""
        error = error_of(
            tmp_path,
            """
            title: T
            automations:
              - {name: a, on: {source: [x]}, do: [{do: ListModelPackageGroups}]}
              - {name: a, on: {source: [y]}, do: [{do: ListModelPackageGroups}]}
            steps: [{say: x}]
            """,
        )
        assert where(error) == (4, 5)
        assert_says(error, "'a' is already used at line 3")

    def test_as_inside_automation_step(self, tmp_path: Path) -> None:
        """An automation's steps take the automation's principal, not their own."""
        error = error_of(
            tmp_path,
            """
            title: T
            automations:
              - name: a
                on: {source: [x]}
                do:
                  - {do: ListModelPackageGroups, as: admin}
            steps: [{say: x}]
            """,
        )
        assert where(error) == (6, 38)
        assert_says(error, "set 'as' on the automation")


# --- a complete scenario ----------------------------------------------------


class TestCompleteScenario:
    def test_every_construct_loads(self) -> None:
        """The scenario using every construct of the contract loads into the right dataclasses."""
        scenario = load_scenario(GOOD)
        kinds = [type(step).__name__ for step in scenario.steps]
        assert kinds == [
            "SayStep",
            "ActionStep",
            "ActionStep",
            "ActionStep",
            "AdvanceStep",
            "TaskStep",
            "ActionStep",
            "ActionStep",
            "ActionStep",
            "ActionStep",
            "AskStep",
        ]
        assert scenario.title == "Every construct of the contract"
        assert scenario.concepts == ["model-registry", "approval", "access-control", "events"]

    def test_every_construct_world(self) -> None:
        """The world's account, region, clock, roles, principals and buckets load with positions."""
        world = load_scenario(GOOD).world
        file = str(GOOD)
        assert (world.account, world.region) == ("111122223333", "eu-west-1")
        assert world.clock == datetime(2025, 3, 1, 9, tzinfo=UTC)
        assert world.buckets == ["ml-data", "ml-artifacts"]
        assert world.roles["MLApprover"].account == "444455556666"
        assert world.roles["DataScientist"].policies[1] == {
            "Effect": "Deny",
            "Action": "sagemaker:UpdateModelPackage",
            "Resource": "*",
        }
        assert world.principals["bob"].role == "MLApprover"
        assert world.principals["alice"].pos == Pos(file, 24, 5)

    def test_every_construct_action_steps(self) -> None:
        """Action steps keep name, principal, canonical operation, input, expectations and pos."""
        steps = load_scenario(GOOD).steps
        group, v1, denied = steps[1], steps[2], steps[3]
        assert isinstance(group, ActionStep)
        assert isinstance(v1, ActionStep)
        assert isinstance(denied, ActionStep)
        assert group.operation == "sagemaker:CreateModelPackageGroup"
        assert group.pos == Pos(str(GOOD), 46, 5)
        assert group.expect == {"ModelPackageGroupArn": {"matches": "model-package-group/churn$"}}
        assert (v1.name, v1.principal) == ("v1", "alice")
        assert v1.params["CustomerMetadataProperties"] == {"on": "yes"}
        assert denied.expect_error is not None
        assert denied.expect_error.code == "AccessDeniedException"
        assert denied.expect_error.message_contains == "not authorized"

    def test_every_construct_task_and_question(self) -> None:
        """The task keeps goal, hint and mixed solution; the question its choices and answer."""
        steps = load_scenario(GOOD).steps
        task, ask = steps[5], steps[10]
        assert isinstance(task, TaskStep)
        assert task.hint == "UpdateModelPackage changes the approval status."
        assert [type(s) for s in task.solution] == [SayStep, AdvanceStep, ActionStep]
        assert task.goal[0].operation == "sagemaker:DescribeModelPackage"
        assert task.goal[0].pos == Pos(str(GOOD), 75, 9)
        assert isinstance(ask, AskStep)
        assert ask.answer == "PendingManualApproval"
        assert ask.explain == "A version waits for an explicit decision."

    def test_every_construct_automation(self) -> None:
        """The automation keeps its pattern, principal and steps, which run as that principal."""
        (automation,) = load_scenario(GOOD).automations
        assert automation.name == "tag-on-approval"
        assert automation.on["detail"] == {"ModelApprovalStatus": ["Approved"]}
        assert automation.principal == "bob"
        assert [step.principal for step in automation.do] == ["bob", "bob"]
        assert automation.do[1].operation == "sagemaker:AddTags"
        assert automation.pos == Pos(str(GOOD), 28, 5)

    def test_parse_scenario_from_text(self) -> None:
        """A scenario can be loaded from text, with positions naming the given file."""
        scenario = parse_scenario("title: T\nsteps: [{say: hi}]\n", "inline.yaml")
        assert scenario.steps == [SayStep("hi", Pos("inline.yaml", 2, 9))]


# --- robustness -------------------------------------------------------------


def _variants(text: str) -> list[str]:
    """The good scenario broken line by line: deleted, truncated, or given odd values."""
    lines = text.splitlines()
    odd = ["[]", "{}", "1", "~", "true", '"${nope.X}"', "2025-01-01T00:00:00Z", '{len: "("}']
    variants = []
    for i, line in enumerate(lines):
        variants.append("\n".join(lines[:i] + lines[i + 1 :]))
        variants.append("\n".join(lines[:i]))
        match = re.match(r"^(\s*(?:- )?[^:#]+:\s*)(.+)$", line)
        if match:
            variants += ["\n".join([*lines[:i], match.group(1) + v, *lines[i + 1 :]]) for v in odd]
    return variants


def test_broken_scenarios_raise_only_scenario_errors() -> None:
    """Every broken variant of the good scenario loads or raises ScenarioError, nothing else."""
    for text in _variants(GOOD.read_text(encoding="utf-8")):
        try:
            parse_scenario(text, "broken.yaml")
        except ScenarioError as error:
            assert error.message
