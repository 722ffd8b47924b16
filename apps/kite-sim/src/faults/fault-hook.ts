import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from '../kite/envelope';
import { KITE_MESSAGES } from '../kite/kite-error';
import { pathOf } from '../http/path-of';
import type { FaultRegistry, HttpFault } from './fault-registry';

/** The control API itself is never faulted: a test must always be able to disarm. */
const EXEMPT_PREFIX = '/_sim';

const GATEWAY_PAGE = (status: number): string =>
  `<html><head><title>${status}</title></head><body><h1>${status}</h1><p>kite-sim injected fault</p></body></html>`;

function errorTypeFor(status: number) {
  if (status === 500) return 'GeneralException' as const;
  if (status === 504) return 'DataException' as const;
  return 'NetworkException' as const;
}

function sendStatus(
  reply: FastifyReply,
  fault: Extract<HttpFault, { kind: 'status' }>,
): FastifyReply {
  if (fault.body === 'html') {
    // What a gateway in front of Kite answers: no JSON, so the client falls back to statusText.
    return reply.code(fault.status).type('text/html').send(GATEWAY_PAGE(fault.status));
  }
  const message =
    fault.status === 429 ? KITE_MESSAGES.tooManyRequests : `Injected fault ${fault.status}`;
  return reply.code(fault.status).send(errorBody(errorTypeFor(fault.status), message));
}

export interface FaultHook {
  readonly onRequest: (
    request: FastifyRequest,
    reply: FastifyReply,
  ) => Promise<FastifyReply | undefined>;
  /** Releases requests held by delay or timeout faults, for a prompt server stop. */
  readonly releaseAll: () => void;
}

export function createFaultHook(faults: FaultRegistry): FaultHook {
  const held = new Map<NodeJS.Timeout, () => void>();

  const hold = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        held.delete(timer);
        resolve();
      }, ms);
      held.set(timer, resolve);
    });

  return {
    onRequest: async (request, reply) => {
      const path = pathOf(request);
      if (path.startsWith(EXEMPT_PREFIX)) return undefined;
      const fault = faults.takeHttpFault(request.method, path);
      if (fault === null) return undefined;
      request.log.info({ fault, path }, 'injecting fault');
      switch (fault.kind) {
        case 'status':
          // Returning the reply ends the hook chain: the route never runs.
          return sendStatus(reply, fault);
        case 'delay':
          await hold(fault.ms);
          return undefined;
        case 'timeout':
          reply.hijack();
          await hold(fault.ms);
          request.raw.socket.destroy();
          return reply;
      }
    },
    releaseAll: () => {
      for (const [timer, resolve] of held) {
        clearTimeout(timer);
        resolve();
      }
      held.clear();
    },
  };
}
