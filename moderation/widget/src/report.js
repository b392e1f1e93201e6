// @ts-check
/* Reporting another reader's comment to the moderators. */
import { NOTE_MAX } from "./api.js";
import { button, h, say } from "./dom.js";
import { numbers } from "./format.js";

/** @typedef {import("./widget.js").CommentWidget} CommentWidget */

/**
 * "Report this post": the reasons the service lists, with its labels, and an optional note.
 * @param {CommentWidget} widget
 * @param {string} id the comment's
 */
export async function openReport(widget, id) {
  if (!widget.config.reasons.length) {
    // The settings did not arrive with the thread: the reasons come with them.
    try {
      await widget.loadConfig();
    } catch (failure) {
      const error = h("p", { class: "cw-inline cw-error", role: "alert", tabindex: "-1" }, failure.message);
      widget.openSlot(id, error, error, () => widget.closeSlot(id, "report"));
      return;
    }
  }
  const close = () => widget.closeSlot(id, "report");
  const prefix = `cw-report-${id}`;
  const reasons = widget.config.reasons.map((code) =>
    h("label", { class: "cw-choice" },
      h("input", { type: "radio", name: `${prefix}-reason`, value: code }),
      h("span", null, widget.config.reason_labels[code] || code)));
  const note = h("textarea", { id: `${prefix}-note`, name: "note", rows: 2, maxlength: String(NOTE_MAX),
    "aria-describedby": `${prefix}-note-count` });
  const noteCount = h("span", { class: "cw-counter", id: `${prefix}-note-count` }, `0 / ${numbers.format(NOTE_MAX)}`);
  note.addEventListener("input", () => {
    noteCount.textContent = `${numbers.format(note.value.length)} / ${numbers.format(NOTE_MAX)}`;
  });
  const error = h("p", { class: "cw-error", id: `${prefix}-error`, role: "alert", hidden: true });
  const send = h("button", { type: "submit", class: "cw-btn cw-btn-primary" }, "Send report");
  const form = h("form", { class: "cw-inline cw-report", novalidate: true, "aria-labelledby": `${prefix}-title` },
    h("p", { class: "cw-report-title", id: `${prefix}-title` }, "Report this post"),
    h("fieldset", { class: "cw-fieldset", "aria-describedby": `${prefix}-error` },
      h("legend", { class: "cw-label" }, "Why should our moderators look at it?"),
      h("div", { class: "cw-choices" }, reasons)),
    h("label", { class: "cw-label", for: `${prefix}-note` }, "Anything else they should know? ",
      h("span", { class: "cw-optional" }, "(optional)")),
    note,
    h("div", { class: "cw-form-foot" }, noteCount,
      h("div", { class: "cw-form-buttons" },
        button("Cancel", close), send)),
    error);
  form.addEventListener("change", () => say(error, ""));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const chosen = /** @type {HTMLInputElement | null} */ (form.querySelector("input[type=radio]:checked"));
    if (!chosen) {
      say(error, "Choose a reason for your report.");
      /** @type {HTMLInputElement} */ (form.querySelector("input[type=radio]")).focus();
      return;
    }
    send.disabled = true;
    send.textContent = "Sending…";
    try {
      const { status } = await widget.submit(`/comments/${encodeURIComponent(id)}/complaints`,
        { reason: chosen.value, note: note.value.trim() });
      widget.reported.set(id, status);
      const message = status === 201
        ? "Thank you. Your report has been sent to our moderators, who will review this comment."
        : "You have already reported this comment. Our moderators will review it.";
      const thanks = h("p", { class: "cw-inline cw-thanks", tabindex: "-1" }, message);
      widget.openSlot(id, thanks, null, () => { widget.closeSlot(id); widget.focusCard(id); });
      widget.refreshActions(id);
      widget.announce(message);
      thanks.focus();
    } catch (failure) {
      say(error, failure.message);
      send.disabled = false;
      send.textContent = "Send report";
      send.focus();
    }
  });
  widget.openSlot(id, form, reasons[0].querySelector("input"), close);
}
