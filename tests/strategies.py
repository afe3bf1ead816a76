"""Hypothesis strategies that generate valid courses of the domain model."""
import datetime as dt

from hypothesis import strategies as st

from studio import model as m

_chars = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff\x85\u2028\u2029")
text = st.text(_chars, max_size=40)
line = text.filter(lambda s: s.strip() != "")
markdown = st.lists(line, min_size=1, max_size=4).map("\n".join)
ident = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,4}){0,2}", fullmatch=True)
concepts = st.lists(ident, max_size=3, unique=True).map(tuple)
seconds = st.floats(min_value=0, max_value=7200, allow_nan=False, allow_infinity=False)
maybe = st.none().__or__


def _trim():
    return st.tuples(maybe(seconds), maybe(seconds)).filter(
        lambda t: t[0] is None or t[1] is None or t[0] < t[1])


media_name = st.from_regex(r"media/[a-z]{1,8}\.(mp4|mp3|png|vtt)", fullmatch=True)
choice = st.builds(m.Choice, text=line, correct=st.booleans(), feedback=maybe(line))
feedback = dict(points=st.sampled_from([1.0, 2.0, 0.5]), feedback_correct=maybe(line), feedback_incorrect=maybe(line),
                concepts=concepts)

question = st.one_of(
    st.builds(m.Question, kind=st.sampled_from(["single", "multiple"]), prompt=line,
              choices=st.lists(choice, min_size=1, max_size=4).map(tuple), **feedback),
    st.builds(m.Question, kind=st.just("true_false"), prompt=line, answer=st.booleans(), **feedback),
    st.builds(m.Question, kind=st.just("fill_blank"), prompt=line,
              answers=st.lists(line, min_size=1, max_size=3).map(tuple), **feedback),
    st.builds(m.Question, kind=st.just("matching"), prompt=line,
              pairs=st.lists(st.tuples(line, line), min_size=1, max_size=4).map(tuple), **feedback),
    st.builds(m.Question, kind=st.just("ordering"), prompt=line,
              items=st.lists(line, min_size=1, max_size=5).map(tuple), **feedback),
)


@st.composite
def quiz(draw):
    questions = tuple(draw(st.lists(question, min_size=1, max_size=4)))
    return m.QuizBlock(questions=questions, pass_mark=draw(maybe(st.integers(0, 100).map(float))),
                       attempts=draw(maybe(st.integers(1, 5))),
                       draw=draw(maybe(st.integers(1, len(questions)))), id=draw(maybe(ident)))


@st.composite
def media_block(draw, cls):
    start, end = draw(_trim())
    return cls(media=draw(media_name), in_s=start, out_s=end, captions=draw(maybe(media_name)), id=draw(maybe(ident)))


block = st.one_of(
    media_block(m.VideoBlock), media_block(m.AudioBlock),
    st.builds(m.TextBlock, markdown=markdown, id=maybe(ident)),
    st.builds(m.ImageBlock, media=media_name, alt=maybe(line), seconds=maybe(seconds), id=maybe(ident)),
    quiz(),
    st.builds(m.SummaryCardBlock, title=maybe(line), points=st.lists(line, max_size=4).map(tuple),
              markdown=maybe(markdown), id=maybe(ident)),
    st.builds(m.SurveyBlock, items=st.lists(st.builds(m.SurveyItem, kind=st.sampled_from(m.SURVEY_KINDS),
                                                      prompt=line), min_size=1, max_size=3).map(tuple),
              id=maybe(ident)),
    st.builds(m.ActionPlanBlock, prompt=line, id=maybe(ident)),
)
profile = st.tuples(*[st.integers(0, 30)] * 3).map(sorted).map(lambda v: m.BudgetProfile(v[0], v[2], v[1]))


@st.composite
def module(draw, module_id):
    blocks = tuple(draw(st.lists(block, max_size=5)))
    comments = tuple(draw(st.lists(st.builds(
        m.ReviewComment, author=line, at=st.just("2026-11-02T10:00:00Z"), text=line,
        block=st.integers(0, len(blocks) - 1) if blocks else st.none(), resolved=st.booleans()), max_size=2)))
    return m.Module(id=module_id, title=draw(line), objective=draw(maybe(line)),
                    profile=draw(st.one_of(st.sampled_from(["micro", "nano"]), profile)),
                    introduces=draw(concepts), requires=draw(concepts),
                    status=draw(st.sampled_from(m.STATUSES)), budget_override=draw(maybe(line)),
                    blocks=blocks, comments=comments)


@st.composite
def course(draw):
    ids = draw(st.lists(ident, max_size=4, unique=True))
    path_ids = draw(st.lists(ident, max_size=2, unique=True))
    paths = tuple(m.Path(
        id=pid, title=draw(maybe(line)), modules=tuple(draw(st.permutations(ids))),
        entry_concepts=draw(concepts),
        release=draw(maybe(st.builds(m.Release, start=st.dates(dt.date(2020, 1, 1), dt.date(2040, 1, 1)),
                                     every_days=st.integers(1, 60)))),
        reviews=tuple(draw(st.lists(st.integers(0, 90), max_size=4))),
        badge=draw(maybe(st.builds(m.Badge, name=line, description=maybe(line), image=maybe(media_name)))))
        for pid in path_ids)
    return m.Course(title=draw(line), language=draw(st.sampled_from(["en", "fr", "en-GB"])),
                    reading_wpm=draw(maybe(st.integers(40, 1000).map(float))),
                    budget_profiles=draw(st.dictionaries(ident, profile, max_size=2)),
                    modules=tuple(draw(module(i)) for i in ids), paths=paths)
