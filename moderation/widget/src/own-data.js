// @ts-check
/* The signed-in reader's own data: download it, or erase it after saying what erasure does. */
import { button, h, say } from "./dom.js";
import { plural } from "./format.js";
import { renderNotices } from "./notices.js";

/** @typedef {import("./widget.js").CommentWidget} CommentWidget */

/** Everything the service holds about the reader, as a file. @param {CommentWidget} widget */
export async function downloadMyData(widget) {
  try {
    const { data } = await widget.api("GET", "/me/export");
    const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
    const link = h("a", { href: url, download: "my-comments-data.json", hidden: true });
    widget.root.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    widget.announce("Your data is downloading.");
  } catch (failure) {
    widget.announce(failure.message);
  }
}

/** Erasure asks first, saying what it does: it cannot be undone. @param {CommentWidget} widget */
export function openErase(widget) {
  const close = () => {
    widget.eraseSlot.replaceChildren();
    widget.eraseButton.setAttribute("aria-expanded", "false");
    widget.eraseButton.focus();
  };
  const error = h("p", { class: "cw-error", role: "alert", hidden: true });
  const keep = button("Keep my data", close);
  const confirm = button("Delete my data permanently", null, "cw-btn cw-btn-danger");
  const box = h("div", { class: "cw-inline cw-confirm", role: "group",
    "aria-labelledby": "cw-erase-title", "aria-describedby": "cw-erase-what" },
    h("p", { id: "cw-erase-title", class: "cw-confirm-text" }, "Delete your data from the comments?"),
    h("ul", { id: "cw-erase-what", class: "cw-erase-what" },
      h("li", null, "Each of your comments, on every article, is replaced by a note that it was removed at your request. Replies to it stay."),
      h("li", null, "Your name, e-mail address, moderation updates and appeals are removed. Reports you made still count, without your name."),
      h("li", null, "This cannot be undone. To keep a copy, download your data first.")),
    h("div", { class: "cw-form-buttons" }, keep, confirm),
    error);
  box.cwClose = close;
  confirm.addEventListener("click", async () => {
    confirm.disabled = true;
    keep.disabled = true;
    try {
      const { data } = await widget.api("DELETE", "/me");
      widget.notices = [];
      renderNotices(widget, false);
      await widget.loadPage(true);
      const held = data.comments_held
        ? ` A legal hold keeps the words of ${plural(data.comments_held, "comment", "comments")}, unseen, until it is released.`
        : "";
      const n = data.comments;
      const shown = n === 1 ? " Your comment now shows as removed at your request."
        : n ? ` Your ${plural(n, "comment", "comments")} now show as removed at your request.` : "";
      const message = `Your data is deleted.${shown}${held}`;
      const done = h("p", { class: "cw-inline cw-thanks", tabindex: "-1" }, message);
      widget.eraseSlot.replaceChildren(done);
      widget.eraseButton.setAttribute("aria-expanded", "false");
      done.focus();
      widget.announce(message);
    } catch (failure) {
      say(error, failure.message);
      confirm.disabled = keep.disabled = false;
      confirm.focus();
    }
  });
  widget.eraseSlot.replaceChildren(box);
  widget.eraseButton.setAttribute("aria-expanded", "true");
  keep.focus();
}
