import type { z } from 'zod';
import { assertStorableText, fromZod } from '@vehicle-tracker/service-kit';

/**
 * Parses request input at the edge; a failure is a 400 naming each bad parameter (`query.page`, `path.vin`).
 * Unknown query parameters are ignored (zod objects strip them), so clients may add cache busters. Text the
 * database cannot take (NUL, an unpaired surrogate) is a 400 too, not a failed query.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  where: 'query' | 'path' | 'header',
): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw fromZod(result.error, where);
  assertStorableText(result.data, where);
  return result.data;
}
