// @ts-check
/* Building the widget's markup. What readers wrote enters as text nodes, never as HTML. */

/**
 * @typedef {import("./types").Child} Child
 * @typedef {import("./types").Children} Children
 */

/**
 * An element. String children become text nodes: reader-written text is never parsed as HTML.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, any> | null} [props]
 * @param {...Children} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "value" || key === "checked") /** @type {any} */ (node)[key] = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  return add(node, children);
}

/**
 * @template {Element} N
 * @param {N} node
 * @param {Children} children
 * @returns {N}
 */
export function add(node, children) {
  for (const child of /** @type {Child[]} */ (/** @type {any[]} */ ([children]).flat(Infinity))) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/**
 * A message in `node`, hidden while empty.
 * @param {HTMLElement} node
 * @param {string} text
 */
export const say = (node, text) => { node.textContent = text; node.hidden = !text; };

/**
 * The element under `parent` that `selector` finds; it must be there.
 * @param {ParentNode} parent
 * @param {string} selector
 * @returns {HTMLElement}
 */
export function one(parent, selector) {
  const found = parent.querySelector(selector);
  if (!found) throw new Error(`Nothing is at ${selector}.`);
  return /** @type {HTMLElement} */ (found);
}

/** Words for screen readers only. @param {string} text */
export const hiddenText = (text) => h("span", { class: "cw-vh" }, text);

/**
 * @param {Children} label
 * @param {((event: Event) => void) | null} onclick
 * @param {string} [cls]
 * @param {Record<string, any>} [more]
 */
export const button = (label, onclick, cls = "cw-btn cw-btn-quiet", more) =>
  h("button", { type: "button", class: cls, onclick, ...more }, label);
