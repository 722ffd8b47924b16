import { rupeesToPaise } from '@kavach/domain';
import { z } from 'zod';

/** Form fields arrive as strings; an empty one means "not sent". */
function blankAsMissing(value: unknown): unknown {
  return value === '' ? undefined : value;
}

export function optionalField<S extends z.ZodType>(schema: S) {
  return z.preprocess(blankAsMissing, schema.optional());
}

/** A rupee amount as Kite takes it ("1412.95"), converted to paise at the edge. */
export const rupeeAmount = z.coerce
  .number()
  .refine((value) => Number.isFinite(value) && value >= 0)
  .transform((value) => rupeesToPaise(value));

export const positiveInteger = z.coerce.number().int().positive();
export const nonNegativeInteger = z.coerce.number().int().min(0);

/** JSON true/false, or the strings a form sends. */
export const booleanish = z.union([
  z.boolean(),
  z.enum(['true', 'false']).transform((value) => value === 'true'),
]);
