/*
 * Tartan Link: drop-in replacement for Plaid's link-initialize.js.
 *
 * window.Plaid.create(config) -> handler {open, exit, destroy, submit}, with Plaid's callbacks:
 *   onSuccess(public_token, metadata), onExit(error, metadata), onEvent(eventName, metadata), onLoad().
 *
 * Link runs in an iframe served from this script's own origin and path prefix (taken from
 * document.currentScript.src, never from a configured host), so 127.0.0.1, localhost and a
 * /plaid-compatible prefix all work. Page and frame talk by postMessage; each side accepts messages only
 * from the other's origin and window. The session state lives on the server, keyed by the link token.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !script.src) {
    throw new Error("Tartan Link: load link-initialize.js with a <script src> tag");
  }
  var frameUrl = new URL("link.html", script.src);
  var frameOrigin = frameUrl.origin;
  var SOURCE = "tartan-link";
  var handlers = [];

  function call(fn, args) {
    if (typeof fn !== "function") return;
    try {
      fn.apply(null, args);
    } catch (e) {
      setTimeout(function () { throw e; });
    }
  }

  function create(config) {
    if (!config || typeof config.token !== "string" || config.token === "") {
      throw new Error("Plaid.create: config.token (a link token) is required");
    }
    var iframe = document.createElement("iframe");
    var url = new URL(frameUrl.href);
    url.searchParams.set("token", config.token);
    url.searchParams.set("origin", window.location.origin);
    if (typeof config.receivedRedirectUri === "string" && config.receivedRedirectUri) {
      url.searchParams.set("received_redirect_uri", config.receivedRedirectUri);
    }
    iframe.src = url.href;
    iframe.title = "Link";
    iframe.setAttribute("allow", "clipboard-write");
    iframe.style.cssText =
      "position:fixed;inset:0;width:100%;height:100%;border:0;margin:0;padding:0;" +
      "z-index:2147483647;background:transparent;display:none;color-scheme:normal";

    var state = {
      loaded: false,
      open: false,
      finished: false,
      destroyed: false,
      pendingOpen: false,
      lastError: null,
      lastMeta: { link_session_id: null, request_id: null, institution: null, status: null },
      previousFocus: null,
    };

    function post(message) {
      if (state.destroyed || !iframe.contentWindow) return;
      message.source = SOURCE;
      iframe.contentWindow.postMessage(message, frameOrigin);
    }

    function show() {
      state.previousFocus = document.activeElement;
      iframe.style.display = "block";
      state.open = true;
      iframe.focus();
      post({ type: "open" });
    }

    function hide() {
      iframe.style.display = "none";
      state.open = false;
      if (state.previousFocus && typeof state.previousFocus.focus === "function") {
        state.previousFocus.focus();
      }
    }

    function remember(metadata) {
      if (!metadata) return;
      ["link_session_id", "request_id"].forEach(function (key) {
        if (metadata[key]) state.lastMeta[key] = metadata[key];
      });
      if (metadata.institution_id) {
        state.lastMeta.institution = {
          name: metadata.institution_name || null,
          institution_id: metadata.institution_id,
        };
      }
    }

    function exitMetadata(status) {
      return {
        status: status || state.lastMeta.status || null,
        institution: state.lastMeta.institution,
        link_session_id: state.lastMeta.link_session_id,
        request_id: state.lastMeta.request_id,
      };
    }

    function finish() {
      state.finished = true;
      hide();
    }

    function onMessage(event) {
      if (event.origin !== frameOrigin || event.source !== iframe.contentWindow) return;
      var data = event.data;
      if (!data || data.source !== SOURCE || typeof data.type !== "string") return;
      switch (data.type) {
        case "ready":
          if (state.loaded) {
            // The frame came back from an OAuth page inside it: carry on with the same session.
            if (state.open) post({ type: "open" });
            break;
          }
          state.loaded = true;
          call(config.onLoad, []);
          if (state.pendingOpen) {
            state.pendingOpen = false;
            show();
          }
          break;
        case "event":
          remember(data.metadata);
          if (data.event_name === "ERROR" && data.error) state.lastError = data.error;
          if (data.metadata && data.metadata.exit_status) state.lastMeta.status = data.metadata.exit_status;
          call(config.onEvent, [data.event_name, data.metadata]);
          break;
        case "success":
          if (state.finished) return;
          finish();
          call(config.onSuccess, [data.public_token, data.metadata]);
          break;
        case "exit":
          if (state.finished) return;
          finish();
          call(config.onExit, [data.error || null, data.metadata || exitMetadata()]);
          break;
        case "redirect":
          // OAuth with a redirect_uri: the bank's page takes over the whole window, as Plaid's does.
          if (typeof data.url === "string" && new URL(data.url).origin === frameOrigin) {
            window.location.assign(data.url);
          }
          break;
      }
    }

    window.addEventListener("message", onMessage);
    (document.body || document.documentElement).appendChild(iframe);

    var handler = {
      open: function () {
        if (state.destroyed) return;
        state.finished = false;
        if (state.loaded) show();
        else state.pendingOpen = true;
      },
      exit: function (options) {
        if (state.destroyed || !state.open) return;
        if (options && options.force) {
          post({ type: "exit", force: true });
          finish();
          call(config.onExit, [state.lastError, exitMetadata()]);
        } else {
          post({ type: "exit", force: false });
        }
      },
      submit: function (data) {
        post({ type: "submit", data: data || {} });
      },
      destroy: function () {
        if (state.destroyed) return;
        state.destroyed = true;
        window.removeEventListener("message", onMessage);
        if (iframe.parentNode) iframe.parentNode.removeChild(iframe);
        handlers = handlers.filter(function (h) { return h !== handler; });
      },
    };
    handlers.push(handler);
    return handler;
  }

  window.Plaid = window.Plaid || {};
  window.Plaid.create = create;
  window.Plaid.version = "tartan-2";
})();
