import { VirtualClock } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import type { Tick } from '../broker';
import { encodeFrame, encodePacket, infyFields } from '../../test/ticker-frames';
import { decodeTicks } from './decode-ticks';
import {
  handleBinaryFrame,
  handleTextMessage,
  subscribeCommands,
  unsubscribeCommands,
} from './ticker-messages';

const clock = new VirtualClock(1_795_405_500_000);

function binaryRecorder() {
  const calls: { ticks: readonly Tick[]; unreadable: number }[] = [];
  let frames = 0;
  return {
    calls,
    frames: () => frames,
    handlers: {
      onFrame: () => {
        frames += 1;
      },
      onTicks: (ticks: readonly Tick[], unreadable: number) => {
        calls.push({ ticks, unreadable });
      },
    },
  };
}

function textRecorder() {
  const seen: string[] = [];
  return {
    seen,
    handlers: {
      onOrderUpdate: (payload: unknown) => seen.push(`order ${JSON.stringify(payload)}`),
      onError: (message: string) => seen.push(`error ${message}`),
    },
  };
}

describe('ticker commands', () => {
  it('subscribes and then sets the mode, as Kite needs for anything but quote', () => {
    expect(subscribeCommands([408065, 256265], 'full').map((c) => JSON.stringify(c))).toEqual([
      '{"a":"subscribe","v":[408065,256265]}',
      '{"a":"mode","v":["full",[408065,256265]]}',
    ]);
    expect(unsubscribeCommands([408065]).map((c) => JSON.stringify(c))).toEqual([
      '{"a":"unsubscribe","v":[408065]}',
    ]);
  });

  it('sends nothing for no tokens', () => {
    expect(subscribeCommands([], 'ltp')).toEqual([]);
    expect(unsubscribeCommands([])).toEqual([]);
  });
});

describe('handleBinaryFrame', () => {
  it('takes a 1-byte heartbeat as a frame and nothing else', () => {
    const recorder = binaryRecorder();
    handleBinaryFrame(Buffer.from([0]), clock, recorder.handlers);
    expect(recorder.frames()).toBe(1);
    expect(recorder.calls).toEqual([]);
  });

  it('decodes a frame read in place from inside a larger buffer', () => {
    const frame = encodeFrame([
      encodePacket({ layout: 'full', fields: infyFields() }),
      encodePacket({ layout: 'ltp', fields: infyFields({ token: 256265, lastPrice: 2_340_685 }) }),
    ]);
    const pool = Buffer.alloc(frame.length + 64, 0xff);
    frame.copy(pool, 40);
    const view = pool.subarray(40, 40 + frame.length);
    const recorder = binaryRecorder();
    handleBinaryFrame(view, clock, recorder.handlers);
    expect(recorder.frames()).toBe(1);
    expect(recorder.calls).toEqual([decodeTicks(frame, clock.now())]);
    expect(recorder.calls[0]?.ticks.map((t) => [t.token, t.mode, t.lastPrice])).toEqual([
      [408065, 'full', 157370],
      [256265, 'ltp', 2_340_685],
    ]);
  });

  it('hands over the ticks before a cut and counts the rest, without throwing', () => {
    const frame = encodeFrame([
      encodePacket({ layout: 'ltp', fields: infyFields() }),
      encodePacket({ layout: 'full', fields: infyFields() }),
    ]);
    const cut = frame.subarray(0, frame.length - 100);
    const recorder = binaryRecorder();
    handleBinaryFrame(cut, clock, recorder.handlers);
    expect(recorder.calls).toHaveLength(1);
    expect(recorder.calls[0]?.unreadable).toBe(1);
    expect(recorder.calls[0]?.ticks.map((t) => t.mode)).toEqual(['ltp']);
  });

  it('reports a frame of nothing but unreadable packets', () => {
    const frame = encodeFrame([Buffer.alloc(13)]);
    const recorder = binaryRecorder();
    handleBinaryFrame(frame, clock, recorder.handlers);
    expect(recorder.calls).toEqual([{ ticks: [], unreadable: 1 }]);
  });

  it('stays quiet for a frame that declares no packets', () => {
    const recorder = binaryRecorder();
    handleBinaryFrame(encodeFrame([]), clock, recorder.handlers);
    expect(recorder.frames()).toBe(1);
    expect(recorder.calls).toEqual([]);
  });
});

describe('handleTextMessage', () => {
  it('passes order updates and venue errors on, and ignores everything else', () => {
    const recorder = textRecorder();
    for (const text of [
      JSON.stringify({ type: 'order', id: '', data: { order_id: '42', status: 'OPEN' } }),
      JSON.stringify({ type: 'error', data: 'Maximum of 3000 instruments per connection' }),
      JSON.stringify({ type: 'error', data: { code: 1 } }),
      JSON.stringify({ type: 'message', data: 'market opens at 09:15' }),
      '[1,2]',
      'not json',
    ]) {
      handleTextMessage(text, recorder.handlers);
    }
    expect(recorder.seen).toEqual([
      'order {"order_id":"42","status":"OPEN"}',
      'error Maximum of 3000 instruments per connection',
      'error {"code":1}',
    ]);
  });
});
