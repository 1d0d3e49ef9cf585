import 'express-session';

declare module 'express-session' {
  interface SessionData {
    userId: string;
    /** When the user signed in (ms since the epoch): the session's absolute lifetime counts from here. */
    signedInAt: number;
    /** A one-time message (an i18n key) for the next page: "saved", "submitted", … */
    flash?: string;
  }
}
