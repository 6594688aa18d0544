/*
 * 연천군 민원 상담 위젯 (homepage chat widget). Plain JavaScript, no build step, no third-party code.
 *
 * Embed with one tag:
 *   <script src="https://<api>/widget/widget.js" data-bot-url="https://<rasa>" data-api-url="https://<api>" defer></script>
 *   data-bot-url  the Rasa server (its web channel: /webhooks/web/webhook); empty = this page's origin
 *   data-api-url  the complaint API (live chat with an officer: /api/v1/handoffs/...); default = the script's origin
 *   data-title    the panel's title (default "민원 상담")
 *
 * The conversation (a random 128-bit id, the messages shown, a message not yet delivered, a live chat with an
 * officer) is kept in sessionStorage, so it survives a reload but not the closing of the tab on a shared PC.
 * Every message carries an id of its own; after a failure the same id is sent again and the server answers
 * it once, so nothing is ever sent twice. The large-text choice is kept in localStorage.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.__ycwLoaded) return;
  window.__ycwLoaded = true;

  var MAX_LENGTH = 2000; // what the web channel and the API accept
  var REQUEST_TIMEOUT_MS = 30000;
  var POLL_MS = 1000;
  var BACKOFF_MS = [1000, 2000, 4000, 8000, 15000, 30000];

  var scriptUrl = new URL(script.src, location.href);
  var botUrl = trimSlash(attr("data-bot-url", location.origin) || location.origin);
  var apiUrl = trimSlash(attr("data-api-url", scriptUrl.origin) || scriptUrl.origin);
  var title = attr("data-title", "민원 상담") || "민원 상담";
  var storageKey = "ycw:" + botUrl;
  var largeKey = "ycw:large-text";

  var TEXT = {
    launcher: "민원 상담",
    launcherHint: "챗봇 상담창 열기",
    close: "상담창 닫기",
    large: "큰 글씨",
    subtitle: "24시간 챗봇 · 업무시간에는 담당 직원 연결",
    inputLabel: "메시지 입력",
    placeholder: "메시지를 입력해 주세요",
    hint: "Enter 보내기 · Shift+Enter 줄바꿈",
    send: "보내기",
    you: "나",
    bot: "챗봇",
    officer: "담당 직원",
    notice: "안내",
    typing: "답변을 준비하고 있습니다",
    welcome: "안녕하세요. 연천군 민원 상담 챗봇입니다. 불편하신 점이나 궁금하신 점을 편하게 말씀해 주세요.\n예) 집 앞 가로등이 며칠째 꺼져 있어요",
    tooLong: function (n) {
      return "메시지가 너무 깁니다. " + MAX_LENGTH.toLocaleString("ko-KR") + "자 이하로 나누어 보내 주세요. (지금 " +
        n.toLocaleString("ko-KR") + "자)";
    },
    offline: "연결이 원활하지 않습니다. 다시 연결하는 중이니 잠시만 기다려 주세요. 보내신 메시지는 연결되는 대로 한 번만 전달됩니다.",
    reconnected: "다시 연결되었습니다.",
    sending: "보내는 중",
    failed: "전달하지 못했습니다",
    waiting: "담당 직원 연결을 기다리고 있습니다. 이 창에서 계속 말씀해 주시면 담당 직원에게 전달됩니다.",
    waitingLeft: function (s) {
      var m = Math.max(1, Math.ceil(s / 60));
      return " (최대 약 " + m + "분)";
    },
    connected: "담당 직원과 연결되어 있습니다.",
    handoffLost: "담당 직원과의 상담 정보를 찾을 수 없습니다. 계속 말씀해 주시면 챗봇이 안내해 드리겠습니다.",
    callbackTitle: "전화 회신 요청",
    callbackPhone: "연락받으실 전화번호",
    callbackTime: "연락받기 편한 시간 (선택)",
    callbackTimeExample: "예: 평일 오후 3시 이후",
    callbackConsent: "개인정보 수집·이용에 동의합니다.",
    callbackNotice: "수집 목적: 상담 회신 전화 · 수집 항목: 전화번호, 연락 희망 시간 · 보유 기간: 상담 처리 후 3년 · " +
      "동의하지 않으실 수 있으며, 이 경우 전화 회신은 어렵지만 챗봇 상담과 민원 접수는 계속 이용하실 수 있습니다.",
    callbackSend: "회신 요청하기",
    callbackNeedPhone: "전화번호를 입력해 주세요. 예) 010-1234-5678",
    callbackNeedConsent: "전화 회신을 받으시려면 개인정보 수집·이용에 동의해 주세요.",
    callbackFailed: "회신 요청을 전달하지 못했습니다. 전화번호를 확인하신 뒤 다시 시도해 주세요.",
    fileComplaint: "챗봇으로 민원 접수하기",
    tooMany: "요청이 많아 잠시 기다렸다가 다시 보내겠습니다."
  };

  var STARTERS = [
    { title: "민원 접수하기", payload: "/file_complaint" },
    { title: "처리 상황 조회", payload: "/check_status" },
    { title: "담당 직원 연결", payload: "/request_human" }
  ];

  // ---- state ---------------------------------------------------------------------------------------------
  var state = load() || {
    conversationId: randomId(),
    history: [],   // {id, who: user|bot|officer|system, text, time, buttons, status}
    outbox: [],    // {id, text, payload, attempts, target: bot|officer}
    handoff: null, // {id, token, after, state, endedReason, callbackOffered}
    open: false
  };
  var sending = false;
  var polling = null;
  var offline = false;
  var retryTimer = null;

  // ---- DOM -----------------------------------------------------------------------------------------------
  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = new URL("widget.css", scriptUrl).href;
  document.head.appendChild(css);

  var root = el("div", { class: "ycw-root", "data-ycw": "" });
  if (localStorage.getItem(largeKey) === "1") root.classList.add("ycw-large");

  var launcher = el("button", {
    type: "button", class: "ycw-launcher", "aria-expanded": "false", "aria-controls": "ycw-panel",
    "aria-label": TEXT.launcherHint
  }, [chatIcon(), el("span", {}, TEXT.launcher)]);

  var panel = el("section", { class: "ycw-panel", id: "ycw-panel", role: "dialog", "aria-labelledby": "ycw-title", hidden: "" });
  var largeButton = el("button", { type: "button", class: "ycw-tool", "aria-pressed": String(root.classList.contains("ycw-large")) },
    TEXT.large);
  var closeButton = el("button", { type: "button", class: "ycw-tool ycw-close", "aria-label": TEXT.close }, "✕");
  var header = el("header", { class: "ycw-header" }, [
    el("div", { class: "ycw-heading" }, [el("h2", { id: "ycw-title" }, title), el("p", { class: "ycw-subtitle" }, TEXT.subtitle)]),
    el("div", { class: "ycw-tools" }, [largeButton, closeButton])
  ]);
  var banner = el("div", { class: "ycw-banner", role: "status", "aria-live": "polite" });
  var log = el("div", { class: "ycw-log", role: "log", "aria-live": "polite", "aria-label": "상담 대화", tabindex: "0" });
  var typing = el("div", { class: "ycw-typing", hidden: "" }, [
    el("span", { class: "ycw-dots", "aria-hidden": "true" }, [el("i"), el("i"), el("i")]),
    el("span", { class: "ycw-typing-text" }, TEXT.typing)
  ]);
  var input = el("textarea", {
    id: "ycw-input", class: "ycw-input", rows: "2", placeholder: TEXT.placeholder, "aria-describedby": "ycw-hint ycw-error",
    autocomplete: "off"
  });
  var counter = el("span", { class: "ycw-count", id: "ycw-count", "aria-hidden": "true" }, "0/" + MAX_LENGTH);
  var error = el("p", { class: "ycw-error", id: "ycw-error", role: "alert" });
  var sendButton = el("button", { type: "submit", class: "ycw-send" }, TEXT.send);
  var form = el("form", { class: "ycw-form", novalidate: "" }, [
    el("label", { for: "ycw-input", class: "ycw-sr" }, TEXT.inputLabel),
    input,
    el("div", { class: "ycw-form-row" }, [el("span", { class: "ycw-hint", id: "ycw-hint" }, TEXT.hint), counter, sendButton]),
    error
  ]);
  panel.append(header, banner, log, typing, form);
  root.append(launcher, panel);

  function mount() {
    document.body.appendChild(root);
    // The saved conversation is drawn without being read out again; only new messages are announced.
    log.setAttribute("aria-live", "off");
    state.history.forEach(renderMessage);
    if (!state.history.length) addMessage("bot", TEXT.welcome, STARTERS);
    log.setAttribute("aria-live", "polite");
    if (state.open) openPanel(false);
    refreshBanner();
    pump();
    if (state.handoff && state.handoff.state !== "ended") startPolling();
  }

  // ---- events --------------------------------------------------------------------------------------------
  launcher.addEventListener("click", function () {
    state.open ? closePanel() : openPanel(true);
  });
  closeButton.addEventListener("click", closePanel);
  largeButton.addEventListener("click", function () {
    var on = !root.classList.contains("ycw-large");
    root.classList.toggle("ycw-large", on);
    largeButton.setAttribute("aria-pressed", String(on));
    try { localStorage.setItem(largeKey, on ? "1" : "0"); } catch (e) { /* private mode: the choice lasts the page */ }
  });
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      event.preventDefault();
      closePanel();
    }
  });
  input.addEventListener("keydown", function (event) {
    // Korean IME: Enter that ends a syllable's composition is not a send.
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      submit();
    }
  });
  input.addEventListener("input", updateCounter);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    submit();
  });
  window.addEventListener("online", function () {
    if (offline) retryNow();
  });

  function openPanel(focus) {
    state.open = true;
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    root.classList.add("ycw-is-open");
    save();
    scrollDown();
    if (focus) input.focus();
  }

  function closePanel() {
    state.open = false;
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    root.classList.remove("ycw-is-open");
    save();
    launcher.focus();
  }

  function updateCounter() {
    var n = input.value.length;
    counter.textContent = n.toLocaleString("ko-KR") + "/" + MAX_LENGTH.toLocaleString("ko-KR");
    counter.classList.toggle("ycw-count-over", n > MAX_LENGTH);
    if (n <= MAX_LENGTH && error.textContent === TEXT.tooLong(n)) error.textContent = "";
  }

  function submit() {
    var text = input.value.trim();
    if (!text) return;
    if (text.length > MAX_LENGTH) {
      error.textContent = TEXT.tooLong(text.length);
      input.setAttribute("aria-invalid", "true");
      return;
    }
    error.textContent = "";
    input.removeAttribute("aria-invalid");
    input.value = "";
    updateCounter();
    send(text, null);
  }

  function send(text, payload) {
    disableOldButtons();
    var live = state.handoff && state.handoff.state !== "ended";
    var id = randomId();
    addMessage("user", text, null, { id: id, status: "sending" });
    state.outbox.push({ id: id, text: text, payload: payload, attempts: 0, target: live ? "officer" : "bot" });
    save();
    pump();
  }

  // ---- delivery: one message at a time, the same id on every attempt ---------------------------------------
  function pump() {
    if (sending || !state.outbox.length || retryTimer) return;
    var item = state.outbox[0];
    sending = true;
    if (item.target === "bot") typing.hidden = false;
    var request = item.target === "bot" ? toBot(item) : toOfficer(item);
    request.then(function (result) {
      sending = false;
      typing.hidden = true;
      if (result.retry) {
        item.attempts += 1;
        save();
        setOffline(true, result.reason);
        var wait = result.after || BACKOFF_MS[Math.min(item.attempts - 1, BACKOFF_MS.length - 1)];
        retryTimer = setTimeout(function () { retryTimer = null; pump(); }, wait);
        return;
      }
      state.outbox.shift();
      setStatus(item.id, result.failed ? "failed" : "sent");
      setOffline(false);
      save();
      pump();
    });
  }

  function retryNow() {
    if (retryTimer) {
      clearTimeout(retryTimer);
      retryTimer = null;
    }
    pump();
  }

  function toBot(item) {
    var body = { sender: state.conversationId, message: item.payload || item.text, message_id: item.id, retry: item.attempts > 0 };
    return request(botUrl + "/webhooks/web/webhook", { method: "POST", body: JSON.stringify(body) }).then(function (r) {
      if (r.status === 200 && Array.isArray(r.json)) {
        showBotAnswer(r.json);
        return {};
      }
      if (r.status === 400 && r.json && r.json.error) {
        addMessage("system", r.json.error);
        return { failed: true };
      }
      return retryResult(r);
    });
  }

  function toOfficer(item) {
    var h = state.handoff;
    var body = { client_message_id: item.id, text: item.text };
    return request(apiUrl + "/api/v1/handoffs/" + h.id + "/chat", {
      method: "POST", body: JSON.stringify(body), headers: { "X-Handoff-Token": h.token }
    }).then(function (r) {
      if (r.status === 200 || r.status === 201) return {};
      if (r.status === 409 || r.status === 404) {
        // The chat ended meanwhile: the chatbot answers this message instead (same id, still delivered once).
        item.target = "bot";
        if (state.handoff) state.handoff.state = "ended";
        stopPolling();
        refreshBanner();
        return toBot(item);
      }
      if (r.status === 422 && r.json && r.json.detail) {
        addMessage("system", r.json.detail);
        return { failed: true };
      }
      return retryResult(r);
    });
  }

  function retryResult(r) {
    if (r.status === 429) {
      var after = parseInt((r.headers && r.headers.get("Retry-After")) || "5", 10) * 1000;
      return { retry: true, after: after, reason: TEXT.tooMany };
    }
    return { retry: true };
  }

  function request(url, options) {
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = controller && setTimeout(function () { controller.abort(); }, REQUEST_TIMEOUT_MS);
    var headers = Object.assign({ "Content-Type": "application/json" }, options.headers || {});
    return fetch(url, {
      method: options.method || "GET", body: options.body, headers: headers, signal: controller && controller.signal,
      credentials: "omit", cache: "no-store"
    }).then(function (response) {
      return response.text().then(function (raw) {
        var json = null;
        try { json = raw ? JSON.parse(raw) : null; } catch (e) { json = null; }
        return { status: response.status, json: json, headers: response.headers };
      });
    }, function () {
      return { status: 0, json: null, headers: null };
    }).finally(function () {
      if (timer) clearTimeout(timer);
    });
  }

  function showBotAnswer(messages) {
    messages.forEach(function (m) {
      if (m.custom && m.custom.handoff) {
        startHandoff(m.custom.handoff);
        return;
      }
      var buttons = m.buttons || m.quick_replies || null;
      if (m.text || (buttons && buttons.length)) addMessage("bot", m.text || "", buttons);
    });
  }

  // ---- live chat with an officer ---------------------------------------------------------------------------
  function startHandoff(info) {
    if (!info || !info.id || !info.token) return;
    state.handoff = { id: info.id, token: info.token, after: 0, state: "waiting", waitLeft: null, endedReason: null };
    save();
    refreshBanner();
    startPolling();
  }

  function startPolling() {
    stopPolling();
    var failures = 0;
    function tick() {
      var h = state.handoff;
      if (!h || h.state === "ended") return;
      request(apiUrl + "/api/v1/handoffs/" + h.id + "/chat?after=" + h.after, { headers: { "X-Handoff-Token": h.token } })
        .then(function (r) {
          if (!state.handoff || state.handoff.id !== h.id) return;
          if (r.status === 200 && r.json) {
            failures = 0;
            setOffline(false);
            applyChat(r.json);
          } else if (r.status === 404) {
            h.state = "ended";
            addMessage("system", TEXT.handoffLost);
            save();
            refreshBanner();
            return;
          } else {
            failures += 1;
            setOffline(true, r.status === 429 ? TEXT.tooMany : null);
          }
          if (state.handoff && state.handoff.state !== "ended") {
            polling = setTimeout(tick, failures ? Math.min(5000, POLL_MS * (failures + 1)) : POLL_MS);
          }
        });
    }
    tick();
  }

  function stopPolling() {
    if (polling) clearTimeout(polling);
    polling = null;
  }

  function applyChat(chat) {
    var h = state.handoff;
    chat.messages.forEach(function (m) {
      h.after = Math.max(h.after, m.id);
      if (m.sender === "citizen") return; // already on screen
      addMessage(m.sender === "officer" ? "officer" : "system", m.text, null, { time: m.created_at });
    });
    h.state = chat.state;
    h.waitLeft = chat.wait_seconds_left;
    if (chat.state === "ended") {
      h.endedReason = chat.ended_reason;
      stopPolling();
      if ((chat.ended_reason === "unanswered" || chat.ended_reason === "office_closed") && !chat.callback_requested) {
        offerCallback(h);
      }
    }
    save();
    refreshBanner();
  }

  function offerCallback(h) {
    addMessage("system", "", null, { callback: { handoffId: h.id, token: h.token } });
  }

  function callbackForm(message) {
    var info = message.callback;
    var uid = "ycw-cb-" + message.id;
    var phone = el("input", { id: uid + "-phone", type: "tel", inputmode: "tel", autocomplete: "tel", class: "ycw-field",
      placeholder: "010-1234-5678" });
    var when = el("input", { id: uid + "-time", type: "text", class: "ycw-field", maxlength: "100",
      placeholder: TEXT.callbackTimeExample });
    var consent = el("input", { id: uid + "-consent", type: "checkbox" });
    var status = el("p", { class: "ycw-cb-status", role: "status" });
    var submitButton = el("button", { type: "submit", class: "ycw-choice ycw-choice-primary" }, TEXT.callbackSend);
    var complaintButton = el("button", { type: "button", class: "ycw-choice" }, TEXT.fileComplaint);
    var f = el("form", { class: "ycw-callback", "aria-labelledby": uid + "-title", novalidate: "" }, [
      el("h3", { id: uid + "-title" }, TEXT.callbackTitle),
      el("label", { for: uid + "-phone" }, TEXT.callbackPhone), phone,
      el("label", { for: uid + "-time" }, TEXT.callbackTime), when,
      el("p", { class: "ycw-cb-notice", id: uid + "-notice" }, TEXT.callbackNotice),
      el("div", { class: "ycw-cb-consent" }, [consent, el("label", { for: uid + "-consent" }, TEXT.callbackConsent)]),
      el("div", { class: "ycw-buttons" }, [submitButton, complaintButton]),
      status
    ]);
    consent.setAttribute("aria-describedby", uid + "-notice");
    if (message.done) {
      f.replaceChildren(el("p", { class: "ycw-cb-done" }, message.done));
      return f;
    }
    complaintButton.addEventListener("click", function () { send(TEXT.fileComplaint, "/file_complaint"); });
    f.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!phone.value.trim()) { status.textContent = TEXT.callbackNeedPhone; phone.focus(); return; }
      if (!consent.checked) { status.textContent = TEXT.callbackNeedConsent; consent.focus(); return; }
      submitButton.disabled = true;
      var body = { phone: phone.value.trim(), consent: true, preferred_time: when.value.trim() || null };
      request(apiUrl + "/api/v1/handoffs/" + info.handoffId + "/chat/callback", {
        method: "POST", body: JSON.stringify(body), headers: { "X-Handoff-Token": info.token }
      }).then(function (r) {
        submitButton.disabled = false;
        if (r.status === 200 && r.json) {
          message.done = r.json.message;
          save();
          f.replaceChildren(el("p", { class: "ycw-cb-done" }, r.json.message));
          addMessage("system", r.json.message);
        } else if (r.status === 422 && r.json && r.json.detail) {
          status.textContent = r.json.detail;
        } else {
          status.textContent = r.status === 0 ? TEXT.offline : TEXT.callbackFailed;
        }
      });
    });
    return f;
  }

  // ---- rendering -------------------------------------------------------------------------------------------
  function addMessage(who, text, buttons, extra) {
    extra = extra || {};
    var message = {
      id: extra.id || randomId(), who: who, text: text, time: extra.time || new Date().toISOString(),
      buttons: buttons && buttons.length ? buttons.map(function (b) { return { title: b.title, payload: b.payload }; }) : null,
      status: extra.status || null, callback: extra.callback || null
    };
    state.history.push(message);
    if (state.history.length > 300) state.history.splice(0, state.history.length - 300);
    save();
    renderMessage(message);
    return message;
  }

  function renderMessage(message) {
    var who = { user: TEXT.you, bot: TEXT.bot, officer: TEXT.officer, system: TEXT.notice }[message.who];
    var item = el("div", { class: "ycw-msg ycw-" + message.who, "data-id": message.id });
    item.appendChild(el("span", { class: "ycw-sr" }, who + ": "));
    if (message.who === "officer") item.appendChild(el("span", { class: "ycw-who", "aria-hidden": "true" }, TEXT.officer));
    if (message.text) item.appendChild(el("p", { class: "ycw-text" }, message.text));
    if (message.callback) item.appendChild(callbackForm(message));
    var meta = el("div", { class: "ycw-meta" }, [el("time", { datetime: message.time }, formatTime(message.time))]);
    if (message.who === "user") meta.appendChild(el("span", { class: "ycw-state" }, statusText(message.status)));
    item.appendChild(meta);
    if (message.buttons) {
      var group = el("div", { class: "ycw-buttons", role: "group", "aria-label": "선택지" });
      message.buttons.forEach(function (b) {
        var button = el("button", { type: "button", class: "ycw-choice" }, b.title);
        button.addEventListener("click", function () { send(b.title, b.payload || null); });
        group.appendChild(button);
      });
      if (message.answered) disableGroup(group);
      item.appendChild(group);
    }
    log.appendChild(item);
    scrollDown();
  }

  function disableOldButtons() {
    state.history.forEach(function (m) { if (m.buttons) m.answered = true; });
    log.querySelectorAll(".ycw-buttons[role=group]").forEach(disableGroup);
  }

  function disableGroup(group) {
    group.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
  }

  function setStatus(id, status) {
    var message = state.history.find(function (m) { return m.id === id; });
    if (message) message.status = status;
    var node = log.querySelector('[data-id="' + id + '"] .ycw-state');
    if (node) node.textContent = statusText(status);
  }

  function statusText(status) {
    return status === "sending" ? TEXT.sending : status === "failed" ? TEXT.failed : "";
  }

  function setOffline(on, reason) {
    if (on === offline && !reason) return;
    var was = offline;
    offline = on;
    if (on) {
      banner.textContent = reason || TEXT.offline;
      banner.className = "ycw-banner ycw-banner-warn";
    } else if (was) {
      banner.textContent = TEXT.reconnected;
      banner.className = "ycw-banner ycw-banner-ok";
      setTimeout(function () { if (!offline) refreshBanner(); }, 3000);
    } else {
      refreshBanner();
    }
  }

  function refreshBanner() {
    if (offline) return;
    var h = state.handoff;
    if (h && h.state === "waiting") {
      banner.textContent = TEXT.waiting + (h.waitLeft ? TEXT.waitingLeft(h.waitLeft) : "");
      banner.className = "ycw-banner ycw-banner-info";
    } else if (h && h.state === "connected") {
      banner.textContent = TEXT.connected;
      banner.className = "ycw-banner ycw-banner-info";
    } else {
      banner.textContent = "";
      banner.className = "ycw-banner";
    }
  }

  function scrollDown() {
    log.scrollTop = log.scrollHeight;
  }

  function formatTime(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) return "";
    return d.toLocaleTimeString("ko-KR", { hour: "numeric", minute: "2-digit", timeZone: "Asia/Seoul" });
  }

  // ---- helpers ---------------------------------------------------------------------------------------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (typeof children === "string") node.textContent = children; // never innerHTML: messages are text
    else if (children) children.forEach(function (c) { node.appendChild(c); });
    return node;
  }

  function chatIcon() {
    // Drawn, not an emoji: many PCs in county offices have no colour emoji font.
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6v2h2V9H7zm4 0v2h2V9h-2zm4 0v2h2V9h-2z");
    svg.appendChild(path);
    return svg;
  }

  function attr(name, fallback) {
    return script.hasAttribute(name) ? script.getAttribute(name).trim() : fallback;
  }

  function trimSlash(url) {
    return url.replace(/\/+$/, "");
  }

  function randomId() {
    var bytes = new Uint8Array(16); // 128 bits
    crypto.getRandomValues(bytes);
    var s = "";
    bytes.forEach(function (b) { s += String.fromCharCode(b); });
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function save() {
    try { sessionStorage.setItem(storageKey, JSON.stringify(state)); } catch (e) { /* storage full or disabled */ }
  }

  function load() {
    try {
      var saved = JSON.parse(sessionStorage.getItem(storageKey) || "null");
      return saved && saved.conversationId && Array.isArray(saved.history) ? saved : null;
    } catch (e) {
      return null;
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
