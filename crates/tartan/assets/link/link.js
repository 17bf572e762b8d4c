/*
 * The Link frame: renders the pane the server describes and reports to the page that opened it.
 *
 * The server owns the session (keyed by the link token and a link_session_id); this page only draws views
 * and sends the user's actions (see docs/link.md). Embedded by link-initialize.js, it talks to the page by
 * postMessage, accepting messages only from the page's origin (the `origin` parameter) and window. Without
 * `origin` it is hosted Link: a top-level page that redirects when done.
 */
(function () {
  "use strict";

  var params = new URLSearchParams(window.location.search);
  var token = params.get("token") || "";
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
  var searchQuery = null;

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
    searchQuery = null;
    var body = { link_token: token };
    var resume = params.get("link_session_id");
    if (resume) body.link_session_id = resume;
    var redirected = params.get("received_redirect_uri");
    if (redirected) body.received_redirect_uri = redirected;
    params.delete("link_session_id");
    params.delete("received_redirect_uri");
    renderLoading();
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
    var draw = PANES[view.name];
    if (draw) draw(view);
  }

  function errorFields(error) {
    return {
      error_code: error.error_code,
      error_message: error.error_message,
      error_type: error.error_type,
    };
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "text") node.textContent = value;
      else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function initials(name) {
    return name.split(/\s+/).filter(function (w) { return /^[A-Za-z]/.test(w); })
      .slice(0, 2).map(function (w) { return w[0].toUpperCase(); }).join("");
  }

  function badge(name, color, extraClass) {
    var node = el("span", { class: "badge " + (extraClass || ""), "aria-hidden": "true", text: initials(name || "?") });
    if (color) node.style.background = color;
    return node;
  }

  function draw(children, options) {
    closeButton.hidden = Boolean(options && options.noClose);
    pane.replaceChildren.apply(pane, children.filter(Boolean));
    var target = pane.querySelector("[data-autofocus]") || pane.querySelector("h1");
    if (target) {
      if (target.tagName === "H1") target.setAttribute("tabindex", "-1");
      target.focus();
    }
  }

  function heading(text) {
    return el("h1", { id: "pane-title", text: text });
  }

  function primary(label, onclick, attrs) {
    return el("button", Object.assign({ type: onclick ? "button" : "submit", class: "primary", onclick: onclick }, attrs || {}), [label]);
  }

  function busy(form) {
    Array.prototype.forEach.call(form.querySelectorAll("button, input"), function (node) {
      node.disabled = true;
    });
  }

  function renderLoading() {
    closeButton.hidden = true;
    pane.replaceChildren(el("p", { class: "loading", role: "status" }, [el("span", { class: "spinner", "aria-hidden": "true" }), "Loading…"]));
  }

  var PANES = {
    CONSENT: function (view) {
      draw([
        badge(view.client_name, "var(--navy)"),
        heading(view.client_name + " uses Tartan to connect your account"),
        el("ul", { class: "points" }, [
          el("li", {}, ["Connect in seconds: pick your bank and log in as you normally would."]),
          el("li", {}, ["Your credentials are never shared with " + view.client_name + "."]),
        ]),
        el("div", { class: "grow" }),
        el("p", { class: "fineprint", text: "By selecting Continue you agree to let " + view.client_name + " read the accounts you choose." }),
        primary("Continue", function () { step({ action: "consent" }); }, { "data-autofocus": true }),
      ]);
    },

    SELECT_INSTITUTION: function (view) {
      var list = el("ul", { class: "institutions", "aria-label": "Institutions" });
      var search = el("input", { type: "search", id: "search", autocomplete: "off", "data-autofocus": true });
      var timer = null;
      function fill(institutions) {
        list.replaceChildren.apply(list, institutions.map(function (ins) {
          return el("li", {}, [
            el("button", {
              type: "button",
              class: "institution",
              onclick: function () { selectInstitution(ins); },
            }, [badge(ins.name, ins.primary_color, "small"), el("span", { text: ins.name })]),
          ]);
        }));
        if (institutions.length === 0) {
          list.replaceChildren(el("li", { class: "empty", text: "No institutions match “" + search.value + "”." }));
        }
      }
      search.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () {
          var query = search.value.trim();
          searchQuery = query;
          emit("SEARCH_INSTITUTION", { institution_search_query: query });
          post("institutions", { link_token: token, query: query }).then(
            function (answer) { if (search.value.trim() === query) fill(answer.institutions); },
            function (failure) { fatal(asError(failure)); }
          );
        }, 150);
      });
      fill(view.institutions);
      draw([
        heading("Select your institution"),
        el("label", { for: "search", text: "Search" }),
        search,
        list,
      ]);
    },

    CREDENTIAL: function (view) {
      var form = el("form", { novalidate: true }, [
        el("label", { for: "username", text: "Username" }),
        el("input", { type: "text", id: "username", name: "username", autocomplete: "username", autocapitalize: "none", spellcheck: "false", "data-autofocus": true }),
        el("label", { for: "password", text: "Password" }),
        el("input", { type: "password", id: "password", name: "password", autocomplete: "current-password" }),
        primary("Submit"),
        el("p", { class: "fineprint" }, ["Sandbox: ", el("code", { text: "user_good" }), " / ", el("code", { text: "pass_good" })]),
      ]);
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var username = form.elements.username.value;
        var password = form.elements.password.value;
        emit("SUBMIT_CREDENTIALS");
        busy(form);
        step({ action: "credentials", username: username, password: password });
      });
      draw([
        badge(view.institution.name, view.institution.primary_color),
        heading("Log in to " + view.institution.name),
        el("p", { class: "lead", text: "Enter the credentials you use for " + view.institution.name + "." }),
        form,
      ]);
    },

    MFA: function (view) {
      var fields = [];
      if (view.mfa_type === "device") {
        fields.push(el("p", { class: "lead", text: view.prompt }));
        fields.push(el("label", { for: "code", text: "Code" }));
        fields.push(el("input", { type: "text", id: "code", name: "answer", inputmode: "numeric", autocomplete: "one-time-code", "data-autofocus": true }));
      } else if (view.mfa_type === "questions") {
        view.questions.forEach(function (question, i) {
          fields.push(el("label", { for: "q" + i, text: question }));
          fields.push(el("input", { type: "text", id: "q" + i, name: "answer", "data-autofocus": i === 0 }));
        });
      } else {
        view.selections.forEach(function (selection, i) {
          fields.push(el("fieldset", {}, [el("legend", { text: selection.question })].concat(
            selection.answers.map(function (answer, j) {
              return el("label", { class: "choice" }, [
                el("input", { type: "radio", name: "s" + i, value: answer, "data-autofocus": i === 0 && j === 0 }),
                el("span", { text: answer }),
              ]);
            })
          )));
        });
      }
      var form = el("form", { novalidate: true }, fields.concat([primary("Submit")]));
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var answers = [];
        if (view.mfa_type === "selections") {
          view.selections.forEach(function (_, i) {
            var checked = form.querySelector("input[name=s" + i + "]:checked");
            answers.push(checked ? checked.value : "");
          });
        } else {
          Array.prototype.forEach.call(form.querySelectorAll("input[name=answer]"), function (input) {
            answers.push(input.value);
          });
        }
        emit("SUBMIT_MFA", { mfa_type: view.mfa_type });
        busy(form);
        step({ action: "mfa", answers: answers });
      });
      draw([heading(view.title), form]);
    },

    OAUTH: function (view) {
      draw([
        badge(view.institution.name, view.institution.primary_color),
        heading("Continue to " + view.institution.name),
        el("p", { class: "lead", text: "You will log in on " + view.institution.name + "'s own page, then come back here." }),
        el("div", { class: "grow" }),
        primary("Continue", function () {
          emit("OPEN_OAUTH");
          var url = new URL("oauth.html", window.location.href);
          url.searchParams.set("token", token);
          url.searchParams.set("link_session_id", session.link_session_id);
          if (view.redirect && !hosted) return toParent({ type: "redirect", url: url.href });
          if (!hosted) url.searchParams.set("origin", parentOrigin);
          window.location.assign(url.href);
        }, { "data-autofocus": true }),
      ]);
    },

    SELECT_ACCOUNT: function (view) {
      var message = el("p", { class: "field-error", role: "alert", hidden: true });
      var multi = view.multiple !== false;
      var group = el("fieldset", {}, [el("legend", { text: "Accounts" })].concat(view.accounts.map(function (account, i) {
        return el("label", { class: "choice" }, [
          el("input", { type: multi ? "checkbox" : "radio", name: "account", value: account.id, checked: account.selected, "data-autofocus": i === 0 }),
          el("span", {}, [
            el("span", { class: "name", text: account.name }), " ",
            el("span", { class: "mask" }, [el("span", { "aria-hidden": "true", text: "•• " }), account.mask || ""]),
            el("span", { class: "detail", "aria-hidden": "true", text: account.subtype || account.type }),
          ]),
        ]);
      })));
      var form = el("form", { novalidate: true }, [group, message, primary("Continue")]);
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var ids = Array.prototype.map.call(form.querySelectorAll("input[name=account]:checked"), function (input) {
          return input.value;
        });
        if (ids.length === 0) {
          message.textContent = "Select at least one account.";
          message.hidden = false;
          return;
        }
        busy(form);
        step({ action: "select_accounts", account_ids: ids });
      });
      draw([
        heading("Select account" + (multi ? "s" : "")),
        el("p", { class: "lead", text: view.client_name + " will be able to read the accounts you select." }),
        form,
      ]);
    },

    UPLOAD_DOCUMENTS: function (view) {
      var message = el("p", { class: "field-error", role: "alert", hidden: true });
      var form = el("form", { novalidate: true }, [
        el("div", { class: "dropzone" }, [
          el("label", { for: "statement", text: "Bank statement (PDF)" }),
          el("input", { type: "file", id: "statement", name: "file", accept: "application/pdf,.pdf", "data-autofocus": true }),
        ]),
        message,
        primary("Submit"),
      ]);
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var file = form.elements.file.files[0];
        if (!file) {
          message.textContent = "Choose a PDF statement first.";
          message.hidden = false;
          return;
        }
        var data = new FormData();
        data.append("link_token", token);
        data.append("link_session_id", session.link_session_id);
        data.append("file", file, file.name);
        emit("SUBMIT_DOCUMENTS");
        busy(form);
        post("document", data, true).then(accept, function (failure) { fatal(asError(failure)); });
      });
      draw([
        heading("Upload a bank statement"),
        el("p", { class: "lead", text: "Give " + view.client_name + " a recent statement of the account " + (view.account_name || "") + " to confirm who holds it." }),
        form,
      ]);
    },

    CONNECTED: function (view) {
      draw([
        el("span", { class: "badge ok", "aria-hidden": "true", text: "✓" }),
        heading("Success"),
        el("p", { class: "lead", text: "Your account has been connected to " + view.client_name + "." }),
        el("div", { class: "grow" }),
        primary("Continue", function () {
          if (finished) return;
          finished = true;
          emit("HANDOFF");
          if (hosted) return leaveHosted(view.completion_redirect_uri);
          toParent({ type: "success", public_token: view.public_token, metadata: view.metadata });
        }, { "data-autofocus": true }),
      ]);
    },

    ERROR: function (view) {
      var error = view.error;
      var children = [
        el("span", { class: "badge error", "aria-hidden": "true", text: "!" }),
        heading(TITLES[error.error_code] || TITLES[error.error_type] || "Something went wrong"),
        el("p", { class: "lead", text: error.display_message || error.error_message }),
        el("p", { class: "fineprint" }, [
          "Error code: ", el("code", { text: error.error_code }),
          error.display_message ? " — " + error.error_message : "",
        ]),
        el("div", { class: "grow" }),
      ];
      if (view.retry) {
        children.push(primary("Try again", function () { step({ action: "retry" }); }, { "data-autofocus": true }));
        children.push(el("button", { type: "button", class: "secondary", onclick: function () { exitLink(false); } }, ["Exit"]));
      } else {
        children.push(primary("Exit", function () { exitLink(false); }, { "data-autofocus": true }));
      }
      draw(children, { noClose: true });
    },

    CLOSED: function () {
      draw([heading("You can close this window"), el("p", { class: "lead", text: "You can return to the app now." })], { noClose: true });
    },
  };

  var TITLES = {
    INVALID_CREDENTIALS: "Incorrect username or password",
    INVALID_MFA: "That answer didn't work",
    ITEM_LOCKED: "Your account is locked",
    INVALID_LINK_TOKEN: "This link is no longer valid",
    ACCESS_NOT_GRANTED: "Access was not allowed",
    NO_ACCOUNTS: "No eligible accounts",
    NO_AUTH_ACCOUNTS: "No eligible accounts",
    INSTITUTION_ERROR: "This institution is unavailable",
    API_ERROR: "Something went wrong",
  };

  function selectInstitution(ins) {
    institution = { name: ins.name, institution_id: ins.institution_id };
    emit("SELECT_INSTITUTION");
    step({ action: "select_institution", institution_id: ins.institution_id });
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
    else PANES.CLOSED();
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

  if (hosted) start();
  else toParent({ type: "ready" });
})();
