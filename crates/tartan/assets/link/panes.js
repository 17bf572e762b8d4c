/*
 * The Link frame's panes: one function per view the server describes (docs/link.md), drawing accessible
 * controls with the names Link promises (Continue, Search, Username, Password, Code, Submit, Exit) and calling
 * back into the frame (`app`, see link.js) for every action.
 */
(function () {
  "use strict";

  window.TartanLinkPanes = function (app) {
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
      document.getElementById("close").hidden = Boolean(options && options.noClose);
      document.getElementById("pane").replaceChildren.apply(pane, children.filter(Boolean));
      var target = document.getElementById("pane").querySelector("[data-autofocus]") || document.getElementById("pane").querySelector("h1");
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
      document.getElementById("close").hidden = true;
      document.getElementById("pane").replaceChildren(el("p", { class: "loading", role: "status" }, [el("span", { class: "spinner", "aria-hidden": "true" }), "Loading…"]));
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
          primary("Continue", function () { app.step({ action: "consent" }); }, { "data-autofocus": true }),
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
                onclick: function () { app.selectInstitution(ins); },
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
            app.emit("SEARCH_INSTITUTION", { institution_search_query: query });
            app.post("institutions", { link_token: app.token, query: query }).then(
              function (answer) { if (search.value.trim() === query) fill(answer.institutions); },
              function (failure) { app.fatal(app.asError(failure)); }
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
        ].concat(app.token.indexOf("link-sandbox-") === 0
          // The sandbox's test credentials; a production login is the provider's own.
          ? [el("p", { class: "fineprint" }, ["Sandbox: ", el("code", { text: "user_good" }), " / ", el("code", { text: "pass_good" })])]
          : []));
        form.addEventListener("submit", function (event) {
          event.preventDefault();
          var username = form.elements.username.value;
          var password = form.elements.password.value;
          app.emit("SUBMIT_CREDENTIALS");
          busy(form);
          app.step({ action: "credentials", username: username, password: password });
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
          app.emit("SUBMIT_MFA", { mfa_type: view.mfa_type });
          busy(form);
          app.step({ action: "mfa", answers: answers });
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
            app.emit("OPEN_OAUTH");
            // A provider's OpenID Connect server: its own login page, in a pop-up window.
            if (view.oidc) return app.openOidc();
            var url = new URL("oauth.html", window.location.href);
            url.searchParams.set("token", app.token);
            url.searchParams.set("link_session_id", app.session().link_session_id);
            if (view.redirect && !app.hosted) return app.toParent({ type: "redirect", url: url.href });
            if (!app.hosted) url.searchParams.set("origin", app.parentOrigin);
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
          app.step({ action: "select_accounts", account_ids: ids });
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
          data.append("link_token", app.token);
          data.append("link_session_id", app.session().link_session_id);
          data.append("file", file, file.name);
          app.emit("SUBMIT_DOCUMENTS");
          busy(form);
          app.post("document", data, true).then(app.accept, function (failure) { app.fatal(app.asError(failure)); });
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
            if (!app.claimFinish()) return;
            app.emit("HANDOFF");
            if (app.hosted) return app.leaveHosted(view.completion_redirect_uri);
            app.toParent({ type: "success", public_token: view.public_token, metadata: view.metadata });
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
          children.push(primary("Try again", function () { app.step({ action: "retry" }); }, { "data-autofocus": true }));
          children.push(el("button", { type: "button", class: "secondary", onclick: function () { app.exitLink(false); } }, ["Exit"]));
        } else {
          children.push(primary("Exit", function () { app.exitLink(false); }, { "data-autofocus": true }));
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


    return { panes: PANES, renderLoading: renderLoading, titles: TITLES };
  };
})();
