/* cmi5 AU runtime adapter: the player's MMS.adapter (the interface of scorm12.js) on the LMS's
   LRS. Launch parameters endpoint, fetch, actor, registration, activityId from the URL; one
   POST to fetch for the auth token; LMS.LaunchData read first (contextTemplate, launchMode,
   masteryScore, moveOn, returnURL), then cmi5LearnerPreferences (optional) and our resume
   document; "initialized" first, "terminated" last and nothing after it; at most one
   completed and one passed/failed per registration (remembered in the resume document);
   in Browse and Review only initialized/terminated, and the resume document is left alone.
   answered statements are "cmi5 allowed": the session's context without the cmi5 category. */
(function () {
  "use strict";
  var MMS = window.MMS = window.MMS || {}, L = MMS.lrs;
  var CAT = "https://w3id.org/xapi/cmi5/context/categories/", EXT = "https://w3id.org/xapi/cmi5/context/extensions/";
  var RESUME = "mms.resume", NEEDS_PASS = { Passed: 1, CompletedAndPassed: 1 };
  var p = L.params(), errors = [], client = null, queue = null, actor = null, launch = null, live = false, done = false;
  var doc = { v: 1, state: null, location: "", sent: {} }, dirty = false, began = 0, mod = null, found = {};

  function where(id) { return { stateId: id, activityId: p.activityId, agent: JSON.stringify(actor), registration: p.registration }; }
  function normal() { return launch.launchMode === "Normal"; }
  function mastery() { return typeof launch.masteryScore === "number" ? launch.masteryScore : null; }

  function context(defined, moveon, extensions) {
    // The LMS's template, never overwritten: we only add registration, categories, a parent, extensions.
    var c = JSON.parse(JSON.stringify(launch.contextTemplate));
    if (!c.registration) c.registration = p.registration;
    var ca = c.contextActivities = c.contextActivities || {};
    if (defined) {
      ca.category = (ca.category || []).concat([{ id: CAT + "cmi5", objectType: "Activity" }]);
      if (moveon) ca.category.push({ id: CAT + "moveon", objectType: "Activity" });
    } else {
      ca.parent = (ca.parent || []).concat([{ id: p.activityId, objectType: "Activity" }]);
    }
    if (extensions) { c.extensions = c.extensions || {}; Object.keys(extensions).forEach(function (k) { if (!(k in c.extensions)) c.extensions[k] = extensions[k]; }); }
    return c;
  }
  function send(verb, result, opts) {
    opts = opts || {};
    var defined = !opts.object, s = { id: L.uuid(), timestamp: L.stamp(), actor: actor,
      verb: { id: L.ADL + verb, display: { "en-US": verb } },
      object: opts.object || { objectType: "Activity", id: p.activityId },
      context: context(defined, !!result && ("success" in result || "completion" in result), opts.extensions) };
    if (result) s.result = result;
    queue.add(s);
  }
  function since() { return L.duration(Date.now() - began); }
  function writeState(keepalive) {
    if (!dirty || !normal()) return;
    dirty = false;
    client.putDoc("activities/state", where(RESUME), doc, keepalive).catch(function (e) { errors.push(String(e.message || e)); dirty = true; });
  }

  function startup() {
    if (!p.endpoint || !p.fetch || !p.actor || !p.registration || !p.activityId) return Promise.resolve();
    try { actor = L.agent(p.actor); } catch (e) { errors.push("actor: not JSON"); return Promise.resolve(); }
    return window.fetch(p.fetch, { method: "POST", cache: "no-store", credentials: "omit" }).then(function (r) { return r.json(); })
      .then(function (j) {
        if (!j || !j["auth-token"]) throw new Error("fetch: error " + (j && j["error-code"]) + ": " + ((j && j["error-text"]) || "no auth-token"));
        client = new L.Client(p.endpoint, "Basic " + j["auth-token"]);
        queue = new L.Queue(client, errors);
        return client.getDoc("activities/state", where("LMS.LaunchData"));
      }).then(function (data) {
        if (!data || !data.contextTemplate || !data.launchMode) throw new Error("LMS.LaunchData missing or incomplete");
        launch = data;
        return client.getDoc("agents/profile", { agent: JSON.stringify(actor), profileId: "cmi5LearnerPreferences" })
          .catch(function () { return null; });
      }).then(function (prefs) {
        MMS.adapter.preferences = prefs;
        return client.getDoc("activities/state", where(RESUME)).catch(function () { return null; });
      }).then(function (saved) {
        if (saved && saved.v === 1) doc = saved;
        doc.sent = doc.sent || {};
        live = true; began = Date.now();
        send("initialized");
        return queue.flush();
      }).catch(function (e) { errors.push(String(e.message || e)); live = false; });
  }

  MMS.adapter = {
    connected: true,
    errors: errors,
    begin: function (course, module) {
      mod = module; found = L.lookup(module); MMS.adapter.lang = course.language;
      if (!live) { MMS.adapter.connected = false; return null; }
      MMS.adapter.launchMode = launch.launchMode;
      return normal() ? doc.state : null;
    },
    save: function (state, location) {
      if (!live || done || !normal()) return;
      doc.state = state; doc.location = location; dirty = true;
    },
    status: function (completion, success, percent) {
      if (!live || done || !normal()) return;
      var sent = doc.sent, before = queue && JSON.stringify(sent), ms = mastery();
      if (success !== null && percent !== null && !sent.passed && !sent.failed) {
        var scaled = Math.round(percent * 100) / 10000, pass = ms !== null ? scaled >= ms : success === "passed";
        send(pass ? "passed" : "failed", { score: { scaled: scaled, raw: Math.round(percent), min: 0, max: 100 }, success: pass, duration: since() },
          { extensions: ms !== null ? (function () { var e = {}; e[EXT + "masteryscore"] = ms; return e; })() : null });
        sent[pass ? "passed" : "failed"] = 1;
      }
      if (completion === "completed" && !sent.completed) {
        // moveOn asks for Passed of a module with nothing to judge: completing it is passing it.
        if (mod.pass_mark === null && NEEDS_PASS[launch.moveOn] && !sent.passed && !sent.failed) {
          send("passed", { success: true, duration: since() }); sent.passed = 1;
        }
        send("completed", { completion: true, duration: since() });
        sent.completed = 1;
      }
      if (JSON.stringify(sent) !== before) { dirty = true; MMS.adapter.commit(); }
    },
    interaction: function (rec) {
      if (!live || done || !normal()) return;
      var x = L.interaction(rec, found[rec.id], (MMS.adapter.lang || "en"), MMS.internal.ctx().W.likert);
      send("answered", x.result, { object: { objectType: "Activity", id: p.activityId + "/interactions/" + encodeURIComponent(rec.id), definition: x.definition } });
    },
    commit: function () { if (live && !done) { writeState(false); queue.flush(); } },
    finish: function (complete) {
      if (!live || done) return;
      writeState(true);
      send("terminated", { duration: since() });
      done = true;                           // nothing after terminated
      if (complete === null) { queue.flushNow(); return; }   // the page is going away
      queue.flush().then(function () { if (launch.returnURL) window.location.assign(launch.returnURL); });
    },
    duration: L.duration
  };
  L.holdBoot(startup());
})();
