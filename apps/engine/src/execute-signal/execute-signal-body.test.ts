import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { executeSignalBody, executeSignalResponse } from './execute-signal-body';

describe('execute-signal schemas', () => {
  it('describe themselves as JSON Schema for the OpenAPI document', () => {
    const body = z.toJSONSchema(executeSignalBody, { io: 'input', unrepresentable: 'any' });
    expect(body).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['signal', 'strike', 'option_type', 'quantity', 'entry_price', 'hedge_enabled'],
    });
    const answer = z.toJSONSchema(executeSignalResponse, { io: 'output', unrepresentable: 'any' });
    expect(answer).toMatchObject({ type: 'object', additionalProperties: false });
  });

  it('accepts a well-formed signal as it is', () => {
    const body = {
      signal: 'SELL',
      strike: 24000,
      option_type: 'PE',
      quantity: 1,
      entry_price: 85.05,
      hedge_enabled: false,
    };
    expect(executeSignalBody.parse(body)).toEqual(body);
  });
});
