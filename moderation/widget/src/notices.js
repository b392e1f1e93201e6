// @ts-check
/* Moderation updates for the signed-in reader: what moderators decided about their comments and reports. */
import { add, button, h, hiddenText } from "./dom.js";
import { numbers, safeUrl, timeNode } from "./format.js";

/** @typedef {import("./widget.js").CommentWidget} CommentWidget */

/**
 * The reader's moderation updates, folded away unless `open`; the toggle, when there are any.
 * @param {CommentWidget} widget
 * @param {boolean} open
 */
export function renderNotices(widget, open) {
  const slot = widget.noticesSlot;
  slot.replaceChildren();
  if (!widget.notices.length) return;
  const unread = widget.notices.filter((n) => !n.read).length;
  const panel = h("div", { class: "cw-updates-list", id: "cw-updates-list", hidden: !open });
  const toggle = button([
    "Moderation updates ",
    unread ? h("span", { class: "cw-pill" }, `${numbers.format(unread)} new`) : null,
    h("span", { class: "cw-chevron", "aria-hidden": "true" }),
  ], null, "cw-updates-toggle", { "aria-expanded": String(Boolean(open)), "aria-controls": "cw-updates-list" });
  toggle.addEventListener("click", () => {
    const expanded = toggle.getAttribute("aria-expanded") === "true";
    toggle.setAttribute("aria-expanded", String(!expanded));
    panel.hidden = expanded;
  });
  const items = widget.notices.map((n) => h("li", { class: n.read ? "cw-update" : "cw-update cw-unread" },
    h("p", { class: "cw-update-text" }, n.read ? null : hiddenText("New: "), n.message),
    h("p", { class: "cw-update-meta" }, timeNode(n.created_at),
      n.comment_id && widget.comments.has(n.comment_id) ? [" · ",
        button("Show the comment", () => widget.focusCard(/** @type {string} */ (n.comment_id)), "cw-link")]
        : n.article && n.article.id !== widget.articleId && safeUrl(n.article.url) && [" · on ",
          h("a", { class: "cw-link", href: safeUrl(n.article.url), target: "_top" }, n.article.title)])));
  add(panel, h("ul", { class: "cw-updates-items", role: "list" }, items));
  if (unread) {
    add(panel, button("Mark all as read", () => markRead(widget)));
  }
  add(slot, h("div", { class: "cw-updates" }, toggle, panel));
  return toggle;
}

/** @param {CommentWidget} widget */
async function markRead(widget) {
  try {
    await widget.api("POST", "/me/notifications/read");
    for (const n of widget.notices) n.read = true;
    const toggle = renderNotices(widget, true);
    widget.announce("All moderation updates are marked as read.");
    if (toggle) toggle.focus();
  } catch (failure) {
    widget.announce(failure.message);
  }
}
