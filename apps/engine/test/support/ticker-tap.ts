import type { KiteSimProcess } from '@kavach/testkit';

/**
 * A second client on kite-sim's ticker, subscribed to the same instruments in the same mode
 * as the engine: kite-sim sends both the same frames, so what the tap counts is what the
 * engine was sent (unless the engine read too slowly and kite-sim skipped it).
 */
export interface TickerTap {
  /** Tick packets received so far. */
  readonly ticks: () => number;
  /** How many instruments ticked after the `since`-th packet (a ticks() reading). */
  readonly instrumentsTickedSince: (since: number) => number;
  readonly close: () => void;
}

export async function openTickerTap(
  sim: KiteSimProcess,
  tokens: readonly number[],
): Promise<TickerTap> {
  const accessToken = await sim.mintAccessToken();
  const url = `${sim.tickerRoot}?api_key=${sim.apiKey}&access_token=${accessToken}`;
  const socket = new WebSocket(url);
  socket.binaryType = 'arraybuffer';
  let ticks = 0;
  /** Token → the packet count when it last ticked. */
  const lastTicked = new Map<number, number>();
  socket.addEventListener('message', (event: MessageEvent) => {
    // Text frames are order updates and errors; a 1-byte binary frame is a heartbeat.
    if (!(event.data instanceof ArrayBuffer) || event.data.byteLength < 2) return;
    const frame = new DataView(event.data);
    const packets = frame.getUint16(0);
    let offset = 2;
    for (let n = 0; n < packets; n += 1) {
      const length = frame.getUint16(offset);
      ticks += 1;
      lastTicked.set(frame.getUint32(offset + 2), ticks);
      offset += 2 + length;
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => {
      resolve();
    });
    socket.addEventListener('error', () => {
      reject(new Error(`the ticker tap could not connect to ${sim.tickerRoot}`));
    });
  });
  socket.send(JSON.stringify({ a: 'subscribe', v: tokens }));
  socket.send(JSON.stringify({ a: 'mode', v: ['full', tokens] }));
  return {
    ticks: () => ticks,
    instrumentsTickedSince: (since) => [...lastTicked.values()].filter((at) => at > since).length,
    close: () => {
      socket.close();
    },
  };
}
