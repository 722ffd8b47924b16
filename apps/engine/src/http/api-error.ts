import type { FastifyReply } from 'fastify';

export const API_ERROR_CODES = [
  'UNAUTHORIZED',
  'BAD_REQUEST',
  'NOT_FOUND',
  'PAYLOAD_TOO_LARGE',
  'BAD_POSTBACK',
  'INTERNAL',
] as const;

/** Every error the API sends has this shape, refusals of control actions included. */
export interface ApiErrorBody {
  readonly error: { readonly code: string; readonly message: string } & Record<string, unknown>;
}

export function sendError(
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): FastifyReply {
  const body: ApiErrorBody = { error: { ...extra, code, message } };
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}
