/* xAPI (Tin Can) runtime adapter: the player's MMS.adapter on an LRS named by the launch URL
   (endpoint, auth, actor, registration, activity_id — the course activity of tincan.xml,
   read from tincan.xml when the LMS leaves it out). Statements: attempted when a module
   starts, experienced for each part first reached, answered per question (interaction
   definitions), completed and passed/failed at most once per registration and module; no cmi5
   categories. Resume through the State API: one document for the course, a record per module. */
(function () {
  "use strict";
  var MMS = window.MMS = window.MMS || {}, L = MMS.lrs;
  var RESUME = "mms.resume", TYPE = "http://adlnet.gov/expapi/activities/";
  var p = L.params(), errors = [], client = null, queue = null, actor = null, course = null, live = false;
  var doc = { v: 1, modules: {} }, dirty = false, mod = null, cur = null, began = 0, done = false, seen = -1, found = {}, lang = "en";

  function where() { var q = { stateId: RESUME, activityId: course, agent: JSON.stringify(actor) }; if (p.registration) q.registration = p.registration; return q; }
  function moduleId() { return course + "/" + mod.id; }
  function lmap(text) { var m = {}; m[lang] = String(text); return m; }
  function activity(id, type, name) { return { objectType: "Activity", id: id, definition: { type: TYPE + type, name: lmap(name) } }; }
  function send(verb, object, result, parents) {
    var ctx = { contextActivities: { parent: parents || [{ objectType: "Activity", id: course }], grouping: [{ objectType: "Activity", id: course }] } };
    if (p.registration) ctx.registration = p.registration;
    if (lang) ctx.language = lang;
    var s = { id: L.uuid(), timestamp: L.stamp(), actor: actor, verb: { id: L.ADL + verb, display: { "en-US": verb } }, object: object, context: ctx };
    if (result) s.result = result;
    queue.add(s);
  }
  function writeState(keepalive) {
    if (!dirty) return;
    dirty = false;
    client.putDoc("activities/state", where(), doc, keepalive).catch(function (e) { errors.push(String(e.message || e)); dirty = true; });
  }
  function courseId() {
    if (p.activity_id) return Promise.resolve(p.activity_id);
    return window.fetch("tincan.xml", { cache: "no-store" }).then(function (r) { return r.text(); }).then(function (t) {
      var a = new DOMParser().parseFromString(t, "application/xml").getElementsByTagName("activity")[0];
      if (!a) throw new Error("no activity_id and no tincan.xml");
      return a.getAttribute("id");
    });
  }

  function startup() {
    if (!p.endpoint || !p.actor) return Promise.resolve();
    try { actor = L.agent(p.actor); } catch (e) { errors.push("actor: not JSON"); return Promise.resolve(); }
    client = new L.Client(p.endpoint, p.auth || "");
    queue = new L.Queue(client, errors);
    return courseId().then(function (id) {
      course = id;
      return client.getDoc("activities/state", where());
    }).then(function (saved) {
      if (saved && saved.v === 1 && saved.modules) doc = saved;
      live = true;
    }).catch(function (e) { errors.push(String(e.message || e)); live = false; });
  }

  MMS.adapter = {
    connected: true,
    errors: errors,
    begin: function (c, module) {
      mod = module; lang = c.language || "en"; found = L.lookup(module); done = false; began = Date.now();
      if (!live) { MMS.adapter.connected = false; return null; }
      cur = doc.modules[mod.id] = doc.modules[mod.id] || { state: null, location: "", status: "incomplete", sent: {} };
      try { seen = cur.state ? JSON.parse(cur.state).x : -1; } catch (e) { seen = -1; }
      send("attempted", activity(moduleId(), "module", mod.title));
      dirty = true;
      MMS.adapter.commit();
      return cur.state;
    },
    save: function (state, location) {
      if (!live || done) return;
      cur.state = state; cur.location = location; dirty = true;
      var at = Number(location);
      if (at > seen && mod.blocks[at]) {
        seen = at;
        send("experienced", activity(moduleId() + "/" + mod.blocks[at].id, "lesson", mod.title + " · " + (at + 1)), null,
          [{ objectType: "Activity", id: moduleId() }]);
      }
    },
    status: function (completion, success, percent) {
      if (!live || done) return;
      var sent = cur.sent, before = JSON.stringify(cur), t = L.duration(Date.now() - began), object = activity(moduleId(), "module", mod.title);
      if (success !== null && percent !== null && !sent.passed && !sent.failed) {
        send(success, object, { score: { scaled: Math.round(percent * 100) / 10000, raw: Math.round(percent), min: 0, max: 100 },
          success: success === "passed", completion: completion === "completed", duration: t });
        sent[success] = 1;
      }
      if (completion === "completed" && !sent.completed) {
        send("completed", object, { completion: true, duration: t });
        sent.completed = 1;
      }
      var now = success || completion;
      if (!(cur.status === "passed" || (cur.status === "completed" && now === "incomplete"))) cur.status = now;
      if (JSON.stringify(cur) !== before) { dirty = true; MMS.adapter.commit(); }
    },
    statusOf: function (c, id) { var r = doc.modules[id]; return (r && r.status) || "none"; },
    interaction: function (rec) {
      if (!live || done) return;
      var x = L.interaction(rec, found[rec.id], lang, MMS.internal.ctx().W.likert);
      send("answered", { objectType: "Activity", id: moduleId() + "/interactions/" + encodeURIComponent(rec.id), definition: x.definition },
        x.result, [{ objectType: "Activity", id: moduleId() }]);
    },
    commit: function () { if (live) { writeState(false); queue.flush(); } },
    finish: function (complete) {
      if (!live) return;
      if (complete === null) { writeState(true); queue.flushNow(); return; }   // the page is going away
      if (done) return;
      done = true;
      writeState(false); queue.flush();
    }
  };
  L.holdBoot(startup());
})();
