// @ts-check
/* One widget under one script tag: the thread, the composer or why there is none, each comment's
 * actions, live updates. Forms that stand on their own live in their own modules. */
import { Client, NOTE_MAX } from "./api.js";
import { composer } from "./composer.js";
import { add, button, h, hiddenText, one, say } from "./dom.js";
import { hue, initial, longTime, newKey, numbers, plural, safeUrl, setZone, timeNode, when } from "./format.js";
import { renderNotices } from "./notices.js";
import { downloadMyData, openErase } from "./own-data.js";
import { openReport } from "./report.js";
import { APPEALS, OUTCOMES } from "./wording.js";

/**
 * @typedef {import("./types").Article} Article
 * @typedef {import("./types").Comment} Comment
 * @typedef {import("./types").Config} Config
 * @typedef {import("./types").Me} Me
 * @typedef {import("./types").Notice} Notice
 */

const PAGE_SIZE = 20;
const TICK_MS = 5000;

export class CommentWidget {
  /**
   * @param {HTMLScriptElement} script the widget's tag, with its settings
   * @param {HTMLElement} host where it renders
   */
  constructor(script, host) {
    const src = new URL(script.src, document.baseURI);
    this.client = new Client(src.origin, (script.dataset.token || "").trim());
    this.articleId = script.dataset.articleId || "";
    this.subscribeOverride = script.dataset.subscribeUrl || "";
    /** @type {Config} the service's settings for widgets; the reasons and their labels come with them */
    this.config = { edit_window_seconds: 900, live_update_seconds: 20, max_body_chars: 5000, reasons: [],
      reason_labels: {}, subscribe_url: "" };
    /** @type {Me | null} */
    this.me = null;
    /** @type {Article | null} */
    this.article = null;
    this.order = "newest";
    /** @type {string | null} */
    this.cursor = null;
    /** @type {Set<string>} top-level comments this reader posted since the list was loaded */
    this.postedHere = new Set();
    /** @type {Map<string, Comment>} */
    this.comments = new Map();
    /** @type {Map<string, number>} what the service answered to this reader's report, by comment */
    this.reported = new Map();
    /** @type {Record<string, string | null | undefined>} ETags by path */
    this.tags = {};
    /** @type {Notice[]} */
    this.notices = [];
    /** @type {ReturnType<typeof setInterval> | null} */
    this.ticker = null;
    /** @type {ReturnType<typeof setInterval> | null} */
    this.liveTimer = null;
    this.polling = false;
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
    this.eraseButton = button("Delete my data", () => openErase(this), "cw-link",
      { "aria-expanded": "false", "aria-controls": "cw-erase" });
    this.eraseSlot = h("div", { id: "cw-erase", class: "cw-slot" });
    this.mine = h("footer", { class: "cw-foot", hidden: true },
      h("div", { class: "cw-foot-links" },
        button("Download my data", () => downloadMyData(this), "cw-link"), this.eraseButton),
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
    root.addEventListener("keydown", (event) => this.onKey(/** @type {KeyboardEvent} */ (event)));
  }

  /** @param {string} method @param {string} path @param {unknown} [body] @param {Record<string, string> | null | undefined | false | ""} [headers] */
  api(method, path, body, headers) {
    return this.client.api(method, path, body, headers);
  }

  /** A post or report, sent again with the same key when its answer is lost. @param {string} path @param {unknown} body */
  submit(path, body) {
    return this.client.submit(path, body, newKey(), (message) => this.paused(message));
  }

  /** @param {string} [rest] */
  articlePath(rest) {
    return `/articles/${encodeURIComponent(this.articleId)}${rest || ""}`;
  }

  /* ---- start */

  async start() {
    this.showState("Loading comments…");
    this.shell.setAttribute("aria-busy", "true");
    try {
      const [, article, me] = await Promise.all([
        this.loadConfig().catch(() => null),
        this.api("GET", this.articlePath()).then((r) => r.data),
        this.loadMe(),
      ]);
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
      renderNotices(this, false);
      this.startLive();
    } catch (error) {
      if (error.status === 404) this.showState("Comments are not available for this article.");
      else this.showState(error.message, () => this.start());
    } finally {
      this.shell.removeAttribute("aria-busy");
    }
  }

  /** The service's settings for widgets: reasons and their labels, the time zone, limits. */
  async loadConfig() {
    const { data } = await this.api("GET", "/config");
    Object.assign(this.config, data);
    setZone(this.config.timezone);
    return this.config;
  }

  async loadMe() {
    if (!this.client.token) return null;
    try {
      return (await this.api("GET", "/me")).data;
    } catch (error) {
      if (error.status !== 401) throw error;
      // An expired or bad token: read on as a signed-out reader.
      this.client.token = "";
      this.expired = true;
      return null;
    }
  }

  /**
   * @param {string} message
   * @param {() => void} [retry]
   */
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
        `You can comment again from ${longTime(when(me.suspended_until))}.`);
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
    this.gate.replaceChildren(.../** @type {HTMLElement[]} */ ([sensitive, shown].filter(Boolean)));
  }

  /**
   * Told by the service that commenting is paused (after the widget loaded): the message replaces the composer.
   * @param {string} message
   */
  paused(message) {
    Object.assign(this.config, { commenting_paused: true, pause_message: message });
    this.renderGate();
  }

  /**
   * @param {string} title
   * @param {string} text
   * @param {...import("./types").Children} more
   */
  notice(title, text, ...more) {
    return h("div", { class: "cw-notice" }, h("h3", { class: "cw-notice-title" }, title), h("p", null, text), more);
  }

  mainComposer() {
    const made = composer(this, {
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
      h("p", { class: "cw-as" }, "Commenting as ", h("strong", null, (this.me && this.me.name) || "you")),
      made.form);
  }

  /** A labelled textarea with a counter and the service's errors; `submit` resolves with the saved
   comment, `done` takes it from there.
   * @param {string} body
   * @param {string} [parentId]
   * @returns {Promise<Comment>}
   */
  async post(body, parentId) {
    const { data } = await this.submit(this.articlePath("/comments"), { body, parent_id: parentId });
    // The new comment's time is the service's "now": the edit window is counted on its clock.
    const t = when(data.created_at);
    if (!Number.isNaN(t)) this.skew = t - Date.now();
    return data;
  }

  /* ---- the list */

  /**
   * @param {string} order "newest" or "oldest"
   */
  async setOrder(order) {
    if (order === this.order) return;
    this.order = order;
    for (const button of this.orderButtons) {
      button.setAttribute("aria-pressed", String(button.textContent.toLowerCase() === order));
    }
    await this.loadPage(true);
    this.announce(order === "newest" ? "Showing the newest comments first." : "Showing the oldest comments first.");
  }

  /**
   * @param {boolean} reset start again from the first page
   * @returns {Promise<Comment[]>} the threads added
   */
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

  /**
   * The answer at `path`, or null if unchanged.
   * @param {string} path
   */
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
      const page = await this.changed(this.articlePath(`/comments?${new URLSearchParams({ limit: String(limit), order: this.order })}`));
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
        const again = renderNotices(this, Boolean(toggle && toggle.getAttribute("aria-expanded") === "true"));
        if (again && toggle && toggle === this.root.activeElement) again.focus();
        const fresh = this.notices.find((n) => !old.has(n.id));
        if (fresh) this.announce(fresh.message);
      }
    } catch (_) {
      // offline: the next poll tries again
    } finally {
      this.polling = false;
    }
  }

  /**
   * Syncs `parent`'s replies, or the threads (all if `whole`), with `fresh`.
   * @param {Comment[]} fresh
   * @param {Comment | null} parent
   * @param {boolean} whole
   * @returns {number} how many comments are new
   */
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

  /**
   * @param {Comment} comment
   */
  remember(comment) {
    comment.replies = comment.replies || [];
    if (comment.reported) this.reported.set(comment.id, 200);
    this.comments.set(comment.id, comment);
    for (const reply of comment.replies) this.remember(reply);
  }

  /**
   * @param {Comment} comment
   */
  addRoot(comment) {
    this.postedHere.add(comment.id);
    this.insertRoot(comment);
  }

  /**
   * @param {Comment} comment
   */
  insertRoot(comment) {
    this.remember(comment);
    const item = this.item(comment, null, 0);
    if (this.order === "newest") this.list.prepend(item);
    else this.list.append(item);
    this.renderEmpty();
    this.startTicking();
  }

  /* ---- one comment */

  /**
   * @param {Comment} comment
   * @param {Comment | null | undefined} parent
   * @param {number} depth
   */
  item(comment, parent, depth) {
    const li = h("li", { class: "cw-item", id: `cw-item-${comment.id}`, "data-depth": String(depth) });
    li.append(this.card(comment, parent, depth));
    if (comment.replies.length) li.append(this.replyList(comment, depth));
    return li;
  }

  /**
   * @param {Comment} comment
   * @param {number} depth
   */
  replyList(comment, depth) {
    const list = h("ul", { class: "cw-replies", role: "list", "aria-label": `Replies to ${comment.author.name || "a reader"}` });
    for (const reply of comment.replies) list.append(this.item(reply, comment, depth + 1));
    return list;
  }

  /**
   * @param {Comment} c
   * @param {Comment | null | undefined} parent
   * @param {number} depth
   */
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

  /**
   * @param {Comment} c
   */
  flags(c) {
    const reason = c.mine && c.moderation_reason && this.config.reason_labels[c.moderation_reason];
    const why = reason ? ` · Reason: ${reason}` : "";
    const who = c.mine ? "only you can see this" : "hidden from readers";
    /** @param {string} kind @param {string} text */
    const flag = (kind, text) => h("p", { class: `cw-flag cw-flag-${kind}` }, text);
    return [
      c.status === "awaiting_review" && flag("review", `Awaiting review — ${who}`),
      c.status === "deleted" && flag("removed", `Removed by a moderator${why} — ${who}`),
      c.status === "withdrawn" && c.body && flag("removed", "Withdrawn by its author — hidden from readers"),
      c.amended && c.status !== "deleted" && flag("amended", `Amended by a moderator${why}`),
      c.mine && c.appeal && APPEALS[c.appeal] && flag("appeal", APPEALS[c.appeal]),
    ];
  }

  /**
   * @param {Comment} c
   */
  actions(c) {
    const buttons = [];
    /** @param {string} name @param {import("./types").Children} label @param {() => void} onclick */
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
        : act("report", ["Report this post", hiddenText(` by ${name}`)], () => openReport(this, c.id)));
    }
    return buttons;
  }

  /**
   * The comment's card redrawn in place; its replies and open form are kept.
   * @param {string} id
   */
  redraw(id) {
    const old = this.cardOf(id);
    if (!old) return null;
    const fresh = this.card(this.known(id), old.cwParent, old.cwDepth || 0);
    const hadFocus = old.contains(this.root.activeElement);
    const slot = /** @type {HTMLElement} */ (old.querySelector(".cw-slot"));
    /** @type {HTMLElement} */ (fresh.querySelector(".cw-slot")).replaceWith(slot); // a form being filled in stays
    old.replaceWith(fresh);
    if (hadFocus && !slot.contains(this.root.activeElement)) fresh.focus();
    return fresh;
  }

  /**
   * @param {string} id
   */
  refreshActions(id) {
    const card = this.cardOf(id);
    if (!card || !card.cwComment) return;
    const holder = one(card, ".cw-actions");
    const hadFocus = holder.contains(this.root.activeElement);
    holder.replaceChildren(...this.actions(card.cwComment));
    if (hadFocus) card.focus();
  }

  /**
   * A comment the widget shows.
   * @param {string} id
   * @returns {Comment}
   */
  known(id) {
    const comment = this.comments.get(id);
    if (!comment) throw new Error(`No comment ${id} is shown.`);
    return comment;
  }

  /** @param {string} id */
  cardOf(id) {
    return this.root.getElementById(`cw-card-${id}`);
  }

  /**
   * @param {string} id
   */
  focusCard(id) {
    const card = this.cardOf(id);
    if (!card) return;
    card.focus({ preventScroll: true });
    const still = matchMedia("(prefers-reduced-motion: reduce)").matches;
    card.scrollIntoView({ block: "nearest", behavior: still ? "auto" : "smooth" });
  }

  /**
   * @param {string} id
   * @param {string} act
   */
  focusAction(id, act) {
    const card = this.cardOf(id);
    const button = card && /** @type {HTMLElement | null} */ (card.querySelector(`.cw-actions [data-act="${act}"]`));
    if (button) button.focus();
    else if (card) card.focus();
  }

  /**
   * Puts a form in the comment's slot (one at a time); Escape inside it calls `close`.
   * @param {string} id
   * @param {HTMLElement} node
   * @param {HTMLElement | null} focusTarget
   * @param {() => void} close
   */
  openSlot(id, node, focusTarget, close) {
    const card = this.cardOf(id);
    if (!card) return null;
    const slot = one(card, ".cw-slot");
    node.cwClose = close;
    slot.replaceChildren(node);
    if (focusTarget) focusTarget.focus();
    return slot;
  }

  /**
   * @param {string} id
   * @param {string} [act] the action whose button takes the focus back
   */
  closeSlot(id, act) {
    const card = this.cardOf(id);
    if (!card) return;
    one(card, ".cw-slot").replaceChildren();
    if (act) this.focusAction(id, act);
  }

  /**
   * @param {KeyboardEvent} event
   */
  onKey(event) {
    if (event.key !== "Escape") return;
    const target = /** @type {Element} */ (event.target);
    const open = target.closest && /** @type {HTMLElement | null} */ (target.closest(".cw-slot > *"));
    if (open && open.cwClose) {
      event.preventDefault();
      open.cwClose();
    }
  }

  /* ---- edit window */

  /**
   * @param {Comment} c
   */
  deadline(c) {
    return when(c.created_at) + (this.config.edit_window_seconds || 0) * 1000;
  }

  /**
   * @param {Comment} c
   */
  remaining(c) {
    return this.deadline(c) - (Date.now() + this.skew);
  }

  /**
   * @param {Comment} c
   */
  editable(c) {
    return Boolean(c.editable) && this.remaining(c) > 0;
  }

  /**
   * @param {Comment} c
   */
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
      const card = /** @type {HTMLElement | null} */ (label.closest(".cw-card"));
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
      if (this.ticker) clearInterval(this.ticker);
      this.ticker = null;
    }
  }

  /* ---- reply */

  /**
   * @param {string} id
   */
  openReply(id) {
    const parent = this.known(id);
    const name = parent.author.name || "a reader";
    const close = () => this.closeSlot(id, "reply");
    const { form, field } = composer(this, {
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

  /**
   * @param {Comment} parent
   * @param {Comment} reply
   */
  addReply(parent, reply) {
    this.remember(reply);
    parent.replies.push(reply);
    const item = /** @type {HTMLElement} */ (this.root.getElementById(`cw-item-${parent.id}`));
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

  /**
   * @param {string} id
   */
  openEdit(id) {
    const c = this.known(id);
    const close = () => this.closeSlot(id, "edit");
    const { form, field } = composer(this, {
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

  /**
   * @param {string} id
   */
  openWithdraw(id) {
    const c = this.known(id);
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

  /**
   * @param {string} id
   */
  openAppeal(id) {
    const c = this.known(id);
    const close = () => this.closeSlot(id, "appeal");
    const { form, field } = composer(this, {
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

  /* ---- for screen readers */

  /** @param {string} message */
  announce(message) {
    this.live.textContent = "";
    setTimeout(() => { this.live.textContent = message; }, 50);
  }
}
