"""A test LRS with a cmi5 LMS's launch side, on localhost in a thread (another origin than the
package, so CORS preflights are exercised as with a real LMS).

It implements what an AU talks to: the one-shot fetch URL (a second POST gets the error JSON),
the State API (``LMS.LaunchData`` written by the "LMS" before launch, any other document
stored as sent), the agent profile API (``cmi5LearnerPreferences``), statements by POST (one
or an array) and PUT. Every request must carry ``X-Experience-API-Version: 1.0.x`` and the
session's token; every statement is checked against the cmi5 rules (cmi5 spec sections 7.1,
9.3 verbs and ordering, 9.4 object, 9.5 result, 9.6 context, 10 launch data) and each
breach is recorded in ``violations``. In xAPI mode only the xAPI rules apply (plus: no cmi5
category), with the auth the launch gave.
"""
from __future__ import annotations

import base64
import json
import re
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

ADL = "http://adlnet.gov/expapi/verbs/"
W3 = "https://w3id.org/xapi/adl/verbs/"
CAT_CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
CAT_MOVEON = "https://w3id.org/xapi/cmi5/context/categories/moveon"
SESSION = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
MASTERY = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"
DEFINED = {ADL + v for v in ("initialized", "completed", "passed", "failed", "terminated")}
LMS_ONLY = {ADL + "launched", W3 + "waived", W3 + "abandoned", W3 + "satisfied"}
XAPI_VERBS = {ADL + v for v in ("attempted", "experienced", "answered", "completed", "passed", "failed")}
INTERACTION_TYPES = {"true-false", "choice", "fill-in", "long-fill-in", "matching", "performance",
                     "sequencing", "likert", "numeric", "other"}
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
# ISO 8601 durations as xAPI means them; the "alternative" form (PT01:02:03) does not match.
DURATION = re.compile(r"^P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]00:00)$")


@dataclass
class Launch:
    """One AU launch as the LMS prepared it."""
    activity_id: str
    publisher_id: str
    actor: dict
    registration: str
    session: str
    launch_mode: str = "Normal"
    move_on: str = "CompletedAndPassed"
    mastery: float | None = 0.8
    return_url: str | None = None
    key: str = field(default_factory=lambda: uuid.uuid4().hex)
    token: str = field(default_factory=lambda: base64.b64encode(uuid.uuid4().bytes).decode())
    fetched: int = 0

    def launch_data(self) -> dict:
        data = {"contextTemplate": {"contextActivities": {"grouping": [{"objectType": "Activity", "id": self.publisher_id}]},
                                    "extensions": {SESSION: self.session}},
                "launchMode": self.launch_mode, "launchMethod": "AnyWindow", "moveOn": self.move_on}
        if self.mastery is not None:
            data["masteryScore"] = self.mastery
        if self.return_url:
            data["returnURL"] = self.return_url
        return data


