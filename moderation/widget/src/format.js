// @ts-check
/* Numbers, times and small values as readers read them. */
import { h } from "./dom.js";

export const numbers = new Intl.NumberFormat("en-GB");
const relative = new Intl.RelativeTimeFormat("en-GB", { numeric: "auto" });

/** @type {Intl.DateTimeFormat} */
let longDate;
/** @type {Intl.DateTimeFormat} */
let shortDate;

/**
 * Dates are read on the newsroom's clock (its time zone comes with the widget's settings); an
 * unknown zone leaves the reader's own.
 * @param {string} [timeZone]
 */
export function setZone(timeZone) {
  try {
    longDate = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeStyle: "short", timeZone });
    shortDate = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone });
  } catch (_) {
    if (timeZone) setZone();
  }
}
setZone();

/** "3 December 2026 at 12:00" on the newsroom's clock. @param {number} t milliseconds */
export const longTime = (t) => longDate.format(t);

/**
 * "1 comment", "2 comments".
 * @param {number} n
 * @param {string} one
 * @param {string} many
 */
export const plural = (n, one, many) => `${numbers.format(n)} ${n === 1 ? one : many}`;

// The service trims the text and counts code points, so the counter does too.
/** @param {string} text */
const normalise = (text) => text.replace(/\r\n?/g, "\n").trim();
/** @param {string} text */
export const length = (text) => [...normalise(text)].length;

/**
 * The moment an ISO time names, in milliseconds (NaN when there is none).
 * @param {string | null | undefined} iso
 */
export function when(iso) {
  // Browsers differ on more than three decimal places.
  return iso ? Date.parse(String(iso).replace(/(\.\d{3})\d+/, "$1")) : NaN;
}

/** "just now", "5 minutes ago", "yesterday", "3 Dec 2026". @param {string} iso */
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

/** A <time> saying how long ago, with the full date in its title. @param {string} iso */
export function timeNode(iso) {
  const t = when(iso);
  return h("time", { datetime: iso, title: Number.isNaN(t) ? null : longTime(t) }, ago(iso));
}

/**
 * `raw` as an absolute web link, or "" when it is not one.
 * @param {string | null | undefined} raw
 * @param {string} [base]
 */
export function safeUrl(raw, base) {
  if (!raw) return "";
  try {
    const url = new URL(raw, base);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : "";
  } catch (_) {
    return "";
  }
}

/** @param {string | null | undefined} name */
export function initial(name) {
  const first = [...String(name || "?").trim()][0] || "?";
  return first.toUpperCase();
}

/** The avatar's colour, the same for the same name. @param {string | null | undefined} name */
export function hue(name) {
  let sum = 0;
  for (const ch of String(name || "")) sum = (sum * 31 + (ch.codePointAt(0) || 0)) % 360;
  return sum;
}

/** An Idempotency-Key per submission (resent with it). */
export function newKey() {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}
