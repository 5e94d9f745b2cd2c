import fs from 'node:fs';
import path from 'node:path';
import { tableCommands } from '../../bot/features/table';
import { commandLists } from '../../bot/manifest-commands';
import { PEOPLE, startHarness } from '../support/bot-harness';

const dir = path.join(__dirname, '../../deploy/teams-app');
const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));

/** Width and height from a PNG's IHDR chunk, and whether it has an alpha channel. */
function pngInfo(file: string) {
  const b = fs.readFileSync(path.join(dir, file));
  expect(b.subarray(1, 4).toString()).toBe('PNG');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20), alpha: b[25] === 6 };
}

describe('the Teams app package', () => {
  it('when Teams reads the icons, then the colour one is 192x192 and the outline 32x32 with transparency', () => {
    expect(pngInfo(manifest.icons.color)).toMatchObject({ width: 192, height: 192 });
    expect(pngInfo(manifest.icons.outline)).toEqual({ width: 32, height: 32, alpha: true });
  });

  it('when the command menu is compared with the feature table, then it is the same (npm run manifest writes it)', () => {
    const commands = tableCommands();

    expect(manifest.bots[0].commandLists).toEqual(commandLists(commands));
  });

  it('when the command menu is shown, then every command in it is one the bot answers', async () => {
    const h = await startHarness();
    try {
      const commands: { title: string }[] = manifest.bots[0].commandLists.flatMap((l: { commands: unknown[] }) => l.commands);
      for (const { title } of commands) {
        h.connector.reset();
        await h.say(PEOPLE.member, title, 'personal');
        const reply = await h.connector.waitFor(() => true);
        expect(String(reply.activity.text ?? '')).not.toMatch(/didn't understand/);
      }
    } finally {
      await h.close();
    }
  });
});
