/*
 * A sandbox bank's OAuth authorization page. The user allows or denies the app; the session then goes
 * back into the Link frame (in-frame variant: `origin` given) or to the app's redirect_uri with
 * `oauth_state_id` (page-redirect variant), where the app reopens Link with receivedRedirectUri.
 */
(function () {
  "use strict";

  var params = new URLSearchParams(window.location.search);
  var token = params.get("token") || "";
  var sessionId = params.get("link_session_id") || "";
  var origin = params.get("origin");
  var api = new URL("../../session/", window.location.href).href;
  var pane = document.getElementById("pane");

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text) node.textContent = text;
    return node;
  }

  function decide(action) {
    Array.prototype.forEach.call(pane.querySelectorAll("button"), function (b) { b.disabled = true; });
    fetch(api + "step", {
      method: "POST",
      credentials: "omit",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ link_token: token, link_session_id: sessionId, action: action }),
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (!response.ok) throw answer;
        if (answer.oauth_redirect_uri && !origin) return window.location.assign(answer.oauth_redirect_uri);
        var back = new URL("link.html", window.location.href);
        back.searchParams.set("token", token);
        back.searchParams.set("link_session_id", sessionId);
        if (origin) back.searchParams.set("origin", origin);
        window.location.assign(back.href);
      });
    }).catch(function (error) {
      var message = el("p", { role: "alert", class: "field-error" },
        (error && error.error_message) || "The bank could not reach Tartan.");
      pane.appendChild(message);
    });
  }

  function render(institution, client) {
    var heading = el("h1", { id: "pane-title", tabindex: "-1" }, institution);
    var allow = el("button", { type: "button", class: "primary" }, "Allow");
    var deny = el("button", { type: "button", class: "secondary" }, "Deny");
    allow.addEventListener("click", function () { decide("oauth_allow"); });
    deny.addEventListener("click", function () { decide("oauth_deny"); });
    pane.replaceChildren(
      heading,
      el("p", { class: "lead" }, client + " is asking to read your accounts at " + institution + "."),
      el("p", { class: "fineprint" }, "This is a sandbox bank: no real login is needed."),
      el("div", { class: "grow" }),
      allow,
      deny
    );
    heading.focus();
  }

  fetch(api + "start", {
    method: "POST",
    credentials: "omit",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ link_token: token, link_session_id: sessionId }),
  }).then(function (response) {
    return response.json().then(function (answer) {
      if (!response.ok || !answer.institution) throw answer;
      render(answer.institution.name, answer.client_name);
    });
  }).catch(function (error) {
    pane.replaceChildren(el("h1", { id: "pane-title" }, "This authorization link is not valid"),
      el("p", { class: "lead" }, (error && error.error_message) || "Tartan could not be reached."));
  });
})();
