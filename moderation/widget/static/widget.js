/* The comment widget (one script tag on the article page: see the README). It renders in a shadow
 * root, talks only to the origin it was loaded from, and what readers wrote enters as text nodes. */
(() => {
"use strict";

// Reason codes from the user terms, as readers should read them.
const REASONS = {
  abuse: "Abusive, hateful or threatening",
  off_topic: "Off-topic",
  untrue: "Untrue or misleading",
  spam: "Spam or advertising",
  legal: "Unlawful, for example defamatory",
  other: "Something else",
};
// How an author's appeal stands, as they read it on their comment.
const APPEALS = {
  pending: "Appeal sent — a different moderator will review the decision.",
  upheld: "Appeal reviewed — the decision stands.",
  overturned: "Appeal reviewed — the decision was reversed.",
};
const PAGE_SIZE = 20;
// Told to an author when moderation changes their comment.
const OUTCOMES = {
  awaiting_review: "Your comment is now hidden from other readers until a moderator has reviewed it.",
  deleted: "A moderator removed your comment.",
  published: "Your comment is visible to readers again.",
};
const NOTE_MAX = 1000; // a report's note, and an appeal's
const PAUSED = "commenting_paused"; // the newsroom has paused commenting everywhere: not worth sending again
const TICK_MS = 5000;
const RESENDS = 2; // times a post or report whose answer was lost is sent again, with the same key

const numbers = new Intl.NumberFormat("en-GB");
const relative = new Intl.RelativeTimeFormat("en-GB", { numeric: "auto" });
let longDate, shortDate;
/** Dates are read on the newsroom's clock (its time zone comes with the widget's settings). */
function setZone(timeZone) {
  try {
    longDate = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeStyle: "short", timeZone });
    shortDate = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone });
  } catch (_) {
    if (timeZone) setZone();
  }
}
setZone();

/* helpers */

/** An element. String children become text nodes: reader-written text is never parsed as HTML. */
function h(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "value" || key === "checked") node[key] = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  return add(node, children);
}

