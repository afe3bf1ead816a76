"""Coherence of a learning path: known modules, prerequisites, cycles, duplicates, unused concepts."""
from __future__ import annotations

import bisect
import difflib
import heapq
from dataclasses import dataclass

from studio import model as m
from studio.rules.objective_match import duplicate_pairs
from studio.rules.problems import Problem
from studio.rules.question_concepts import has_tags, mentions, tagged_concepts
from studio.rules.schedule import path_plan, plan_to_dict


@dataclass(frozen=True)
class PathReport:
    id: str
    order: tuple[str, ...]
    suggested_order: tuple[str, ...] | None
    problems: tuple[Problem, ...]
    schedule: tuple[dict, ...] | None = None    # the spaced plan (rules/schedule.py), None without release
    pacing: dict | None = None                  # rules/progression.py path_pacing, set by check_course


def check_path(course: m.Course, path: m.Path) -> PathReport:
    problems: list[Problem] = []
    modules = []
    by_id = {mod.id: mod for mod in course.modules}
    for position, key in enumerate(path.modules, 1):
        module = by_id.get(key)
        if module is None:
            problems.append(Problem("sequence.unknown-module", "error", _unknown_module_message(
                key, position, path, by_id), module=key, path=path.id))
        else:
            modules.append(module)
    missing, needs_reorder = _missing_prerequisites(path, modules, course.modules)
    problems += missing
    cycles = _cycles(modules, path.entry_concepts)
    deps = _dependencies(modules, path.entry_concepts) if cycles else {}
    problems += [Problem("sequence.cycle", "error", _cycle_message(c, modules, path, deps), module=c[0],
                         path=path.id) for c in cycles]
    problems += _duplicate_objectives(path, modules, course.language)
    problems += _unused_concepts(path, modules)
    suggested = None if cycles or not needs_reorder else _closest_valid_order(modules, path.entry_concepts)
    schedule = tuple(plan_to_dict(path_plan(course, path))) if path.release else None
    return PathReport(path.id, tuple(path.modules), suggested, tuple(problems), schedule)


def _unknown_module_message(key: str, position: int, path: m.Path, by_id: dict[str, m.Module]) -> str:
    close = difflib.get_close_matches(key, list(by_id), n=1, cutoff=0.75)
    fix = f"did you mean '{close[0]}'?" if close else "fix the id or add the module to the course"
    return f"path '{path.id}' lists module '{key}' (position {position}), which is not in the course; {fix}"


def _missing_prerequisites(path: m.Path, modules: list[m.Module],
                           course_modules: tuple[m.Module, ...]) -> tuple[list[Problem], bool]:
    """The missing prerequisites, and whether moving modules would satisfy some of them."""
    known = set(path.entry_concepts)
    taught_at: dict[str, list[int]] = {}        # concept → positions in the path that introduce it
    for index, module in enumerate(modules):
        for concept in module.introduces:
            taught_at.setdefault(concept, []).append(index)
    taught_in_course: dict[str, str] = {}
    problems, needs_reorder = [], False
    for index, module in enumerate(modules):
        for concept in module.requires:
            if concept in known:
                continue
            places = taught_at.get(concept, [])
            later = next((modules[i].id for i in places[bisect.bisect_right(places, index):]
                          if modules[i].id != module.id), None)
            if later:
                needs_reorder = True
                message = (f"requires '{concept}', which '{later}' introduces later in path '{path.id}': "
                           f"place '{later}' before '{module.id}'")
            elif concept in module.introduces:
                message = (f"requires '{concept}', which it introduces itself: a module cannot need what it "
                           f"teaches; drop it from requires or teach it in an earlier module of path '{path.id}'")
            else:
                if not taught_in_course:
                    for mod in reversed(course_modules):
                        taught_in_course.update((c, mod.id) for c in mod.introduces)
                elsewhere = taught_in_course.get(concept)
                hint = f" ('{elsewhere}' does, but is not in the path)" if elsewhere else ""
                message = (f"requires '{concept}', which no earlier module of path '{path.id}' introduces{hint} "
                           "and is not an entry concept: add a module that teaches it before this one, "
                           "or list it in the path's entry_concepts")
            problems.append(Problem("sequence.missing-prerequisite", "error", message,
                                    module=module.id, path=path.id))
        known.update(module.introduces)
    return problems, needs_reorder


def _dependencies(modules: list[m.Module], entry: tuple[str, ...] = ()) -> dict[str, set[str]]:
    """module id → ids of the modules whose concepts it requires (entry concepts are already known)."""
    introducers: dict[str, set[str]] = {}
    for mod in modules:
        for concept in mod.introduces:
            if concept in entry:
                continue
            introducers.setdefault(concept, set()).add(mod.id)
    return {mod.id: {dep for c in mod.requires for dep in introducers.get(c, ()) if dep != mod.id}
            for mod in modules}


