// Keyboard shortcuts, row selection and live refresh for the review dashboard.
// Every page works without this script; it only makes the work faster.
(function () {
  "use strict";

  function typing(event) {
    const el = event.target;
    return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName);
  }

  function rows() {
    return Array.from(document.querySelectorAll("tr.item[data-href]"));
  }

  let selected = -1;
  function select(index) {
    const all = rows();
    if (!all.length) return;
    selected = Math.max(0, Math.min(index, all.length - 1));
    all.forEach((row, i) => row.classList.toggle("selected", i === selected));
    const link = all[selected].querySelector("a");
    if (link) link.focus({ preventScroll: true });
    all[selected].scrollIntoView({ block: "nearest" });
  }

  function submitDecision(action) {
    const button = document.querySelector(`#decision button[data-action="${action}"]`);
    if (!button) return false;
    if (action === "delete" && !window.confirm("Delete this comment? Readers will see a placeholder.")) return true;
    button.click();
    return true;
  }

  function bulkApprove() {
    const form = document.getElementById("bulk");
    if (!form || !form.querySelector("input[name=comment_id]:checked")) return;
    form.requestSubmit(form.querySelector("[data-bulk-approve]"));
  }

  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-shortcut-help]")) {
      document.getElementById("shortcuts").showModal();
      return;
    }
    // A click anywhere on a queue row opens it (the checkbox and links keep their own behaviour).
    const row = event.target.closest("tr.item[data-href]");
    if (row && !event.target.closest("a, input, button, label")) window.location.href = row.dataset.href;
  });

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event)) return;
    const all = rows();
    const handlers = {
      j: () => select(selected + 1),
      k: () => select(selected - 1),
      o: () => selected >= 0 && (window.location.href = all[selected].dataset.href),
      Enter: () => selected >= 0 && (window.location.href = all[selected].dataset.href),
      x: () => {
        if (selected < 0) return;
        const box = all[selected].querySelector("input[type=checkbox]");
        if (box) box.checked = !box.checked;
      },
      A: bulkApprove,
      a: () => submitDecision("approve"),
      d: () => submitDecision("delete"),
      e: () => {
        const text = document.getElementById("amend-body");
        if (text) { text.focus(); text.setSelectionRange(text.value.length, text.value.length); }
      },
      u: () => { const back = document.querySelector("[data-back]"); if (back) window.location.href = back.href; },
      "/": () => { window.location.href = "/dashboard/search"; },
      "?": () => document.getElementById("shortcuts").showModal(),
    };
    const handler = handlers[event.key];
    if (!handler) return;
    if (event.key === "Enter" && selected < 0) return;
    event.preventDefault();
    handler();
  });

  // In the amend box, Ctrl+Enter (or Cmd+Enter) saves the amendment.
  document.addEventListener("keydown", (event) => {
    if (event.target.id === "amend-body" && event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submitDecision("amend");
    }
  });

  document.documentElement.dataset.shortcuts = "on";

  const search = document.getElementById("search-text");
  if (search && !search.value) search.focus();

  // Live refresh: fetch the queue again every few seconds, unless the moderator is mid-selection.
  const live = document.getElementById("live");
  if (live && live.dataset.liveUrl) {
    setInterval(async () => {
      if (document.hidden || live.querySelector("input[name=comment_id]:checked") || live.contains(document.activeElement) && typing({ target: document.activeElement })) return;
      try {
        const response = await fetch(live.dataset.liveUrl, { credentials: "same-origin", headers: { Accept: "text/html" } });
        if (!response.ok || response.redirected) return;
        const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
        live.replaceChildren(...fresh.body.childNodes);
        if (selected >= 0) select(selected);
      } catch (error) {
        // Offline for a moment: the next tick tries again.
      }
    }, 1000 * (Number(live.dataset.liveSeconds) || 15));
  }
})();
