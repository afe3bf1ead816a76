/* The LRS client under the cmi5 and xAPI adapters (shipped inside cmi5.js and xapi.js, see
   pages.ADAPTER_PARTS): launch parameters, xAPI 1.0.3 requests, statement ids and timestamps,
   ISO 8601 durations, the ordered statement queue (kept alive through page hide) and
   interaction definitions in xAPI syntax. No network but the LRS the launch names. */
(function () {
  "use strict";
  var MMS = window.MMS = window.MMS || {};
  var VERSION = "1.0.3", ADL = "http://adlnet.gov/expapi/verbs/";
  var last = 0;

  function params() {
    var out = {};
    new URLSearchParams(window.location.search).forEach(function (v, k) { out[k] = v; });
    return out;
  }
  function uuid() {
    var b = new Uint8Array(16); window.crypto.getRandomValues(b);
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function stamp() { last = Math.max(Date.now(), last + 1); return new Date(last).toISOString(); }   // strictly increasing: the order is the timestamps'
  function duration(ms) {   // ISO 8601 (PT1H2M3.45S, PT0S), never the "alternative" PThh:mm:ss
    var cs = Math.max(0, Math.round(ms / 10)), h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60, s = (cs % 6000) / 100;
    return "PT" + (h ? h + "H" : "") + (m ? m + "M" : "") + (s || (!h && !m) ? +s.toFixed(2) + "S" : "");
  }
  function agent(text) {
    // cmi5 and xAPI 1.0 actors as they are; Tin Can 0.95 launchers send arrays (name, mbox, account).
    var a = JSON.parse(text), first = function (v) { return Array.isArray(v) ? v[0] : v; };
    var out = { objectType: "Agent" };
    if (a.name) out.name = first(a.name);
    ["mbox", "mbox_sha1sum", "openid"].forEach(function (k) { if (a[k]) out[k] = first(a[k]); });
    var acc = first(a.account);
    if (acc) out.account = { homePage: acc.homePage || acc.accountServiceHomePage, name: acc.name || acc.accountName };
    return out;
  }
  function query(q) {
    return Object.keys(q).filter(function (k) { return q[k] !== null && q[k] !== undefined; })
      .map(function (k) { return encodeURIComponent(k) + "=" + encodeURIComponent(q[k]); }).join("&");
  }

  function Client(endpoint, auth) {
    var base = endpoint.replace(/\/?$/, "/");
    function request(method, resource, q, body, keepalive) {
      var headers = { "X-Experience-API-Version": VERSION, Authorization: auth }, text;
      if (body !== undefined) { headers["Content-Type"] = "application/json"; text = JSON.stringify(body); }
      return window.fetch(base + resource + (q ? "?" + query(q) : ""), {
        method: method, headers: headers, body: text, cache: "no-store", credentials: "omit",
        keepalive: !!keepalive && (!text || text.length < 60000) });   // the browser's keepalive budget is 64 kB
    }
    this.request = request;
    this.getDoc = function (resource, q) {
      return request("GET", resource, q).then(function (r) {
        if (r.status === 404) return null;
        if (!r.ok) throw new Error("GET " + resource + " " + (q.stateId || q.profileId || "") + ": HTTP " + r.status);
        return r.text().then(function (t) { return t ? JSON.parse(t) : null; });
      });
    };
    this.putDoc = function (resource, q, doc, keepalive) {
      return request("PUT", resource, q, doc, keepalive).then(function (r) {
        if (!r.ok) throw new Error("PUT " + resource + ": HTTP " + r.status);
      });
    };
  }

  /* Statements go out in order, in batches (one POST of an array), each batch after the one
     before; requests are keepalive, so what is in flight survives the page going away. At page
     hide the last batch goes at once (its timestamps still order it after the others). */
  function Queue(client, errors) {
    var pending = [], chain = Promise.resolve(), self = this;
    this.sent = [];
    function send(retry) {
      if (!pending.length) return Promise.resolve();
      var batch = pending; pending = [];
      return client.request("POST", "statements", null, batch, true).then(function (r) {
        if (!r.ok) throw new Error("POST statements: HTTP " + r.status);
        self.sent = self.sent.concat(batch);
      }).catch(function (e) {
        errors.push(String(e.message || e));
        if (retry) pending = batch.concat(pending);   // kept, in order, for the next flush
      });
    }
    this.add = function (s) { pending.push(s); };
    this.flush = function () { chain = chain.then(function () { return send(true); }); return chain; };
    this.flushNow = function () { send(false); };
  }

  /* The page's module data is held back from player.js until the LRS has answered (launch data
     and resume state are needed before the first screen); player.js then boots as usual. */
  function holdBoot(ready) {
    var node = document.getElementById("mms-data");
    if (node) node.id = "mms-data-held";
    var loaded = new Promise(function (resolve) {
      if (document.readyState !== "loading") resolve();
      else document.addEventListener("DOMContentLoaded", function () { resolve(); });
    });
    Promise.all([ready, loaded]).then(function () {
      setTimeout(function () {   // after player.js's own DOMContentLoaded handler found nothing
        if (node) node.id = "mms-data";
        if (MMS.boot) MMS.boot();
      }, 0);
    });
  }

  /* ---- interactions in xAPI syntax (cmi.interaction activities) ---- */
  function lookup(mod) {
    var out = {};
    mod.blocks.forEach(function (b) {
      if (b.kind === "quiz") b.questions.forEach(function (q, qi) { out[mod.id + "-" + b.id + "-q" + qi] = { q: q }; });
      if (b.kind === "survey") b.items.forEach(function (item, i) { out[mod.id + "-" + b.id + "-s" + i] = { item: item }; });
    });
    return out;
  }
  function lmap(lang, text) { var m = {}; m[lang] = String(text); return m; }
  function ids(prefix, list) { return list.map(function (i) { return prefix + i; }).join("[,]"); }
  function components(prefix, texts, lang) { return texts.map(function (t, i) { return { id: prefix + i, description: lmap(lang, t) }; }); }
  var LIKERT = ["1", "2", "3", "4", "5"];

  function interaction(rec, found, lang, likertWords) {
    var q = found && found.q, type = rec.type, def = { type: "http://adlnet.gov/expapi/activities/cmi.interaction" }, response;
    if (q) def.name = lmap(lang, q.prompt);
    else if (found && found.item) def.name = lmap(lang, found.item.prompt);
    switch (type) {
      case "choice":
        if (q) def.choices = components("c", q.choices.map(function (c) { return c.text; }), lang);
        def.correctResponsesPattern = [ids("c", rec.correct)];
        response = ids("c", rec.response); break;
      case "true-false":
        def.correctResponsesPattern = [String(rec.correct)]; response = String(rec.response); break;
      case "fill-in":
        if (rec.correct === null) { type = "long-fill-in"; response = String(rec.response); break; }   // a survey's free text
        def.correctResponsesPattern = rec.correct.map(function (a) { return "{case_matters=false}" + a; });
        response = String(rec.response); break;
      case "matching":
        if (q) { def.source = components("s", q.pairs.map(function (p) { return p[0]; }), lang); def.target = components("t", q.pairs.map(function (p) { return p[1]; }), lang); }
        var pairs = function (list) { return list.map(function (p) { return "s" + p[0] + "[.]t" + p[1]; }).join("[,]"); };
        def.correctResponsesPattern = [pairs(rec.correct)]; response = pairs(rec.response); break;
      case "sequencing":
        if (q) def.choices = components("i", q.items, lang);
        def.correctResponsesPattern = [ids("i", rec.correct)]; response = ids("i", rec.response); break;
      case "likert":
        def.scale = LIKERT.map(function (id, i) { return { id: id, description: lmap(lang, likertWords[i]) }; });
        response = String(rec.response); break;
    }
    def.interactionType = type;
    if (!def.correctResponsesPattern) delete def.correctResponsesPattern;
    var result = { response: response };
    if (rec.result === "correct" || rec.result === "wrong") result.success = rec.result === "correct";
    if (rec.latencyMs !== null && rec.latencyMs !== undefined) result.duration = duration(rec.latencyMs);
    return { definition: def, result: result };
  }

  MMS.lrs = { VERSION: VERSION, ADL: ADL, params: params, uuid: uuid, stamp: stamp, duration: duration, agent: agent,
    Client: Client, Queue: Queue, holdBoot: holdBoot, lookup: lookup, interaction: interaction };
})();
