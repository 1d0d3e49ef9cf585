import 'express-session';

declare module 'express-session' {
  interface SessionData {
    userId: string;
    /** When the user signed in (ms since the epoch): the session's absolute lifetime counts from here. */
    signedInAt: number;
    /** The browser's User-Agent and the client address at sign-in, for the list of the user's sessions. */
    userAgent?: string;
    address?: string;
    /** A one-time message (an i18n key) for the next page: "saved", "submitted", … */
    flash?: string;
    /** A one-time message for one field of the next page (see flashFieldError). */
    flashField?: { field: string; message: string };
  }
}
