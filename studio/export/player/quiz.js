/* Quizzes: the six question kinds, Check answer (per-choice feedback), Submit, attempts and
   random draw. Scoring is MMS.score (player.js), the mirror of studio/export/scoring.py. */
(function () {
  "use strict";
  var MMS = window.MMS, I = MMS.internal, el = I.el, button = I.button;
  var TYPES = { single: "choice", multiple: "choice", true_false: "true-false", fill_blank: "fill-in", matching: "matching", ordering: "sequencing" };

  function initial(q) {
    if (q.kind === "matching") return q.pairs.map(function () { return -1; });
    if (q.kind !== "ordering") return null;
    var order = I.range(q.items.length);
    if (order.length < 2) return order;
    do { I.shuffle(order); } while (order.every(function (x, i) { return x === i; }));
    return order;
  }
  function newAttempt(quiz, used) {
    var all = I.range(quiz.questions.length);
    var drawn = quiz.draw ? I.shuffle(all).slice(0, quiz.draw) : all;
    return { a: used, d: drawn, r: drawn.map(function (qi) { return initial(quiz.questions[qi]); }),
      c: drawn.map(function () { return 0; }), s: null, p: null };
  }

  // What the LMS is told, in a neutral shape each adapter writes in its standard's syntax.
  function neutral(q, r) {
    switch (q.kind) {
      case "single": return r === null ? [] : [r];
      case "multiple": return r || [];
      case "matching": return (r || []).map(function (t, s) { return [s, t]; }).filter(function (p) { return p[1] >= 0; });
      case "fill_blank": return r || "";
      default: return r;
    }
  }
  function expected(q) {
    switch (q.kind) {
      case "single": case "multiple": return q.choices.map(function (c, i) { return c.correct ? i : -1; }).filter(function (i) { return i >= 0; });
      case "true_false": return q.answer;
      case "fill_blank": return q.answers;
      case "matching": return q.pairs.map(function (_, i) { return [i, i]; });
      case "ordering": return I.range(q.items.length);
    }
  }

  function renderQuiz(body, quiz, bi) {
    var ctx = I.ctx(), W = ctx.W, st = ctx.state;
    var qs = st.q[bi] || (st.q[bi] = newAttempt(quiz, 0));
    var submitted = qs.s !== null;
    var facts = [];
    if (quiz.pass_mark !== null) facts.push(I.say("pass", quiz.pass_mark));
    if (quiz.attempts !== null) facts.push(I.say("left", Math.max(0, quiz.attempts - qs.a)));
    if (facts.length) body.appendChild(el("p", { cls: "facts", text: facts.join(" · ") }));
    var checks = [];
    qs.d.forEach(function (qi, pos) { checks.push(renderQuestion(body, quiz, qi, pos, qs, bi)); });
    var result = el("div", { cls: "result", role: "status" });
    var submit = button(W.submit, function () {
      checks.forEach(function (check) { check(true); });
      var res = I.scoreQuiz(quiz, qs.d, qs.r);
      qs.s = res.percent; qs.p = res.passed === null ? null : (res.passed ? 1 : 0);
      qs.a = Math.min(qs.a + 1, ctx.lim.attempts);
      I.saveAndCommit(); showResult(true);
    }, "primary");
    function showResult(moveFocus) {
      submit.disabled = true; result.textContent = "";
      var h = el("h3", { text: I.say("score", qs.s) });
      result.appendChild(h);
      if (qs.p !== null) result.appendChild(el("p", { cls: qs.p ? "ok" : "bad", text: qs.p ? W.passed : W.failed }));
      var more = !qs.p && qs.p !== null && (quiz.attempts === null || qs.a < quiz.attempts);
      if (quiz.attempts !== null && qs.p === 0) result.appendChild(el("p", { text: I.say("left", Math.max(0, quiz.attempts - qs.a)) }));
      if (more) result.appendChild(el("div", { cls: "nav" }, [button(W.retry, function () {
        st.q[bi] = newAttempt(quiz, qs.a); I.save(); I.show(bi);
      })]));
      if (moveFocus) I.focusOn(h);
    }
    body.appendChild(el("div", { cls: "nav" }, [submit]));
    body.appendChild(result);
    if (submitted) showResult(false);
  }

  function renderQuestion(body, quiz, qi, pos, qs, bi) {
    var ctx = I.ctx(), W = ctx.W, q = quiz.questions[qi], shownAt = Date.now();
    var box = el("div", { cls: "question" });
    var promptId = I.newId("p");
    box.appendChild(el("p", { cls: "qnum", text: I.say("question", pos + 1, qs.d.length) }));
    var inputs = [], labels = [];
    function set(v) { qs.r[pos] = v; I.save(); }
    function group(multiple) {
      var fs = el("fieldset", {}, [el("legend", { id: promptId, text: q.prompt })]), name = I.newId("q");
      var options = q.kind === "true_false" ? [{ text: W.yes }, { text: W.no }] : q.choices;
      options.forEach(function (c, i) {
        var value = q.kind === "true_false" ? i === 0 : i;
        var on = multiple ? (qs.r[pos] || []).indexOf(i) >= 0 : qs.r[pos] === value;
        var input = el("input", { type: multiple ? "checkbox" : "radio", name: name, checked: on, on: { change: function () {
          if (!multiple) return set(value);
          var now = (qs.r[pos] || []).filter(function (x) { return x !== i; });
          if (input.checked) now.push(i);
          set(now.sort(function (a, b) { return a - b; }));
        } } });
        var label = el("label", { cls: "opt" }, [input, " " + c.text]);
        inputs.push(input); labels.push(label); fs.appendChild(label);
      });
      return fs;
    }
    if (q.kind === "single" || q.kind === "true_false") box.appendChild(group(false));
    else if (q.kind === "multiple") box.appendChild(group(true));
    else if (q.kind === "fill_blank") {
      var fid = I.newId("f");
      box.appendChild(el("label", { htmlFor: fid, id: promptId, text: q.prompt }));
      var text = el("input", { type: "text", id: fid, maxLength: ctx.lim.fill, value: qs.r[pos] || "", autocomplete: "off",
        on: { change: function () { set(I.clean(text.value, ctx.lim.fill)); } } });
      inputs.push(text); box.appendChild(text);
    } else if (q.kind === "matching") {
      var fsm = el("fieldset", {}, [el("legend", { id: promptId, text: q.prompt })]);
      var order = I.shuffle(I.range(q.pairs.length));
      q.pairs.forEach(function (pair, i) {
        var sid = I.newId("m");
        var select = el("select", { id: sid, on: { change: function () { var r = qs.r[pos].slice(); r[i] = Number(select.value); set(r); } } },
          [el("option", { value: "-1", text: W.choose })].concat(order.map(function (k) {
            return el("option", { value: String(k), text: q.pairs[k][1], selected: qs.r[pos][i] === k });
          })));
        inputs.push(select);
        fsm.appendChild(el("div", { cls: "pair" }, [el("label", { htmlFor: sid, text: pair[0] }), select]));
      });
      box.appendChild(fsm);
    } else if (q.kind === "ordering") {
      box.appendChild(el("p", { id: promptId, cls: "legend", text: q.prompt }));
      var list = el("ol", { cls: "order", "aria-labelledby": promptId });
      var drawList = function (focusItem, dir) {
        list.textContent = ""; inputs.length = 0;
        qs.r[pos].forEach(function (item, at) {
          var name = q.items[item];
          var up = button(W.up, function () { move(at, -1); }), down = button(W.down, function () { move(at, 1); });
          up.setAttribute("aria-label", W.up + ": " + name); down.setAttribute("aria-label", W.down + ": " + name);
          up.disabled = at === 0 || locked(); down.disabled = at === qs.r[pos].length - 1 || locked();
          inputs.push(up, down);
          list.appendChild(el("li", {}, [el("span", { text: name }), el("span", { cls: "moves" }, [up, down])]));
          if (item === focusItem) I.focusOn(dir < 0 ? (up.disabled ? down : up) : (down.disabled ? up : down));
        });
      };
      var move = function (at, dir) {
        var r = qs.r[pos].slice(), item = r[at];
        r[at] = r[at + dir]; r[at + dir] = item; set(r);
        drawList(item, dir);
        I.announce(I.say("moved", q.items[item], at + dir + 1, r.length));
      };
      box.appendChild(list); drawList(null, 0);
    }
    var feedback = el("div", { cls: "feedback", "aria-live": "polite", tabindex: "-1" });
    var check = button(W.check, function () { doCheck(false); });
    box.appendChild(el("div", { cls: "nav" }, [check]));
    box.appendChild(feedback);
    body.appendChild(box);
    function locked() { return !!qs.c[pos] || qs.s !== null; }
    function lock() { inputs.forEach(function (n) { n.disabled = true; }); check.disabled = true; }
    function explain() {
      var ok = MMS.score.isCorrect(q, qs.r[pos]);
      feedback.textContent = "";
      feedback.className = "feedback " + (ok ? "ok" : "bad");
      feedback.appendChild(el("strong", { text: ok ? W.correct : W.incorrect }));
      var general = q.feedback && (ok ? q.feedback.correct : q.feedback.incorrect);
      if (general) feedback.appendChild(el("p", { text: general }));
      if (q.choices) q.choices.forEach(function (c, i) {
        var chosen = q.kind === "single" ? qs.r[pos] === i : (qs.r[pos] || []).indexOf(i) >= 0;
        if (chosen && c.feedback) labels[i].appendChild(el("span", { cls: "fb", text: " — " + c.feedback }));
      });
      return ok;
    }
    function doCheck(silent) {
      if (qs.c[pos]) return;
      qs.c[pos] = 1; lock();
      var ok = explain();
      ctx.adapter.interaction({ id: ctx.mod.id + "-" + quiz.id + "-q" + qi, type: TYPES[q.kind], response: neutral(q, qs.r[pos]),
        correct: expected(q), result: ok ? "correct" : "wrong", latencyMs: Date.now() - shownAt, weighting: q.points });
      if (!silent) { I.saveAndCommit(); I.focusOn(feedback); }
    }
    if (locked()) { lock(); if (qs.c[pos]) explain(); }
    return doCheck;
  }

  MMS.render.quiz = renderQuiz;
  MMS.quiz = { newAttempt: newAttempt, neutral: neutral, expected: expected };
})();
