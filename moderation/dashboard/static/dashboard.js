// Keyboard shortcuts, row selection and live refresh for the review dashboard.
// Every page works without this script; it only makes the work faster.
(function () {
  "use strict";

  // Keys typed into a text field are text, not shortcuts (checkboxes and buttons do not count).
  function typing(event) {
    const el = event.target;
    if (el.tagName === "INPUT") return !["checkbox", "radio", "button", "submit", "reset"].includes(el.type);
    return el.isContentEditable || ["TEXTAREA", "SELECT"].includes(el.tagName);
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

  // The bulk buttons act on the ticked rows only: with none ticked there is nothing to act on.
  function updateBulkButtons() {
    const form = document.getElementById("bulk");
    if (!form) return;
    const ticked = form.querySelectorAll("input[name=comment_id]:checked").length;
    form.querySelectorAll("[data-needs-selection]").forEach((button) => { button.disabled = ticked === 0; });
  }
  document.addEventListener("change", (event) => {
    if (event.target.name === "comment_id") updateBulkButtons();
  });
  updateBulkButtons();

  // Forms that remove for good ask once more.
  document.addEventListener("submit", (event) => {
    const form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
    const pressed = event.submitter;
    if (pressed && pressed.hasAttribute("data-bulk-delete") &&
        !window.confirm("Delete the selected comments? Readers will no longer see them.")) event.preventDefault();
  });

  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-shortcut-help]")) {
      document.getElementById("shortcuts").showModal();
      return;
    }
    // A click anywhere on a queue row opens it (the checkbox and links keep their own behaviour).
    const row = event.target.closest("tr.item[data-href]");
    if (row && !event.target.closest("a, input, button, label, details")) window.location.href = row.dataset.href;
  });

  // Single-key shortcuts can be switched off (the help dialog has the switch); the choice is kept.
  const SHORTCUTS_OFF = "moderation.shortcuts.off";
  const toggle = document.getElementById("shortcuts-enabled");
  if (toggle) {
    toggle.checked = localStorage.getItem(SHORTCUTS_OFF) !== "1";
    toggle.addEventListener("change", () => localStorage.setItem(SHORTCUTS_OFF, toggle.checked ? "0" : "1"));
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event)) return;
    if (document.querySelector("dialog[open]")) return;  // the dialog has the keyboard
    if (localStorage.getItem(SHORTCUTS_OFF) === "1" && event.key !== "?") return;
    const all = rows();
    const handlers = {
      j: () => select(selected + 1),
      k: () => select(selected - 1),
      o: () => selected >= 0 && (window.location.href = all[selected].dataset.href),
      x: () => {
        if (selected < 0) return;
        const box = all[selected].querySelector("input[type=checkbox]");
        if (box) { box.checked = !box.checked; updateBulkButtons(); }
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

  // While an item is open, keep the claim on it alive (a claim lasts a few minutes).
  const renew = document.querySelector("form[data-renew-claim]");
  if (renew) {
    setInterval(() => {
      if (!document.hidden) fetch(renew.action, { method: "POST", body: new FormData(renew), credentials: "same-origin" });
    }, 1000 * Number(renew.dataset.renewClaim));
  }

  // A refused decision comes back as a fresh page; put back the amendment the moderator typed.
  const decision = document.getElementById("decision");
  const amendBox = document.getElementById("amend-body");
  if (decision && amendBox) {
    const key = "moderation.draft:" + decision.action;
    const saved = sessionStorage.getItem(key);
    if (saved !== null && document.querySelector(".flash.refused-decision")) amendBox.value = saved;
    sessionStorage.removeItem(key);
    decision.addEventListener("submit", () => sessionStorage.setItem(key, amendBox.value));
  }

  document.documentElement.dataset.shortcuts = "on";

  // A form sent back with problems: the list of them has the focus, each a link to its field.
  const problems = document.getElementById("problems");
  if (problems) problems.focus();

  const search = document.getElementById("search-text");
  if (search && !search.value) search.focus();

  // Live refresh: fetch the queue again every few seconds, unless the moderator is mid-selection.
  const live = document.getElementById("live");
  if (live && live.dataset.liveUrl) {
    setInterval(async () => {
      // Never pull the page from under the moderator: not mid-selection, and not while anything in it has focus.
      if (document.hidden || live.querySelector("input[name=comment_id]:checked") || live.contains(document.activeElement)) return;
      try {
        const response = await fetch(live.dataset.liveUrl, { credentials: "same-origin", headers: { Accept: "text/html" } });
        if (!response.ok || response.redirected) return;
        const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
        // A priority's parts the moderator opened stay open through the refresh.
        const open = new Set(Array.from(live.querySelectorAll("details[data-parts-for][open]"), (d) => d.dataset.partsFor));
        fresh.querySelectorAll("details[data-parts-for]").forEach((d) => { d.open = open.has(d.dataset.partsFor); });
        live.replaceChildren(...fresh.body.childNodes);
        updateBulkButtons();
        if (selected >= 0) select(selected);
      } catch (error) {
        // Offline for a moment: the next tick tries again.
      }
    }, 1000 * (Number(live.dataset.liveSeconds) || 15));
  }
})();
