/* Micro-module Studio player: renders a module from the page's JSON data and reports
   through MMS.adapter (scorm12.js, html5.js…). Course text reaches the page only through
   textContent; the only HTML inserted is Markdown rendered and sanitised at build time. */
(function () {
  "use strict";
  var MMS = window.MMS = window.MMS || {};

  /* ---- scoring: the same rules as studio/export/scoring.py (shared test vectors) ---- */
  var SPACES = /[ \t\n\r\f\v\u00a0]+/g;
  function norm(t) { return t.normalize("NFC").toLowerCase().replace(SPACES, " ").replace(/^ +| +$/g, ""); }
  function isInt(v) { return typeof v === "number" && Number.isInteger(v); }
  function intList(v) { return Array.isArray(v) && v.every(isInt) ? v : null; }
  function isIdentity(v, n) { var c = intList(v); return !!c && c.length === n && c.every(function (x, i) { return x === i; }); }
  function isCorrect(q, r) {
    if (r === null || r === undefined) return false;
    switch (q.kind) {
      case "single": return isInt(r) && r >= 0 && r < q.choices.length && !!q.choices[r].correct;
      case "multiple":
        var c = intList(r); if (!c) return false;
        var want = []; q.choices.forEach(function (ch, i) { if (ch.correct) want.push(i); });
        var uniq = c.filter(function (x, i) { return c.indexOf(x) === i; });
        return uniq.length === c.length && uniq.length === want.length && want.every(function (w) { return c.indexOf(w) >= 0; });
      case "true_false": return typeof r === "boolean" && r === q.answer;
      case "fill_blank":
        if (typeof r !== "string" || !norm(r)) return false;
        return q.answers.some(function (a) { return norm(a) === norm(r); });
      case "matching": return isIdentity(r, q.pairs.length);
      case "ordering": return isIdentity(r, q.items.length);
    }
    return false;
  }
  function scoreQuestion(q, r) { var ok = isCorrect(q, r); return { correct: ok, earned: ok ? Number(q.points) : 0 }; }
  function percent(e, p) { return p <= 0 ? 0 : Math.floor(e * 10000 / p + 0.5) / 100; }
  function scoreQuiz(quiz, drawn, responses) {
    var e = 0, p = 0;
    drawn.forEach(function (qi, pos) {
      var q = quiz.questions[qi], r = pos < responses.length ? responses[pos] : null;
      e += scoreQuestion(q, r).earned; p += Number(q.points);
    });
    var s = percent(e, p);
    return { earned: e, possible: p, percent: s, passed: quiz.pass_mark === null || quiz.pass_mark === undefined ? null : s >= quiz.pass_mark };
  }
  MMS.score = { isCorrect: isCorrect, scoreQuestion: scoreQuestion, scoreQuiz: scoreQuiz, percent: percent, norm: norm };

  /* ---- words ---- */
  var WORDS = {
    en: { start: "Start", resume: "Resume", next: "Next", prev: "Previous", check: "Check answer", submit: "Submit",
      finish: "Finish", retry: "Try again", correct: "Correct", incorrect: "Incorrect", rightAnswer: "correct answer",
      score: "Your score: %1%", pass: "Pass mark: %1%", passed: "Passed", failed: "Not passed yet", left: "Attempts left: %1",
      part: "Part %1 of %2", transcript: "Transcript", choose: "Choose…", up: "Move up", down: "Move down",
      moved: "%1: position %2 of %3", print: "Print", download: "Download", yes: "True", no: "False",
      likert: ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"], thanks: "Thank you, your answers are saved.",
      done: "You have finished this module. You can close this window.", menu: "Modules", back: "Back to modules",
      objective: "Objective", question: "Question %1 of %2", minutes: "%1 min", plan: "My action plan", noLms: "Not connected to an LMS: your progress will not be recorded.",
      status: { none: "Not started", incomplete: "In progress", completed: "Completed", passed: "Passed", failed: "Not passed" },
      kinds: { video: "Video", audio: "Audio", text: "Reading", image: "Image", quiz: "Quiz", summary_card: "Summary", survey: "Your opinion", action_plan: "Action plan" } },
    fr: { start: "Commencer", resume: "Reprendre", next: "Suivant", prev: "Précédent", check: "Vérifier la réponse", submit: "Valider",
      finish: "Terminer", retry: "Réessayer", correct: "Correct", incorrect: "Incorrect", rightAnswer: "bonne réponse",
      score: "Votre score : %1 %", pass: "Seuil de réussite : %1 %", passed: "Réussi", failed: "Pas encore réussi", left: "Tentatives restantes : %1",
      part: "Partie %1 sur %2", transcript: "Transcription", choose: "Choisir…", up: "Monter", down: "Descendre",
      moved: "%1 : position %2 sur %3", print: "Imprimer", download: "Télécharger", yes: "Vrai", no: "Faux",
      likert: ["Pas du tout d'accord", "Pas d'accord", "Neutre", "D'accord", "Tout à fait d'accord"], thanks: "Merci, vos réponses sont enregistrées.",
      done: "Vous avez terminé ce module. Vous pouvez fermer cette fenêtre.", menu: "Modules", back: "Retour aux modules",
      objective: "Objectif", question: "Question %1 sur %2", minutes: "%1 min", plan: "Mon plan d'action", noLms: "Pas de connexion à un LMS : votre progression ne sera pas enregistrée.",
      status: { none: "Pas commencé", incomplete: "En cours", completed: "Terminé", passed: "Réussi", failed: "Non réussi" },
      kinds: { video: "Vidéo", audio: "Audio", text: "Lecture", image: "Image", quiz: "Quiz", summary_card: "Synthèse", survey: "Votre avis", action_plan: "Plan d'action" } }
  };
  var W = WORDS.en;
  function say(key) { var s = W[key], args = arguments; return s.replace(/%(\d)/g, function (_, n) { return String(args[Number(n)]); }); }

  /* ---- DOM helpers: text only through textContent ---- */
  function el(tag, props, kids) {
    var n = document.createElement(tag);
    Object.keys(props || {}).forEach(function (k) {
      var v = props[k];
      if (v === null || v === undefined || v === false) return;
      if (k === "text") n.textContent = v;
      else if (k === "cls") n.className = v;
      else if (k === "on") Object.keys(v).forEach(function (ev) { n.addEventListener(ev, v[ev]); });
      else if (k in n && k.indexOf("aria") !== 0) n[k] = v;
      else n.setAttribute(k, v);
    });
    (kids || []).forEach(function (c) { if (c) n.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return n;
  }
  function button(label, onclick, cls) { return el("button", { type: "button", text: label, cls: cls || "", on: { click: onclick } }); }
  function safeHtml(n, html) { n.innerHTML = html; return n; }  // build-time sanitised (nh3) only
  var uid = 0;
  function newId(p) { uid += 1; return p + "-" + uid; }
  function shuffle(a) { for (var i = a.length - 1; i > 0; i--) { var j = Math.floor(Math.random() * (i + 1)); var t = a[i]; a[i] = a[j]; a[j] = t; } return a; }
  function range(n) { var a = []; for (var i = 0; i < n; i++) a.push(i); return a; }
  function clean(text, max) {
    // Control characters out (newline kept), lone surrogates out, then the cap: resume data stays small and valid.
    var t = String(text).replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, "");
    t = t.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(^|[^\ud800-\udbff])[\udc00-\udfff]/g, "$1");
    return t.slice(0, max);
  }

  var data, lim, app, adapter, live;
  var mod, state, started;

  function announce(text) { live.textContent = ""; setTimeout(function () { live.textContent = text; }, 30); }
  function focusOn(n) { if (!n) return; if (!n.hasAttribute("tabindex") && !/^(BUTTON|INPUT|SELECT|TEXTAREA|A)$/.test(n.tagName)) n.setAttribute("tabindex", "-1"); n.focus(); }
  function screen(kids) { app.textContent = ""; kids.forEach(function (k) { if (k) app.appendChild(k); }); }
  // An adapter may add to a screen once it is drawn (the review copy's comment box): the menu
  // (no module), a module's start (block null) or one of its parts.
  function shown(m, bi) { if (adapter.shown) adapter.shown(m, bi, app); }

  /* ---- state (shape documented in studio/export/state.py) ---- */
  function freshState() { return { v: 1, b: 0, x: 0, f: 0, q: {}, s: {}, p: {} }; }
  function save() { adapter.save(JSON.stringify(state), String(state.b)); }
  function saveAndCommit() { save(); report(); adapter.commit(); }

  function quizzes() { return mod.blocks.map(function (b, i) { return [b, i]; }).filter(function (x) { return x[0].kind === "quiz"; }); }
  function outcome() {
    // The module's status from its quizzes together (see content.module_pass_mark).
    var qs = quizzes(), e = 0, p = 0, all = true, retry = false;
    qs.forEach(function (x) {
      var qs2 = state.q[x[1]];
      if (!qs2 || qs2.s === null) { all = false; return; }
      var res = scoreQuiz(x[0], qs2.d, qs2.r); e += res.earned; p += res.possible;
      if (!qs2.p && (x[0].attempts === null || qs2.a < x[0].attempts)) retry = true;
    });
    if (!qs.length) return { completion: state.f ? "completed" : "incomplete", success: null, percent: null };
    if (!all) return { completion: "incomplete", success: null, percent: null };
    var pc = percent(e, p);
    if (mod.pass_mark === null) return { completion: "completed", success: null, percent: pc };
    if (pc >= mod.pass_mark) return { completion: "completed", success: "passed", percent: pc };
    return retry ? { completion: "incomplete", success: null, percent: pc } : { completion: "completed", success: "failed", percent: pc };
  }
  function report() { var o = outcome(); adapter.status(o.completion, o.success, o.percent); }

  /* ---- screens ---- */
  function start(module) {
    mod = module; started = Date.now();
    var saved = adapter.begin(data.course, mod);
    state = freshState();
    try { if (saved) { var s = JSON.parse(saved); if (s && s.v === 1) state = s; } } catch (e) { /* unreadable resume data: start over */ }
    var resume = !!saved && state.x > 0;
    var h = el("h1", { text: mod.title });
    screen([h, mod.minutes ? el("p", { cls: "facts", text: say("minutes", mod.minutes) }) : null,
      mod.objective ? el("p", { cls: "objective" }, [el("strong", { text: W.objective + ": " }), mod.objective]) : null,
      adapter.connected === false ? el("p", { cls: "notice", role: "note", text: W.noLms }) : null,
      el("div", { cls: "nav" }, [button(resume ? W.resume : W.start, function () { show(resume ? state.b : 0); }, "primary")])]);
    shown(mod, null);
    focusOn(h);
  }

  function show(bi) {
    state.b = bi; state.x = Math.max(state.x, bi);
    var block = mod.blocks[bi], n = mod.blocks.length;
    var h = el("h2", { text: W.kinds[block.kind] || block.kind });
    var body = el("section", { cls: "block " + block.kind, "aria-labelledby": "" });
    var hid = newId("h"); h.id = hid; body.setAttribute("aria-labelledby", hid);
    RENDER[block.kind](body, block, bi);
    var nav = el("div", { cls: "nav" }, [
      bi > 0 ? button(W.prev, function () { show(bi - 1); }) : null,
      bi < n - 1 ? button(W.next, function () { show(bi + 1); }, "primary") : button(W.finish, finish, "primary")]);
    screen([el("p", { cls: "crumb", text: mod.title + " · " + say("part", bi + 1, n) }), h, body, nav]);
    shown(mod, bi);
    saveAndCommit();
    focusOn(h);
  }

  function finish() {
    state.f = 1; save(); report();
    var o = outcome();
    adapter.finish(o.completion === "completed");
    var h = el("h1", { text: mod.title });
    screen([h, el("p", { cls: "done", role: "status", text: W.done }),
      data.modules.length > 1 ? el("div", { cls: "nav" }, [button(W.back, menu, "primary")]) : null]);
    focusOn(h);
  }

  function menu() {
    var h = el("h1", { text: data.course.title });
    var list = el("ul", { cls: "menu" }, data.modules.map(function (m) {
      var st = adapter.statusOf ? adapter.statusOf(data.course, m.id) : "none";
      var facts = el("span", { cls: "st st-" + st, id: newId("st"), text: (m.minutes ? say("minutes", m.minutes) + " · " : "") + (W.status[st] || "") });
      var open = button(m.title, function () { start(m); });
      open.setAttribute("aria-describedby", facts.id);   // the length and status, read after the title
      return el("li", {}, [open, facts]);
    }));
    screen([h, el("h2", { text: W.menu }), list]);
    shown(null, null);
    focusOn(h);
  }

  /* ---- blocks ---- */
  var RENDER = {
    video: function (body, b) {
      var v = el("video", { controls: true, preload: "metadata", playsInline: true, src: b.src });
      if (b.captions) v.appendChild(el("track", { kind: "captions", src: b.captions, srclang: data.course.language, label: W.kinds.video, default: true }));
      body.appendChild(v);
    },
    audio: function (body, b) {
      body.appendChild(el("audio", { controls: true, preload: "metadata", src: b.src }));
      if (b.transcript && b.transcript.length) {
        body.appendChild(el("details", { cls: "transcript" }, [el("summary", { text: W.transcript })].concat(
          b.transcript.map(function (t) { return el("p", { text: t }); }))));
      }
    },
    image: function (body, b) { body.appendChild(el("figure", {}, [el("img", { src: b.src, alt: b.alt })])); },
    text: function (body, b) { body.appendChild(safeHtml(el("div", { cls: "prose" }), b.html)); },
    summary_card: function (body, b) {
      var card = el("div", { cls: "card" }, [b.title ? el("h3", { text: b.title }) : null,
        el("ul", {}, b.points.map(function (p) { return safeHtml(el("li"), p); }))]);
      if (b.html) card.appendChild(safeHtml(el("div", { cls: "prose" }), b.html));
      body.appendChild(card);
    },
    survey: renderSurvey,
    action_plan: renderPlan,
    quiz: null   // quiz.js
  };

  function renderSurvey(body, b, bi) {
    var answers = state.s[bi] || b.items.map(function () { return null; });
    var sent = !!state.s[bi];
    b.items.forEach(function (item, i) {
      if (item.kind === "likert") {
        var name = newId("lk"), fs = el("fieldset", {}, [el("legend", { text: item.prompt })]);
        W.likert.forEach(function (label, k) {
          var input = el("input", { type: "radio", name: name, value: String(k + 1), checked: answers[i] === k + 1, disabled: sent,
            on: { change: function () { answers[i] = k + 1; } } });
          fs.appendChild(el("label", { cls: "opt" }, [input, " " + label]));
        });
        body.appendChild(fs);
      } else {
        var id = newId("tx");
        body.appendChild(el("label", { htmlFor: id, text: item.prompt }));
        body.appendChild(el("textarea", { id: id, rows: 3, maxLength: lim.survey_text, value: answers[i] || "", disabled: sent,
          on: { change: function (e) { answers[i] = clean(e.target.value, lim.survey_text) || null; } } }));
      }
    });
    var status = el("p", { role: "status", text: sent ? W.thanks : "" });
    var submit = button(W.submit, function () {
      state.s[bi] = answers; submit.disabled = true;
      body.querySelectorAll("input,textarea").forEach(function (n) { n.disabled = true; });
      b.items.forEach(function (item, i) {
        if (answers[i] === null) return;
        adapter.interaction({ id: mod.id + "-" + b.id + "-s" + i, type: item.kind === "likert" ? "likert" : "fill-in",
          response: answers[i], correct: null, result: "neutral", latencyMs: null });
      });
      status.textContent = W.thanks; saveAndCommit();
    });
    submit.disabled = sent;
    body.appendChild(el("div", { cls: "nav" }, [submit])); body.appendChild(status);
  }

  function planText(b, values) {
    var f = 0;
    return b.parts.map(function (p) { if (typeof p === "string") return p; f += 1; return values[f - 1] || "[" + p.field + "]"; }).join("");
  }
  function renderPlan(body, b, bi) {
    var fields = b.parts.filter(function (p) { return typeof p !== "string"; });
    var values = state.p[bi] || (fields.length ? fields.map(function () { return ""; }) : [""]);
    state.p[bi] = values;
    var box = el("div", { cls: "plan" }, [el("h3", { text: W.plan })]);
    function keep(i, max) { return function (e) { values[i] = clean(e.target.value, max); save(); }; }
    if (fields.length) {
      var p = el("p", { cls: "plan-text" }), f = 0;
      b.parts.forEach(function (part) {
        if (typeof part === "string") { p.appendChild(document.createTextNode(part)); return; }
        var i = f++;
        p.appendChild(el("input", { type: "text", maxLength: lim.plan_field, value: values[i], "aria-label": part.field,
          placeholder: part.field, on: { change: keep(i, lim.plan_field) } }));
      });
      box.appendChild(p);
    } else {
      var id = newId("pl");
      box.appendChild(el("label", { htmlFor: id, text: b.prompt }));
      box.appendChild(el("textarea", { id: id, rows: 5, maxLength: lim.plan_text, value: values[0], on: { change: keep(0, lim.plan_text) } }));
    }
    body.appendChild(box);
    body.appendChild(el("div", { cls: "nav" }, [
      button(W.print, function () { document.body.classList.add("printing-plan"); window.print(); document.body.classList.remove("printing-plan"); }),
      button(W.download, function () {
        var text = mod.title + "\n\n" + (fields.length ? planText(b, values) : b.prompt + "\n\n" + values[0]) + "\n";
        var url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
        var a = el("a", { href: url, download: "action-plan-" + mod.id + ".txt" });
        document.body.appendChild(a); a.click(); a.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
      })]));
  }

  MMS.render = RENDER;
  MMS.internal = {
    el: el, button: button, say: say, newId: newId, shuffle: shuffle, range: range, clean: clean, announce: announce,
    focusOn: focusOn, save: save, saveAndCommit: saveAndCommit, show: function (bi) { show(bi); }, scoreQuiz: scoreQuiz, isCorrect: isCorrect,
    ctx: function () { return { mod: mod, state: state, adapter: adapter, W: W, lim: lim, started: started }; }
  };

  /* ---- start-up ---- */
  function boot() {
    var node = document.getElementById("mms-data");
    if (!node) return;                      // loaded on its own (tests of MMS.score)
    data = JSON.parse(node.textContent);
    lim = data.limits;
    W = WORDS[(data.course.language || "en").slice(0, 2).toLowerCase()] || WORDS.en;
    document.documentElement.lang = data.course.language;
    document.title = data.modules.length === 1 ? data.modules[0].title : data.course.title;
    app = document.getElementById("app");
    live = el("div", { cls: "sr-only", "aria-live": "polite" });
    document.body.appendChild(live);
    adapter = MMS.adapter;
    window.addEventListener("pagehide", function () { if (mod) { save(); report(); } adapter.finish(null); });
    document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden" && mod) { save(); report(); adapter.commit(); } });
    if (data.modules.length === 1) start(data.modules[0]); else menu();
  }
  MMS.boot = boot;
  // Scripts sit at the end of the page, so quiz.js has run before this fires.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else setTimeout(boot, 0);
})();
