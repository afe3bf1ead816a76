/* A SCORM 1.2 LMS-side runtime for tests (RTE 1.2, section 3.3): window.API as an LMS
   offers it, recording every call and checking every data-model element and value the
   way the specification defines them. window.LMS holds the record and the stored data. */
(function () {
  "use strict";
  var init = window.LMS_INIT || {};
  var LMS = window.LMS = { calls: [], violations: [], state: "new", model: {}, interactions: [], commits: 0 };
  var m = LMS.model;
  m["cmi.core.student_id"] = "learner-1"; m["cmi.core.student_name"] = "Doe, Jane";
  m["cmi.core.lesson_location"] = init.lesson_location || ""; m["cmi.core.credit"] = "credit";
  m["cmi.core.lesson_status"] = init.lesson_status || "not attempted";
  m["cmi.core.entry"] = init.suspend_data ? "resume" : "ab-initio";
  m["cmi.core.score.raw"] = ""; m["cmi.core.score.min"] = ""; m["cmi.core.score.max"] = "";
  m["cmi.core.total_time"] = "0000:00:00.00"; m["cmi.core.lesson_mode"] = "normal";
  m["cmi.suspend_data"] = init.suspend_data || ""; m["cmi.launch_data"] = ""; m["cmi.comments"] = "";
  m["cmi.student_data.mastery_score"] = init.mastery_score || "";
  var last = "0";
  var ERRORS = { "0": "No error", "101": "General exception", "201": "Invalid argument error", "202": "Element cannot have children",
    "203": "Element not an array - cannot have count", "301": "Not initialized", "401": "Not implemented error",
    "402": "Invalid set value, element is a keyword", "403": "Element is read only", "404": "Element is write only", "405": "Incorrect data type" };
  var READ_ONLY = ["cmi.core.student_id", "cmi.core.student_name", "cmi.core.credit", "cmi.core.entry", "cmi.core.total_time",
    "cmi.core.lesson_mode", "cmi.launch_data", "cmi.student_data.mastery_score"];
  var WRITE_ONLY = ["cmi.core.exit", "cmi.core.session_time"];
  var CHILDREN = { "cmi.core._children": "student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time",
    "cmi.core.score._children": "raw,min,max", "cmi.interactions._children": "id,objectives,time,type,correct_responses,weighting,student_response,result,latency" };
  var decimal = /^-?\d+(\.\d+)?$/, timespan = /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/, time = /^\d{2}:\d{2}:\d{2}(\.\d{1,2})?$/;
  var c = "[0-9a-z]";
  var RESPONSE = { "true-false": /^[01tf]$/, choice: new RegExp("^(" + c + "(," + c + ")*)?$"), "fill-in": /^[\s\S]{0,255}$/,
    matching: new RegExp("^(" + c + "\\." + c + "(," + c + "\\." + c + ")*)?$"), sequencing: new RegExp("^(" + c + "(," + c + ")*)?$"),
    likert: new RegExp("^" + c + "?$"), performance: /^[\s\S]{0,255}$/, numeric: decimal };
  function score(v) { return v === "" || (decimal.test(v) && Number(v) >= 0 && Number(v) <= 100); }
  var VALID = {
    "cmi.core.lesson_location": function (v) { return v.length <= 255; },
    "cmi.core.lesson_status": function (v) { return ["passed", "completed", "failed", "incomplete", "browsed"].indexOf(v) >= 0; },
    "cmi.core.score.raw": score, "cmi.core.score.min": score, "cmi.core.score.max": score,
    "cmi.core.exit": function (v) { return ["", "time-out", "suspend", "logout"].indexOf(v) >= 0; },
    "cmi.core.session_time": function (v) { return timespan.test(v); },
    "cmi.suspend_data": function (v) { return v.length <= 4096; },
    "cmi.comments": function (v) { return v.length <= 4096; }
  };
  function fail(code, call) { last = code; if (code !== "0") LMS.violations.push(call + " → " + code + " " + ERRORS[code]); return "false"; }
  function record(name, args, result) { LMS.calls.push([name].concat(args, [result])); return result; }
  function ready(call) {
    if (LMS.state === "new") return fail("301", call);
    if (LMS.state === "finished") return fail("101", call);
    return null;
  }
  function interactionSet(k, v, call) {
    var parts = /^cmi\.interactions\.(\d+)\.(id|time|type|weighting|student_response|result|latency|correct_responses\.(\d+)\.pattern|objectives\.(\d+)\.id)$/.exec(k);
    if (!parts) return fail(/\._(count|children)$/.test(k) ? "402" : "201", call);
    var n = Number(parts[1]), list = LMS.interactions;
    if (n > list.length) return fail("201", call);     // arrays grow one index at a time
    if (n === list.length) list.push({ correct_responses: [] });
    var rec = list[n], field = parts[2];
    var ok = true;
    if (field === "id") ok = /^[^\s]{1,255}$/.test(v);
    else if (field === "type") ok = ["true-false", "choice", "fill-in", "matching", "performance", "sequencing", "likert", "numeric"].indexOf(v) >= 0;
    else if (field === "time") ok = time.test(v);
    else if (field === "weighting") ok = decimal.test(v);
    else if (field === "latency") ok = timespan.test(v);
    else if (field === "result") ok = ["correct", "wrong", "unanticipated", "neutral"].indexOf(v) >= 0 || decimal.test(v);
    else if (field === "student_response" || parts[3] !== undefined) ok = !!rec.type && RESPONSE[rec.type].test(v);
    if (!ok) return fail("405", call);
    if (parts[3] !== undefined) { if (Number(parts[3]) > rec.correct_responses.length) return fail("201", call); rec.correct_responses[Number(parts[3])] = v; }
    else rec[field] = v;
    last = "0"; return "true";
  }
  window.API = {
    LMSInitialize: function (arg) {
      var call = "LMSInitialize(" + JSON.stringify(arg) + ")";
      if (arg !== "") return record("LMSInitialize", [arg], fail("201", call));
      if (LMS.state !== "new") return record("LMSInitialize", [arg], fail("101", call));
      LMS.state = "running"; last = "0"; return record("LMSInitialize", [arg], "true");
    },
    LMSFinish: function (arg) {
      var call = "LMSFinish(" + JSON.stringify(arg) + ")";
      var bad = arg !== "" ? fail("201", call) : ready(call);
      if (bad) return record("LMSFinish", [arg], bad);
      LMS.state = "finished"; LMS.stored = JSON.parse(JSON.stringify(m)); last = "0"; return record("LMSFinish", [arg], "true");
    },
    LMSCommit: function (arg) {
      var call = "LMSCommit(" + JSON.stringify(arg) + ")";
      var bad = arg !== "" ? fail("201", call) : ready(call);
      if (bad) return record("LMSCommit", [arg], bad);
      LMS.commits += 1; LMS.stored = JSON.parse(JSON.stringify(m)); last = "0"; return record("LMSCommit", [arg], "true");
    },
    LMSGetValue: function (k) {
      var call = "LMSGetValue(" + k + ")", bad = ready(call);
      if (bad) { record("LMSGetValue", [k], ""); return ""; }
      var v;
      if (CHILDREN[k]) v = CHILDREN[k];
      else if (k === "cmi.interactions._count") v = String(LMS.interactions.length);
      else if (WRITE_ONLY.indexOf(k) >= 0 || /^cmi\.interactions\.\d+\./.test(k)) { fail("404", call); return record("LMSGetValue", [k], ""); }
      else if (k in m) v = m[k];
      else { fail(/^cmi\./.test(k) ? "401" : "201", call); return record("LMSGetValue", [k], ""); }
      last = "0"; return record("LMSGetValue", [k], v);
    },
    LMSSetValue: function (k, v) {
      var call = "LMSSetValue(" + k + ", " + JSON.stringify(v) + ")", bad = ready(call);
      if (bad) return record("LMSSetValue", [k, v], bad);
      if (typeof v !== "string") return record("LMSSetValue", [k, v], fail("405", call));
      if (/^cmi\.interactions\./.test(k)) return record("LMSSetValue", [k, v], interactionSet(k, v, call));
      if (/\._(children|count)$/.test(k)) return record("LMSSetValue", [k, v], fail("402", call));
      if (READ_ONLY.indexOf(k) >= 0) return record("LMSSetValue", [k, v], fail("403", call));
      if (!VALID[k]) return record("LMSSetValue", [k, v], fail(/^cmi\./.test(k) ? "401" : "201", call));
      if (!VALID[k](v)) return record("LMSSetValue", [k, v], fail("405", call));
      m[k] = v; last = "0"; return record("LMSSetValue", [k, v], "true");
    },
    LMSGetLastError: function () { return last; },
    LMSGetErrorString: function (code) { return ERRORS[String(code)] || ""; },
    LMSGetDiagnostic: function (code) { return ERRORS[String(code || last)] || ""; }
  };
})();
