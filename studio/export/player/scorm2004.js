/* SCORM 2004 4th edition runtime adapter: the player's MMS.adapter on top of the LMS's
   window.API_1484_11. Initialize first and Terminate last, exactly once; completion and
   success reported apart; every SetValue checked with GetLastError; interactions in 2004
   syntax, only while the LMS accepts them. */
(function () {
  "use strict";
  var MMS = window.MMS = window.MMS || {};
  var api = null, live = false, done = false, began = 0, next = 0, interactionsOk = false;
  var first = { completion: "", success: "" }, last = { completion: "", success: "", score: null }, lang = "en";
  var errors = [];
  var SUSPEND_MAX = 64000;

  function findAPI() { return MMS.findLmsApi("API_1484_11"); }
  function ok(r) { return r === true || r === "true"; }
  function lastError() { return String(api.GetLastError()); }
  function note(what) { var code = lastError(); errors.push(what + ": " + code + " " + api.GetErrorString(code)); return code; }
  // "" when the LMS has no value (403 is how 2004 says "not initialised"), or refuses.
  function get(k) { var v = api.GetValue(k); return lastError() === "0" && v !== null && v !== undefined ? String(v) : ""; }
  function set(k, v) {
    if (!live || done) return false;
    if (ok(api.SetValue(k, String(v)))) return true;
    note(k);
    return false;
  }
  function commit() { if (!ok(api.Commit(""))) note("Commit"); }
  function duration(ms) {   // ISO 8601 timeinterval, at most 2 decimals: PT8M31.5S, PT0S
    var cs = Math.max(0, Math.round(ms / 10)), h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60, s = cs % 6000;
    var out = "PT" + (h ? h + "H" : "") + (m ? m + "M" : "");
    if (s || out === "PT") out += (s / 100).toFixed(2).replace(/\.?0+$/, "") + "S";
    return out;
  }
  function stamp() { return new Date().toISOString().slice(0, 22) + "Z"; }   // time(second,10,0): 2 decimals at most
  function ident(i) { return i >= 0 && i < 26 ? String.fromCharCode(97 + i) : "c" + i; }
  function ids(list) { return list.map(ident).join("[,]"); }
  function text(s, max) {   // a localized string: no [,] inside one, a leading "{" is not a delimiter
    var t = String(s).replace(/\[,\]/g, "[ ,]").slice(0, max);
    return t.charAt(0) === "{" ? "{lang=" + lang + "}" + t : t;
  }
  function pattern(type, v) {
    switch (type) {
      case "choice": case "sequencing": return ids(v);
      case "true-false": return v ? "true" : "false";
      case "fill-in": return text(v, 250);
      case "long-fill-in": return text(v, 4000);
      case "matching": return v.map(function (p) { return (p[0] + 1) + "[.]" + ident(p[1]); }).join("[,]");
      case "likert": return String(v);
    }
    return null;
  }
  function navigate() {
    // After the last commit the LMS knows this module's status: continue when it can,
    // leave the course when nothing follows (and nothing failed), else let the LMS decide.
    var valid = get("adl.nav.request_valid.continue");
    if (valid === "true") set("adl.nav.request", "continue");
    else if (valid === "false" && last.success !== "failed") set("adl.nav.request", "exitAll");
  }

  MMS.adapter = {
    connected: true,
    errors: errors,
    begin: function (course, mod) {
      began = Date.now();
      lang = (course && course.language) || "en";
      api = findAPI();
      if (!api) { MMS.adapter.connected = false; return null; }
      live = ok(api.Initialize(""));
      if (!live) { note("Initialize"); MMS.adapter.connected = false; return null; }
      first.completion = get("cmi.completion_status");
      first.success = get("cmi.success_status");
      if (first.completion === "" || first.completion === "unknown" || first.completion === "not attempted") {
        if (set("cmi.completion_status", "incomplete")) last.completion = "incomplete";
      }
      set("cmi.exit", "suspend");            // until the learner is truly done
      var count = api.GetValue("cmi.interactions._count");
      interactionsOk = lastError() === "0";
      next = interactionsOk ? (parseInt(count, 10) || 0) : 0;
      return get("cmi.suspend_data") || null;
    },
    save: function (state, location) {
      if (state.length > SUSPEND_MAX) return;   // never happens: the build checks the worst case (state.py)
      set("cmi.suspend_data", state);
      set("cmi.location", String(location).slice(0, 1000));
    },
    status: function (completion, success, percent) {
      if (!live || done) return;
      // A scored try that is neither passed nor final (attempts remain): no score yet, since an
      // LMS compares cmi.score.scaled with the manifest's minNormalizedMeasure and would say failed.
      var pending = percent !== null && success === null && completion === "incomplete";
      if (percent !== null && !pending && percent !== last.score) {
        if (set("cmi.score.scaled", String(Math.round(percent * 100) / 10000)) && set("cmi.score.raw", String(percent)) &&
            set("cmi.score.min", "0") && set("cmi.score.max", "100")) last.score = percent;
      }
      // A module already completed or passed is not set back by a revisit.
      var keep = completion === "incomplete" && first.completion === "completed";
      if (!keep && completion !== last.completion && set("cmi.completion_status", completion)) last.completion = completion;
      if (success && success !== last.success && first.success !== "passed" && set("cmi.success_status", success)) last.success = success;
    },
    interaction: function (rec) {
      if (!live || done || !interactionsOk) return;
      var type = rec.type === "fill-in" && rec.correct === null ? "long-fill-in" : rec.type;   // survey free text
      var base = "cmi.interactions." + next + ".";
      if (!set(base + "id", rec.id.replace(/[^A-Za-z0-9_.:-]/g, "_").slice(0, 4000))) {
        if (/^40[12]/.test(errors[errors.length - 1].split(": ")[1] || "")) interactionsOk = false;   // not implemented here
        return;
      }
      next += 1;
      var fine = set(base + "type", type) && set(base + "timestamp", stamp());
      if (fine && rec.weighting !== undefined) fine = set(base + "weighting", String(rec.weighting));
      if (fine && rec.correct !== null) {
        // A refused pattern is left out, not the rest: scorm-again 3.x splits a lone fill-in
        // answer at a bare comma ("Paris, France") and refuses it.
        var patterns = type === "fill-in" ? rec.correct : [rec.correct], taken = true;
        patterns.forEach(function (p, i) { if (taken) taken = set(base + "correct_responses." + i + ".pattern", pattern(type, p)); });
      }
      // scorm-again refuses an empty choice response and text starting "{" even after the {lang}
      // delimiter: nothing chosen stays unset, and a space follows the delimiter.
      var answer = pattern(type, rec.response).replace(/^(\{lang=[^}]*\})\{/, "$1 {");
      if (fine && answer !== "") fine = set(base + "learner_response", answer);
      if (fine) fine = set(base + "result", rec.result === "wrong" ? "incorrect" : rec.result);
      if (fine && rec.latencyMs !== null) set(base + "latency", duration(rec.latencyMs));
    },
    commit: function () { if (live && !done) commit(); },
    finish: function (complete) {
      if (!live || done) return;
      set("cmi.session_time", duration(Date.now() - began));
      set("cmi.exit", complete ? "normal" : "suspend");
      commit();
      if (complete) navigate();
      done = true;
      if (!ok(api.Terminate(""))) note("Terminate");
    },
    duration: duration,
    pattern: pattern
  };
})();