class LRS:
    def __init__(self) -> None:
        self.statements: list[dict] = []
        self.violations: list[str] = []
        self.requests: list[tuple[str, str]] = []
        self.states: dict[tuple, object] = {}
        self.launches: dict[str, Launch] = {}          # by token
        self.fetch_keys: dict[str, Launch] = {}
        self.basic: set[str] = set()                    # xAPI mode: accepted Authorization values
        self.preferences: dict | None = {"languagePreference": "en-US", "audioPreference": "on"}
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # ---- the LMS side ----
    def cmi5_launch(self, au_url: str, publisher_id: str, *, registration: str | None = None, **options) -> tuple[str, Launch]:
        """Write LMS.LaunchData and return the launch URL (with the cmi5 query parameters)."""
        launch = Launch(activity_id=f"https://lms.example.com/activities/{uuid.uuid4()}", publisher_id=publisher_id,
                        actor={"objectType": "Agent", "account": {"homePage": "https://lms.example.com", "name": "learner-1"}},
                        registration=registration or str(uuid.uuid4()), session=str(uuid.uuid4()), **options)
        self.launches[launch.token] = launch
        self.fetch_keys[launch.key] = launch
        self.states[(launch.activity_id, _agent_key(launch.actor), launch.registration, "LMS.LaunchData")] = launch.launch_data()
        query = urlencode({"endpoint": f"{self.base}/xapi/", "fetch": f"{self.base}/fetch?k={launch.key}",
                           "actor": json.dumps(launch.actor), "registration": launch.registration,
                           "activityId": launch.activity_id})
        return f"{au_url}?{query}", launch

    def relaunch(self, launch: Launch, au_url: str, **options) -> tuple[str, Launch]:
        """The same AU and registration again: a new session (and token)."""
        url, new = self.cmi5_launch(au_url, launch.publisher_id, registration=launch.registration, **options)
        new.activity_id = launch.activity_id
        self.states[(new.activity_id, _agent_key(new.actor), new.registration, "LMS.LaunchData")] = new.launch_data()
        query = parse_qs(urlsplit(url).query)
        query["activityId"] = [launch.activity_id]
        return f"{au_url}?{urlencode({k: v[0] for k, v in query.items()})}", new

    def of_session(self, launch: Launch) -> list[dict]:
        return [s for s in self.statements if (s.get("context") or {}).get("extensions", {}).get(SESSION) == launch.session]

    def verbs(self, statements: list[dict] | None = None) -> list[str]:
        return [s["verb"]["id"].rsplit("/", 1)[-1] for s in (self.statements if statements is None else statements)]

    # ---- checks ----
    def check_cmi5(self, statement: dict, launch: Launch) -> None:
        v = self.violations.append
        sid = statement.get("id", "?")[:8]
        verb = (statement.get("verb") or {}).get("id")
        if not UUID.match(str(statement.get("id", ""))):
            v(f"{sid}: id is not a UUID")
        if not TIMESTAMP.match(str(statement.get("timestamp", ""))):
            v(f"{sid}: timestamp missing or not UTC")
        if statement.get("actor") != launch.actor and _agent_key(statement.get("actor") or {}) != _agent_key(launch.actor):
            v(f"{sid}: actor is not the launch actor")
        if verb in LMS_ONLY:
            v(f"{sid}: LMS-only verb {verb}")
        context = statement.get("context") or {}
        if context.get("registration") != launch.registration:
            v(f"{sid}: registration {context.get('registration')} is not the launch's")
        if (context.get("extensions") or {}).get(SESSION) != launch.session:
            v(f"{sid}: session id missing or wrong")
        activities = context.get("contextActivities") or {}
        if {"id": launch.publisher_id, "objectType": "Activity"} not in activities.get("grouping", []):
            v(f"{sid}: the context template's publisher grouping is missing")
        categories = {c.get("id") for c in activities.get("category", [])}
        result = statement.get("result") or {}
        defined = CAT_CMI5 in categories
        if defined and verb not in DEFINED:
            v(f"{sid}: cmi5 category on a verb cmi5 does not define ({verb})")
        if verb in DEFINED and not defined:
            v(f"{sid}: {verb} without the cmi5 category")
        if defined:
            if (statement.get("object") or {}).get("id") != launch.activity_id:
                v(f"{sid}: object is not the launch's activityId")
            wants_moveon = "success" in result or "completion" in result
            if wants_moveon != (CAT_MOVEON in categories):
                v(f"{sid}: moveon category {'missing' if wants_moveon else 'where it must not be'}")
            name = verb.rsplit("/", 1)[-1]
            if "score" in result and name not in ("passed", "failed"):
                v(f"{sid}: score on {name}")
            if ("success" in result) != (name in ("passed", "failed")):
                v(f"{sid}: success property on {name}")
            if name == "passed" and result.get("success") is not True or name == "failed" and result.get("success") is not False:
                v(f"{sid}: success does not match {name}")
            if ("completion" in result) != (name == "completed") or name == "completed" and result["completion"] is not True:
                v(f"{sid}: completion property on {name}")
            if name in ("terminated", "completed", "passed", "failed") and not DURATION.match(str(result.get("duration", ""))):
                v(f"{sid}: {name} without an ISO 8601 duration ({result.get('duration')})")
            score = result.get("score")
            if score is not None:
                scaled = score.get("scaled")
                if scaled is not None and not 0 <= scaled <= 1:
                    v(f"{sid}: scaled {scaled} outside [0, 1]")
                if "raw" in score and not (isinstance(score["raw"], int) and "min" in score and "max" in score
                                           and score["min"] <= score["raw"] <= score["max"]):
                    v(f"{sid}: raw without integer min <= raw <= max")
                judged = launch.mastery is not None and scaled is not None
                if judged and (name == "passed" and scaled < launch.mastery or name == "failed" and scaled >= launch.mastery):
                    v(f"{sid}: {name} with scaled {scaled} against masteryScore {launch.mastery}")
            if name in ("passed", "failed") and launch.mastery is not None and (context.get("extensions") or {}).get(MASTERY) != launch.mastery:
                v(f"{sid}: {name} without the masteryscore extension")
        if "duration" in result and not DURATION.match(str(result["duration"])):
            v(f"{sid}: duration {result['duration']} is not ISO 8601")
        if verb == ADL + "answered":
            self._check_interaction(statement, sid)
        # ordering, by timestamp (cmi5 9.3), within the session and the registration
        session = sorted(self.of_session(launch), key=lambda s: s["timestamp"])
        names = [s["verb"]["id"] for s in session]
        if names and names[0] != ADL + "initialized":
            v(f"{sid}: the session's first statement is not initialized")
        if ADL + "terminated" in names[:-1]:
            v(f"{sid}: a statement after terminated")
        defined_names = [s["verb"]["id"] for s in session if CAT_CMI5 in {c.get("id") for c in s["context"]["contextActivities"].get("category", [])}]
        if len(defined_names) != len(set(defined_names)):
            v(f"{sid}: a cmi5 defined verb twice in the session")
        if defined_names.count(ADL + "passed") + defined_names.count(ADL + "failed") > 1:
            v(f"{sid}: passed and failed in one session")
        if launch.launch_mode != "Normal" and verb not in (ADL + "initialized", ADL + "terminated"):
            v(f"{sid}: {verb} in {launch.launch_mode} mode")
        registration = [s for s in self.statements if s.get("context", {}).get("registration") == launch.registration
                        and CAT_CMI5 in {c.get("id") for c in s["context"]["contextActivities"].get("category", [])}]
        for once in ("completed", "passed", "failed"):
            if [s["verb"]["id"] for s in registration].count(ADL + once) > 1:
                v(f"{sid}: {once} twice in the registration")

    def check_xapi(self, statement: dict) -> None:
        v = self.violations.append
        sid = statement.get("id", "?")[:8]
        verb = (statement.get("verb") or {}).get("id")
        if not UUID.match(str(statement.get("id", ""))):
            v(f"{sid}: id is not a UUID")
        if not TIMESTAMP.match(str(statement.get("timestamp", ""))):
            v(f"{sid}: timestamp missing or not UTC")
        if verb not in XAPI_VERBS:
            v(f"{sid}: unexpected verb {verb}")
        context = statement.get("context") or {}
        categories = {c.get("id") for c in (context.get("contextActivities") or {}).get("category", [])}
        if CAT_CMI5 in categories or CAT_MOVEON in categories:
            v(f"{sid}: a cmi5 category in an xAPI statement")
        result = statement.get("result") or {}
        if "duration" in result and not DURATION.match(str(result["duration"])):
            v(f"{sid}: duration {result['duration']} is not ISO 8601")
        if verb == ADL + "answered":
            self._check_interaction(statement, sid)

    def _check_interaction(self, statement: dict, sid: str) -> None:
        v = self.violations.append
        definition = (statement.get("object") or {}).get("definition") or {}
        kind = definition.get("interactionType")
        if definition.get("type") != "http://adlnet.gov/expapi/activities/cmi.interaction" or kind not in INTERACTION_TYPES:
            v(f"{sid}: answered without an interaction definition")
            return
        response = (statement.get("result") or {}).get("response")
        if not isinstance(response, str):
            v(f"{sid}: answered without a response")
            return
        def known(key):
            return {c["id"] for c in definition.get(key, [])}
        if kind in ("choice", "sequencing"):
            if response and not set(response.split("[,]")) <= known("choices"):
                v(f"{sid}: response {response} names no choice")
        elif kind == "matching":
            for pair in filter(None, response.split("[,]")):
                source, _, target = pair.partition("[.]")
                if source not in known("source") or target not in known("target"):
                    v(f"{sid}: matching response {pair} names no source/target")
        elif kind == "true-false" and response not in ("true", "false"):
            v(f"{sid}: true-false response {response}")


