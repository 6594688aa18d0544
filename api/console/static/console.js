// Live queue notices: a visible banner and a short tone when a citizen starts waiting for an officer.
(function () {
  "use strict";
  var known = null;

  // The queue refreshes itself unless the officer is in the middle of selecting rows for a bulk action.
  window.consoleCanRefresh = function () {
    var form = document.getElementById("bulk-form");
    if (!form) return true;
    return !form.querySelector("input[name=receipt]:checked") && !form.contains(document.activeElement);
  };

  function tone() {
    try {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      var ctx = new Ctx();
      var osc = ctx.createOscillator();
      var gain = ctx.createGain();
      osc.frequency.value = 880;
      gain.gain.value = 0.15;
      osc.connect(gain); gain.connect(ctx.destination);
      osc.start(); osc.stop(ctx.currentTime + 0.4);
    } catch (e) { /* no audio device: the banner is enough */ }
  }

  function check() {
    var section = document.getElementById("handoff-section");
    if (!section) return;
    var ids = (section.getAttribute("data-waiting-ids") || "").trim().split(/\s+/).filter(Boolean);
    var fresh = known === null ? [] : ids.filter(function (id) { return known.indexOf(id) < 0; });
    known = ids;
    var alert = document.getElementById("waiting-alert");
    if (!alert) return;
    if (ids.length) {
      alert.textContent = "상담 연결을 기다리는 시민이 " + ids.length + "명 있습니다. 대기열의 상담 연결 목록에서 ‘열기’를 눌러 주십시오.";
      alert.hidden = false;
    } else {
      alert.hidden = true;
    }
    if (fresh.length) {
      document.title = "(" + ids.length + ") 새 상담 연결 · 민원 처리 콘솔";
      tone();
    }
  }

  document.addEventListener("DOMContentLoaded", check);
  document.addEventListener("htmx:afterSwap", function (event) {
    check();
    var list = document.getElementById("live-messages");
    if (list && event.target.id === "live-chat") list.scrollTop = list.scrollHeight;
  });
})();
