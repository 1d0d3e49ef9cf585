// The EJS view engine: templates compiled once per process, and includes that share their caller's locals.
//
// EJS copies every local of the page (about fifty: `t`, `user`, the page model…) into a fresh object for each
// include, twice, and the answering page includes some seventy partials: those copies were a quarter of its
// rendering time. Here the page's locals are copied once, into an object without a prototype (so nothing
// added to Object.prototype can ever be read as a local: EJS's reason for copying), and a partial's locals
// are a new object whose prototype is its caller's locals, with the include's own data on top: a partial sees
// exactly what it saw before (its caller's locals and what it was given, `locals.x` included) without copying
// them. Each locals object carries an `include` of its own, which the compiled template's `with (locals)`
// finds before EJS's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ejs from 'ejs';

type Locals = Record<string, unknown>;
type Template = (locals: Locals) => string;

export function viewEngine(views: string) {
  const templates = new Map<string, Template>();

  /** A view by its file name, compiled on first use (views are part of the release). */
  function template(filename: string): Template {
    let fn = templates.get(filename);
    if (!fn) {
      // `unsafePrototypeLocals` (EJS 7; not yet in @types/ejs): use the locals object as given, prototype and all.
      const options = { filename, root: views, unsafePrototypeLocals: true } as ejs.Options;
      fn = ejs.compile(readFileSync(filename, 'utf8'), options) as Template;
      templates.set(filename, fn);
    }
    return fn;
  }

  /** `include('/partials/head', { title })`: a path from the views folder, `.ejs` implied. */
  function withInclude(locals: Locals): Locals {
    locals.include = (path: string, data?: Locals) => {
      const file = join(views, path.endsWith('.ejs') ? path : `${path}.ejs`);
      const inner = withInclude(Object.create(locals) as Locals);
      if (data) Object.assign(inner, data);
      return template(file)(inner);
    };
    return locals;
  }

  /** Express's engine signature: renders a page with its locals (Express's merged app, response and render locals). */
  return (file: string, locals: object, done: (err: unknown, html?: string) => void) => {
    let html: string;
    try {
      html = template(file)(withInclude(Object.assign(Object.create(null) as Locals, locals)));
    } catch (err) {
      done(err);
      return;
    }
    done(null, html);
  };
}
