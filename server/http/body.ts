// Body parsers that refuse text that is not valid UTF-8 with 400, instead of storing raw percent
// escapes (urlencoded) or replacement characters (JSON). Browsers never send such bodies; a client
// that does gets told, and nothing half-decoded reaches a service.
import { isUtf8 } from 'node:buffer';
import express, { type RequestHandler } from 'express';
import { Invalid } from '../errors.js';

const invalid = () => new Invalid('errors.invalidEncoding');

/** Every name and value of a form body must percent-decode to valid UTF-8. */
function verifyForm(_req: unknown, _res: unknown, buf: Buffer): void {
  if (!isUtf8(buf)) throw invalid();
  for (const part of buf.toString('utf8').split('&')) {
    try {
      decodeURIComponent(part.replace(/\+/g, ' '));
    } catch {
      throw invalid();
    }
  }
}

function verifyJson(_req: unknown, _res: unknown, buf: Buffer): void {
  if (!isUtf8(buf)) throw invalid();
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * JSON's \\ud800-style escapes can still spell a lone surrogate, which is not text either. Thrown as
 * a syntax error: body-parser strips the properties of whatever the reviver throws and answers 400.
 */
function refuseLoneSurrogates(_key: string, value: unknown): unknown {
  if (typeof value === 'string' && LONE_SURROGATE.test(value)) throw new SyntaxError('lone surrogate in a JSON string');
  return value;
}

export function bodyParsers(): RequestHandler[] {
  return [
    express.urlencoded({ extended: true, limit: '1mb', parameterLimit: 5000, verify: verifyForm }),
    express.json({ limit: '1mb', verify: verifyJson, reviver: refuseLoneSurrogates }),
  ];
}
