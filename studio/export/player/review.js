/* The review copy's layer, over the standalone HTML5 adapter (html5.js, joined before this file):
   a bar with the reviewer's name and "Download comments", and under the menu, each module's
   start and each of its parts a comment box with the comments already made there. Comments stay
   in this browser (localStorage) until downloaded as one microstudio-review/1 file, which the
   designer imports with `studio review import`. Every text reaches the page through textContent. */
(function () {
  "use strict";
  var MMS = window.MMS = window.MMS || {};
  var base = MMS.adapter;
  var WORDS = {
    en: { copy: "Review copy", notFor: "for reviewers, not for learners", name: "Your name", download: "Download comments",
      count: ["No comments yet", "1 comment", "%1 comments"], onModule: "Comments on this module", onPart: "Comments on this part",
      yours: "Your comment", add: "Add comment", remove: "Delete", you: "you", earlier: "open, from an earlier review",
      needName: "Enter your name at the top first: it goes with your comments.", needText: "Write your comment first.",
      added: "Comment added.", removed: "Comment deleted.", none: "There are no comments to download yet.",
      saved: "Saved %1: send this file to the course designer.", status: "Status", deleteOne: "Delete comment: %1",
      notKept: "This browser does not keep your comments: download them before you close this page.",
      statuses: { draft: "Draft", in_review: "In review", approved: "Approved" } },
    fr: { copy: "Copie de relecture", notFor: "pour les relecteurs, pas pour les apprenants", name: "Votre nom",
      download: "Télécharger les commentaires", count: ["Aucun commentaire", "1 commentaire", "%1 commentaires"],
      onModule: "Commentaires sur ce module", onPart: "Commentaires sur cette partie", yours: "Votre commentaire",
      add: "Ajouter le commentaire", remove: "Supprimer", you: "vous", earlier: "ouvert, d'une relecture précédente",
      needName: "Indiquez d'abord votre nom en haut : il accompagne vos commentaires.", needText: "Écrivez d'abord votre commentaire.",
      added: "Commentaire ajouté.", removed: "Commentaire supprimé.", none: "Il n'y a pas encore de commentaire à télécharger.",
      saved: "%1 enregistré : envoyez ce fichier au concepteur du cours.", status: "Statut", deleteOne: "Supprimer le commentaire : %1",
      notKept: "Ce navigateur ne garde pas vos commentaires : téléchargez-les avant de fermer cette page.",
      statuses: { draft: "Brouillon", in_review: "En relecture", approved: "Approuvé" } }
  };
  var data = null, R, W, key, store, bar, nameInput, counter, barMessage, lang, warned = false;

  function fill(text) { var args = arguments; return text.replace(/%(\d)/g, function (_, n) { return String(args[Number(n)]); }); }
  function tools() { return MMS.internal; }
  function load() {
    if (data) return;
    data = JSON.parse(document.getElementById("mms-data").textContent);
    R = data.review;
    lang = data.course.language || "en";
    W = WORDS[lang.slice(0, 2).toLowerCase()] || WORDS.en;
    key = "mms-review:" + data.course.id;
    store = read();
  }
  function read() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(key) || "null");
      if (saved && Array.isArray(saved.comments) && typeof saved.reviewer === "string") {
        if (!saved.drafts || typeof saved.drafts !== "object") saved.drafts = {};
        return saved;
      }
    } catch (e) { /* unreadable or blocked storage: start empty */ }
    return { reviewer: "", comments: [], drafts: {} };
  }
  function write() {
    try { window.localStorage.setItem(key, JSON.stringify(store)); } catch (e) {
      // private mode or a full disk: kept while the page is open, and the reviewer is told once
      if (!warned && barMessage) { warned = true; tell(barMessage, W.notKept); }
    }
  }
  // A status message, emptied first so the same words said twice are announced twice.
  function tell(node, text) { node.textContent = ""; setTimeout(function () { node.textContent = text; }, 30); }
  function askName() {
    nameInput.setAttribute("aria-invalid", "true");
    tell(barMessage, W.needName);
    nameInput.focus();
  }
  function when(at) { var d = new Date(at); return isNaN(d.getTime()) ? at : d.toLocaleString(lang); }
  function countText() {
    var n = store.comments.length;
    return n === 0 ? W.count[0] : n === 1 ? W.count[1] : fill(W.count[2], n);
  }
  function slug(text) {
    var s = String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-");
    return s.replace(/^-+|-+$/g, "").slice(0, 40) || "reviewer";
  }

  /* ---- the bar: who is reviewing, how many comments, the download ---- */
  function makeBar() {
    var el = tools().el, id = tools().newId("rv-name");
    barMessage = el("p", { cls: "rv-msg", role: "status", id: tools().newId("rv-bar-msg") });
    nameInput = el("input", { type: "text", id: id, maxLength: R.limits.name, value: store.reviewer, autocomplete: "name",
      "aria-describedby": barMessage.id,
      on: { input: function () {
        store.reviewer = tools().clean(nameInput.value, R.limits.name).trim(); write();
        if (store.reviewer) nameInput.removeAttribute("aria-invalid");
      } } });
    counter = el("span", { cls: "rv-count", text: countText() });
    bar = el("aside", { cls: "rv-bar", "aria-label": W.copy }, [
      el("p", { cls: "rv-title" }, [el("strong", { text: W.copy }), " · " + W.notFor]),
      el("div", { cls: "rv-who" }, [el("label", { htmlFor: id, text: W.name }), nameInput]),
      el("div", { cls: "rv-out" }, [counter, tools().button(W.download, download)]), barMessage]);
    document.body.insertBefore(bar, document.getElementById("app"));
  }
  function refreshCount() { counter.textContent = countText(); }

  function download() {
    if (!store.reviewer) { askName(); return; }
    if (!store.comments.length) { tell(barMessage, W.none); return; }
    var doc = { format: R.format, course: { title: data.course.title, build: data.course.id }, reviewer: store.reviewer,
      saved_at: new Date().toISOString(), comments: store.comments.map(function (c) {
        return { module: c.module, block: c.block, anchor: c.anchor, kind: c.kind, at: c.at, text: c.text };
      }) };
    var name = R.slug + "-review-" + slug(store.reviewer) + ".json";
    var url = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2) + "\n"], { type: "application/json" }));
    var a = tools().el("a", { href: url, download: name });
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    tell(barMessage, fill(W.saved, name));
  }

  /* ---- a comment box under the module's start (block null) or one of its parts ---- */
  function commentBox(mod, bi) {
    var t = tools(), el = t.el, facts = R.modules[mod.id] || { status: "draft", anchors: [], open: [] };
    var hid = t.newId("rv-h"), tid = t.newId("rv-text");
    var list = el("ul", { cls: "rv-list" });
    var draft = mod.id + "|" + bi;
    var text = el("textarea", { id: tid, rows: 3, maxLength: R.limits.text, value: store.drafts[draft] || "",
      on: { input: function () { store.drafts[draft] = text.value; write(); } } });   // kept when the SME moves on
    var message = el("p", { cls: "rv-msg", role: "status" });
    function mine() { return store.comments.filter(function (c) { return c.module === mod.id && c.block === bi; }); }
    function draw() {
      list.textContent = "";
      facts.open.filter(function (c) { return c.block === bi; }).forEach(function (c) {
        list.appendChild(el("li", { cls: "rv-earlier" }, [el("p", { text: c.text }),
          el("p", { cls: "rv-meta", text: c.author + " · " + when(c.at) + " · " + W.earlier })]));
      });
      mine().forEach(function (c) {
        list.appendChild(el("li", { cls: "rv-mine" }, [el("p", { text: c.text }),
          el("p", { cls: "rv-meta", text: store.reviewer + " (" + W.you + ") · " + when(c.at) }),
          el("button", { type: "button", text: W.remove, "aria-label": fill(W.deleteOne, c.text.slice(0, 60)),
            on: { click: function () {
              store.comments.splice(store.comments.indexOf(c), 1); write(); draw(); refreshCount();
              tell(message, W.removed); text.focus();
            } } })]));
      });
      list.hidden = !list.childNodes.length;
    }
    function add() {
      var value = t.clean(text.value, R.limits.text).trim();
      if (!store.reviewer) { tell(message, W.needName); askName(); return; }
      if (!value) { tell(message, W.needText); text.focus(); return; }
      store.comments.push({ module: mod.id, block: bi, anchor: bi === null ? null : facts.anchors[bi],
        kind: bi === null ? null : mod.blocks[bi].kind, at: new Date().toISOString(), text: value });
      delete store.drafts[draft];
      write(); text.value = ""; draw(); refreshCount();
      tell(message, W.added);
    }
    draw();
    return el("section", { cls: "rv", "aria-labelledby": hid }, [
      el("h2", { id: hid, text: bi === null ? W.onModule : W.onPart }),
      bi === null ? el("p", { cls: "rv-status", text: W.status + ": " + (W.statuses[facts.status] || facts.status) }) : null,
      list, el("label", { htmlFor: tid, text: W.yours }), text, message,
      el("div", { cls: "nav" }, [t.button(W.add, add)])]);
  }

  function shown(mod, bi, app) {
    load();
    if (!bar) makeBar();
    if (mod) app.appendChild(commentBox(mod, bi));
  }

  var adapter = {};
  Object.keys(base).forEach(function (k) { adapter[k] = base[k]; });
  adapter.shown = shown;
  MMS.adapter = adapter;
})();
