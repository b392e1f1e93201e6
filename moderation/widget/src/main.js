// @ts-check
/* The comment widget (one script tag on the article page: see the README). It renders in a shadow
 * root, talks only to the origin it was loaded from, and what readers wrote enters as text nodes.
 * esbuild bundles this module and those it imports into the one script the service sends. */
import { h } from "./dom.js";
import { CommentWidget } from "./widget.js";

/** The widget's script tags to mount: this one, or (loaded another way) every one not yet mounted. */
function scriptsToMount() {
  const current = /** @type {HTMLScriptElement | null} */ (document.currentScript);
  if (current && current.dataset.articleId !== undefined) return [current];
  // else every widget tag not yet mounted
  return [.../** @type {NodeListOf<HTMLScriptElement>} */ (document.querySelectorAll("script[data-article-id][src]"))]
    .filter((s) => /\/widget\.js(?:[?#]|$)/.test(s.src));
}

/** @param {HTMLScriptElement} script */
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
