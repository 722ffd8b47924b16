import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { findFreePort } from './free-port';

/**
 * What happens to the simulator's answer: `hold` keeps it until the client gives up, `reset`
 * drops the connection, `bad-gateway` replaces it with a gateway's HTML 502. In every case the
 * simulator did handle the request: the order exists though the client never heard so.
 */
export type AnswerLoss = 'hold' | 'reset' | 'bad-gateway';

export interface LossyProxy {
  readonly root: string;
  /** The next answer to a request with this method and path prefix is lost this way. */
  readonly loseNextAnswer: (method: string, pathPrefix: string, loss: AnswerLoss) => void;
  readonly close: () => Promise<void>;
}

interface Rule {
  readonly method: string;
  readonly pathPrefix: string;
  readonly loss: AnswerLoss;
}

function forward(
  target: URL,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  loss: AnswerLoss | null,
): void {
  const upstream = httpRequest(
    {
      host: target.hostname,
      port: target.port,
      method: incoming.method,
      path: incoming.url,
      headers: incoming.headers,
    },
    (answer) => {
      if (loss === null) {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
        return;
      }
      answer.resume();
      answer.on('end', () => {
        if (loss === 'reset') outgoing.socket?.destroy();
        if (loss === 'bad-gateway') {
          outgoing.writeHead(502, { 'content-type': 'text/html' }).end('<html>502</html>');
        }
        // hold: never answer; the client's timeout ends it.
      });
    },
  );
  upstream.on('error', () => outgoing.socket?.destroy());
  incoming.pipe(upstream);
}

/** An HTTP proxy in front of kite-sim's REST API that can lose answers after the fact. */
export async function startLossyProxy(targetRoot: string): Promise<LossyProxy> {
  const target = new URL(targetRoot);
  const rules: Rule[] = [];
  const server = createServer((incoming, outgoing) => {
    const index = rules.findIndex(
      (rule) => rule.method === incoming.method && (incoming.url ?? '').startsWith(rule.pathPrefix),
    );
    const rule = index === -1 ? null : rules.splice(index, 1)[0];
    forward(target, incoming, outgoing, rule?.loss ?? null);
  });
  const port = await findFreePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    root: `http://127.0.0.1:${port}`,
    loseNextAnswer: (method, pathPrefix, loss) => {
      rules.push({ method, pathPrefix, loss });
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
