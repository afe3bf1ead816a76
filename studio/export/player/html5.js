/* Standalone HTML5 adapter: no LMS; progress stays in this browser (localStorage), so the
   learner resumes where they left, from a web server or a file opened from disk. */
(function () {
  "use strict";
  var MMS = window.MMS = window.MMS || {};
  var key = null, memory = {};
  function read(k) { try { return JSON.parse(window.localStorage.getItem(k) || "null"); } catch (e) { return memory[k] || null; } }
  function write(k, v) { memory[k] = v; try { window.localStorage.setItem(k, JSON.stringify(v)); } catch (e) { /* private mode: memory only */ } }
  function record() { return (key && read(key)) || {}; }
  function update(fields) { var r = record(); Object.keys(fields).forEach(function (f) { r[f] = fields[f]; }); write(key, r); }
  MMS.adapter = {
    connected: null,
    begin: function (course, mod) { key = "mms:" + course.id + ":" + mod.id; var r = record(); return r.state || null; },
    save: function (state, location) { update({ state: state, location: location }); },
    status: function (completion, success) {
      var r = record(), next = success || completion;
      if (r.status === "passed" || (r.status === "completed" && next === "incomplete")) return;
      update({ status: next });
    },
    statusOf: function (course, id) { var r = read("mms:" + course.id + ":" + id); return (r && r.status) || "none"; },
    interaction: function () {},
    commit: function () {},
    finish: function () {}
  };
})();
