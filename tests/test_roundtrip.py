"""YAML → project → YAML loses nothing: property tests over generated courses."""
from hypothesis import HealthCheck, given, settings

from studio import model as m
from studio.project import store
from studio.media_facts import MediaFacts
from studio.project.media_store import StoredFile
from studio.project.file import ProjectFile
from studio.source.reader import parse_course
from studio.source.writer import course_to_yaml
from tests.strategies import course


@settings(max_examples=150, deadline=None)
@given(course())
def test_yaml_round_trip_is_lossless(generated):
    assert parse_course(course_to_yaml(generated)) == generated


def _media_rows(s, generated):
    names = {name for _, name in m.media_refs(generated)}
    return {n: store.upsert_media(s, n, StoredFile("0" * 64, ".bin", 1), MediaFacts(duration_s=1.0)) for n in names}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(generated=course())
def test_project_round_trip_is_lossless(generated, tmp_path_factory):
    folder = tmp_path_factory.mktemp("rt") / "course.mstudio"
    with ProjectFile.create(folder) as project:
        with project.sessions.begin() as s:
            store.write_course(s, generated, _media_rows(s, generated))
        project.save()
    with ProjectFile.open(folder) as project, project.sessions() as s:
        assert store.read_course(s) == generated


def test_rewriting_a_project_replaces_its_content(tmp_path):
    first = parse_course("title: A\nmodules:\n  - {id: one, title: One}\n  - {id: two, title: Two}\n")
    second = parse_course("title: B\nmodules:\n  - {id: two, title: Two again}\n")
    with ProjectFile.create(tmp_path / "p.mstudio") as project:
        for version in (first, second):
            with project.sessions.begin() as s:
                store.write_course(s, version, {})
        with project.sessions() as s:
            assert store.read_course(s) == second
