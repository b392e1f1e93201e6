// The service's answers as the widget reads them (see the API's OpenAPI document), and what the
// widget keeps on its own elements.

/** What may go inside an element: nodes, and text that enters as text; nesting is flattened. */
export type Child = Node | string | number | null | undefined | false;
export type Children = Child | Children[];

export type Status = "published" | "awaiting_review" | "deleted" | "withdrawn" | "erased";

export interface Author {
  name: string | null;
}

export interface Comment {
  id: string;
  parent_id: string | null;
  author: Author;
  body: string | null;
  placeholder?: string | null;
  status: Status;
  created_at: string;
  edited_at?: string | null;
  mine?: boolean;
  editable?: boolean;
  amended?: boolean;
  appealable?: boolean;
  appeal?: string | null;
  reported?: boolean;
  moderation_reason?: string | null;
  replies: Comment[];
}

export interface Config {
  subscribe_url: string;
  edit_window_seconds: number;
  live_update_seconds: number;
  timezone?: string;
  max_body_chars: number;
  /** Reason codes a reader may report, in the order offered. */
  reasons: string[];
  /** What a reader reads for each reason code. */
  reason_labels: Record<string, string>;
  commenting_paused?: boolean;
  pause_message?: string | null;
}

export interface Article {
  id: string;
  comments_open: boolean;
  sensitive?: boolean;
  comment_count?: number;
}

export interface Me {
  name: string | null;
  may_comment: boolean;
  banned?: boolean;
  suspended_until?: string | null;
}

export interface Notice {
  id: number;
  message: string;
  read: boolean;
  created_at: string;
  comment_id: string | null;
  article: { id: string; title: string; url: string } | null;
}

export interface Answer {
  status: number;
  data?: any;
  tag?: string | null;
}

declare global {
  interface HTMLElement {
    /** On a comment's card: the comment, its parent and how deep it sits. */
    cwComment?: Comment;
    cwParent?: Comment | null;
    cwDepth?: number;
    /** On what a slot holds: closes it (Escape does too). */
    cwClose?: () => void;
  }
  interface HTMLScriptElement {
    cwMounted?: boolean;
  }
}
