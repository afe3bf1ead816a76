"""Packagers (SCORM 1.2, SCORM 2004, cmi5, xAPI, HTML5) and the learner player they share.
Depends on the core, and on ``studio.media`` to render delivery files."""
