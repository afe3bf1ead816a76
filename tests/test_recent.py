"""for_same_inputs: a course matches only itself (never a deep comparison), other arguments
match by equality, and a failure is never remembered."""
from __future__ import annotations

import dataclasses

import pytest

from studio import model as m
from studio.recent import for_same_inputs


def _course(title: str = "Ladders") -> m.Course:
    return m.Course(title=title, modules=())


def test_the_same_course_and_equal_facts_reuse_the_result():
    calls = []

    @for_same_inputs()
    def answer(course, facts):
        calls.append(course)
        return object()

    course = _course()
    first = answer(course, {"a.mp4": 1})
    assert answer(course, {"a.mp4": 1}) is first           # an equal dict, another object
    assert len(calls) == 1
    assert answer(course, {"a.mp4": 2}) is not first       # other facts: computed again
    assert len(calls) == 2


def test_an_equal_but_other_course_is_computed_again():
    calls = []

    @for_same_inputs()
    def answer(course):
        calls.append(course)
        return len(calls)

    course = _course()
    twin = dataclasses.replace(course)
    assert twin == course and twin is not course
    assert answer(course) == 1
    assert answer(twin) == 2          # matched by identity only: an edited copy is never mistaken
    assert answer(course) == 1


def test_only_the_last_few_are_kept_and_failures_are_not_kept():
    calls = []

    @for_same_inputs(size=2)
    def answer(n):
        calls.append(n)
        if n < 0:
            raise ValueError(n)
        return n * 10

    assert [answer(1), answer(2), answer(1)] == [10, 20, 10]
    assert calls == [1, 2]
    answer(3)                          # pushes 1 out
    answer(1)
    assert calls == [1, 2, 3, 1]
    for _ in range(2):
        with pytest.raises(ValueError):
            answer(-1)
    assert calls.count(-1) == 2
    answer.forget()
    answer(1)
    assert calls[-1] == 1 and len(calls) == 7
