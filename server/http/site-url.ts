// Absolute addresses of this site's pages, for links handed to someone outside the app (invitations,
// password resets): as the browser reached the site, behind the trusted proxy (TRUST_PROXY).
import type { Request } from 'express';

export const siteUrl = (req: Request, path: string): string => `${req.protocol}://${req.get('host')}${path}`;
