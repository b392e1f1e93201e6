// @ts-check
/* Talking to the service the script was loaded from: JSON with the reader's token as a bearer
 * header, never cookies; errors as the service words them. */

/** @typedef {import("./types").Answer} Answer */

export const PAUSED = "commenting_paused"; // the newsroom has paused commenting everywhere: not worth sending again
export const NOTE_MAX = 1000; // the longest note with a report or an appeal
const RESENDS = 2; // times a post or report whose answer was lost is sent again, with the same key

export class ApiError extends Error {
  /**
   * @param {number} status 0 when the service could not be reached
   * @param {string} code
   * @param {string} message
   */
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export class Client {
  /**
   * @param {string} base the service's origin
   * @param {string} token the reader's token ("" for a signed-out reader)
   */
  constructor(base, token) {
    this.base = base;
    this.token = token;
  }

  /**
   * @param {string} method
   * @param {string} path under /api/v1
   * @param {unknown} [body]
   * @param {Record<string, string> | null | undefined | false | ""} [extraHeaders]
   * @returns {Promise<Answer>}
   */
  async api(method, path, body, extraHeaders) {
    /** @type {Record<string, string>} */
    const headers = { Accept: "application/json", ...(extraHeaders || {}) };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    /** @type {RequestInit} */
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
    let data;
    try {
      data = await response.json();
    } catch (_) {
      data = null; // not JSON: a proxy's page, say
    }
    if (!response.ok) {
      const error = (data && data.error) || {};
      throw new ApiError(response.status, error.code || `http_${response.status}`,
        error.message || `Something went wrong (error ${response.status}). Please try again.`);
    }
    return { status: response.status, data, tag: response.headers.get("ETag") };
  }

  /**
   * Posts and reports carry an Idempotency-Key: when the answer is lost, the same request is sent
   * again with the same key, and the service answers it once (never two copies).
   * @param {string} path
   * @param {unknown} body
   * @param {string} key
   * @param {(message: string) => void} onPaused told when the service says commenting is paused
   * @returns {Promise<Answer>}
   */
  async submit(path, body, key, onPaused) {
    const headers = { "Idempotency-Key": key };
    for (let resent = 0; ; resent++) {
      try {
        return await this.api("POST", path, body, headers);
      } catch (failure) {
        if (failure.code === PAUSED) onPaused(failure.message);
        if (resent === RESENDS || failure.code === PAUSED || !(failure.status === 0 || failure.status >= 502)) throw failure;
        await new Promise((resolve) => setTimeout(resolve, 1000 * (resent + 1)));
      }
    }
  }
}
