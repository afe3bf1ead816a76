/* Finding the LMS's SCORM API object, shared by the 1.2 and 2004 adapters: walk up the
   frames, then the opener's, stopping at another origin (reading it throws). */
(function () {
  "use strict";
  var MMS = window.MMS = window.MMS || {};
  function search(win, name) {
    for (var hops = 0; win && hops < 12; hops++) {
      try { if (win[name]) return win[name]; } catch (e) { return null; }   // another origin: stop there
      if (!win.parent || win.parent === win) break;
      win = win.parent;
    }
    return null;
  }
  MMS.findLmsApi = function (name) {
    var found = search(window, name);
    try { if (!found && window.opener) found = search(window.opener, name) || search(window.opener.top, name); } catch (e) { /* closed opener */ }
    return found;
  };
})();