function add(node, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** A message in `node`, hidden while empty. */
const say = (node, text) => { node.textContent = text; node.hidden = !text; };
const hiddenText = (text) => h("span", { class: "cw-vh" }, text);
const button = (label, onclick, cls = "cw-btn cw-btn-quiet", more) =>
  h("button", { type: "button", class: cls, onclick, ...more }, label);
const plural = (n, one, many) => `${numbers.format(n)} ${n === 1 ? one : many}`;
// The service trims the text and counts code points, so the counter does too.
const normalise = (text) => text.replace(/\r\n?/g, "\n").trim();
const length = (text) => [...normalise(text)].length;

function when(iso) {
  // Browsers differ on more than three decimal places.
  return iso ? Date.parse(String(iso).replace(/(\.\d{3})\d+/, "$1")) : NaN;
}

function ago(iso) {
  const t = when(iso);
  const seconds = Math.round((t - Date.now()) / 1000);
  const size = Math.abs(seconds);
  if (Number.isNaN(t)) return "";
  if (seconds > 0 || size < 45) return "just now";
  if (size < 3600) return relative.format(Math.round(seconds / 60), "minute");
  if (size < 86400) return relative.format(Math.round(seconds / 3600), "hour");
  if (size < 7 * 86400) return relative.format(Math.round(seconds / 86400), "day");
  return shortDate.format(t);
}

function timeNode(iso) {
  const t = when(iso);
  return h("time", { datetime: iso, title: Number.isNaN(t) ? null : longDate.format(t) }, ago(iso));
}

function safeUrl(raw, base) {
  if (!raw) return "";
  try {
    const url = new URL(raw, base);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : "";
  } catch (_) {
    return "";
  }
}

function initial(name) {
  const first = [...String(name || "?").trim()][0] || "?";
  return first.toUpperCase();
}

/** An Idempotency-Key per submission (resent with it). */
function newKey() {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

function hue(name) {
  let sum = 0;
  for (const ch of String(name || "")) sum = (sum * 31 + ch.codePointAt(0)) % 360;
  return sum;
}

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/* widget */

class CommentWidget {
  constructor(script, host) {
    const src = new URL(script.src, document.baseURI);
    this.base = src.origin;
    this.articleId = script.dataset.articleId || "";
    this.token = (script.dataset.token || "").trim();
    this.subscribeOverride = script.dataset.subscribeUrl || "";
    this.config = { edit_window_seconds: 900, live_update_seconds: 20, max_body_chars: 5000, reasons: Object.keys(REASONS),
      subscribe_url: "" };
    this.me = null;
    this.article = null;
    this.order = "newest";
    this.cursor = null;
    this.postedHere = new Set(); // top-level comments this reader posted since the list was loaded
    this.comments = new Map();
    this.reported = new Map();
    this.tags = {}; // ETags by path
    this.notices = [];
    this.skew = 0; // the service's clock minus ours, once a response has told us
    this.expired = false;

    const root = host.attachShadow({ mode: "open" });
    this.root = root;
    const stylesheet = h("link", { rel: "stylesheet", href: new URL("widget.css", src).href });
    this.live = h("div", { class: "cw-vh", role: "status", "aria-live": "polite" });
    this.count = h("span", { class: "cw-count" });
    this.orderButtons = ["newest", "oldest"].map((order) =>
      button(order === "newest" ? "Newest" : "Oldest", () => this.setOrder(order), "cw-seg",
        { "aria-pressed": String(order === this.order) }));
    this.noticesSlot = h("div", { class: "cw-updates-slot" });
    this.gate = h("div", { class: "cw-gate" });
    this.list = h("ul", { class: "cw-list", role: "list", "aria-label": "Comments" });
    this.status = h("div", { class: "cw-state" });
    this.more = button("Show more comments", () => this.loadMore(), "cw-btn cw-btn-quiet cw-more", { hidden: true });
    this.eraseButton = button("Delete my data", () => this.openErase(), "cw-link",
      { "aria-expanded": "false", "aria-controls": "cw-erase" });
    this.eraseSlot = h("div", { id: "cw-erase", class: "cw-slot" });
    this.mine = h("footer", { class: "cw-foot", hidden: true },
      h("div", { class: "cw-foot-links" },
        button("Download my data", () => this.downloadMyData(), "cw-link"), this.eraseButton),
      this.eraseSlot);
    this.shell = h("section", { class: "cw", "aria-labelledby": "cw-title", hidden: true },
      h("header", { class: "cw-head" },
        h("h2", { id: "cw-title", class: "cw-title" }, "Comments ", this.count),
        h("div", { class: "cw-order", role: "group", "aria-label": "Order of comments" }, this.orderButtons)),
      this.noticesSlot, this.gate, this.status, this.list, this.more, this.mine, this.live);
    root.append(stylesheet, this.shell);

    // Shown once styled, so the page never flashes raw markup.
    const reveal = () => { this.shell.hidden = false; };
    stylesheet.addEventListener("load", reveal);
    stylesheet.addEventListener("error", reveal);
    setTimeout(reveal, 2500);
    root.addEventListener("keydown", (event) => this.onKey(event));
  }

  /* ---- talking to the service */

  async api(method, path, body, extraHeaders) {
    const headers = { Accept: "application/json", ...extraHeaders };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    const init = { method, headers, mode: "cors", credentials: "omit" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(`${this.base}/api/v1${path}`, init);
    } catch (_) {
      throw new ApiError(0, "network", "We could not reach the comments service. Check your connection and try again.");
    }
    if (response.status === 304) return { status: 304 };
    let data = null;
    try {
      data = await response.json();
    } catch (_) {
      data = null;
    }
    if (!response.ok) {
      const error = (data && data.error) || {};
      throw new ApiError(response.status, error.code || `http_${response.status}`,
        error.message || `Something went wrong (error ${response.status}). Please try again.`);
    }
    return { status: response.status, data, tag: response.headers.get("ETag") };
  }

  /* Posts and reports carry an Idempotency-Key: when the answer is lost, the same request is sent
     again with the same key, and the service answers it once (never two copies). */
  async submit(path, body) {
    const headers = { "Idempotency-Key": newKey() };
    for (let resent = 0; ; resent++) {
      try {
        return await this.api("POST", path, body, headers);
      } catch (failure) {
        if (failure.code === PAUSED) this.paused(failure.message);
        if (resent === RESENDS || failure.code === PAUSED || !(failure.status === 0 || failure.status >= 502)) throw failure;
        await new Promise((resolve) => setTimeout(resolve, 1000 * (resent + 1)));
      }
    }
  }

  articlePath(rest) {
    return `/articles/${encodeURIComponent(this.articleId)}${rest || ""}`;
  }

  /* ---- start */

  async start() {
    this.showState("Loading comments…");
    this.shell.setAttribute("aria-busy", "true");
    try {
      const [config, article, me] = await Promise.all([
        this.api("GET", "/config").then((r) => r.data).catch(() => null),
        this.api("GET", this.articlePath()).then((r) => r.data),
        this.loadMe(),
      ]);
      if (config) Object.assign(this.config, config);
      setZone(this.config.timezone);
      this.article = article;
      this.me = me;
      this.mine.hidden = !me;
      this.renderCount();
      this.renderGate();
      const notices = this.me ? this.api("GET", "/me/notifications").catch(() => null) : null;
      await this.loadPage(true);
      // after the comments, so an update can point at its comment
      const first = await notices;
      this.notices = (first && first.data.notifications) || [];
      if (first) this.tags["/me/notifications"] = first.tag;
      this.renderNotices(false);
      this.startLive();
    } catch (error) {
      if (error.status === 404) this.showState("Comments are not available for this article.");
      else this.showState(error.message, () => this.start());
    } finally {
      this.shell.removeAttribute("aria-busy");
    }
  }

  async loadMe() {
    if (!this.token) return null;
    try {
      return (await this.api("GET", "/me")).data;
    } catch (error) {
      if (error.status !== 401) throw error;
      // An expired or bad token: read on as a signed-out reader.
      this.token = "";
      this.expired = true;
      return null;
    }
  }

  showState(message, retry) {
    this.status.replaceChildren();
    if (!message) return;
    add(this.status, h("p", { class: "cw-muted" }, message));
    if (retry) add(this.status, button("Try again", retry));
  }

  get mayComment() {
    return Boolean(this.me && this.me.may_comment && this.article && this.article.comments_open
      && !this.config.commenting_paused);
  }

  get subscribeUrl() {
    // relative: the newspaper's own site; told where to send the reader back
    const url = safeUrl(this.subscribeOverride || this.config.subscribe_url, document.baseURI);
    if (!url) return "";
    const link = new URL(url);
    link.searchParams.set("return_url", location.href.split("#")[0]);
    return link.href;
  }

  renderCount() {
    const n = (this.article && this.article.comment_count) || 0;
    this.count.replaceChildren(h("span", { "aria-hidden": "true" }, numbers.format(n)),
      hiddenText(` (${plural(n, "comment", "comments")})`));
  }

  async refreshCount() {
    try {
      this.article = (await this.api("GET", this.articlePath())).data;
      this.renderCount();
    } catch (_) {
      // only a nicety
    }
  }

  /* ---- who may post: the composer or the reason there is none */

  renderGate() {
    const me = this.me;
    let shown;
    if (this.config.commenting_paused) {
      shown = this.notice("Commenting is paused", this.config.pause_message || "Please come back later.");
    } else if (this.article && !this.article.comments_open) {
      shown = this.notice("Comments are closed", "This article is no longer open for comments.");
    } else if (me && me.banned) {
      shown = this.notice("You can no longer comment",
        "Your account has been barred from commenting under our community standards.");
    } else if (me && me.suspended_until) {
      shown = this.notice("Your account is suspended",
        `You can comment again from ${longDate.format(when(me.suspended_until))}.`);
    } else if (me && me.may_comment) {
      shown = this.mainComposer();
    } else {
      const subscribe = this.subscribeUrl;
      const intro = (me ? `Subscribe to join the discussion, ${me.name || "reader"}.` : "Subscribers can post and reply.")
        + " Anyone can read the comments and report one that breaks our community standards.";
      shown = this.notice("Commenting is for subscribers", intro,
        subscribe && h("a", { class: "cw-btn cw-btn-primary", href: subscribe, target: "_top" }, "Subscribe"),
        this.expired && h("p", { class: "cw-small" }, "Your sign-in has expired. Reload the page to sign in again."));
    }
    // Everyone is told, before writing, that a moderator reads each comment here first.
    const sensitive = this.article && this.article.sensitive && this.article.comments_open
      && h("p", { class: "cw-notice cw-sensitive", role: "note" },
        "A moderator reads every comment on this article before other readers can see it.");
    this.gate.replaceChildren(...[sensitive, shown].filter(Boolean));
  }

  /** Told by the service that commenting is paused (after the widget loaded): the message replaces the composer. */
  paused(message) {
    Object.assign(this.config, { commenting_paused: true, pause_message: message });
    this.renderGate();
  }

  notice(title, text, ...more) {
    return h("div", { class: "cw-notice" }, h("h3", { class: "cw-notice-title" }, title), h("p", null, text), more);
  }

  mainComposer() {
    const composer = this.composer({
      id: "cw-new",
      label: "Join the discussion",
      submitLabel: "Post comment",
      busyLabel: "Posting…",
      placeholder: "Share your view. Please keep it civil and on topic.",
      submit: (body) => this.post(body),
      done: (data, form) => {
        form.reset();
        this.addRoot(data);
        this.refreshCount();
        this.announce(data.status === "awaiting_review"
          ? "Your comment will appear once a moderator has reviewed it." : "Your comment is published.");
        this.focusCard(data.id);
      },
    });
    return h("div", { class: "cw-compose" },
      h("p", { class: "cw-as" }, "Commenting as ", h("strong", null, this.me.name || "you")),
      composer.form);
  }

  /** A labelled textarea with a counter and the service's errors; `submit` resolves with the saved
      comment, `done` takes it from there. */
  composer({ id, label, submitLabel, busyLabel, initial: text, placeholder, submit, done, cancel, limit }) {
    const max = limit || this.config.max_body_chars || 5000;
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
        this.announce(nowOver ? "Your comment is over the length limit." : "Your comment is within the length limit.");
      }
      over = nowOver;
    };
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
      if (n === 0) return this.fail(field, showError, "Write something first.");
      if (n > max) {
        return this.fail(field, showError,
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
        this.fail(field, showError, failure.message);
      } finally {
        form.removeAttribute("aria-busy");
        submitButton.disabled = false;
        submitButton.textContent = submitLabel;
      }
    });
    update();
    return { form, field };
  }

  fail(field, showError, message) {
    showError(message);
    field.focus();
  }

  async post(body, parentId) {
    const { data } = await this.submit(this.articlePath("/comments"), { body, parent_id: parentId });
    // The new comment's time is the service's "now": the edit window is counted on its clock.
    const t = when(data.created_at);
    if (!Number.isNaN(t)) this.skew = t - Date.now();
    return data;
  }

  /* ---- the list */

  async setOrder(order) {
    if (order === this.order) return;
    this.order = order;
    for (const button of this.orderButtons) {
      button.setAttribute("aria-pressed", String(button.textContent.toLowerCase() === order));
    }
    await this.loadPage(true);
    this.announce(order === "newest" ? "Showing the newest comments first." : "Showing the oldest comments first.");
  }

  async loadPage(reset) {
    const params = new URLSearchParams({ limit: String(PAGE_SIZE), order: this.order });
    if (!reset && this.cursor) params.set("cursor", this.cursor);
    this.list.setAttribute("aria-busy", "true");
    this.more.disabled = true;
    if (reset) this.showState("Loading comments…");
    else this.more.textContent = "Loading…";
    try {
      const path = this.articlePath(`/comments?${params}`);
      const { data, tag } = await this.api("GET", path);
      if (reset) this.tags[path] = tag;
      if (reset) {
        this.list.replaceChildren();
        this.comments.clear();
        this.postedHere.clear();
      }
      const added = [];
      for (const thread of data.comments || []) {
        if (this.comments.has(thread.id)) continue; // posted here before this page arrived
        this.remember(thread);
        const item = this.item(thread, null, 0);
        this.list.append(item);
        added.push(thread);
      }
      // Oldest first, the reader's own new comments belong after everything loaded so far.
      if (this.order === "oldest") {
        for (const id of this.postedHere) {
          const posted = this.list.querySelector(`#cw-item-${id}`);
          if (posted) this.list.append(posted);
        }
      }
      this.cursor = data.next_cursor || null;
      this.showState("");
      this.renderEmpty();
      this.startTicking();
      return added;
    } catch (error) {
      if (reset) this.showState(error.message, () => this.loadPage(true));
      else this.announce(error.message);
      return [];
    } finally {
      this.list.removeAttribute("aria-busy");
      this.more.disabled = false;
      this.more.textContent = "Show more comments";
      this.more.hidden = !this.cursor;
    }
  }

  async loadMore() {
    const added = await this.loadPage(false);
    if (added.length) {
      this.announce(`${plural(added.length, "more comment", "more comments")} shown.`);
      this.focusCard(added[0].id);
    }
  }

  /* ---- live updates: conditional GETs (304 while nothing has changed) */

  startLive() {
    this.liveTimer ||= setInterval(() => document.hidden || this.poll(), Math.max(5, this.config.live_update_seconds) * 1000);
  }

  /** The answer at `path`, or null if unchanged. */
  async changed(path) {
    const known = this.tags[path];
    const { status, data, tag } = await this.api("GET", path, undefined, known && { "If-None-Match": known });
    if (status === 304) return null;
    this.tags[path] = tag;
    return data;
  }

  async poll() {
    if (this.polling) return;
    this.polling = true;
    try {
      const limit = Math.min(100, Math.max(PAGE_SIZE, this.list.children.length));
      const page = await this.changed(this.articlePath(`/comments?${new URLSearchParams({ limit, order: this.order })}`));
      if (page) {
        // newest first, new threads go on top one by one
        const threads = this.order === "newest" ? [...page.comments].reverse() : page.comments;
        const added = this.merge(threads, null, !page.next_cursor && !this.cursor);
        this.renderEmpty();
        this.refreshCount();
        if (added) this.announce(`${plural(added, "new comment", "new comments")}.`);
      }
      const notes = this.me && await this.changed("/me/notifications");
      if (notes) {
        const old = new Set(this.notices.map((n) => n.id));
        const toggle = this.noticesSlot.querySelector("[aria-expanded]");
        this.notices = notes.notifications;
        const again = this.renderNotices(toggle && toggle.getAttribute("aria-expanded") === "true");
        if (toggle && toggle === this.root.activeElement) again.focus();
        const fresh = this.notices.find((n) => !old.has(n.id));
        if (fresh) this.announce(fresh.message);
      }
    } catch (_) {
      // offline: the next poll tries again
    } finally {
      this.polling = false;
    }
  }

  /** Syncs `parent`'s replies, or the threads (all if `whole`), with `fresh`. */
  merge(fresh, parent, whole) {
    let added = 0;
    const ids = new Set(fresh.map((c) => c.id));
    for (const c of fresh) {
      const old = this.comments.get(c.id);
      if (!old) {
        added += 1;
        if (parent) this.addReply(parent, c);
        else this.insertRoot(c);
        continue;
      }
      if (JSON.stringify({ ...old, replies: 0 }) !== JSON.stringify({ ...c, replies: 0 })) {
        const was = old.status;
        this.remember(Object.assign(old, c, { replies: old.replies }));
        this.redraw(c.id);
        if (old.mine && was !== c.status && OUTCOMES[c.status]) this.announce(OUTCOMES[c.status]);
      }
      added += this.merge(c.replies || [], old, true);
    }
    const known = parent ? parent.replies : whole ? [...this.comments.values()].filter((c) => !c.parent_id) : [];
    for (const gone of known.filter((c) => !ids.has(c.id))) {
      const item = this.root.getElementById(`cw-item-${gone.id}`);
      if (item && !item.contains(this.root.activeElement)) {
        item.remove();
        this.comments.delete(gone.id);
      }
    }
    if (parent) parent.replies = parent.replies.filter((c) => this.comments.has(c.id));
    return added;
  }

  renderEmpty() {
    const empty = this.list.children.length === 0;
    if (empty) {
      const text = this.mayComment ? "No comments yet. Start the discussion." : "No comments yet.";
      this.showState(text);
    } else if (this.status.textContent.startsWith("No comments yet")) {
      this.showState("");
    }
  }

  remember(comment) {
    comment.replies = comment.replies || [];
    if (comment.reported) this.reported.set(comment.id, 200);
    this.comments.set(comment.id, comment);
    for (const reply of comment.replies) this.remember(reply);
  }

  addRoot(comment) {
    this.postedHere.add(comment.id);
    this.insertRoot(comment);
  }

  insertRoot(comment) {
    this.remember(comment);
    const item = this.item(comment, null, 0);
    if (this.order === "newest") this.list.prepend(item);
    else this.list.append(item);
    this.renderEmpty();
    this.startTicking();
  }

  /* ---- one comment */

  item(comment, parent, depth) {
    const li = h("li", { class: "cw-item", id: `cw-item-${comment.id}`, "data-depth": String(depth) });
    li.append(this.card(comment, parent, depth));
    if (comment.replies.length) li.append(this.replyList(comment, depth));
    return li;
  }

  replyList(comment, depth) {
    const list = h("ul", { class: "cw-replies", role: "list", "aria-label": `Replies to ${comment.author.name || "a reader"}` });
    for (const reply of comment.replies) list.append(this.item(reply, comment, depth + 1));
    return list;
  }

  card(c, parent, depth) {
    const shown = c.body !== null && c.body !== undefined;
    const card = h("article", { class: `cw-card cw-status-${c.status}${c.mine ? " cw-mine" : ""}`, id: `cw-card-${c.id}`,
      tabindex: "-1", "aria-labelledby": `cw-by-${c.id}` });
    card.cwComment = c;
    card.cwParent = parent;
    card.cwDepth = depth;
    if (shown) {
      const name = c.author.name || "A reader";
      add(card, h("header", { class: "cw-meta" },
        h("span", { class: "cw-avatar", "aria-hidden": "true", style: `--cw-hue:${hue(name)}` }, initial(name)),
        h("span", { class: "cw-byline" },
          h("span", { class: "cw-author", id: `cw-by-${c.id}` }, name),
          c.mine && h("span", { class: "cw-tag" }, "You"),
          h("span", { class: "cw-when" },
            parent && depth > 2 && h("span", { class: "cw-to" }, "replying to ", parent.author.name || "a reader", " · "),
            timeNode(c.created_at),
            c.edited_at && " · edited"))));
      add(card, this.flags(c));
      add(card, h("div", { class: "cw-body" }, c.body));
    } else {
      add(card, h("p", { class: "cw-placeholder", id: `cw-by-${c.id}` },
        c.placeholder || "This comment is not available."));
    }
    add(card, h("div", { class: "cw-actions" }, this.actions(c)));
    add(card, h("div", { class: "cw-slot" }));
    return card;
  }

  flags(c) {
    const reason = c.mine && REASONS[c.moderation_reason];
    const why = reason ? ` · Reason: ${reason}` : "";
    const who = c.mine ? "only you can see this" : "hidden from readers";
    const flag = (kind, text) => h("p", { class: `cw-flag cw-flag-${kind}` }, text);
    return [
      c.status === "awaiting_review" && flag("review", `Awaiting review — ${who}`),
      c.status === "deleted" && flag("removed", `Removed by a moderator${why} — ${who}`),
      c.status === "withdrawn" && c.body && flag("removed", "Withdrawn by its author — hidden from readers"),
      c.amended && c.status !== "deleted" && flag("amended", `Amended by a moderator${why}`),
      c.mine && APPEALS[c.appeal] && flag("appeal", APPEALS[c.appeal]),
    ];
  }

  actions(c) {
    const buttons = [];
    const act = (name, label, onclick) => button(label, onclick, `cw-act cw-act-${name}`, { "data-act": name });
    const name = c.author.name || "a reader";
    if (this.mayComment && c.status === "published") {
      buttons.push(act("reply", ["Reply", hiddenText(` to ${name}`)], () => this.openReply(c.id)));
    }
    if (c.mine && this.editable(c)) {
      const left = h("span", { class: "cw-left", "data-deadline": String(this.deadline(c)) }, this.leftText(c));
      buttons.push(act("edit", ["Edit", left], () => this.openEdit(c.id)));
    }
    if (c.mine && (c.status === "published" || c.status === "awaiting_review")) {
      buttons.push(act("withdraw", "Withdraw", () => this.openWithdraw(c.id)));
    }
    if (c.mine && c.appealable) {
      buttons.push(act("appeal", "Appeal this decision", () => this.openAppeal(c.id)));
    }
    if (!c.mine && c.status === "published" && c.body !== null) {
      buttons.push(this.reported.has(c.id)
        ? h("span", { class: "cw-act cw-done" }, "Reported")
        : act("report", ["Report this post", hiddenText(` by ${name}`)], () => this.openReport(c.id)));
    }
    return buttons;
  }

  /** The comment's card redrawn in place; its replies and open form are kept. */
  redraw(id) {
    const old = this.cardOf(id);
    if (!old) return null;
    const fresh = this.card(this.comments.get(id), old.cwParent, old.cwDepth);
    const hadFocus = old.contains(this.root.activeElement);
    fresh.querySelector(".cw-slot").replaceWith(old.querySelector(".cw-slot")); // a form being filled in stays
    old.replaceWith(fresh);
    if (hadFocus && !fresh.querySelector(".cw-slot").contains(this.root.activeElement)) fresh.focus();
    return fresh;
  }

  refreshActions(id) {
    const card = this.cardOf(id);
    if (!card) return;
    const holder = card.querySelector(".cw-actions");
    const hadFocus = holder.contains(this.root.activeElement);
    holder.replaceChildren(...this.actions(card.cwComment));
    if (hadFocus) card.focus();
  }

  cardOf(id) {
    return this.root.getElementById(`cw-card-${id}`);
  }

  focusCard(id) {
    const card = this.cardOf(id);
    if (!card) return;
    card.focus({ preventScroll: true });
    const still = matchMedia("(prefers-reduced-motion: reduce)").matches;
    card.scrollIntoView({ block: "nearest", behavior: still ? "auto" : "smooth" });
  }

  focusAction(id, act) {
    const card = this.cardOf(id);
    const button = card && card.querySelector(`.cw-actions [data-act="${act}"]`);
    if (button) button.focus();
    else if (card) card.focus();
  }

  /** Puts a form in the comment's slot (one at a time); Escape inside it calls `close`. */
  openSlot(id, node, focusTarget, close) {
    const card = this.cardOf(id);
    if (!card) return null;
    const slot = card.querySelector(".cw-slot");
    node.cwClose = close;
    slot.replaceChildren(node);
    if (focusTarget) focusTarget.focus();
    return slot;
  }

  closeSlot(id, act) {
    const card = this.cardOf(id);
    if (!card) return;
    card.querySelector(".cw-slot").replaceChildren();
    if (act) this.focusAction(id, act);
  }

  onKey(event) {
    if (event.key !== "Escape") return;
    const open = event.target.closest && event.target.closest(".cw-slot > *");
    if (open && open.cwClose) {
      event.preventDefault();
      open.cwClose();
    }
  }

  /* ---- edit window */

  deadline(c) {
    return when(c.created_at) + (this.config.edit_window_seconds || 0) * 1000;
  }

  remaining(c) {
    return this.deadline(c) - (Date.now() + this.skew);
  }

  editable(c) {
    return Boolean(c.editable) && this.remaining(c) > 0;
  }

  leftText(c) {
    const seconds = Math.max(0, Math.floor(this.remaining(c) / 1000));
    return seconds >= 60 ? ` (${Math.floor(seconds / 60)} min left)` : ` (${seconds} s left)`;
  }

  startTicking() {
    if (this.ticker) return;
    this.ticker = setInterval(() => this.tick(), TICK_MS);
  }

  tick() {
    let pending = 0;
    for (const label of this.root.querySelectorAll("[data-deadline]")) {
      const card = label.closest(".cw-card");
      const c = card && card.cwComment;
      if (!c) continue;
      if (this.remaining(c) <= 0) {
        this.refreshActions(c.id);
      } else {
        pending += 1;
        const text = this.leftText(c);
        if (label.textContent !== text) label.textContent = text;
      }
    }
    if (!pending) {
      clearInterval(this.ticker);
      this.ticker = null;
    }
  }

  /* ---- reply */

  openReply(id) {
    const parent = this.comments.get(id);
    const name = parent.author.name || "a reader";
    const close = () => this.closeSlot(id, "reply");
    const { form, field } = this.composer({
      id: `cw-reply-${id}`,
      label: `Reply to ${name}`,
      submitLabel: "Post reply",
      busyLabel: "Posting…",
      submit: (body) => this.post(body, id),
      done: (reply) => {
        this.closeSlot(id);
        this.addReply(parent, reply);
        this.refreshCount();
        this.announce("Your reply is published.");
        this.focusCard(reply.id);
      },
      cancel: close,
    });
    this.openSlot(id, h("div", { class: "cw-inline" }, form), field, close);
  }

  addReply(parent, reply) {
    this.remember(reply);
    parent.replies.push(reply);
    const item = this.root.getElementById(`cw-item-${parent.id}`);
    const depth = Number(item.dataset.depth);
    let list = item.querySelector(":scope > .cw-replies");
    if (!list) {
      list = h("ul", { class: "cw-replies", role: "list", "aria-label": `Replies to ${parent.author.name || "a reader"}` });
      item.append(list);
    }
    list.append(this.item(reply, parent, depth + 1));
    this.startTicking();
  }

  /* ---- edit and withdraw, for one's own comments */

  openEdit(id) {
    const c = this.comments.get(id);
    const close = () => this.closeSlot(id, "edit");
    const { form, field } = this.composer({
      id: `cw-edit-${id}`,
      label: "Edit your comment",
      submitLabel: "Save changes",
      busyLabel: "Saving…",
      initial: c.body || "",
      submit: async (body) => (await this.api("PATCH", `/comments/${encodeURIComponent(id)}`, { body })).data,
      done: (saved) => {
        Object.assign(c, saved, { replies: c.replies });
        this.redraw(id);
        this.announce("Your changes are saved.");
        this.focusCard(id);
      },
      cancel: close,
    });
    const left = h("p", { class: "cw-small" }, "You can edit for a short time after posting.",
      h("span", { "data-deadline": String(this.deadline(c)) }, this.leftText(c)));
    this.openSlot(id, h("div", { class: "cw-inline" }, left, form), field, close);
    field.setSelectionRange(field.value.length, field.value.length);
  }

  openWithdraw(id) {
    const c = this.comments.get(id);
    const close = () => this.closeSlot(id, "withdraw");
    const error = h("p", { class: "cw-error", role: "alert", hidden: true });
    const confirm = button("Withdraw comment", null, "cw-btn cw-btn-danger");
    const box = h("div", { class: "cw-inline cw-confirm", role: "group", "aria-labelledby": `cw-wd-${id}` },
      h("p", { id: `cw-wd-${id}`, class: "cw-confirm-text" },
        "Withdraw this comment? Readers will see that you withdrew it. This cannot be undone."),
      h("div", { class: "cw-form-buttons" },
        button("Keep it", close), confirm),
      error);
    confirm.addEventListener("click", async () => {
      confirm.disabled = true;
      try {
        const { data } = await this.api("DELETE", `/comments/${encodeURIComponent(id)}`);
        Object.assign(c, data, { replies: c.replies });
        this.redraw(id);
        this.refreshCount();
        this.announce("Your comment is withdrawn.");
        this.focusCard(id);
      } catch (failure) {
        say(error, failure.message);
        confirm.disabled = false;
        confirm.focus();
      }
    });
    this.openSlot(id, box, confirm, close);
  }

  /* ---- appeal a moderator's decision on one's own comment */

  openAppeal(id) {
    const c = this.comments.get(id);
    const close = () => this.closeSlot(id, "appeal");
    const { form, field } = this.composer({
      id: `cw-appeal-${id}`,
      label: "Why should a moderator look at this decision again?",
      submitLabel: "Send appeal",
      busyLabel: "Sending…",
      limit: NOTE_MAX,
      submit: async (note) => (await this.api("POST", `/comments/${encodeURIComponent(id)}/appeal`, { note })).data,
      done: () => {
        Object.assign(c, { appeal: "pending", appealable: false });
        this.redraw(id);
        this.announce(APPEALS.pending);
        this.focusCard(id);
      },
      cancel: close,
    });
    const intro = h("p", { class: "cw-small" },
      "A different moderator will review it. You can appeal each decision once.");
    this.openSlot(id, h("div", { class: "cw-inline" }, intro, form), field, close);
  }

  /* ---- the reader's own data */

  async downloadMyData() {
    try {
      const { data } = await this.api("GET", "/me/export");
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
      const link = h("a", { href: url, download: "my-comments-data.json", hidden: true });
      this.root.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      this.announce("Your data is downloading.");
    } catch (failure) {
      this.announce(failure.message);
    }
  }

  /** Erasure asks first, saying what it does: it cannot be undone. */
  openErase() {
    const close = () => {
      this.eraseSlot.replaceChildren();
      this.eraseButton.setAttribute("aria-expanded", "false");
      this.eraseButton.focus();
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
        const { data } = await this.api("DELETE", "/me");
        this.notices = [];
        this.renderNotices(false);
        await this.loadPage(true);
        const held = data.comments_held
          ? ` A legal hold keeps the words of ${plural(data.comments_held, "comment", "comments")}, unseen, until it is released.`
          : "";
        const n = data.comments;
        const shown = n === 1 ? " Your comment now shows as removed at your request."
          : n ? ` Your ${plural(n, "comment", "comments")} now show as removed at your request.` : "";
        const message = `Your data is deleted.${shown}${held}`;
        const done = h("p", { class: "cw-inline cw-thanks", tabindex: "-1" }, message);
        this.eraseSlot.replaceChildren(done);
        this.eraseButton.setAttribute("aria-expanded", "false");
        done.focus();
        this.announce(message);
      } catch (failure) {
        say(error, failure.message);
        confirm.disabled = keep.disabled = false;
        confirm.focus();
      }
    });
    this.eraseSlot.replaceChildren(box);
    this.eraseButton.setAttribute("aria-expanded", "true");
    keep.focus();
  }

  /* ---- report this post */

  openReport(id) {
    const close = () => this.closeSlot(id, "report");
    const prefix = `cw-report-${id}`;
    const reasons = (this.config.reasons || Object.keys(REASONS)).map((code) =>
      h("label", { class: "cw-choice" },
        h("input", { type: "radio", name: `${prefix}-reason`, value: code }),
        h("span", null, REASONS[code] || code)));
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
      const chosen = form.querySelector("input[type=radio]:checked");
      if (!chosen) {
        say(error, "Choose a reason for your report.");
        form.querySelector("input[type=radio]").focus();
        return;
      }
      send.disabled = true;
      send.textContent = "Sending…";
      try {
        const { status } = await this.submit(`/comments/${encodeURIComponent(id)}/complaints`,
          { reason: chosen.value, note: note.value.trim() });
        this.reported.set(id, status);
        const message = status === 201
          ? "Thank you. Your report has been sent to our moderators, who will review this comment."
          : "You have already reported this comment. Our moderators will review it.";
        const thanks = h("p", { class: "cw-inline cw-thanks", tabindex: "-1" }, message);
        this.openSlot(id, thanks, null, () => { this.closeSlot(id); this.focusCard(id); });
        this.refreshActions(id);
        this.announce(message);
        thanks.focus();
      } catch (failure) {
        say(error, failure.message);
        send.disabled = false;
        send.textContent = "Send report";
        send.focus();
      }
    });
    this.openSlot(id, form, reasons[0].querySelector("input"), close);
  }

  /* ---- moderation updates for the signed-in reader */

  renderNotices(open) {
    const slot = this.noticesSlot;
    slot.replaceChildren();
    if (!this.notices.length) return;
    const unread = this.notices.filter((n) => !n.read).length;
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
    const items = this.notices.map((n) => h("li", { class: n.read ? "cw-update" : "cw-update cw-unread" },
      h("p", { class: "cw-update-text" }, n.read ? null : hiddenText("New: "), n.message),
      h("p", { class: "cw-update-meta" }, timeNode(n.created_at),
        n.comment_id && this.comments.has(n.comment_id) ? [" · ",
          button("Show the comment", () => this.focusCard(n.comment_id), "cw-link")]
          : n.article && n.article.id !== this.articleId && safeUrl(n.article.url) && [" · on ",
            h("a", { class: "cw-link", href: safeUrl(n.article.url), target: "_top" }, n.article.title)])));
    add(panel, h("ul", { class: "cw-updates-items", role: "list" }, items));
    if (unread) {
      add(panel, button("Mark all as read", () => this.markRead()));
    }
    add(slot, h("div", { class: "cw-updates" }, toggle, panel));
    return toggle;
  }

  async markRead() {
    try {
      await this.api("POST", "/me/notifications/read");
      for (const n of this.notices) n.read = true;
      const toggle = this.renderNotices(true);
      this.announce("All moderation updates are marked as read.");
      if (toggle) toggle.focus();
    } catch (failure) {
      this.announce(failure.message);
    }
  }

  announce(message) {
    this.live.textContent = "";
    setTimeout(() => { this.live.textContent = message; }, 50);
  }
}

/* mount */

function scriptsToMount() {
  const current = document.currentScript;
  if (current && current.dataset.articleId !== undefined) return [current];
  // else every widget tag not yet mounted
  return [...document.querySelectorAll("script[data-article-id][src]")]
    .filter((s) => /\/widget\.js(?:[?#]|$)/.test(s.src));
}

function mount(script) {
  if (script.cwMounted) return;
  script.cwMounted = true;
  let target = null;
  try {
    target = script.dataset.target && document.querySelector(script.dataset.target);
  } catch (_) {
    // not a selector: placed after the script instead
  }
  const host = h("div", { class: "comment-widget" });
  if (target) target.append(host);
  else if (script.parentNode && script.parentNode !== document.head) script.after(host);
  else document.body.append(host);
  new CommentWidget(script, host).start();
}

const pending = scriptsToMount();
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => pending.forEach(mount));
else pending.forEach(mount);
})();
