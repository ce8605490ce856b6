"""aegis.record: the dataclass-like values the hook path uses."""

from __future__ import annotations

import pickle

import pytest

from aegis.record import Record


class Point(Record):
    x: int
    y: int = 0
    tags: tuple[str, ...] = ()


class Labelled(Point):
    _hidden = frozenset({"secret"})

    label: str = ""
    secret: str | None = None


def test_fields_come_from_annotations_in_order_and_subclasses_append():
    assert Point._fields == ("x", "y", "tags")
    assert Labelled._fields == ("x", "y", "tags", "label", "secret")


def test_positional_keyword_and_default_construction():
    assert Point(1).as_dict() == {"x": 1, "y": 0, "tags": ()}
    assert Point(1, 2) == Point(x=1, y=2) == Point(y=2, x=1)
    assert Labelled(1, label="a").label == "a"


@pytest.mark.parametrize("build, message", [
    (lambda: Point(), "missing the field 'x'"),
    (lambda: Point(1, 2, (), 4), "takes 3 fields"),
    (lambda: Point(1, z=3), "no field 'z'"),
    (lambda: Point(1, x=2), "'x' twice"),
])
def test_bad_construction_is_a_clear_type_error(build, message):
    with pytest.raises(TypeError, match=message):
        build()


def test_records_are_immutable_and_replace_makes_a_copy():
    point = Point(1, 2)
    with pytest.raises(AttributeError):
        point.x = 5
    with pytest.raises(AttributeError):
        del point.y
    moved = point.replace(y=7)
    assert (point.y, moved.y, moved.x) == (2, 7, 1)
    with pytest.raises(TypeError):
        point.replace(z=1)


def test_equality_and_hash_are_by_type_and_value():
    assert Point(1, 2) == Point(1, 2) and hash(Point(1, 2)) == hash(Point(1, 2))
    assert Point(1, 2) != Point(1, 3)
    assert Point(1, 2) != Labelled(1, 2)          # same values, another type
    assert len({Point(1), Point(1), Point(2)}) == 2


def test_repr_names_fields_and_hides_secrets():
    assert repr(Point(1)) == "Point(x=1, y=0, tags=())"
    shown = repr(Labelled(1, secret="hunter2"))
    assert "hunter2" not in shown and "label=''" in shown


def test_mutable_defaults_are_refused_at_class_creation():
    with pytest.raises(TypeError, match="mutable default"):
        class Bad(Record):
            items: list = []


def test_records_pickle_round_trip():
    value = Labelled(3, 4, ("a",), "l", "s")
    assert pickle.loads(pickle.dumps(value)) == value