def _agent_key(agent: dict) -> str:
    account = agent.get("account") or {}
    return json.dumps([agent.get("mbox"), account.get("homePage"), account.get("name")])


def _handler(lrs: LRS):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _cors(self) -> None:
            self.send_header("Access-Control-Allow-Origin", self.headers.get("Origin") or "*")
            self.send_header("Access-Control-Allow-Methods", "GET, POST, PUT, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Experience-API-Version")
            self.send_header("Access-Control-Expose-Headers", "X-Experience-API-Version")

        def _reply(self, status: int, body=None) -> None:
            data = b"" if body is None else json.dumps(body).encode()
            self.send_response(status)
            self._cors()
            self.send_header("X-Experience-API-Version", "1.0.3")
            if body is not None:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_OPTIONS(self):
            self.send_response(204)
            self._cors()
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _body(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            return json.loads(raw) if raw else None

        def _auth(self) -> Launch | None | bool:
            auth = self.headers.get("Authorization", "")
            if not (self.headers.get("X-Experience-API-Version") or "").startswith("1.0."):
                lrs.violations.append(f"{self.command} {self.path}: no X-Experience-API-Version 1.0.x")
            if auth in lrs.basic:
                return True
            token = auth[len("Basic "):] if auth.startswith("Basic ") else ""
            launch = lrs.launches.get(token)
            if launch is None:
                lrs.violations.append(f"{self.command} {self.path}: unknown Authorization")
            return launch

        def _route(self):
            url = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            with lrs.lock:
                lrs.requests.append((self.command, url.path + ("?" + query.get("stateId", query.get("profileId", "")))))
                if url.path == "/fetch":
                    launch = lrs.fetch_keys.get(query.get("k", ""))
                    if self.command != "POST" or launch is None:
                        return self._reply(200, {"error-code": "2", "error-text": "Not a fetch URL of ours (or not POST)."})
                    launch.fetched += 1
                    if launch.fetched > 1:
                        return self._reply(200, {"error-code": "1", "error-text": "The authorization token has already been returned."})
                    return self._reply(200, {"auth-token": launch.token})
                if url.path == "/return":          # the LMS page a returnURL leads back to
                    page = b"<!DOCTYPE html><title>LMS</title><h1>Back in the LMS</h1>"
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", str(len(page)))
                    self.end_headers()
                    return self.wfile.write(page)
                if not url.path.startswith("/xapi/"):
                    return self._reply(404)
                launch = self._auth()
                if not launch:
                    return self._reply(401)
                resource = url.path[len("/xapi/"):]
                if resource == "activities/state":
                    agent = json.loads(query.get("agent", "{}"))
                    key = (query.get("activityId"), _agent_key(agent), query.get("registration"), query.get("stateId"))
                    if self.command == "GET":
                        return self._reply(200, lrs.states[key]) if key in lrs.states else self._reply(404)
                    if query.get("stateId") == "LMS.LaunchData":
                        lrs.violations.append("the AU wrote LMS.LaunchData")
                        return self._reply(403)
                    lrs.states[key] = self._body()
                    return self._reply(204)
                if resource == "agents/profile":
                    if query.get("profileId") == "cmi5LearnerPreferences" and lrs.preferences is not None:
                        return self._reply(200, lrs.preferences)
                    return self._reply(404)
                if resource == "statements" and self.command in ("POST", "PUT"):
                    body = self._body()
                    batch = body if isinstance(body, list) else [body]
                    if self.command == "PUT":
                        batch[0].setdefault("id", query.get("statementId"))
                    for statement in batch:
                        if isinstance(launch, Launch) and any(s.get("id") == statement.get("id") for s in lrs.statements):
                            lrs.violations.append(f"{statement.get('id')}: sent twice")
                        lrs.statements.append(statement)
                        if isinstance(launch, Launch):
                            lrs.check_cmi5(statement, launch)
                        else:
                            lrs.check_xapi(statement)
                    return self._reply(200, [s.get("id") for s in batch]) if self.command == "POST" else self._reply(204)
                return self._reply(405)

        do_GET = do_POST = do_PUT = _route

    return Handler
