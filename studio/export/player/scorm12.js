/* SCORM 1.2 runtime adapter: the player's MMS.adapter on top of the LMS's window.API.
   LMSInitialize first and LMSFinish last, exactly once; every LMSSetValue checked with
   LMSGetLastError; interactions only while the LMS accepts them. */
(function () {
  "use strict";
  var MMS = window.MMS = window.MMS || {};
  var api = null, live = false, done = false, initialStatus = "", interactionsOk = false, next = 0, began = 0, lastStatus = "";
  var errors = [];

  function findAPI() { return MMS.findLmsApi("API"); }
  function ok(r) { return r === true || r === "true"; }
  function get(k) { var v = api.LMSGetValue(k); return v === null || v === undefined ? "" : String(v); }
  function set(k, v) {
    if (!live || done) return false;       // nothing after LMSFinish (a late pagehide save)
    if (ok(api.LMSSetValue(k, String(v)))) return true;
    var code = String(api.LMSGetLastError());
    errors.push(k + ": " + code + " " + api.LMSGetErrorString(code));
    return false;
  }
  function pad(n, w) { var s = String(n); while (s.length < w) s = "0" + s; return s; }
  function timespan(ms) {   // CMITimespan HHHH:MM:SS.SS
    var cs = Math.max(0, Math.round(ms / 10)), h = Math.min(9999, Math.floor(cs / 360000));
    var m = Math.floor(cs / 6000) % 60, s = (cs % 6000) / 100;
    return pad(h, 4) + ":" + pad(m, 2) + ":" + (s < 10 ? "0" : "") + s.toFixed(2);
  }
  function clock() { var d = new Date(); return pad(d.getHours(), 2) + ":" + pad(d.getMinutes(), 2) + ":" + pad(d.getSeconds(), 2); }
  function letter(i) { return i >= 0 && i < 26 ? String.fromCharCode(97 + i) : null; }   // 1.2 choices are single characters
  function letters(list) { var out = list.map(letter); return out.indexOf(null) >= 0 ? null : out.join(","); }
  function cut(s) { return String(s).slice(0, 255); }
  function pattern(type, v) {
    switch (type) {
      case "choice": return letters(v);
      case "true-false": return v ? "t" : "f";
      case "fill-in": return cut(v);
      case "matching": var p = v.map(function (x) { var s = letter(x[0]), t = letter(x[1]); return s && t ? s + "." + t : null; });
        return p.indexOf(null) >= 0 ? null : p.join(",");
      case "sequencing": return letters(v);
      case "likert": return String(v).slice(0, 1);
    }
    return null;
  }

  MMS.adapter = {
    connected: true,
    errors: errors,
    begin: function () {
      began = Date.now();
      api = findAPI();
      if (!api) { MMS.adapter.connected = false; return null; }
      live = ok(api.LMSInitialize(""));
      if (!live) { MMS.adapter.connected = false; return null; }
      initialStatus = get("cmi.core.lesson_status");
      if (initialStatus === "" || initialStatus === "not attempted") set("cmi.core.lesson_status", "incomplete");
      set("cmi.core.exit", "suspend");       // until the learner is truly done; empty stops some LMSs resuming
      var count = api.LMSGetValue("cmi.interactions._count");
      interactionsOk = String(api.LMSGetLastError()) === "0";
      next = interactionsOk ? (parseInt(count, 10) || 0) : 0;
      var data = get("cmi.suspend_data");
      return data || null;
    },
    save: function (state, location) {
      if (state.length > 4096) return;       // never happens: the build checks the worst case (state.py)
      set("cmi.suspend_data", state);
      set("cmi.core.lesson_location", cut(location));
    },
    status: function (completion, success, percent) {
      if (!live || done) return;
      if (percent !== null) {
        set("cmi.core.score.raw", String(percent)); set("cmi.core.score.min", "0"); set("cmi.core.score.max", "100");
      }
      var status = success || (completion === "completed" ? "completed" : "incomplete");
      // A module already passed or completed is not set back to incomplete by a revisit.
      if (status === "incomplete" && (initialStatus === "passed" || initialStatus === "completed")) return;
      if (status !== lastStatus && set("cmi.core.lesson_status", status)) lastStatus = status;
    },
    interaction: function (rec) {
      if (!live || done || !interactionsOk) return;
      var response = pattern(rec.type, rec.response);
      var base = "cmi.interactions." + next + ".";
      var fine = set(base + "id", rec.id.replace(/[^A-Za-z0-9_.:-]/g, "_").slice(0, 255)) &&
        set(base + "type", rec.type) && set(base + "time", clock());
      if (fine && response !== null) fine = set(base + "student_response", response);
      if (fine && rec.correct !== null) {
        var patterns = rec.type === "fill-in" ? rec.correct : [rec.correct];
        patterns.forEach(function (p, i) { var v = pattern(rec.type, p); if (fine && v !== null) fine = set(base + "correct_responses." + i + ".pattern", v); });
      }
      if (fine && rec.weighting !== undefined) fine = set(base + "weighting", String(rec.weighting));
      if (fine) fine = set(base + "result", rec.result);
      if (fine && rec.latencyMs !== null) fine = set(base + "latency", timespan(rec.latencyMs));
      if (!fine && /^40[12]/.test(errors[errors.length - 1] || "")) interactionsOk = false;   // not implemented here: stop asking
      next += 1;
    },
    commit: function () { if (live && !done) api.LMSCommit(""); },
    finish: function (complete) {
      if (!live || done) return;
      set("cmi.core.session_time", timespan(Date.now() - began));
      if (complete) set("cmi.core.exit", "");
      api.LMSCommit("");
      done = true;
      api.LMSFinish("");
    },
    timespan: timespan
  };
})();
