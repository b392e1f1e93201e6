// @ts-check
/* The text box readers write comments, replies, edits and appeals in. */
import { button, h, say } from "./dom.js";
import { length, numbers } from "./format.js";

/** @typedef {import("./widget.js").CommentWidget} CommentWidget */

/**
 * @typedef {object} ComposerOptions
 * @property {string} id
 * @property {string} label
 * @property {string} submitLabel
 * @property {string} busyLabel
 * @property {string} [initial] the text to start from
 * @property {string} [placeholder]
 * @property {(body: string) => Promise<any>} submit resolves with what the service saved
 * @property {(saved: any, form: HTMLFormElement) => void} done
 * @property {() => void} [cancel]
 * @property {number} [limit] characters allowed (else the service's limit for comments)
 */

/**
 * A labelled textarea with a counter and the service's errors; `submit` resolves with the saved
 * comment, `done` takes it from there.
 * @param {CommentWidget} widget
 * @param {ComposerOptions} options
 */
export function composer(widget, { id, label, submitLabel, busyLabel, initial: text, placeholder, submit, done, cancel,
  limit }) {
  const max = limit || widget.config.max_body_chars || 5000;
  const counter = h("span", { class: "cw-counter", id: `${id}-count` });
  const error = h("p", { class: "cw-error", id: `${id}-error`, role: "alert", hidden: true });
  const field = h("textarea", { id: `${id}-text`, name: "body", rows: text ? 4 : 3, placeholder,
    "aria-describedby": `${id}-count`, value: text || "" });
  const submitButton = h("button", { type: "submit", class: "cw-btn cw-btn-primary" }, submitLabel);
  let over = false;
  const update = () => {
    const n = length(field.value);
    const nowOver = n > max;
    counter.textContent = nowOver
      ? `${numbers.format(n - max)} over the ${numbers.format(max)}-character limit`
      : `${numbers.format(n)} / ${numbers.format(max)}`;
    counter.classList.toggle("cw-over", nowOver);
    if (nowOver !== over) {
      widget.announce(nowOver ? "Your comment is over the length limit." : "Your comment is within the length limit.");
    }
    over = nowOver;
  };
  /** @param {string} message */
  const showError = (message) => {
    say(error, message);
    if (message) {
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("aria-describedby", `${id}-error ${id}-count`);
    } else {
      field.removeAttribute("aria-invalid");
      field.setAttribute("aria-describedby", `${id}-count`);
    }
  };
  const form = h("form", { class: "cw-form", novalidate: true },
    h("label", { class: "cw-label", for: `${id}-text` }, label), field,
    h("div", { class: "cw-form-foot" }, counter,
      h("div", { class: "cw-form-buttons" },
        cancel && button("Cancel", cancel), submitButton)),
    error);
  field.addEventListener("input", () => { update(); if (!error.hidden) showError(""); });
  field.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener("reset", () => setTimeout(update));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (form.getAttribute("aria-busy") === "true") return;
    const n = length(field.value);
    if (n === 0) return fail(field, showError, "Write something first.");
    if (n > max) {
      return fail(field, showError,
        `Your text is ${numbers.format(n)} characters long; the limit is ${numbers.format(max)}.`);
    }
    showError("");
    form.setAttribute("aria-busy", "true");
    submitButton.disabled = true;
    submitButton.textContent = busyLabel;
    try {
      const saved = await submit(field.value);
      done(saved, form);
    } catch (failure) {
      fail(field, showError, failure.message);
    } finally {
      form.removeAttribute("aria-busy");
      submitButton.disabled = false;
      submitButton.textContent = submitLabel;
    }
  });
  update();
  return { form, field };
}

/**
 * @param {HTMLTextAreaElement} field
 * @param {(message: string) => void} showError
 * @param {string} message
 */
function fail(field, showError, message) {
  showError(message);
  field.focus();
}
