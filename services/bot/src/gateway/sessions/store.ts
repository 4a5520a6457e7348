import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { HeldGuild, ShardState } from './state.ts';

/** Where a shard's state is kept between processes. */
export interface ShardStore {
  /** The state a previous process left, or null when there is none (or it cannot be read). */
  load(): Promise<ShardState | null>;
  /** Persists the state; the guild facts are rewritten only when `guildsChanged`. */
  save(state: ShardState, guildsChanged: boolean): Promise<void>;
}

/** No persistence: a process starts with nothing and keeps its sessions in memory (GATEWAY_SESSION_DIR unset). */
export const memoryOnly: ShardStore = { load: () => Promise.resolve(null), save: () => Promise.resolve() };

/** The small file: everything but the guild facts, and the name of the guild file that goes with it. */
interface StateFile extends Omit<ShardState, 'guilds'> {
  version: 1;
  guildsFile: string;
}

/**
 * A shard's state as two files in a directory (the bot pod's volume): `shard-N.json`, small and rewritten as the
 * sequence moves, and `shard-N.guilds.G.json`, the guild facts, written under a new generation G only when they
 * change. The small file is the commit point: it names its guild file, so a crash between the two writes leaves
 * the previous pair whole. Each file is written to a temporary name, flushed to disk and renamed over the old one.
 */
export class FileShardStore implements ShardStore {
  private guildsFile: string | undefined;
  private generation = 0;

  constructor(
    private readonly dir: string,
    private readonly shardId: number,
  ) {}

  private get stateFile(): string {
    return `shard-${this.shardId}.json`;
  }

  async load(): Promise<ShardState | null> {
    let text: string;
    try {
      text = await readFile(join(this.dir, this.stateFile), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const { version, guildsFile, ...state } = JSON.parse(text) as StateFile;
    if (version !== 1) return null;
    const guilds = JSON.parse(await readFile(join(this.dir, guildsFile), 'utf8')) as Record<string, HeldGuild>;
    this.guildsFile = guildsFile;
    this.generation = Number(/\.guilds\.(\d+)\.json$/.exec(guildsFile)?.[1] ?? 0);
    return { ...state, guilds };
  }

  async save(state: ShardState, guildsChanged: boolean): Promise<void> {
    // Serialized before the first await: the state keeps changing while the files are written.
    const { guilds, ...rest } = state;
    let guildsFile = this.guildsFile;
    let guildsText: string | undefined;
    if (guildsChanged || !guildsFile) {
      guildsFile = `shard-${this.shardId}.guilds.${++this.generation}.json`;
      guildsText = JSON.stringify(guilds);
    }
    const stateText = JSON.stringify({ version: 1, ...rest, guildsFile } satisfies StateFile);
    await mkdir(this.dir, { recursive: true });
    if (guildsText !== undefined) await this.writeAtomically(guildsFile, guildsText);
    await this.writeAtomically(this.stateFile, stateText);
    this.guildsFile = guildsFile;
    await this.removeOldGuildFiles();
  }

  private async writeAtomically(name: string, text: string): Promise<void> {
    const target = join(this.dir, name);
    const temporary = `${target}.${process.pid}.tmp`;
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  }

  private async removeOldGuildFiles(): Promise<void> {
    const prefix = `shard-${this.shardId}.guilds.`;
    for (const name of await readdir(this.dir)) {
      if (name.startsWith(prefix) && name !== this.guildsFile) await rm(join(this.dir, name), { force: true });
    }
  }
}
