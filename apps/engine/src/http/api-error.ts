import type { FastifyReply } from 'fastify';

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
