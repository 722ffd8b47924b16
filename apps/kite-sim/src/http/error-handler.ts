import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from '../kite/envelope';
import { KITE_MESSAGES, KiteError } from '../kite/kite-error';

/**
 * Every failure leaves in Kite's error envelope with the status Kite pairs with its type:
 * clients read error_type first, so a bare fastify error would be misclassified.
 */
export function handleError(
  error: FastifyError | KiteError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (error instanceof KiteError) {
    return reply.code(error.httpStatus).send(errorBody(error.errorType, error.message));
  }
  const status =
    'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
  if (status >= 400 && status < 500) {
    // Malformed bodies, unsupported content types, oversized payloads: the caller's input.
    return reply.code(400).send(errorBody('InputException', error.message));
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply.code(500).send(errorBody('GeneralException', 'Internal server error'));
}

export function handleNotFound(_request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.code(404).send(errorBody('GeneralException', KITE_MESSAGES.routeNotFound));
}