def _cycles(modules: list[m.Module], entry: tuple[str, ...] = ()) -> list[list[str]]:
    """Strongly connected groups of two or more modules (Tarjan), in path order."""
    graph = _dependencies(modules, entry)
    order = {mod.id: i for i, mod in enumerate(modules)}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node], key=order.get):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                group.append(item)
                if item == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group, key=order.get))

    for mod in modules:
        if mod.id not in index:
            visit(mod.id)
    return sorted(groups, key=lambda g: order[g[0]])


def _cycle_message(group: list[str], modules: list[m.Module], path: m.Path, deps: dict[str, set[str]]) -> str:
    by_id = {mod.id: mod for mod in modules}
    walk = _cycle_walk(group, deps)
    reasons = []
    for before, after in zip(walk, walk[1:]):
        needed = [c for c in by_id[after].requires if c in by_id[before].introduces and c not in path.entry_concepts]
        named = ", ".join(f"'{c}'" for c in needed)
        reasons.append(f"'{after}' requires {named} from '{before}'")
    return (f"prerequisite cycle in path '{path.id}': {' → '.join(walk)} ({'; '.join(reasons)}); "
            "no order can satisfy these modules: drop one of these requirements, or teach the concept "
            "in a module that comes before them")


def _cycle_walk(group: list[str], deps: dict[str, set[str]]) -> list[str]:
    """A closed walk through every module of the group, from its first in path order, each step
    going to a module that needs the one before; for a simple cycle, the cycle itself."""
    members = set(group)
    forward: dict[str, list[str]] = {key: [] for key in group}     # module → the group's modules that need it
    for key in group:                                                # in path order, as the group is
        for dep in deps[key]:
            if dep in members:
                forward[dep].append(key)

    def shortest(start: str, goal) -> list[str]:
        came_from = {start: start}
        queue = [start]
        for node in queue:                   # BFS; the list grows while it is walked
            for nxt in forward[node]:
                if nxt in members and nxt not in came_from:
                    came_from[nxt] = node
                    if goal(nxt):
                        steps = [nxt]
                        while steps[-1] != start:
                            steps.append(came_from[steps[-1]])
                        return steps[-2::-1]
                    queue.append(nxt)
        return []

    walk, unseen = [group[0]], set(group[1:])
    while unseen:
        steps = shortest(walk[-1], lambda key: key in unseen)
        if not steps:
            break           # cannot happen in a strongly connected group; never loop on it
        walk += steps
        unseen -= set(steps)
    walk += shortest(walk[-1], lambda key: key == group[0])
    return walk


def _closest_valid_order(modules: list[m.Module], entry: tuple[str, ...]) -> tuple[str, ...]:
    """The valid order with the fewest moves from the author's (acyclic prerequisites).

    The modules that stay put are the largest set whose author's order already respects every
    prerequisite; the others move. At each step the earliest-placed module whose prerequisites
    (and, for a kept module, the kept module before it) are met goes next."""
    graph = {key: set(deps) for key, deps in _dependencies(modules, entry).items()}
    kept = _largest_kept_set(graph, [mod.id for mod in modules])
    for before, after in zip(kept, kept[1:]):
        graph[after].add(before)
    position = {mod.id: i for i, mod in enumerate(modules)}
    waiting = {key: len(deps) for key, deps in graph.items()}
    dependents: dict[str, list[str]] = {key: [] for key in graph}
    for key, deps in graph.items():
        for dep in deps:
            dependents[dep].append(key)
    ready = [(position[k], k) for k, n in waiting.items() if n == 0]
    heapq.heapify(ready)
    result = []
    while ready:
        _, key = heapq.heappop(ready)
        result.append(key)
        for nxt in dependents[key]:
            waiting[nxt] -= 1
            if waiting[nxt] == 0:
                heapq.heappush(ready, (position[nxt], nxt))
    return tuple(result)


def _largest_kept_set(graph: dict[str, set[str]], ids: list[str]) -> list[str]:
    """The most modules that can keep their relative order: no one of them is placed before a
    module it needs (directly or not). "u is placed before v but needs v" is a strict partial
    order, so this is its largest antichain, found by König's theorem on a maximum matching."""
    position = {key: i for i, key in enumerate(ids)}
    needs: dict[str, int] = {}          # everything a module needs, directly or not, as a bit set
    for key in _topological(graph, ids):
        bits = 0
        for dep in graph[key]:
            bits |= needs[dep] | (1 << position[dep])
        needs[key] = bits
    wrong = {u: [ids[i] for i in _bits(needs[u] >> (position[u] + 1), position[u] + 1)] for u in ids}
    partner = _maximum_matching(ids, wrong)   # right vertex → matched left vertex
    matched = set(partner.values())
    reached_left = {u for u in ids if u not in matched}
    reached_right: set[str] = set()
    stack = list(reached_left)
    while stack:
        for v in wrong[stack.pop()]:
            if v not in reached_right:
                reached_right.add(v)
                if v in partner and partner[v] not in reached_left:
                    reached_left.add(partner[v])
                    stack.append(partner[v])
    # minimum vertex cover: (left not reached) ∪ (right reached); the rest is the antichain
    return [key for key in ids if key in reached_left and key not in reached_right]


