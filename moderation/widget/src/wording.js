// @ts-check
/* What the widget tells an author about their own comment. The reasons for reports and decisions,
 * and their labels, are the service's: they come with its settings (GET /api/v1/config). */

/** How an author's appeal stands, as they read it on their comment. @type {Record<string, string>} */
export const APPEALS = {
  pending: "Appeal sent — a different moderator will review the decision.",
  upheld: "Appeal reviewed — the decision stands.",
  overturned: "Appeal reviewed — the decision was reversed.",
};

/** Told to an author when moderation changes their comment. @type {Record<string, string>} */
export const OUTCOMES = {
  awaiting_review: "Your comment is now hidden from other readers until a moderator has reviewed it.",
  deleted: "A moderator removed your comment.",
  published: "Your comment is visible to readers again.",
};
