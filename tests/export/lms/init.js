window.LMS_INIT = window.LMS_INIT || {};
