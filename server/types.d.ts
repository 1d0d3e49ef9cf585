import 'express-session';

declare module 'express-session' {
  interface SessionData {
    userId: string;
    /** When the user signed in (ms since the epoch): the session's absolute lifetime counts from here. */
    signedInAt: number;
  }
}
