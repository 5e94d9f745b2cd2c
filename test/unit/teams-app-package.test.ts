import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import sharp from 'sharp';
import { tableCommands } from '../../bot/features/table';
import { commandLists } from '../../bot/manifest-commands';
import { buildPackage, fillManifest, repoRoot, type TeamsPackage, validateManifest } from '../../deploy/tools/teams-package';
import { PEOPLE, startHarness } from '../support/bot-harness';

const BOT_ID = '2f1e6a4c-8d3b-4c1e-9a7f-0b5d3c2e1f00';
const OPTIONS = { botId: BOT_ID, version: '1.4.2', domain: 'pcn-bot-riverside.azurewebsites.net' };
const root = repoRoot();

/** Every pixel of a PNG as RGBA. */
async function pixels(png: Uint8Array) {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

describe('the Teams app package (npm run package)', () => {
  let built: TeamsPackage;
  let files: Record<string, Uint8Array>;

  beforeAll(async () => {
    built = await buildPackage(OPTIONS);
    files = unzipSync(built.zip);
  });

  it('when the package is built, then its zip holds the manifest and both icons at the top, and nothing else', () => {
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
  });

  it('when the zipped manifest is checked against its schema offline, then there is no error', async () => {
    const manifest = JSON.parse(Buffer.from(files['manifest.json']).toString('utf8'));

    expect(manifest.manifestVersion).toBe('1.30');
    expect(await validateManifest(manifest)).toEqual([]);
  });

  it('when the manifest is filled in, then it names the bot, the version, the domain and all three scopes', () => {
    const manifest = JSON.parse(Buffer.from(files['manifest.json']).toString('utf8'));

    expect(manifest).toMatchObject({ id: BOT_ID, version: '1.4.2', validDomains: ['pcn-bot-riverside.azurewebsites.net'] });
    expect(manifest.bots[0]).toMatchObject({ botId: BOT_ID, scopes: ['team', 'personal', 'groupChat'] });
    expect(JSON.stringify(manifest)).not.toMatch(/\$\{\{/);
  });

  it('when the command menu is compared with the feature table, then it is the same', () => {
    expect(built.manifest.bots).toEqual([expect.objectContaining({ commandLists: commandLists(tableCommands()) })]);
  });

  it('when the colour icon is read, then it is a 192x192 PNG', async () => {
    const meta = await sharp(files['color.png']).metadata();

    expect(meta).toMatchObject({ format: 'png', width: 192, height: 192 });
  });

  it('when the outline icon is read, then it is 32x32, white wherever it is not transparent, with a clear background', async () => {
    const { data, width, height } = await pixels(files['outline.png']);
    let drawn = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] === 0) continue;
      drawn++;
      expect([data[i], data[i + 1], data[i + 2]]).toEqual([255, 255, 255]);
    }

    expect({ width, height }).toEqual({ width: 32, height: 32 });
    expect(data[3]).toBe(0); // the top-left corner: background
    expect(drawn).toBeGreaterThan(100); // the glyph is there
    expect(drawn).toBeLessThan(32 * 32 * 0.8);
  });

  it('when the manifest breaks its schema, then the build fails and names the error', async () => {
    const template = path.join(root, 'deploy', 'appPackage', 'manifest.json');
    const broken = { ...fillManifest(fs.readFileSync(template, 'utf8'), OPTIONS), accentColor: 'NHS blue' };

    expect((await validateManifest(broken)).join('\n')).toMatch(/accentColor/);
  });

  it('when an option is wrong, then the build stops with a line naming it', async () => {
    await expect(buildPackage({ ...OPTIONS, botId: 'not-a-guid' })).rejects.toThrow(/bot id must be/);
    await expect(buildPackage({ ...OPTIONS, version: '1.4' })).rejects.toThrow(/version must be/);
    await expect(buildPackage({ ...OPTIONS, domain: 'https://pcn-bot.azurewebsites.net/' })).rejects.toThrow(/domain must be/);
  });

  it('when the command menu is shown, then every command in it is one the bot answers', async () => {
    const h = await startHarness();
    try {
      const lists = built.manifest.bots as { commandLists: { commands: { title: string }[] }[] }[];
      for (const { title } of lists[0].commandLists.flatMap((l) => l.commands)) {
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
