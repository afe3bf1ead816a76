/* A SCORM 2004 4th edition LMS-side runtime for tests (RTE 4th ed., chapters 3 and 4):
   window.API_1484_11 as an LMS offers it — the state machine Not Initialized → Running →
   Terminated with its error codes, and every data-model element checked for existence,
   access (read-only, write-only, keywords), type and range the way the RTE defines them.
   window.LMS holds the record: every call with its arguments, result and error code, the
   data model, the interactions, and "violations" (every error the SCO caused, except 403 —
   "not initialised" is an answer, not a misuse).
   Not implemented (GetValue/SetValue answer 402): cmi.comments_from_learner,
   cmi.comments_from_lms, adl.data — the player uses none of them. */
(function () {
  "use strict";
  var init = window.LMS_INIT || {};
  var LMS = window.LMS = { calls: [], violations: [], state: "not initialized", model: {}, interactions: [], objectives: [],
    commits: 0, stored: null };
  var m = LMS.model;
  function put(k, v) { if (v !== undefined && v !== null) m[k] = String(v); }
  put("cmi._version", "1.0");
  put("cmi.learner_id", "learner-1"); put("cmi.learner_name", "Doe, Jane");
  put("cmi.credit", "credit"); put("cmi.mode", init.mode || "normal");
  put("cmi.entry", init.suspend_data || init.location ? "resume" : "ab-initio");
  put("cmi.completion_status", init.completion_status || "unknown");
  put("cmi.success_status", init.success_status || "unknown");
  put("cmi.total_time", init.total_time || "PT0S");
  put("cmi.location", init.location); put("cmi.suspend_data", init.suspend_data);
  put("cmi.launch_data", init.launch_data); put("cmi.scaled_passing_score", init.scaled_passing_score);
  put("cmi.completion_threshold", init.completion_threshold); put("cmi.max_time_allowed", init.max_time_allowed);
  put("cmi.time_limit_action", "continue,no message");
  put("cmi.learner_preference.audio_level", "1"); put("cmi.learner_preference.language", "");
  put("cmi.learner_preference.delivery_speed", "1"); put("cmi.learner_preference.audio_captioning", "0");
  var NAV_VALID = init.request_valid || { "continue": "unknown", "previous": "unknown" };

  var ERRORS = { "0": "No Error", "101": "General Exception", "102": "General Initialization Failure",
    "103": "Already Initialized", "104": "Content Instance Terminated", "111": "General Termination Failure",
    "112": "Termination Before Initialization", "113": "Termination After Termination",
    "122": "Retrieve Data Before Initialization", "123": "Retrieve Data After Termination",
    "132": "Store Data Before Initialization", "133": "Store Data After Termination",
    "142": "Commit Before Initialization", "143": "Commit After Termination", "201": "General Argument Error",
    "301": "General Get Failure", "351": "General Set Failure", "391": "General Commit Failure",
    "401": "Undefined Data Model Element", "402": "Unimplemented Data Model Element",
    "403": "Data Model Element Value Not Initialized", "404": "Data Model Element Is Read Only",
    "405": "Data Model Element Is Write Only", "406": "Data Model Element Type Mismatch",
    "407": "Data Model Element Value Out Of Range", "408": "Data Model Dependency Not Established" };

  /* ---- data types (RTE 4.1.1) ---- */
  var REAL = /^-?(\d+(\.\d*)?|\.\d+)$/;
  var DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/;
  var TIME = /^(\d{4})(-(\d{2})(-(\d{2})(T(\d{2})(:(\d{2})(:(\d{2})(\.\d{1,2})?)?)?(Z|[+-]\d{2}(:\d{2})?)?)?)?)?$/;
  var SHORT_ID = /^[A-Za-z0-9_.:\-~!$&'()*+;=@\/?%#]{1,250}$/;
  var LONG_ID = /^[A-Za-z0-9_.:\-~!$&'()*+;=@\/?%#]{1,4000}$/;
  var LANG = /^\{lang=([A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*)?\}/;
  function real(v) { return REAL.test(v); }
  function time(v) {
    var t = TIME.exec(v);
    return !!t && Number(t[1]) >= 1970 && Number(t[1]) <= 2038 && (t[3] === undefined || (t[3] >= "01" && t[3] <= "12")) &&
      (t[7] === undefined || Number(t[7]) < 24) && (t[9] === undefined || Number(t[9]) < 60) && (t[11] === undefined || Number(t[11]) < 60);
  }
  function localized(v, spm) { return v.replace(LANG, "").length <= spm; }
  function idList(v, sep, max) {
    if (v === "") return true;
    var parts = v.split(sep);
    return parts.length <= max && parts.every(function (p) { return SHORT_ID.test(p); }) &&
      parts.every(function (p, i) { return parts.indexOf(p) === i; });
  }
  var FLAGS = /^(\{(case_matters|order_matters)=(true|false)\})*/;
  var RESPONSE = {
    "true-false": function (v) { return v === "true" || v === "false"; },
    choice: function (v) { return idList(v, "[,]", 36); },
    "fill-in": function (v, pattern) {
      var body = pattern ? v.replace(FLAGS, "") : v;
      var parts = body.split("[,]");
      return parts.length <= 10 && parts.every(function (p) { return localized(p, 250); });
    },
    "long-fill-in": function (v, pattern) { return localized(pattern ? v.replace(/^(\{case_matters=(true|false)\})?/, "") : v, 4000); },
    matching: function (v) {
      if (v === "") return true;
      var pairs = v.split("[,]");
      return pairs.length <= 36 && pairs.every(function (p) { var x = p.split("[.]"); return x.length === 2 && SHORT_ID.test(x[0]) && SHORT_ID.test(x[1]); });
    },
    sequencing: function (v) { return v === "" || (v.split("[,]").length <= 36 && v.split("[,]").every(function (p) { return SHORT_ID.test(p); })); },
    likert: function (v) { return v === "" || SHORT_ID.test(v); },
    numeric: function (v, pattern) { return pattern ? /^(-?\d+(\.\d+)?)?(\[:\](-?\d+(\.\d+)?)?)?$/.test(v) : real(v); },
    performance: function (v) { return v.length <= 250 * 125; },
    other: function (v) { return v.length <= 4000; }
  };
  function vocab(list) { return function (v) { return list.indexOf(v) >= 0 ? "0" : "406"; }; }
  function realIn(lo, hi) { return function (v) { return !real(v) ? "406" : (lo !== null && Number(v) < lo) || (hi !== null && Number(v) > hi) ? "407" : "0"; }; }
  function chars(spm) { return function (v) { return v.length <= spm ? "0" : "351"; }; }
  function loc(spm) { return function (v) { return localized(v, spm) ? "0" : "351"; }; }
  function duration(v) { return DURATION.test(v) ? "0" : "406"; }
  var STATUS_COMPLETION = vocab(["completed", "incomplete", "not attempted", "unknown"]);
  var STATUS_SUCCESS = vocab(["passed", "failed", "unknown"]);
  var NAV = /^(continue|previous|exit|exitAll|abandon|abandonAll|suspendAll|_none_|\{target=[^}\s]+\}(choice|jump))$/;

  /* ---- the data model (RTE 4.2) ---- */
  var RW = {
    "cmi.completion_status": STATUS_COMPLETION, "cmi.success_status": STATUS_SUCCESS,
    "cmi.location": chars(1000), "cmi.suspend_data": chars(64000),
    "cmi.progress_measure": realIn(0, 1),
    "cmi.score.scaled": realIn(-1, 1), "cmi.score.raw": realIn(null, null), "cmi.score.min": realIn(null, null), "cmi.score.max": realIn(null, null),
    "cmi.learner_preference.audio_level": realIn(0, null), "cmi.learner_preference.delivery_speed": realIn(0, null),
    "cmi.learner_preference.language": function (v) { return v === "" || /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(v) ? "0" : "406"; },
    "cmi.learner_preference.audio_captioning": vocab(["-1", "0", "1"]),
    "adl.nav.request": function (v) { return NAV.test(v) ? "0" : "406"; }
  };
  var WO = { "cmi.exit": vocab(["time-out", "suspend", "logout", "normal", ""]), "cmi.session_time": duration };
  var RO = ["cmi._version", "cmi.completion_threshold", "cmi.credit", "cmi.entry", "cmi.launch_data", "cmi.learner_id",
    "cmi.learner_name", "cmi.max_time_allowed", "cmi.mode", "cmi.scaled_passing_score", "cmi.time_limit_action", "cmi.total_time"];
  var CHILDREN = {
    "cmi.score._children": "scaled,raw,min,max",
    "cmi.learner_preference._children": "audio_level,language,delivery_speed,audio_captioning",
    "cmi.interactions._children": "id,type,objectives,timestamp,correct_responses,weighting,learner_response,result,latency,description",
    "cmi.objectives._children": "id,score,success_status,completion_status,progress_measure,description"
  };
  var UNIMPLEMENTED = /^(cmi\.comments_from_learner|cmi\.comments_from_lms|adl\.data)(\.|$)/;
  var INTERACTION_TYPES = ["true-false", "choice", "fill-in", "long-fill-in", "likert", "matching", "performance", "sequencing", "numeric", "other"];
  var INTERACTION = /^cmi\.interactions\.(\d+)\.(id|type|timestamp|weighting|learner_response|result|latency|description|correct_responses\._count|correct_responses\.(\d+)\.pattern|objectives\._count|objectives\.(\d+)\.id)$/;
  var OBJECTIVE = /^cmi\.objectives\.(\d+)\.(id|success_status|completion_status|progress_measure|description|score\.(scaled|raw|min|max)|score\._children)$/;

  var last = "0", diagnostic = "";
  function done(code, call, result, why) {
    last = code; diagnostic = why || "";
    if (code !== "0" && code !== "403") LMS.violations.push(call + " → " + code + " " + ERRORS[code] + (why ? " (" + why + ")" : ""));
    return result;
  }
  function record(name, args, result) { LMS.calls.push([name].concat(args, [result, last])); return result; }
  function snapshot() {
    LMS.stored = { model: JSON.parse(JSON.stringify(m)), interactions: JSON.parse(JSON.stringify(LMS.interactions)),
      objectives: JSON.parse(JSON.stringify(LMS.objectives)) };
  }

  function interactionSet(k, v, call) {
    var p = INTERACTION.exec(k);
    if (!p) return done(/\._(count|children)$/.test(k) ? "404" : "401", call, "false");
    var n = Number(p[1]), list = LMS.interactions, field = p[2];
    if (n > list.length) return done("351", call, "false", "index " + n + " skips " + list.length);
    if (/_count$/.test(field)) return done("404", call, "false");
    if (n === list.length) {
      if (field !== "id") return done("408", call, "false", "id first");
      if (!LONG_ID.test(v)) return done("406", call, "false");
      list.push({ id: v, correct_responses: [], objectives: [] });
      return done("0", call, "true");
    }
    var rec = list[n], ok = "0";
    if (field === "id") ok = LONG_ID.test(v) ? "0" : "406";
    else if (field === "type") ok = INTERACTION_TYPES.indexOf(v) >= 0 ? "0" : "406";
    else if (field === "timestamp") ok = time(v) ? "0" : "406";
    else if (field === "weighting") ok = real(v) ? "0" : "406";
    else if (field === "latency") ok = duration(v);
    else if (field === "description") ok = loc(250)(v);
    else if (field === "result") ok = ["correct", "incorrect", "unanticipated", "neutral"].indexOf(v) >= 0 || real(v) ? "0" : "406";
    else if (field === "learner_response" || p[3] !== undefined) {
      if (!rec.type) return done("408", call, "false", "type first");
      ok = RESPONSE[rec.type](v, p[3] !== undefined) ? "0" : "406";
    } else if (p[4] !== undefined) ok = LONG_ID.test(v) ? "0" : "406";
    if (ok !== "0") return done(ok, call, "false");
    if (p[3] !== undefined) {
      var i = Number(p[3]);
      if (i > rec.correct_responses.length) return done("351", call, "false", "pattern index " + i);
      rec.correct_responses[i] = v;
    } else if (p[4] !== undefined) {
      var j = Number(p[4]);
      if (j > rec.objectives.length) return done("351", call, "false", "objective index " + j);
      rec.objectives[j] = v;
    } else rec[field] = v;
    return done("0", call, "true");
  }
  function objectiveSet(k, v, call) {
    var p = OBJECTIVE.exec(k);
    if (!p) return done(/\._(count|children)$/.test(k) ? "404" : "401", call, "false");
    if (p[2] === "score._children") return done("404", call, "false");
    var n = Number(p[1]), list = LMS.objectives;
    if (n > list.length) return done("351", call, "false");
    if (n === list.length) {
      if (p[2] !== "id") return done("408", call, "false", "id first");
      if (!LONG_ID.test(v)) return done("406", call, "false");
      list.push({ id: v }); return done("0", call, "true");
    }
    var check = { success_status: STATUS_SUCCESS, completion_status: STATUS_COMPLETION, progress_measure: realIn(0, 1),
      description: loc(250), "score.scaled": realIn(-1, 1) }[p[2]] || (p[2] === "id" ? function (x) { return LONG_ID.test(x) ? "0" : "406"; } : realIn(null, null));
    var code = check(v);
    if (code !== "0") return done(code, call, "false");
    list[n][p[2]] = v; return done("0", call, "true");
  }
  function listGet(k, call) {
    var p;
    if (k === "cmi.interactions._count") return done("0", call, String(LMS.interactions.length));
    if (k === "cmi.objectives._count") return done("0", call, String(LMS.objectives.length));
    if ((p = /^cmi\.interactions\.(\d+)\.(.+)$/.exec(k))) {
      var rec = LMS.interactions[Number(p[1])];
      if (!rec) return done("301", call, "", "no interaction " + p[1]);
      if (p[2] === "correct_responses._count") return done("0", call, String(rec.correct_responses.length));
      if (p[2] === "objectives._count") return done("0", call, String(rec.objectives.length));
      var q = /^correct_responses\.(\d+)\.pattern$/.exec(p[2]);
      if (q) return rec.correct_responses[Number(q[1])] === undefined ? done("301", call, "") : done("0", call, rec.correct_responses[Number(q[1])]);
      if (!INTERACTION.test(k)) return done("401", call, "");
      return rec[p[2]] === undefined ? done("403", call, "") : done("0", call, rec[p[2]]);
    }
    if ((p = /^cmi\.objectives\.(\d+)\.(.+)$/.exec(k))) {
      var o = LMS.objectives[Number(p[1])];
      if (!o) return done("301", call, "");
      if (p[2] === "score._children") return done("0", call, CHILDREN["cmi.score._children"]);
      if (!OBJECTIVE.test(k)) return done("401", call, "");
      return o[p[2]] === undefined ? done("403", call, "") : done("0", call, o[p[2]]);
    }
    return null;
  }

  function state(call, before, after) {
    if (LMS.state === "not initialized") return done(before, call, null);
    if (LMS.state === "terminated") return done(after, call, null);
    return undefined;
  }

  window.API_1484_11 = {
    Initialize: function (arg) {
      var call = "Initialize(" + JSON.stringify(arg) + ")", r;
      if (arg !== "") r = done("201", call, "false");
      else if (LMS.state === "running") r = done("103", call, "false");
      else if (LMS.state === "terminated") r = done("104", call, "false");
      else { LMS.state = "running"; r = done("0", call, "true"); }
      return record("Initialize", [arg], r);
    },
    Terminate: function (arg) {
      var call = "Terminate(" + JSON.stringify(arg) + ")", r;
      if (LMS.state === "not initialized") r = done("112", call, "false");
      else if (LMS.state === "terminated") r = done("113", call, "false");
      else if (arg !== "") r = done("201", call, "false");
      else { LMS.state = "terminated"; snapshot(); r = done("0", call, "true"); }
      return record("Terminate", [arg], r);
    },
    Commit: function (arg) {
      var call = "Commit(" + JSON.stringify(arg) + ")", r;
      if (LMS.state === "not initialized") r = done("142", call, "false");
      else if (LMS.state === "terminated") r = done("143", call, "false");
      else if (arg !== "") r = done("201", call, "false");
      else { LMS.commits += 1; snapshot(); r = done("0", call, "true"); }
      return record("Commit", [arg], r);
    },
    GetValue: function (k) {
      try {
        var call = "GetValue(" + k + ")";
        var bad = state(call, "122", "123");
        if (bad !== undefined) return record("GetValue", [k], "");
        return record("GetValue", [k], get(String(k), call));
      } catch (e) { return record("GetValue", ["?"], done("101", "GetValue(?)", "", String(e))); }   // an argument that cannot be read
    },
    SetValue: function (k, v) {
      try {
        var call = "SetValue(" + k + ", " + JSON.stringify(v) + ")";
        var bad = state(call, "132", "133");
        if (bad !== undefined) return record("SetValue", [k, v], "false");
        return record("SetValue", [k, v], setValue(String(k), v, call));
      } catch (e) { return record("SetValue", ["?", "?"], done("101", "SetValue(?)", "false", String(e))); }
    },
    GetLastError: function () { return last; },
    GetErrorString: function (code) { return ERRORS[String(code)] || ""; },
    GetDiagnostic: function (code) { return code === "" || code === undefined ? diagnostic : ERRORS[String(code)] || ""; }
  };

  function get(k, call) {
    if (k === "") return done("301", call, "", "no element named");
    if (UNIMPLEMENTED.test(k)) return done("402", call, "");
    if (CHILDREN[k]) return done("0", call, CHILDREN[k]);
    var listed = listGet(k, call);
    if (listed !== null) return listed;
    var nav = /^adl\.nav\.request_valid\.(continue|previous|choice\.\{target=[^}]+\}|jump\.\{target=[^}]+\})$/.exec(k);
    if (nav) return done("0", call, NAV_VALID[nav[1]] || "unknown");
    if (k === "adl.nav.request") return done("0", call, m[k] || "_none_");
    if (WO[k]) return done("405", call, "");
    if (/\._version$/.test(k) && k !== "cmi._version") return done("401", call, "");
    if (/\._(children|count)$/.test(k)) return done("301", call, "", "no such keyword here");
    if (RW[k] || RO.indexOf(k) >= 0) return k in m ? done("0", call, m[k]) : done("403", call, "");
    return done("401", call, "");
  }
  function setValue(k, v, call) {
    if (k === "") return done("351", call, "false", "no element named");
    if (typeof v !== "string") return done("406", call, "false", "values are strings");
    if (UNIMPLEMENTED.test(k)) return done("402", call, "false");
    if (/\._(children|count|version)$/.test(k) && !/^cmi\.interactions\.\d+\./.test(k)) return done("404", call, "false");
    if (/^cmi\.interactions\./.test(k)) return interactionSet(k, v, call);
    if (/^cmi\.objectives\./.test(k)) return objectiveSet(k, v, call);
    if (RO.indexOf(k) >= 0 || /^adl\.nav\.request_valid\./.test(k)) return done("404", call, "false");
    var check = RW[k] || WO[k];
    if (!check) return done("401", call, "false");
    var code = check(v);
    if (code !== "0") return done(code, call, "false");
    m[k] = v; return done("0", call, "true");
  }
})();
