/*
 * The Link frame: renders the pane the server describes and reports to the page that opened it.
 *
 * The panes themselves are drawn by panes.js. The server owns the session (keyed by the link token and a link_session_id); this page only draws views
 * and sends the user's actions (see docs/link.md). Embedded by link-initialize.js, it talks to the page by
 * postMessage, accepting messages only from the page's origin (the `origin` parameter) and window. Without
 * `origin` it is hosted Link: a top-level page that redirects when done.
 */
(function () {
  "use strict";

  var params = new URLSearchParams(window.location.search);
  var token = params.get("token") || "";
  // The footer says "Sandbox" only on sandbox tokens; production Link shows no such mark.
  if (token.indexOf("link-sandbox-") !== 0) {
    var mark = document.querySelector(".foot span");
    if (mark) mark.parentNode.textContent = "Served by Tartan";
  }
  var parentOrigin = params.get("origin");
  var hosted = !parentOrigin;
  var api = new URL("../../session/", window.location.href).href;
  var pane = document.getElementById("pane");
  var closeButton = document.getElementById("close");

  var session = null; // the last answer of session/start or session/step
  var requestId = null;
  var institution = null;
  var exitStatus = null;
  var lastError = null;
  var finished = false;

  if (hosted) document.body.classList.add("hosted");

  // ---- talking to the page ----

  function toParent(message) {
    if (hosted) return;
    message.source = "tartan-link";
    try {
      window.parent.postMessage(message, parentOrigin);
    } catch (e) {
      // An `origin` that is not an origin: nobody to talk to.
    }
  }

  window.addEventListener("message", function (event) {
    if (hosted || event.origin !== parentOrigin || event.source !== window.parent) return;
    var data = event.data;
    if (!data || data.source !== "tartan-link") return;
    if (data.type === "open") start();
    else if (data.type === "exit") exitLink(Boolean(data.force));
  });

  function metadata(extra) {
    var base = {
      error_code: null,
      error_message: null,
      error_type: null,
      exit_status: null,
      institution_id: institution ? institution.institution_id : null,
      institution_name: institution ? institution.name : null,
      institution_search_query: null,
      is_update_mode: Boolean(session && session.is_update_mode),
      link_session_id: session ? session.link_session_id : null,
      mfa_type: null,
      request_id: requestId,
      selection: null,
      timestamp: new Date().toISOString(),
      view_name: null,
    };
    return Object.assign(base, extra || {});
  }

  function emit(name, extra, error) {
    toParent({ type: "event", event_name: name, metadata: metadata(extra), error: error || null });
  }

  // ---- talking to the server ----

  function post(path, body, isForm) {
    var init = { method: "POST", credentials: "omit" };
    if (isForm) {
      init.body = body;
    } else {
      init.headers = { "Content-Type": "application/json" };
      init.body = JSON.stringify(body);
    }
    return fetch(api + path, init).then(
      function (response) {
        return response.json().then(
          function (json) {
            if (json && json.request_id) requestId = json.request_id;
            if (!response.ok) throw { plaid: json };
            return json;
          },
          function () { throw { plaid: null }; }
        );
      },
      function () { throw { plaid: null }; }
    );
  }

  function asError(failure) {
    var json = failure && failure.plaid;
    if (json && json.error_code) {
      return {
        error_type: json.error_type,
        error_code: json.error_code,
        error_message: json.error_message,
        display_message: json.display_message,
      };
    }
    return {
      error_type: "API_ERROR",
      error_code: "INTERNAL_SERVER_ERROR",
      error_message: "Link could not reach the server",
      display_message: null,
    };
  }

  function start() {
    finished = false;
    lastError = null;
    exitStatus = null;
    var body = { link_token: token };
    var resume = params.get("link_session_id");
    if (resume) body.link_session_id = resume;
    var redirected = params.get("received_redirect_uri");
    if (redirected) body.received_redirect_uri = redirected;
    params.delete("link_session_id");
    params.delete("received_redirect_uri");
    ui.renderLoading();
    post("start", body).then(
      function (answer) {
        session = answer;
        institution = answer.institution;
        emit("OPEN");
        show(answer.view);
      },
      function (failure) {
        session = null;
        fatal(asError(failure));
      }
    );
  }

  function step(action) {
    var body = Object.assign({ link_token: token, link_session_id: session.link_session_id }, action);
    return post("step", body).then(accept, function (failure) { fatal(asError(failure)); });
  }

  function accept(answer) {
    session = Object.assign(session, answer);
    if (answer.institution !== undefined) institution = answer.institution;
    show(answer.view);
    return answer;
  }

  // ---- panes ----

  var STATUS = {
    SELECT_INSTITUTION: "institution_not_found",
    CREDENTIAL: "requires_credentials",
    OAUTH: "requires_oauth",
    SELECT_ACCOUNT: "requires_account_selection",
    UPLOAD_DOCUMENTS: "requires_document_upload",
  };
  var MFA_STATUS = { device: "requires_code", questions: "requires_questions", selections: "requires_selections" };

  function show(view) {
    if (view.name === "MFA") exitStatus = MFA_STATUS[view.mfa_type] || null;
    else if (view.name !== "ERROR") exitStatus = STATUS[view.name] || null;
    if (view.name === "ERROR") {
      lastError = view.error;
      emit("ERROR", errorFields(view.error), view.error);
    }
    emit("TRANSITION_VIEW", { view_name: view.name, mfa_type: view.mfa_type || null });
    var draw = ui.panes[view.name];
    if (draw) draw(view);
  }

  function errorFields(error) {
    return {
      error_code: error.error_code,
      error_message: error.error_message,
      error_type: error.error_type,
    };
  }

  function selectInstitution(ins) {
    institution = { name: ins.name, institution_id: ins.institution_id };
    emit("SELECT_INSTITUTION");
    step({ action: "select_institution", institution_id: ins.institution_id });
  }

  // ---- OpenID Connect logins (docs/providers.md) ----

  var oidcWait = null;
  var oidcPopup = null;

  // The institution's login page opens in a pop-up window, as Plaid's OAuth does on the desktop web (a login
  // page in a frame would invite clickjacking, and providers forbid it). Tartan's callback page hands the
  // server's answer back to this frame (postMessage to Tartan's own origin), and this frame completes the
  // login with its own session: a login URL sent to another browser comes back to no frame of this session.
  function openOidc() {
    // Opened during the click, before the server answers: pop-up blockers allow only that.
    var popup = window.open("", "tartan-oidc", "popup,width=520,height=720");
    post("oidc", { link_token: token, link_session_id: session.link_session_id }).then(
      function (answer) {
        if (!answer.authorization_url) {
          if (popup) popup.close();
          return accept(answer);
        }
        if (!popup) {
          return fatal({
            error_type: "ITEM_ERROR",
            error_code: "ACCESS_NOT_GRANTED",
            error_message: "the browser blocked the institution's login window",
            display_message: "Allow pop-up windows for this page, then try again.",
          });
        }
        popup.location.href = answer.authorization_url;
        waitForLogin(popup);
      },
      function (failure) {
        if (popup) popup.close();
        fatal(asError(failure));
      }
    );
  }

  // Only the pop-up this frame opened, at Tartan's own origin, can hand over a login's answer, once.
  window.addEventListener("message", function (event) {
    if (!oidcPopup || event.source !== oidcPopup || event.origin !== window.location.origin) return;
    var data = event.data;
    if (!data || data.source !== "tartan-oidc" || typeof data.state !== "string") return;
    var popup = oidcPopup;
    oidcPopup = null;
    stopWaiting();
    try { popup.close(); } catch (e) { /* already closed */ }
    if (finished) return;
    post("oidc/complete", {
      link_token: token,
      link_session_id: session.link_session_id,
      state: data.state,
      code: data.code,
      error: data.error,
      error_description: data.error_description,
      iss: data.iss,
    }).then(accept, function (failure) { fatal(asError(failure)); });
  });

  // Notices a pop-up closed without an answer (the user gave up): the OAuth pane stays, Continue starts
  // again. Completion is never learnt by polling the session.
  function waitForLogin(popup) {
    stopWaiting();
    oidcPopup = popup;
    oidcWait = setInterval(function () {
      if (finished) return stopWaiting();
      if (popup.closed) {
        stopWaiting();
        // An answer posted just before the window closed is still in the queue: give it a moment.
        setTimeout(function () { if (oidcPopup === popup) oidcPopup = null; }, 2000);
      }
    }, 1000);
  }

  function stopWaiting() {
    if (oidcWait) clearInterval(oidcWait);
    oidcWait = null;
  }

  function fatal(error) {
    show({ name: "ERROR", error: error, retry: false });
  }

  // ---- leaving ----

  function exitMetadata() {
    return {
      institution: institution,
      status: exitStatus,
      link_session_id: session ? session.link_session_id : null,
      request_id: requestId,
    };
  }

  function exitLink(force) {
    if (finished) return;
    finished = true;
    emit("EXIT", { exit_status: exitStatus });
    var local = { error: lastError, metadata: exitMetadata() };
    if (!session) return report(local);
    var recorded = post("step", {
      link_token: token,
      link_session_id: session.link_session_id,
      action: "exit",
      status: exitStatus,
      error: lastError,
    });
    if (force) return;
    recorded.then(
      function (answer) { report(answer.exit || local, answer.view); },
      function () { report(local); }
    );
  }

  function report(exit, view) {
    if (hosted) return leaveHosted(view && view.completion_redirect_uri);
    toParent({ type: "exit", error: exit.error, metadata: exit.metadata });
  }

  function leaveHosted(redirect) {
    if (redirect) window.location.assign(redirect);
    else ui.panes.CLOSED();
  }

  closeButton.addEventListener("click", function () { exitLink(false); });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && session && !closeButton.hidden) exitLink(false);
    if (event.key === "Tab") keepFocusInside(event);
  });

  // A modal dialog: Tab and Shift+Tab cycle through Link's own controls, never out to the page behind.
  function keepFocusInside(event) {
    var focusable = Array.prototype.filter.call(
      document.getElementById("card").querySelectorAll("button, input, [href], [tabindex='0']"),
      function (node) { return !node.disabled && !node.hidden && node.getClientRects().length > 0; }
    );
    if (focusable.length === 0) return;
    var first = focusable[0];
    var last = focusable[focusable.length - 1];
    if (event.shiftKey && (document.activeElement === first || !focusable.includes(document.activeElement))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  var ui = window.TartanLinkPanes({
    token: token,
    hosted: hosted,
    parentOrigin: parentOrigin,
    session: function () { return session; },
    step: step,
    emit: emit,
    post: post,
    accept: accept,
    asError: asError,
    toParent: toParent,
    fatal: fatal,
    exitLink: exitLink,
    leaveHosted: leaveHosted,
    selectInstitution: selectInstitution,
    openOidc: openOidc,
    // The success pane's Continue hands off once, however often it is pressed.
    claimFinish: function () {
      if (finished) return false;
      finished = true;
      return true;
    },
  });

  if (hosted) start();
  else toParent({ type: "ready" });
})();
