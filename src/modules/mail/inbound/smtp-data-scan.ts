import { SMTPStream } from 'smtp-server/lib/smtp-stream.js';

/**
 * smtp-server reads the DATA of a message by testing every byte in JavaScript for a dot at
 * the start of a line: for a message with a 1 MB attachment that loop was the largest single
 * cost of taking it in. This is the same method (smtp-server 3.21, smtp-stream.js
 * `_feedDataStream`) with that loop replaced by the native search for "\n."; everything else
 * — the end of data, escape dots, a terminator split between chunks, the first line — is
 * kept line for line, and test/mail-inbound.test.ts holds it to the same results.
 * The method replaced is recognised first: after an upgrade that changed it, the library keeps its own.
 */

const END_SEQUENCE = Buffer.from('\r\n.\r\n');
const DOT_START = Buffer.from('.\r\n');
const LINE_DOT = Buffer.from('\n.');

interface DataStreamState {
  _dataStream: NodeJS.WritableStream & { writable: boolean; destroyed: boolean };
  _lastBytes: Buffer | false;
  _atDataStart: boolean;
  _countDataBytes(n: number): void;
  _endDataMode(chunk: Buffer | false, remainder: Buffer, done: () => void): void;
  _feedDataStream(chunk: Buffer, done: () => void): void;
}

function feedDataStream(this: DataStreamState, chunkIn: Buffer, done: () => void): void {
  const dataStream = this._dataStream;
  let chunk = chunkIn;
  if (this._lastBytes && this._lastBytes.length) {
    chunk = Buffer.concat([this._lastBytes, chunk], this._lastBytes.length + chunk.length);
    this._lastBytes = false;
  }
  let len = chunk.length;
  if (this._atDataStart && len >= 3 && Buffer.compare(chunk.subarray(0, 3), DOT_START) === 0) {
    this._endDataMode(false, chunk.subarray(3), done);
    return;
  }
  if (this._atDataStart && len >= 2 && chunk[0] === 0x2e && chunk[1] === 0x2e) {
    chunk = chunk.subarray(1);
    len--;
    this._atDataStart = false;
  }
  // The original tests i = 2 … len - 3 for chunk[i] === '.' after '\n': the same positions.
  for (let at = chunk.indexOf(LINE_DOT, 1); at >= 0 && at + 1 < len - 2; at = chunk.indexOf(LINE_DOT, at + 1)) {
    const i = at + 1;
    if (Buffer.compare(chunk.subarray(i - 2, i + 3), END_SEQUENCE) === 0) {
      const buf = chunk.subarray(0, i);
      this._countDataBytes(buf.length);
      this._endDataMode(buf, chunk.subarray(i + 3), done);
      return;
    }
    if (chunk[i + 1] === 0x2e) {
      const buf = chunk.subarray(0, i);
      this._lastBytes = false;
      this._countDataBytes(buf.length);
      if (dataStream.writable) dataStream.write(buf);
      const rest = chunk.subarray(i + 1);
      setImmediate(() => this._feedDataStream(rest, done));
      return;
    }
  }
  this._lastBytes = chunk.length < 4 ? chunk : chunk.subarray(chunk.length - 4);
  if (this._lastBytes.length < chunk.length) {
    const buf = chunk.subarray(0, chunk.length - this._lastBytes.length);
    this._countDataBytes(buf.length);
    if (dataStream.writable) {
      const handled = dataStream.write(buf);
      if (!handled && !dataStream.destroyed) {
        const onDrain = () => {
          dataStream.removeListener('drain', onDrain);
          dataStream.removeListener('close', onDrain);
          done();
        };
        dataStream.once('drain', onDrain);
        dataStream.once('close', onDrain);
      } else {
        done();
      }
    } else {
      done();
    }
  } else {
    done();
  }
}

let installed = false;

/** Puts the faster scan in place (once), after checking the method it replaces is the one it was written from. */
export function useFastDataScan(): void {
  if (installed) return;
  const proto = (SMTPStream as { prototype: DataStreamState }).prototype;
  const original = String(proto._feedDataStream);
  // Markers of the 3.21 method: if they are gone, the library changed and keeps its own.
  if (!original.includes('chunk[i] === 0x2e && chunk[i - 1] === 0x0a') || !original.includes('_atDataStart')) return;
  proto._feedDataStream = feedDataStream;
  installed = true;
}
