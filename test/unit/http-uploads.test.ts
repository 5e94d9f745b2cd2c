import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import type { ActivityHandler } from 'botbuilder';
import type { BotAdapter } from '../../bot/adapter';
import type { InboundGate } from '../../bot/inbound-gate';
import { createServer } from '../../bot/server';
import { createLogger } from '../../services/logger';
import type { Store } from '../../services/store';

describe('the HTTP edge and uploads', () => {
  it('when someone posts a multipart upload to /api/messages, then it is refused and nothing lands in the temp folder', async () => {
    const before = new Set(fs.readdirSync(os.tmpdir()));
    let handled = false;
    const adapter = { runAuthenticated: async () => void (handled = true) } as unknown as BotAdapter;
    const gate = { admit: async () => void (handled = true) } as unknown as InboundGate;
    const store = { kind: 'sqlite', documents: { ping: async () => true } } as unknown as Store;
    const { server } = createServer({
      adapter,
      gate,
      bot: {} as ActivityHandler,
      store,
      logger: createLogger('silent'),
      maxBodyBytes: 262_144,
      version: 'test',
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const form = new FormData();
      form.append('file', new Blob([Buffer.alloc(2_000_000, 65)]), 'big.txt');

      const response = await fetch(`http://127.0.0.1:${port}/api/messages`, { method: 'POST', body: form });

      expect(response.status).toBe(400);
      expect(handled).toBe(false);
      expect(fs.readdirSync(os.tmpdir()).filter((f) => !before.has(f) && f.startsWith('upload_'))).toEqual([]);
    } finally {
      server.close();
    }
  });
});