def _topological(graph: dict[str, set[str]], ids: list[str]) -> list[str]:
    """Every module after the modules it needs (the graph is acyclic here)."""
    waiting = {key: len(graph[key]) for key in ids}
    dependents: dict[str, list[str]] = {key: [] for key in ids}
    for key in ids:
        for dep in graph[key]:
            dependents[dep].append(key)
    ready = [key for key in ids if not waiting[key]]
    for key in ready:                    # the list grows while it is walked
        for nxt in dependents[key]:
            waiting[nxt] -= 1
            if not waiting[nxt]:
                ready.append(nxt)
    return ready


def _bits(value: int, offset: int) -> list[int]:
    """Indices of the set bits of ``value``, plus ``offset``."""
    out, index = [], offset
    while value:
        low = value & -value
        index_of = low.bit_length() - 1
        out.append(index + index_of)
        value >>= index_of + 1
        index += index_of + 1
    return out


def _maximum_matching(left: list[str], edges: dict[str, list[str]]) -> dict[str, str]:
    """Hopcroft–Karp, iterative (no recursion limit at thousands of modules): right → left."""
    partner: dict[str, str] = {}        # right → left
    match_of: dict[str, str] = {}       # left → right
    while True:
        # BFS from the free left vertices, in layers
        layer = {u: 0 for u in left if u not in match_of}
        queue, found = list(layer), False
        for u in queue:
            for v in edges[u]:
                w = partner.get(v)
                if w is None:
                    found = True
                elif w not in layer:
                    layer[w] = layer[u] + 1
                    queue.append(w)
        if not found:
            return partner
        # DFS along the layers for vertex-disjoint shortest augmenting paths
        progress = {u: 0 for u in layer}
        for root in [u for u in left if u not in match_of]:
            stack = [root]
            while stack:
                u = stack[-1]
                if progress[u] >= len(edges[u]):
                    layer.pop(u, None)           # dead end for this phase
                    stack.pop()
                    continue
                v = edges[u][progress[u]]
                progress[u] += 1
                w = partner.get(v)
                if w is None:
                    for x in reversed(stack):   # flip the path root … u → v
                        previous = match_of.get(x)
                        partner[v], match_of[x] = x, v
                        v = previous
                    for x in stack:
                        layer.pop(x, None)
                    break
                if w in layer and layer[w] == layer[u] + 1:
                    stack.append(w)


def _duplicate_objectives(path: m.Path, modules: list[m.Module], language: str) -> list[Problem]:
    problems = []
    for earlier, later, exact in duplicate_pairs([mod.objective for mod in modules], language):
        first, second = modules[earlier], modules[later]
        if exact:
            message = f"has the same objective as '{first.id}' in path '{path.id}' ('{first.objective}')"
        else:
            message = (f"has nearly the same objective as '{first.id}' in path '{path.id}' "
                       f"('{second.objective}' / '{first.objective}')")
        message += ": merge the two modules, or give each its own measurable objective"
        problems.append(Problem("sequence.duplicate-objective", "warning", message, module=second.id, path=path.id))
    return problems


def _quiz_text(module: m.Module) -> str:
    parts = []
    for block in module.blocks:
        if isinstance(block, m.QuizBlock):
            for q in block.questions:
                parts += [q.prompt, *(c.text for c in q.choices), *q.answers, *q.items,
                          *(x for pair in q.pairs for x in pair)]
    return " ".join(parts)


def _words_in_quiz(concept: str, module: m.Module) -> bool:
    """Without tags, a concept counts as assessed when its words appear in the module's quiz."""
    return mentions(concept, _quiz_text(module))


def _assessed(concept: str, module: m.Module, path_tags: set[str]) -> bool:
    """Tagged by a question of the path, once the introducing module tags any of its questions;
    else today's inference from the words of its own quiz."""
    if has_tags(module):
        return concept in path_tags
    return _words_in_quiz(concept, module)


def _unused_concepts(path: m.Path, modules: list[m.Module]) -> list[Problem]:
    problems = []
    path_tags = set().union(*(tagged_concepts(mod) for mod in modules))
    required_after: list[set[str]] = [set()]    # concepts required by the modules after each one
    for later in reversed(modules[1:]):
        required_after.append(required_after[-1] | set(later.requires))
    required_after.reverse()
    for module, required_later in zip(modules, required_after):
        for concept in module.introduces:
            if concept not in required_later and not _assessed(concept, module, path_tags):
                unassessed = "no quiz question of the path is tagged with it" if has_tags(module) else \
                    "its quiz does not ask about it"
                problems.append(Problem(
                    "sequence.unused-concept", "warning",
                    f"introduces '{concept}', but no later module of path '{path.id}' requires it and {unassessed}: "
                    "require it in a later module, assess it in a quiz, or stop introducing it",
                    module=module.id, path=path.id))
    return problems
