import type { RequestHandler } from 'express';
import { badRequest } from './http-error';

// NUL, or a UTF-16 surrogate without its other half: what a JSON "\u0000" or "\ud800" escape (or %00 in a URL)
// puts into a string. PostgreSQL refuses both in text and jsonb, so such input must be a 400, not a failed INSERT
// (for a group commit, a failed batch of innocent heartbeats).
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

interface Step {
  parent: Step | undefined;
  key: string | number;
}

const pathOf = (step: Step | undefined, root: string): string => {
  const keys: (string | number)[] = [];
  for (let s = step; s; s = s.parent) keys.push(s.key);
  return keys
    .reverse()
    .reduce<string>((p, k) => (typeof k === 'number' ? `${p}[${k}]` : p ? `${p}.${k}` : k), root);
};

/**
 * The path (`name`, `items[2].vin`) of the first string or object key in `value` that PostgreSQL cannot store,
 * else undefined. Iterative, with the path built only for a hit: a body nested 100 000 levels deep costs neither
 * the stack nor quadratic memory.
 */
export function unstorableText(value: unknown, root = ''): string | undefined {
  const stack: [unknown, Step | undefined][] = [[value, undefined]];
  while (stack.length) {
    const [v, step] = stack.pop()!;
    if (typeof v === 'string') {
      if (UNSTORABLE.test(v)) return pathOf(step, root) || '(value)';
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push([item, { parent: step, key: i }]));
    } else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        if (UNSTORABLE.test(k)) return pathOf({ parent: step, key: k }, root);
        stack.push([item, { parent: step, key: k }]);
      }
    }
  }
  return undefined;
}

/** Throws 400 naming the first unstorable string of request input (`where`: body, query, path, header). */
export function assertStorableText(value: unknown, where: string): void {
  const at = unstorableText(value, where);
  if (at !== undefined) throw badRequest(`${at}: text with NUL or an unpaired surrogate cannot be stored`);
}

/** After express.json(): refuses a body with text PostgreSQL cannot store (400, before anything is written). */
export const storableBody: RequestHandler = (req, _res, next) => {
  assertStorableText(req.body, 'body');
  next();
};
