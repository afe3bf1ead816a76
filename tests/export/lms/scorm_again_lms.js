/* The LMS side of the scorm-again tests: scorm-again's own runtime as window.API (1.2) or
   window.API_1484_11 (2004). Two records are kept apart so a test can hold one against the
   other: LMS.calls, every call the SCO made with scorm-again's result and the error code it
   gave (read through its own GetLastError right after), and LMS.events, what scorm-again's
   listeners and sequencing callbacks reported. LMS_INIT: {cmi, sequencing, launch}. */
(function () {
  "use strict";
  var init = window.LMS_INIT || {};
  var v12 = !window.Scorm2004API;
  var LMS = window.LMS = { calls: [], events: [], log: [], stored: null, commits: 0, delivered: [] };
  var api, started = false;
  var settings = { autocommit: false, logLevel: 1, onLogMessage: function (level, message) { LMS.log.push([String(level), String(message)]); } };
  if (init.sequencing) {
    settings.sequencing = init.sequencing;
    settings.sequencing.eventListeners = {
      onActivityDelivery: deliver,
      onNavigationRequest: function (request, target) { LMS.events.push(["navigation", request, target || ""]); },
      onSequencingError: function (error, context) { LMS.events.push(["sequencing error", String(error), String(context || "")]); },
      onSequencingSessionEnd: function (data) { LMS.events.push(["session end", String(data.reason), String(data.navigationRequest || "")]); }
    };
  }
  api = v12 ? new window.Scorm12API(settings) : new window.Scorm2004API(settings);
  if (init.cmi) api.loadFromJSON(init.cmi);
  var names = v12 ? ["LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit"]
    : ["Initialize", "Terminate", "GetValue", "SetValue", "Commit"];
  var lastError = (v12 ? api.LMSGetLastError : api.GetLastError).bind(api);
  names.forEach(function (name) {
    var real = api[name];
    api[name] = function () {
      var args = Array.prototype.slice.call(arguments);
      var result = real.apply(api, args);
      LMS.calls.push([name].concat(args, [String(result), String(lastError())]));
      return result;
    };
  });
  function keep() { LMS.stored = JSON.parse(JSON.stringify(api.renderCMIToJSONObject())); }
  var setter = v12 ? "LMSSetValue" : "SetValue";
  api.on(setter + ".cmi.*", function (element, value) { LMS.events.push([setter, element, value]); });
  if (!v12) api.on("SetValue.adl.*", function (element, value) { LMS.events.push([setter, element, value]); });
  api.on(names[0], function () { LMS.events.push([names[0]]); });
  api.on(names[4], function () { LMS.commits += 1; keep(); LMS.events.push([names[4]]); });
  api.on(names[1], function () { keep(); LMS.events.push([names[1]]); });
  ["SequenceNext", "SequencePrevious", "SequenceChoice", "SequenceExit", "SequenceExitAll"].forEach(function (name) {
    api.on(name, function (value) { LMS.events.push([name, value === undefined ? "" : String(value)]); });
  });
  LMS.api = api;
  window[v12 ? "API" : "API_1484_11"] = api;

  // Sequenced: scorm-again picks each activity; the first is launched as the page opens, the
  // next once the SCO that asked for it has terminated, on a reset API (sequencing state kept).
  function deliver(activity) {
    LMS.delivered.push([activity.id, LMS.calls.length]);
    var frame = document.getElementById("sco");
    if (!started) { started = true; frame.src = init.launch[activity.id]; return; }
    setTimeout(function () { api.reset(undefined, { preserveListeners: true }); frame.src = init.launch[activity.id]; }, 0);
  }
  if (init.launch) document.addEventListener("DOMContentLoaded", function () { LMS.start = api.processNavigationRequest("start"); });
})();
