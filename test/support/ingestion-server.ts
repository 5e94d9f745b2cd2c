/**
 * A loopback stand-in for Application Insights ingestion: accepts what the
 * Azure Monitor exporter POSTs to `{IngestionEndpoint}/v2.1/track` and keeps
 * every envelope for the test to read.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface Envelope {
  readonly name: string;
  readonly iKey?: string;
  readonly data: { readonly baseType: string; readonly baseData: Record<string, unknown> };
}

export interface IngestionServer {
  readonly url: string;
  /** The server's self-signed certificate, for the client to trust (the exporter speaks HTTPS only). */
  readonly ca: string;
  /** A connection string that sends everything here. */
  readonly connectionString: string;
  envelopes(): Envelope[];
  /** The raw bodies received, as text. */
  raw(): string;
  stop(): Promise<void>;
}

export async function startIngestionServer(): Promise<IngestionServer> {
  const envelopes: Envelope[] = [];
  const bodies: string[] = [];
  const { key, cert } = selfSignedCertificate();
  const server = createServer({ key, cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      const text = body.toString('utf8');
      if (req.method === 'POST' && req.url?.endsWith('/v2.1/track')) {
        bodies.push(text);
        const received = (
          text.trim().startsWith('[')
            ? JSON.parse(text)
            : text
                .split('\n')
                .filter(Boolean)
                .map((l) => JSON.parse(l))
        ) as Envelope[];
        envelopes.push(...received);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ itemsReceived: received.length, itemsAccepted: received.length, errors: [] }));
        return;
      }
      res.writeHead(404);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    ca: cert,
    connectionString: `InstrumentationKey=00000000-0000-4000-8000-000000000000;IngestionEndpoint=${url}/;LiveEndpoint=${url}/`,
    envelopes: () => [...envelopes],
    raw: () => bodies.join('\n'),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A key and a certificate for 127.0.0.1, valid for a day, made by the openssl command. */
function selfSignedCertificate(): { key: string; cert: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcn-ingestion-'));
  try {
    const [keyFile, certFile] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        keyFile,
        '-out',
        certFile,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    return { key: fs.readFileSync(keyFile, 'utf8'), cert: fs.readFileSync(certFile, 'utf8') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
